// git config and attributes for the textconv driver; see include/lockkit/diff/install.hpp.

#include "lockkit/diff/install.hpp"

#include "lockkit/merge/subprocess.hpp"
#include "lockkit/util/atomic_file.hpp"

#include <cstdlib>
#include <sstream>
#include <vector>

namespace lockkit::diff {

namespace {

std::string shell_quote(const std::string& s) {
    if (s.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-+") == std::string::npos) return s;
    std::string out = "'";
    for (char c : s) {
        if (c == '\'') out += "'\\''";
        else out += c;
    }
    return out + "'";
}

std::string trimmed(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ' || s.back() == '\t')) s.pop_back();
    return s;
}

std::expected<std::string, std::string> git(const InstallOptions& o, std::vector<std::string> args) {
    std::vector<std::string> argv = {"git", "-C", o.work_dir.string()};
    argv.insert(argv.end(), args.begin(), args.end());
    auto r = merge::run_process(argv);
    if (!r) return std::unexpected(r.error());
    if (r->exit_code != 0) return std::unexpected("git " + args.front() + " failed (exit " + std::to_string(r->exit_code) + ")");
    return trimmed(r->out);
}

std::expected<std::filesystem::path, std::string> attributes_file(const InstallOptions& o) {
    if (!o.global) {
        auto top = git(o, {"rev-parse", "--show-toplevel"});
        if (!top) return std::unexpected("not inside a git work tree: " + top.error());
        return std::filesystem::path(*top) / ".gitattributes";
    }
    if (auto configured = git(o, {"config", "--global", "--get", "core.attributesFile"}); configured && !configured->empty()) {
        std::string p = *configured;
        if (p.rfind("~/", 0) == 0 && std::getenv("HOME") != nullptr) p = std::string(std::getenv("HOME")) + p.substr(1);
        return std::filesystem::path(p);
    }
    if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg != nullptr && *xdg != '\0') {
        return std::filesystem::path(xdg) / "git" / "attributes";
    }
    if (const char* home = std::getenv("HOME"); home != nullptr) return std::filesystem::path(home) / ".config" / "git" / "attributes";
    return std::unexpected(std::string("cannot locate the global attributes file (no HOME)"));
}

/// A line `uv.lock ... diff=uvlock ...` (any other attributes beside it) already routes the lock.
bool has_diff_attribute(const std::string& content) {
    std::istringstream lines(content);
    std::string line;
    while (std::getline(lines, line)) {
        std::istringstream words(line);
        std::string pattern;
        if (!(words >> pattern) || (pattern != "uv.lock" && pattern != "/uv.lock" && pattern != "**/uv.lock")) continue;
        std::string attr;
        while (words >> attr) {
            if (attr == "diff=uvlock") return true;
        }
    }
    return false;
}

} // namespace

std::expected<std::string, std::string> install_textconv(const InstallOptions& o) {
    const std::string scope = o.global ? "--global" : "--local";
    const std::string textconv = shell_quote(o.executable.string()) + " --textconv";
    if (auto r = git(o, {"config", scope, "diff.uvlock.textconv", textconv}); !r) return std::unexpected(r.error());
    if (auto r = git(o, {"config", scope, "diff.uvlock.cachetextconv", "true"}); !r) return std::unexpected(r.error());
    auto attrs = attributes_file(o);
    if (!attrs) return std::unexpected(attrs.error());
    std::string content;
    if (std::filesystem::exists(*attrs)) {
        auto text = read_file(*attrs);
        if (!text) return std::unexpected(text.error());
        content = *text;
    }
    std::string report = "diff.uvlock.textconv = " + textconv + ", diff.uvlock.cachetextconv = true (" + scope.substr(2) + " config)\n";
    if (!has_diff_attribute(content)) {
        if (!content.empty() && content.back() != '\n') content += '\n';
        content += k_diff_attribute_line;
        content += '\n';
        std::error_code ec;
        std::filesystem::create_directories(attrs->parent_path(), ec);
        if (auto w = write_file_atomically(*attrs, content); !w) return std::unexpected(w.error());
        report += "added `" + std::string(k_diff_attribute_line) + "` to " + attrs->string() + "\n";
    } else {
        report += attrs->string() + " already has `" + std::string(k_diff_attribute_line) + "`\n";
    }
    return report;
}

} // namespace lockkit::diff
