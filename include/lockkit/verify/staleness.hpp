#pragma once
// Staleness against pyproject.toml (rule `stale-lock`), like `uv lock --check`
// but without resolving: the workspace is discovered from the project files,
// lowered to what uv records (lockkit/pyproject), and compared with the lock:
// the members list, each member's requires-dist / provides-extras /
// requires-dev, the manifest's constraints, overrides, build-constraints and
// dependency groups, and requires-python. Every difference is its own finding
// naming the requirement and how it differs; the fix is always "run `uv lock`".

#include "lockkit/lockfile/lock.hpp"
#include "lockkit/verify/finding.hpp"

#include <expected>
#include <filesystem>
#include <string>
#include <vector>

namespace lockkit::verify {

/// Compares the workspace rooted at `workspace_root` (the directory holding the
/// lock and the root pyproject.toml) with `lock`. The error says why the
/// workspace could not be read at all (an invalid root pyproject.toml, a member
/// glob matching a directory without one, ...). A member whose metadata cannot
/// be lowered (dynamic dependencies) is a `stale-lock` warning, not an error.
std::expected<std::vector<Finding>, std::string> check_stale(const lockfile::Lock& lock,
                                                             const std::filesystem::path& workspace_root);

/// Every difference between two requirement lists compared as sets after
/// normalisation, one sentence each, paired by name where both sides have one:
/// "`httpx`: pyproject.toml requires `httpx>=0.28`, uv.lock records `httpx>=0.27`".
std::vector<std::string> requirement_differences(const std::vector<lockfile::Requirement>& declared,
                                                 const std::vector<lockfile::Requirement>& locked);

/// Whether two requires-python specifier sets describe the same range of
/// versions (lower and upper bound; `!=` clauses ignored). Unparsable text on
/// either side counts as equal (nothing can be said).
bool same_python_range(const std::string& declared, const std::string& locked);

} // namespace lockkit::verify
