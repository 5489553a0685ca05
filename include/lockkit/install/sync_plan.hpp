#pragma once
// What a sync must change in an environment: the distributions the lock selects
// (each with the wheel chosen for the interpreter) against those installed, as
// `uv sync` compares them, plus a check uv does not make: that the files of a
// distribution that stays are still the files that were installed.
//
//   install    selected, not installed;
//   reinstall  installed, but another version, from another origin (direct_url.json
//              differs: an index package installed from a file, a path wheel from
//              elsewhere), installed twice, without RECORD, or with a file changed or
//              missing since it was installed (install_state.hpp);
//   remove     installed, not selected (exact syncs; `--inexact` keeps them). Seed
//              packages (pip, setuptools, wheel, uv) stay in environments made by other
//              tools, as in uv.
//
// Which files are looked at: a distribution without stamps (installed by another tool,
// or by a sync that was killed before it saved them) has every RECORD row hashed once.
// A distribution with stamps is trusted as uv trusts every installed distribution,
// unless `verify_files` asks for its stamps to be compared (an lstat per file, on
// every core: the cost of a no-op sync grows with the files installed) and the files
// whose stamps changed to be hashed. The stamps of distributions that passed a check
// are returned so the next sync can trust them.

#include "lockkit/install/install_state.hpp"
#include "lockkit/install/installed_distribution.hpp"
#include "lockkit/install/layout.hpp"
#include "lockkit/lockfile/lock.hpp"

#include <optional>
#include <string>
#include <vector>

namespace lockkit::install {

/// How a wanted distribution's wheel is had: from the lock, or built from source.
enum class WheelOrigin : std::uint8_t {
    Locked,    ///< one of the lock's wheels (`wheel`)
    Sdist,     ///< built from the lock's source distribution
    Tree,      ///< built from a source tree (a directory or git source)
    Editable,  ///< built as an editable wheel (PEP 660) from a source tree
};

/// A distribution the lock wants in the environment.
struct WantedDistribution {
    const lockfile::Package* package = nullptr;
    const lockfile::Artifact* wheel = nullptr;  ///< WheelOrigin::Locked only
    std::optional<std::string> direct_url;  ///< direct_url.json to write; nullopt for index packages
    WheelOrigin origin = WheelOrigin::Locked;
};

struct SyncAction {
    enum class Kind : std::uint8_t { Install, Reinstall, Remove };
    Kind kind = Kind::Install;
    std::string name;
    std::string version;      ///< the version installed afterwards (Install, Reinstall) or removed (Remove)
    std::string old_version;  ///< Reinstall: what was there
    std::string reason;       ///< Reinstall and Remove: why
    std::optional<std::size_t> wanted;              ///< Install, Reinstall: index into the wanted list
    std::vector<std::filesystem::path> old_dist_infos;  ///< Reinstall, Remove: what to uninstall
    bool files_changed = false;  ///< Reinstall because installed files changed: distrust cached trees
};

struct SyncPlan {
    std::vector<SyncAction> actions;  ///< sorted by name
    /// Stamps of kept distributions that were checked by hash, or whose changed stamps
    /// turned out to hold the same bytes (keyed by .dist-info path relative to the root).
    std::vector<std::pair<std::string, InstallState::Files>> refreshed;
    std::size_t kept = 0;  ///< wanted distributions already in place
    bool changes() const { return !actions.empty(); }
};

struct PlanOptions {
    bool exact = true;
    bool seedless = true;  ///< the environment was made without seed packages (by uv or lockkit)
    bool verify_files = false;  ///< compare the stamps of stamped distributions too
    unsigned jobs = 0;     ///< threads for the file checks; 0 = every core
    /// The stamp comparison for every distribution of the state, when the caller ran it
    /// already (in the background, while it read the lock); nullptr: plan_sync runs it.
    const ChangedFiles* changed = nullptr;
};

/// Compares `wanted` with `installed` (every distribution of the environment's
/// site-packages).
SyncPlan plan_sync(const std::vector<WantedDistribution>& wanted, const std::vector<InstalledDistribution>& installed,
                   const Layout& layout, const InstallState& state, const PlanOptions& options);

} // namespace lockkit::install
