#pragma once
// The roots of a lock: where installing and reachability start. One definition
// serves every tool (the merge's pruning, lock-verify's unreachable-package
// rule, the install selection, lock-diff's direct and transitive view), so
// they cannot disagree about what a lock holds for a reason:
//
//   * the workspace members: the source-tree packages `[manifest] members`
//     names; with no members list (a single-project workspace, as uv writes
//     it), the source tree at `.`; and for a lock with neither (older writers),
//     the source trees no dependency edge points at;
//   * by name, what a project-less workspace root or a script lists in
//     `[manifest]`: its requirements and its dependency groups' entries.
//
// Every other package must be reachable from those through dependency edges
// (main, optional and dev); a path dependency is reached, not a root.

#include "lockkit/lockfile/lock.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace lockkit::lockfile {

struct LockRoots {
    std::vector<std::size_t> members;        ///< indices into `Lock::packages`, in package order
    std::vector<std::string> member_names;   ///< the members' names (normalized), in package order
    std::vector<std::string> manifest_names; ///< names `[manifest]` requirements and groups list
    bool empty() const { return members.empty() && manifest_names.empty(); }
};

LockRoots lock_roots(const Lock& lock);

/// For each package (by index), whether an edge path leads to it from the
/// roots; nothing when the lock has no roots to start from.
std::optional<std::vector<bool>> reachable_packages(const Lock& lock, const LockRoots& roots);

} // namespace lockkit::lockfile
