#pragma once
// Comparing lowered requirements with the ones a uv.lock records, the way `uv lock --check`
// does (uv-lock-format §7.3): as sets, after normalisation. The normal form sorts and
// de-duplicates extras and groups, re-parses the marker and prints it canonically (so
// equivalent markers compare equal), re-parses and sorts the specifier, drops a trailing '/'
// from index URLs and a leading "./" or trailing '/' from paths.

#include <optional>
#include <string>
#include <vector>

#include "lockkit/lockfile/lock.hpp"

namespace lockkit::pyproject {

/// The normal form of a requirement as one comparable string.
std::string normalized_key(const lockfile::Requirement& requirement);

/// A short human form: `name[extras]specifier ; marker`, or `name @ editable+path ; marker`.
std::string describe_requirement(const lockfile::Requirement& requirement);

/// Whether both lists hold the same requirements as sets (after normalisation).
bool same_requirements(const std::vector<lockfile::Requirement>& a, const std::vector<lockfile::Requirement>& b);

/// The first difference in words, or nothing when `same_requirements` holds:
/// "pyproject.toml requires `httpx>=0.28`, uv.lock records `httpx>=0.27`".
std::optional<std::string> requirement_difference(const std::vector<lockfile::Requirement>& declared,
                                                  const std::vector<lockfile::Requirement>& locked);

/// Compares two `[package.metadata]`s (requires-dist, provides-extras as sets, requires-dev
/// as a map of sets); absent lists count as empty. The first difference in words, if any.
std::optional<std::string> metadata_difference(const lockfile::PackageMetadata& declared,
                                               const lockfile::PackageMetadata& locked);

} // namespace lockkit::pyproject
