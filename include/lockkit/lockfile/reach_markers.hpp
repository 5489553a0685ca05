#pragma once
// Where each package of a lock is reached: the environments in which an install from the lock
// would include it, as a marker.
//
// uv writes every edge marker restricted under its parent's reachability (and under the lock's
// requires-python and environments): a marker in the file is right only where its parent is
// reached. Propagating the edge markers from the roots (lock_roots) to a fixpoint, with AND
// along a path and OR across paths, gives back uv's own reachability, because the restriction
// changes a marker only outside the parent's reach. The result is and-ed with the lock's
// requires-python range and environments, so markers of locks made for different Python ranges
// compare directly.
//
// An extra of a registry package counts where an edge asking for that extra is reached; the
// extras and groups of the workspace members count everywhere their member does. `extra`
// tests (uv's conflict pseudo-extras) are removed, which widens the marker: a package that only
// one set of conflicting extras reaches is taken as reached wherever any of them could be.

#include "lockkit/lockfile/lock.hpp"
#include "lockkit/pep508/marker.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace lockkit::lockfile {

struct LockReach {
    /// Each package's reach, by index into `Lock::packages`; `always_false()` where no root reaches it.
    std::vector<pep508::MarkerTree> packages;
    /// By package index: where each of its extras is reached (only extras something reaches;
    /// a workspace member's extras are reached wherever the member is).
    std::vector<std::map<std::string, pep508::MarkerTree>> extras;
};

/// Where the packages of `lock` and their extras are reached. Nothing when the lock has no
/// roots or its requires-python does not read.
std::optional<LockReach> lock_reach(const Lock& lock);

} // namespace lockkit::lockfile
