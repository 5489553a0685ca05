// exclude-newer-package by name; see include/lockkit/lockfile/exclude_newer_package.hpp.

#include <lockkit/lockfile/exclude_newer_package.hpp>

namespace lockkit::lockfile {

std::map<std::string, ExcludeNewerPackage> exclude_newer_package_by_name(const Options& options) {
    std::map<std::string, ExcludeNewerPackage> out;
    for (const ExcludeNewerPackage& e : options.exclude_newer_package) out.insert_or_assign(e.name, e);
    return out;
}

std::string exclude_newer_package_text(const ExcludeNewerPackage& entry) {
    using Kind = ExcludeNewerPackage::Kind;
    return entry.kind == Kind::Disabled ? "false" : entry.kind == Kind::Relative ? entry.span : entry.timestamp;
}

} // namespace lockkit::lockfile
