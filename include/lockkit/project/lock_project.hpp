#pragma once
// `lock resolve` as one core call: the whole of `uv lock` for a project directory.
//
//   1. find the workspace (the nearest enclosing `[tool.uv.workspace]` that includes the
//      directory) and read its lock target (lock_target.hpp);
//   2. gather uv's settings (command line > UV_* > uv.toml / [tool.uv] > user > system);
//   3. read the existing uv.lock and decide what it is still good for (existing_lock.hpp): when
//      it satisfies the project, stop here, resolving nothing;
//      Sources whose metadata is not static are built (lock_builds.hpp); an interpreter is
//      looked for only then;
//   4. otherwise resolve (with its versions as preferences and its forks, as the verdict
//      allows), build the lock in uv's order, and compare it with the old one;
//   5. write uv.lock atomically, under the project's filesystem lock, only when it changed and
//      `check` is off.
//
// Under `--frozen` only steps 1 and 2 run, then uv.lock is read and each member looked for in it.
//
// An existing uv.lock with conflict markers (a merge lock-merge could not finish) is read as
// its two sides: both sides' versions are preferred, and both locks answer the resolver first
// (locked_provider.hpp), so only what the requirements changed is resolved again.
//
// The core never prints: progress goes to an optional callback, and the outcome says what
// happened.

#include <lockkit/lockfile/lock.hpp>
#include <lockkit/pyproject/settings.hpp>
#include <lockkit/pyproject/source_overlay.hpp>
#include <lockkit/resolver/no_solution.hpp>
#include <lockkit/resolver/options.hpp>
#include <lockkit/util/diagnostic.hpp>

#include <chrono>
#include <cstddef>
#include <expected>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace lockkit::project {

struct LockProjectOptions {
    std::filesystem::path project_dir = ".";
    /// Options given on the command line, as a settings layer (indexes, find-links, resolution,
    /// pre-release mode, exclude-newer, offline, upgrade, upgrade-package, no-index, ...).
    pyproject::SettingsLayer command_line;
    std::map<std::string, std::string> environment;  ///< the process environment (UV_*)
    bool no_config = false;
    std::optional<std::filesystem::path> config_file;
    /// Resolve, compare, never write (a dry run, a merge's resolution); `lock_check` Locked implies it.
    bool check = false;
    /// uv's lock flags (`--check`, `--locked`, `--frozen`), read with UV_LOCKED and UV_FROZEN
    /// (settings.hpp); none: neither flags nor variables (a merge, `lock why-not`). Locked is
    /// `check` on a uv.lock that must exist; Frozen (`--check-exists`) reads uv.lock and checks
    /// that every member is in it, resolving nothing. A missing uv.lock is uv's error naming the
    /// flag or variable.
    std::optional<pyproject::LockCheckFlags> lock_flags;
    /// `--refresh`: revalidate cached pages and re-resolve even when the lock satisfies.
    bool refresh = false;
    /// Pages and metadata cache; none: the default (`$LOCKKIT_CACHE_DIR`, `$XDG_CACHE_HOME/lockkit`).
    std::optional<std::filesystem::path> cache_dir;
    /// The interpreter builds run with, when a source's metadata needs one (lock_builds.hpp):
    /// `--python` or $UV_PYTHON as given; empty: `.python-version`, else any that fits.
    std::string python;
    std::string python_origin = "--python";
    /// Run build backends where metadata is not static. Off: such a source stops the command
    /// with an error naming it (lock-merge runs no package code).
    bool run_builds = true;
    /// Called with short progress lines ("Resolved 12 packages"); may be empty.
    std::function<void(std::string_view)> progress;
    /// Called with each warning as it arises, before any error (a `[tool.uv]` that was
    /// ignored, ...); may be empty, then they are in LockOutcome::warnings.
    std::function<void(std::string_view)> on_warning;
    /// Called with the resolver's proof when there is no solution, before the error (whose
    /// message is its report) is returned; may be empty. `lock why-not` reads the proof.
    std::function<void(const resolver::NoSolution&)> on_no_solution;

    // For a caller that locks the project as a merge will leave it (merge/reresolve.hpp):
    /// The project's files seen in place of the work tree's (may be null; source_overlay.hpp).
    const pyproject::SourceOverlay* overlay = nullptr;
    /// Read the uv.lock on disk (its verdict, preferences and forks). Off: resolve from
    /// `preferences` and `initial_forks` alone.
    bool read_existing_lock = true;
    /// Versions to keep (added to the existing lock's).
    std::vector<resolver::Preference> preferences;
    /// Forks to start from when no existing lock gives them.
    std::vector<pep508::MarkerTree> initial_forks;
    /// Locks to answer the resolver from first (locked_provider.hpp), with no index and no
    /// network; the indexes are asked only when that resolution fails. Must outlive the call.
    std::vector<const lockfile::Lock*> seed_locks;
    /// After the locks, do not ask the indexes at all.
    bool seed_locks_only = false;
    /// When the resolution must have ended (budget_provider.hpp): then the call fails.
    std::optional<std::chrono::steady_clock::time_point> deadline;
    /// The program exits right after this call: the run's large structures (the locks' models,
    /// the workspace, the lock target) are left for the exit to reclaim instead of being freed
    /// one by one (util/leave_for_exit.hpp). Only for a program's main path.
    bool leave_for_exit = false;
};

struct LockOutcome {
    enum class Result : std::uint8_t {
        Unchanged,    ///< the lock already satisfied the project, or re-resolving gave the same lock
        Written,      ///< uv.lock was created or changed
        WouldChange,  ///< `check`: the lock would change (nothing written)
    };
    Result result = Result::Unchanged;
    std::filesystem::path lock_path;
    bool resolved = false;            ///< a resolution ran (the lock did not satisfy as it was)
    std::size_t packages = 0;         ///< packages in the lock
    std::string reason;               ///< why the old lock did not satisfy, if it did not
    std::vector<std::string> warnings;
    std::string old_text;             ///< the lock before (empty when there was none)
    std::string new_text;             ///< the lock after (or that would be written)
    /// Where the versions came from: the seed locks alone, or the indexes.
    bool from_seed_locks = false;
    /// Why the seed locks alone did not give a resolution (when the indexes were asked).
    std::string seed_failure;
    /// The old uv.lock held conflict markers: it was read as both sides' preferences.
    bool had_conflict_markers = false;
    /// What the lock flags asked (Frozen: uv.lock was only read, Locked: it was only compared).
    pyproject::LockCheckSetting lock_check;
};

/// Locks the project in `options.project_dir`. Errors are located (file:line:column) where
/// they come from a file; a failed resolution is an error whose message is uv's report.
std::expected<LockOutcome, Diagnostic> lock_project(const LockProjectOptions& options);

} // namespace lockkit::project
