// `lock-merge doctor`; see include/lockkit/merge/install.hpp.

#include "lockkit/merge/install.hpp"

#include "lockkit/git/setup.hpp"
#include "lockkit/util/program_path.hpp"
#include "lockkit/util/subprocess.hpp"

#include <algorithm>
#include <optional>
#include <sstream>
#include <unistd.h>

namespace lockkit::merge {

namespace {

/// POSIX-shell-like word splitting (quotes and backslashes; no expansions).
std::vector<std::string> shell_words(const std::string& s) {
    std::vector<std::string> out;
    std::string word;
    bool in_word = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (c == '\'') {
            in_word = true;
            const auto end = s.find('\'', i + 1);
            word += s.substr(i + 1, (end == std::string::npos ? s.size() : end) - i - 1);
            i = end == std::string::npos ? s.size() : end;
        } else if (c == '"') {
            in_word = true;
            for (++i; i < s.size() && s[i] != '"'; ++i) {
                if (s[i] == '\\' && i + 1 < s.size()) ++i;
                word += s[i];
            }
        } else if (c == '\\' && i + 1 < s.size()) {
            in_word = true;
            word += s[++i];
        } else if (c == ' ' || c == '\t') {
            if (in_word) out.push_back(std::move(word));
            word.clear();
            in_word = false;
        } else {
            in_word = true;
            word += c;
        }
    }
    if (in_word) out.push_back(std::move(word));
    return out;
}

std::optional<std::string> git_out(const InstallOptions& o, std::vector<std::string> args, int* code = nullptr) {
    std::vector<std::string> argv = {"git", "-C", o.work_dir.string()};
    argv.insert(argv.end(), args.begin(), args.end());
    auto r = run_process(argv);
    if (code != nullptr) *code = r ? r->exit_code : -1;
    if (!r || r->exit_code != 0) return std::nullopt;
    return git::without_line_ends(std::move(r->out));
}

} // namespace

std::string DoctorReport::render() const {
    std::string out;
    for (const auto& c : checks) {
        out += c.ok ? "ok    " : (c.warning_only ? "warn  " : "FAIL  ");
        out += c.what;
        if (!c.detail.empty()) out += ": " + c.detail;
        out += "\n";
        if (!c.ok && !c.fix.empty()) out += "      fix: " + c.fix + "\n";
    }
    out += ok() ? "lock-merge doctor: the merge driver is set up.\n" : "lock-merge doctor: the merge driver is NOT set up correctly.\n";
    return out;
}

DoctorReport doctor(const InstallOptions& o) {
    DoctorReport report;
    auto add = [&](bool ok, std::string what, std::string detail, std::string fix, bool warning_only = false) {
        report.checks.push_back({ok, warning_only, std::move(what), std::move(detail), std::move(fix)});
    };
    const auto top = git_out(o, {"rev-parse", "--show-toplevel"});
    if (!top) {
        add(false, "inside a git work tree", "git rev-parse --show-toplevel failed", "run doctor inside the repository");
        return report;
    }
    add(true, "inside a git work tree", *top, "");

    const auto driver = git_out(o, {"config", "--get", "merge.uvlock.driver"});
    if (!driver || driver->empty()) {
        add(false, "merge.uvlock.driver is set", "not set in any git config",
            "run `lock-merge install` (this repository) or `lock-merge install --global`");
    } else {
        const auto origin = git_out(o, {"config", "--show-origin", "--get", "merge.uvlock.driver"});
        add(true, "merge.uvlock.driver is set", *driver + (origin ? " (" + origin->substr(0, origin->find('\t')) + ")" : ""), "");
        const auto words = shell_words(*driver);
        const std::string program = words.empty() ? std::string{} : words.front();
        const std::filesystem::path program_path(program);
        if (!program_path.is_absolute()) {
            add(false, "the driver program is an absolute path", "`" + program + "` is looked up in PATH",
                "GUI clients and IDEs often run git without your shell's PATH; run `lock-merge install` to write the absolute path");
        } else {
            add(true, "the driver program is an absolute path", program, "");
            std::error_code ec;
            if (!std::filesystem::is_regular_file(program_path, ec)) {
                add(false, "the driver program exists", program + " does not exist",
                    "re-run `lock-merge install` from the lock-merge you want git to use");
            } else if (::access(program.c_str(), X_OK) != 0) {
                add(false, "the driver program is executable", program + " is not executable", "chmod +x " + program);
            } else {
                add(true, "the driver program exists and is executable", program, "");
                if (auto cache = enclosing_cache_directory(program_path)) {
                    add(false, "the driver program is installed for good",
                        "it lives in the cache directory " + cache->string() + ", which can be emptied at any time",
                        "`uvx` runs programs from uv's cache: install lockkit (`uv tool install lockkit`) and run "
                        "`lock-merge install` with that lock-merge",
                        true);
                }
                if (program_path.filename().string().find("lock-merge") == std::string::npos) {
                    add(false, "the driver program is lock-merge", program + " has another name", "check that it is lock-merge",
                        true);
                }
            }
        }
        // Arguments: %O %A %B first, then %P; -L %L (or %L) for git's marker size.
        std::vector<std::string> args(words.begin() + (words.empty() ? 0 : 1), words.end());
        const bool order = args.size() >= 3 && args[0] == "%O" && args[1] == "%A" && args[2] == "%B";
        if (!order) {
            add(false, "the driver arguments start with %O %A %B", "found `" +
                    [&] {
                        std::string s;
                        for (const auto& a : args) s += (s.empty() ? "" : " ") + a;
                        return s;
                    }() + "`",
                "run `lock-merge install`, which writes `<path> %O %A %B %P -L %L`");
        } else {
            add(true, "the driver arguments start with %O %A %B", "", "");
            const bool has_p = args.size() >= 4 && args[3] == "%P";
            add(has_p, "%P follows %O %A %B", has_p ? "" : "missing: messages cannot name the file and the merged pyproject.toml is not consulted",
                "run `lock-merge install`", true);
            const bool has_l = std::find(args.begin(), args.end(), "%L") != args.end();
            add(has_l, "%L passes git's conflict marker size", has_l ? "" : "missing: markers always have 7 characters",
                "run `lock-merge install`", true);
        }
    }
    const auto name = git_out(o, {"config", "--get", "merge.uvlock.name"});
    add(name.has_value(), "merge.uvlock.name is set", name.value_or("not set (only cosmetic)"), "run `lock-merge install`", true);

    // Every tracked uv.lock (or the one at the top when none is tracked yet) must have merge=uvlock.
    std::vector<std::string> locks;
    if (auto files = git_out(o, {"-C", *top, "ls-files", "--", "uv.lock", "*/uv.lock"})) {
        std::istringstream lines(*files);
        for (std::string line; std::getline(lines, line);) {
            if (!line.empty()) locks.push_back(line);
        }
    }
    if (locks.empty()) locks.push_back("uv.lock");
    for (const auto& lock : locks) {
        const auto attr = git_out(o, {"-C", *top, "check-attr", "merge", "--", lock});
        std::string value = "unspecified";
        if (attr) {
            const auto at = attr->rfind(": ");
            if (at != std::string::npos) value = attr->substr(at + 2);
        }
        if (value == "uvlock") {
            add(true, lock + " has merge=uvlock", "git check-attr merge " + lock, "");
        } else if (value == "unspecified") {
            add(false, lock + " has merge=uvlock", "no merge attribute: git merges it as text",
                "run `lock-merge install` (adds `uv.lock merge=uvlock` to .gitattributes) or `lock-merge install --local` "
                "(.git/info/attributes, not versioned)");
        } else {
            add(false, lock + " has merge=uvlock", "merge=" + value + " (set by another attributes line)",
                "change the line in .gitattributes, .git/info/attributes or core.attributesFile to `uv.lock merge=uvlock`");
        }
    }
    return report;
}

} // namespace lockkit::merge
