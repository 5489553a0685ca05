// git config and attributes for the driver; see include/lockkit/merge/install.hpp.

#include "lockkit/merge/install.hpp"

#include "lockkit/merge/subprocess.hpp"
#include "lockkit/util/atomic_file.hpp"

#include <cstdlib>
#include <sstream>

namespace lockkit::merge {

namespace {

std::string shell_quote(const std::string& s) {
    if (s.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-+") == std::string::npos) return s;
    std::string out = "'";
    for (char c : s) {
        if (c == '\'') {
            out += "'\\''";
        } else {
            out += c;
        }
    }
    return out + "'";
}

std::string trimmed(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
    return s;
}

std::expected<std::string, std::string> git(const InstallOptions& o, std::vector<std::string> args) {
    std::vector<std::string> argv = {"git", "-C", o.work_dir.string()};
    argv.insert(argv.end(), args.begin(), args.end());
    auto r = run_process(argv);
    if (!r) return std::unexpected(r.error());
    if (r->exit_code != 0) return std::unexpected("git " + args.front() + " failed (exit " + std::to_string(r->exit_code) + ")");
    return trimmed(r->out);
}

std::expected<std::filesystem::path, std::string> attributes_file(const InstallOptions& o) {
    if (!o.global && o.local_attributes) {
        auto path = git(o, {"rev-parse", "--path-format=absolute", "--git-path", "info/attributes"});
        if (!path) return std::unexpected("not inside a git repository: " + path.error());
        return std::filesystem::path(*path);
    }
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

} // namespace

std::expected<std::string, std::string> install_driver(const InstallOptions& o) {
    const std::string scope = o.global ? "--global" : "--local";
    const std::string driver = shell_quote(o.executable.string()) + " %O %A %B %P -L %L";
    if (auto r = git(o, {"config", scope, "merge.uvlock.name", "uv.lock semantic merge (lockkit lock-merge)"}); !r) {
        return std::unexpected(r.error());
    }
    if (auto r = git(o, {"config", scope, "merge.uvlock.driver", driver}); !r) return std::unexpected(r.error());
    auto attrs = attributes_file(o);
    if (!attrs) return std::unexpected(attrs.error());
    std::string content;
    if (std::filesystem::exists(*attrs)) {
        auto text = read_file(*attrs);
        if (!text) return std::unexpected(text.error());
        content = *text;
    }
    std::istringstream lines(content);
    std::string line;
    bool present = false;
    while (std::getline(lines, line)) {
        if (trimmed(line) == k_attribute_line) present = true;
    }
    std::string report = "merge.uvlock.driver = " + driver + " (" + scope.substr(2) + " config)\n";
    if (!present) {
        if (!content.empty() && content.back() != '\n') content += '\n';
        content += k_attribute_line;
        content += '\n';
        std::error_code ec;
        std::filesystem::create_directories(attrs->parent_path(), ec);
        if (auto w = write_file_atomically(*attrs, content); !w) return std::unexpected(w.error());
        report += "added `" + std::string(k_attribute_line) + "` to " + attrs->string() + "\n";
    } else {
        report += attrs->string() + " already has `" + std::string(k_attribute_line) + "`\n";
    }
    return report;
}

} // namespace lockkit::merge
