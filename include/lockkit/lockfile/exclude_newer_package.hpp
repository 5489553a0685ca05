#pragma once
// `[options.exclude-newer-package]` looked at by name. uv writes the table in its hash map's
// order and compares it as a map, so that order carries no meaning when locks are compared,
// merged or diffed.

#include <lockkit/lockfile/lock.hpp>

#include <map>
#include <string>

namespace lockkit::lockfile {

/// The entries keyed by package name.
std::map<std::string, ExcludeNewerPackage> exclude_newer_package_by_name(const Options& options);

/// An entry's value as the lock writes it, unquoted: `false`, the timestamp, or the span.
std::string exclude_newer_package_text(const ExcludeNewerPackage& entry);

} // namespace lockkit::lockfile
