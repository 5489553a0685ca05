#pragma once
// `lock why-not P==V` from the lock alone: is V locked, and which recorded requirements
// (recorded_requirements.hpp) exclude it.
//
// An override on P replaces every other requirement on P, so when the lock records one, only
// overrides are judged. A requirement under a marker excludes V only where the marker holds;
// its marker is reported with it. Requirements of registry packages are not in a lock: when no
// recorded requirement excludes V, the answer needs the index (forced_resolution.hpp).

#include <lockkit/lockfile/lock.hpp>
#include <lockkit/why/recorded_requirements.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace lockkit::why {

struct LockExclusions {
    std::string package;  ///< normalized
    std::string version;  ///< as asked
    std::vector<lockfile::PackageId> locked;  ///< the package's locked versions (any)
    bool version_locked = false;  ///< V itself is locked (in some fork)
    std::vector<RecordedRequirement> excluded_by;  ///< recorded requirements that do not admit V
};

/// What the lock alone says about `name==version`; `version` must be a valid PEP 440 version.
LockExclusions find_lock_exclusions(const lockfile::Lock& lock, std::string_view name, std::string_view version);

} // namespace lockkit::why
