#pragma once
// What an existing uv.lock is still good for (uv's `ValidatedLock::validate` and
// `Lock::satisfies`, `crates/uv/src/commands/project/lock.rs`; uv-lock-format §7.2, §7.3):
//
//   Satisfies   the lock answers the project as it is: nothing is resolved, nothing written;
//   Preferable  re-resolve, keeping its versions and its forks (`resolution-markers`);
//   Versions    re-resolve, keeping its versions only;
//   Unusable    re-resolve from scratch.
//
// Checks run from the most to the least drastic, and the first that applies decides: a
// different resolution mode or fork strategy, or `--upgrade`, make it unusable; changed
// exclude-newer, pre-release settings, `--upgrade-package` or `--refresh` keep versions and
// forks; forks that no longer cover requires-python and the supported environments, changed
// environments or a changed requires-python range keep versions only (forks too when the lock
// had none); then the manifest, the members and every source tree's declared metadata are
// compared with what the pyproject.toml files say now.

#include <lockkit/lockfile/lock.hpp>
#include <lockkit/project/lock_target.hpp>
#include <lockkit/resolver/options.hpp>

#include <set>
#include <string>
#include <vector>

namespace lockkit::project {

enum class LockVerdict : std::uint8_t { Satisfies, Preferable, Versions, Unusable };

struct LockValidation {
    LockVerdict verdict = LockVerdict::Unusable;
    std::string reason;  ///< why it does not satisfy ("the requirements of `app` changed"), for messages
};

/// What the new lock would be made with, besides the target.
struct LockRequestFacts {
    lockfile::Options options;  ///< `[options]` the new lock would record
    bool upgrade = false;       ///< --upgrade
    bool upgrade_packages = false;  ///< --upgrade-package given
    bool refresh = false;       ///< --refresh
    /// The index URLs and find-links locations now configured, as the lock spells them.
    std::vector<std::string> registries;
};

LockValidation validate_lock(const lockfile::Lock& lock, const LockTarget& target, const LockRequestFacts& facts);

/// The versions of `lock` to prefer (uv's `Preference::from_lock`): one per package-level fork
/// marker (complexified with the lock's requires-python), or one for everywhere; registry and
/// URL packages alike, except those named in `upgrade`.
std::vector<resolver::Preference> lock_preferences(const lockfile::Lock& lock, const std::set<std::string>& upgrade);

/// The lock's `resolution-markers`, complexified with its requires-python: the forks a new
/// resolution starts from.
std::vector<pep508::MarkerTree> lock_forks(const lockfile::Lock& lock);

/// Why `lock`'s recorded edges cannot answer a resolution of `target`, or nothing when they can.
/// uv leaves out of a lock every edge that no Python of its requires-python and no environment
/// it supports reaches (and simplifies the markers it keeps under them), so a lock made for a
/// narrower requires-python or other environments than the target's is silent about edges the
/// target needs. A lock made with an override, exclusion or dependency metadata the target does
/// not have records edges the packages themselves do not have.
std::optional<std::string> lock_cannot_answer_for(const lockfile::Lock& lock, const LockTarget& target);

/// The first extra that `result` activates on a registry package and that none of `locks`
/// records for that version (`name[extra] version`), or nothing. A lock records only the extras
/// its own requirements used, so the locks alone cannot say what an extra they lack requires.
std::optional<std::string> extra_no_lock_records(const lockfile::Lock& result, const std::vector<const lockfile::Lock*>& locks);

/// Why `locks` cannot vouch for the edges that `result` took from them, or nothing. A lock
/// records a version's edges only where it reaches that version, restricted under that reach
/// (lockfile/reach_markers.hpp): a registry package the result reaches where no lock holding
/// that version reached it may miss an edge; and a lock that reached it in fewer environments
/// may record an edge whose marker holds where it should not, so each such lock must record no
/// edge that a covering lock lacks.
std::optional<std::string> reach_no_lock_records(const lockfile::Lock& result, const std::vector<const lockfile::Lock*>& locks);

} // namespace lockkit::project
