// git config and attributes for the driver; see include/lockkit/merge/install.hpp.

#include "lockkit/merge/install.hpp"

#include "lockkit/git/setup.hpp"

#include <sstream>

namespace lockkit::merge {

namespace {

/// The exact line (line endings aside) is already in the file.
bool has_attribute_line(const std::string& content) {
    std::istringstream lines(content);
    std::string line;
    while (std::getline(lines, line)) {
        if (git::without_line_ends(line) == k_attribute_line) return true;
    }
    return false;
}

git::AttributesScope attributes_scope(const InstallOptions& o) {
    if (o.global) return git::AttributesScope::Global;
    return o.local_attributes ? git::AttributesScope::Local : git::AttributesScope::Repository;
}

} // namespace

std::expected<std::string, std::string> install_driver(const InstallOptions& o) {
    const std::string scope = o.global ? "--global" : "--local";
    const std::string driver = git::shell_quote(o.executable.string()) + " %O %A %B %P -L %L";
    if (auto r = git::run_git(o.work_dir, {"config", scope, "merge.uvlock.name", "uv.lock semantic merge (lockkit lock-merge)"});
        !r) {
        return std::unexpected(r.error());
    }
    if (auto r = git::run_git(o.work_dir, {"config", scope, "merge.uvlock.driver", driver}); !r) {
        return std::unexpected(r.error());
    }
    auto attrs = git::ensure_attribute_line(o.work_dir, attributes_scope(o), k_attribute_line, has_attribute_line);
    if (!attrs) return std::unexpected(attrs.error());
    return "merge.uvlock.driver = " + driver + " (" + scope.substr(2) + " config)\n" + *attrs;
}

} // namespace lockkit::merge
