#pragma once
// `lock sync`: install what a uv.lock selects into the project's virtual
// environment, exactly (removing what it does not select), the way `uv sync` does.
//
//   1. unless `--frozen`, the lock must answer pyproject.toml as `lock resolve` judges it
//      (project/lock_project.hpp); when it does not, the project is re-resolved and uv.lock
//      rewritten (`--locked`: an error instead; a dry run resolves without writing and
//      plans with the new lock); then the lock is read;
//   2. the environment and its interpreter are chosen (project_environment.hpp);
//   3. the packages are selected for that interpreter (install_selection.hpp), each
//      with the wheel it installs (wheel_choice.hpp), or else how its wheel is built:
//      from its source distribution, its source tree or git checkout, or as an
//      editable wheel for editable sources (source_builds.hpp);
//   4. what is installed is compared with that (sync_plan.hpp); `--check` and
//      `--dry-run` stop here;
//   5. every wheel to install is prepared in the cache: downloaded, hash-checked and
//      unpacked (wheel_preparer.hpp), or built (cached by source) and unpacked; any
//      failure stops the sync with the environment untouched;
//   6. the environment is created or recreated if needed, then old distributions are
//      uninstalled and new ones installed, on every core (uninstaller.hpp,
//      wheel_installer.hpp), then byte-compiled if asked;
//   7. the stamps of every installed file are saved (install_state.hpp); the
//      distributions a sync is about to touch lose theirs before it starts, so an
//      interrupted sync leaves them unstamped, and the next sync checks them.
//
// The environment is locked (lockkit/fs: exclusive, shared for --check and --dry-run) from step 4 on. A sync killed at
// any point leaves an environment the next sync repairs (see wheel_installer.hpp and
// uninstaller.hpp for the order of writes that makes it so).

#include "lockkit/fetch/downloader.hpp"
#include "lockkit/install/install_selection.hpp"
#include "lockkit/install/linker.hpp"
#include "lockkit/install/project_environment.hpp"
#include "lockkit/install/sync_plan.hpp"
#include "lockkit/install/wheel_archive.hpp"
#include "lockkit/project/lock_project.hpp"

#include <chrono>
#include <expected>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace lockkit::install {

struct SyncProgress {
    enum class Phase : std::uint8_t { Preparing, Downloading, Building, Uninstalling, Installing, Compiling };
    Phase phase = Phase::Preparing;
    std::size_t done = 0;
    std::size_t total = 0;
    std::uint64_t bytes = 0;  ///< Downloading: bytes received so far
};

struct SyncOptions {
    std::filesystem::path lock_path = "uv.lock";
    /// `--locked` / `--frozen`, read with UV_LOCKED / UV_FROZEN (settings.hpp): how far the lock
    /// is trusted. By default it is re-resolved when stale (`uv sync`); Locked stops when it is
    /// stale (LockUpdate::refused_by says so); Frozen never compares it with pyproject.toml.
    /// Under either a missing uv.lock is uv's error naming the flag or variable.
    pyproject::LockCheckFlags lock_flags;
    std::optional<std::filesystem::path> venv;  ///< `--venv` / $UV_PROJECT_ENVIRONMENT
    std::string python;                          ///< `--python` / $UV_PYTHON; empty: none
    std::string python_origin = "--python";
    InstallSelection selection;
    bool exact = true;      ///< remove what the lock does not select (`--inexact`: keep it)
    bool dry_run = false;   ///< decide, report, change nothing (`--check` and `--dry-run`)
    /// Compare every installed file lockkit stamped with its stamp (`--verify-files`),
    /// reinstalling what changed; without it only unstamped distributions are checked.
    bool verify_files = false;
    std::filesystem::path cache_root;  ///< the lockkit cache (artifacts, unpacked wheels, interpreters, builds)
    /// `--find-links` locations for build requirements, before those of uv's settings.
    std::vector<std::string> find_links;
    fetch::DownloadOptions download;
    UnpackRules unpack;  ///< archive bounds and RECORD strictness
    unsigned jobs = 0;  ///< threads; 0 = every core
    /// Called from worker threads (serialised) as the sync advances.
    std::function<void(const SyncProgress&)> on_progress;
    /// How the lock is re-resolved when stale (settings from the command line, the process
    /// environment, progress lines); `project_dir`, `check` and `lock_flags` are set by the sync.
    /// Its settings sources also give the installer's settings: `link-mode` (uv's default,
    /// clone, when none is set) and `compile-bytecode`, from `--link-mode` and
    /// `--compile-bytecode` in `resolve.command_line`, UV_LINK_MODE and UV_COMPILE_BYTECODE, or
    /// `[tool.uv]` / uv.toml.
    project::LockProjectOptions resolve;
};

/// What happened to uv.lock before installing (absent under `--frozen`).
struct LockUpdate {
    bool resolved = false;      ///< the lock did not answer pyproject.toml, so a resolution ran
    bool written = false;       ///< uv.lock was rewritten
    bool would_change = false;  ///< a dry run: uv.lock would be rewritten (the plan uses the new lock)
    /// `--locked` or UV_LOCKED, as uv names it ("`UV_LOCKED=1`"), when uv.lock would be rewritten:
    /// the sync stopped there, changing nothing. Empty otherwise.
    std::string refused_by;
    std::size_t packages = 0;
    std::string reason;         ///< why the old lock did not answer pyproject.toml
    std::vector<std::string> warnings;
};

struct SyncReport {
    std::optional<LockUpdate> lock_update;
    std::filesystem::path environment;
    EnvironmentPlan::Action environment_action = EnvironmentPlan::Action::Keep;
    std::string recreate_reason;
    std::filesystem::path interpreter_path;  ///< the base interpreter, when one was discovered
    std::string interpreter;                  ///< "CPython 3.12.1 on linux x86_64"
    std::vector<SyncAction> actions;          ///< by name
    std::size_t selected = 0;                 ///< distributions the lock selects
    std::size_t prepared = 0;                 ///< wheels prepared (downloaded or unpacked this run)
    std::size_t downloaded = 0;
    std::size_t built = 0;                    ///< wheels built from source in this run (not from the build cache)
    std::size_t uninstalled = 0;
    std::size_t installed = 0;
    std::chrono::milliseconds prepare_time{0}, uninstall_time{0}, install_time{0}, compile_time{0}, total_time{0};
    LinkMode link_mode = LinkMode::Clone;  ///< the mode in use after any fallback
    std::vector<std::string> warnings;
    bool dry_run = false;

    /// Whether the sync changed (or, dry, would change) the environment.
    bool changes() const { return environment_action != EnvironmentPlan::Action::Keep || !actions.empty(); }
};

/// Runs a sync. The error says why it could not (a lock that cannot be read or is stale,
/// no interpreter, a failed build, a download or a wheel refused, a file
/// that could not be written), naming files; an error before step 6 changed nothing.
std::expected<SyncReport, std::string> sync_lock(const SyncOptions& options);

} // namespace lockkit::install
