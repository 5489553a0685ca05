#pragma once
// Finishing a merge the lock merge could not decide, by resolving again.
//
// When both sides changed the same package (or the root's requirements), the lock merge alone
// cannot know which versions fit together. `reresolve_merge` locks the project as the merge
// leaves it (merged_project.hpp) with the project layer (project/lock_project.hpp):
//
// - preferences: every version ours or theirs locked (where both locked different versions of
//   a name, the newer is tried first, or the side `--prefer` names); base's versions only for
//   names neither side locks. A version neither side touched is thereby kept: the resolver
//   moves a package only when no preferred version fits the merged requirements;
// - answers from the three locks first (project/locked_provider.hpp), with no index and no
//   network; the indexes (with lockkit's cache) only when the locks cannot answer, and never
//   when `offline`;
// - a deadline (`budget`) after which it gives up;
// - no package code runs: a version whose metadata needs a build stops it, with the reason.
//
// The result is the lock as `lock resolve` would write it for those requirements; the driver
// still runs the offline checks on it. Each package's origin (ours, theirs, both, base or
// re-resolved) and the reason are reported.

#include "lockkit/lockfile/lock.hpp"
#include "lockkit/merge/merge.hpp"
#include "lockkit/pyproject/source_overlay.hpp"

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace lockkit::merge {

struct ReresolveOptions {
    /// Never ask an index over the network (cached pages and the locks only).
    bool offline = false;
    /// Ignore files uploaded at or after this time (as `lock resolve --exclude-newer`).
    std::optional<std::string> exclude_newer;
    /// How long the resolution may take before the merge gives up.
    std::chrono::microseconds budget{std::chrono::seconds{30}};
    /// Pages and metadata cache (none: lockkit's default).
    std::optional<std::filesystem::path> cache_dir;
    /// The process environment (UV_* settings).
    std::map<std::string, std::string> environment;
};

/// Where a package of the re-resolved lock got its version.
struct PackageOrigin {
    lockfile::PackageId id;
    std::string from;    ///< "both", "ours", "theirs", "base", "re-resolved"
    std::string reason;  ///< one sentence
};

struct ReresolveOutcome {
    std::optional<lockfile::Lock> lock;  ///< canonical; none when it failed
    std::string failure;                 ///< why not (one paragraph)
    std::vector<PackageOrigin> origins;  ///< one per package of `lock`
    bool from_locks = false;             ///< the three locks answered everything (no index asked)
    std::string requirements_origin;     ///< where the merged requirements came from
};

/// Re-resolves the merge of `ours` and `theirs` against `base` for the project in
/// `project_dir` (the lock's directory in the work tree) whose files read through `overlay`.
ReresolveOutcome reresolve_merge(const lockfile::Lock& base, const lockfile::Lock& ours, const lockfile::Lock& theirs,
                                 Prefer prefer, const std::filesystem::path& project_dir,
                                 const pyproject::SourceOverlay& overlay, const ReresolveOptions& options);

/// Each package's origin in `result` against the three sides (`prefer`: the side preferred).
std::vector<PackageOrigin> package_origins(const lockfile::Lock& result, const lockfile::Lock& base,
                                           const lockfile::Lock& ours, const lockfile::Lock& theirs, Prefer prefer);

} // namespace lockkit::merge
