// git set-up helpers; see include/lockkit/git/setup.hpp.

#include "lockkit/git/setup.hpp"

#include "lockkit/util/atomic_file.hpp"
#include "lockkit/util/subprocess.hpp"

#include <cstdlib>

namespace lockkit::git {

std::string shell_quote(std::string_view s) {
    if (s.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-+") ==
        std::string_view::npos) {
        return std::string(s);
    }
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

std::string without_line_ends(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) {
        s.pop_back();
    }
    return s;
}

std::expected<std::string, std::string> run_git(const std::filesystem::path& work_dir,
                                                const std::vector<std::string>& args) {
    std::vector<std::string> argv = {"git", "-C", work_dir.string()};
    argv.insert(argv.end(), args.begin(), args.end());
    auto r = run_process(argv);
    if (!r) {
        return std::unexpected(r.error());
    }
    if (r->exit_code != 0) {
        return std::unexpected("git " + args.front() + " failed (exit " + std::to_string(r->exit_code) + ")");
    }
    return without_line_ends(std::move(r->out));
}

std::expected<std::filesystem::path, std::string> attributes_file(const std::filesystem::path& work_dir,
                                                                  AttributesScope scope) {
    switch (scope) {
    case AttributesScope::Local: {
        auto path = run_git(work_dir, {"rev-parse", "--path-format=absolute", "--git-path", "info/attributes"});
        if (!path) {
            return std::unexpected("not inside a git repository: " + path.error());
        }
        return std::filesystem::path(*path);
    }
    case AttributesScope::Repository: {
        auto top = run_git(work_dir, {"rev-parse", "--show-toplevel"});
        if (!top) {
            return std::unexpected("not inside a git work tree: " + top.error());
        }
        return std::filesystem::path(*top) / ".gitattributes";
    }
    case AttributesScope::Global:
        break;
    }
    const char* home = std::getenv("HOME");
    if (auto configured = run_git(work_dir, {"config", "--global", "--get", "core.attributesFile"});
        configured && !configured->empty()) {
        std::string p = *configured;
        if (p.rfind("~/", 0) == 0 && home != nullptr) {
            p = std::string(home) + p.substr(1);
        }
        return std::filesystem::path(p);
    }
    if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg != nullptr && *xdg != '\0') {
        return std::filesystem::path(xdg) / "git" / "attributes";
    }
    if (home != nullptr) {
        return std::filesystem::path(home) / ".config" / "git" / "attributes";
    }
    return std::unexpected(std::string("cannot locate the global attributes file (no HOME)"));
}

std::expected<std::string, std::string> ensure_attribute_line(const std::filesystem::path& work_dir,
                                                              AttributesScope scope, std::string_view line,
                                                              const std::function<bool(const std::string&)>& present) {
    auto attrs = attributes_file(work_dir, scope);
    if (!attrs) {
        return std::unexpected(attrs.error());
    }
    std::string content;
    if (std::filesystem::exists(*attrs)) {
        auto text = read_file(*attrs);
        if (!text) {
            return std::unexpected(text.error());
        }
        content = std::move(*text);
    }
    if (present(content)) {
        return attrs->string() + " already has `" + std::string(line) + "`\n";
    }
    if (!content.empty() && content.back() != '\n') {
        content += '\n';
    }
    content += line;
    content += '\n';
    std::error_code ec;
    std::filesystem::create_directories(attrs->parent_path(), ec);
    if (auto w = write_file_atomically(*attrs, content); !w) {
        return std::unexpected(w.error());
    }
    return "added `" + std::string(line) + "` to " + attrs->string() + "\n";
}

} // namespace lockkit::git
