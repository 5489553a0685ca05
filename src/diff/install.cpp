// git config and attributes for the textconv driver; see include/lockkit/diff/install.hpp.

#include "lockkit/diff/install.hpp"

#include "lockkit/git/setup.hpp"

#include <sstream>

namespace lockkit::diff {

namespace {

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
    const std::string textconv = git::shell_quote(o.executable.string()) + " --textconv";
    if (auto r = git::run_git(o.work_dir, {"config", scope, "diff.uvlock.textconv", textconv}); !r) {
        return std::unexpected(r.error());
    }
    if (auto r = git::run_git(o.work_dir, {"config", scope, "diff.uvlock.cachetextconv", "true"}); !r) {
        return std::unexpected(r.error());
    }
    auto attrs = git::ensure_attribute_line(
        o.work_dir, o.global ? git::AttributesScope::Global : git::AttributesScope::Repository, k_diff_attribute_line,
        has_diff_attribute);
    if (!attrs) return std::unexpected(attrs.error());
    return "diff.uvlock.textconv = " + textconv + ", diff.uvlock.cachetextconv = true (" + scope.substr(2) +
           " config)\n" + *attrs;
}

} // namespace lockkit::diff
