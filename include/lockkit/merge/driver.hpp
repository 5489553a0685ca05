#pragma once
// The git merge driver as a function: read %O %A %B, merge, and say what to
// write into %A and with which exit code. The program only parses options,
// calls this, writes the content atomically and exits.
//
// - All three parse: semantic merge (merge.hpp). Clean -> the canonical lock,
//   exit 0. True conflicts -> the lock with markers around the conflicting
//   package blocks, exit 1. Refused (tamper check) -> nothing written, exit 2.
// - A side does not parse (markers, truncated, unknown version): plain textual
//   three-way merge with `git merge-file`, exit 1 (never 0: nothing validated it).
// - An empty base (the file was added on both branches) counts as an empty lock.
// - True conflicts and `reresolve` on: the project is locked again as the merge leaves it
//   (reresolve.hpp): its requirements from git's merge of the pyproject.toml files at the
//   commits behind the run (git/merge_context.hpp), else from what the three locks record.
//   A lock that resolves and passes the offline checks is written like a clean merge (exit
//   0). When git cannot merge a pyproject.toml, the requirements are unknown: markers, exit 1,
//   and the advice to finish with `lock resolve` once pyproject.toml is resolved. Any other
//   failure (no solution, the budget, a package that needs a build): markers, exit 1, and why.

#include "lockkit/merge/conflict_render.hpp"
#include "lockkit/merge/merge.hpp"
#include "lockkit/merge/reresolve.hpp"

#include <expected>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace lockkit::merge {

struct DriverInput {
    std::filesystem::path base;    ///< %O
    std::filesystem::path ours;    ///< %A, also the output
    std::filesystem::path theirs;  ///< %B
    std::string path_name = "uv.lock";  ///< %P, for messages
    std::string base_label = "base";
    MarkerLabels labels;
    MergeOptions options;
    /// Fill DriverResult::report (the JSON of report.hpp); costs two lock diffs.
    bool want_report = false;
    /// Run verify_lock's offline integrity rules on a clean result; an error
    /// makes the merge not clean (exit 1, the lock written without markers).
    bool verify = true;
    /// When both sides moved a workspace member's own version, read the merged
    /// pyproject.toml beside %P (see docs/lock-merge.md, "Project version").
    bool use_pyproject = true;
    /// Optional: writes %A. A semantically merged lock without conflicts is
    /// written whatever the offline checks find (they decide the exit code and
    /// the messages, not the content), so the driver calls this as soon as the
    /// lock is rendered, while the checks still run; DriverResult::content is
    /// then empty and DriverResult::write_error says whether it failed. Not
    /// called when a report is wanted: the caller writes the report first, so
    /// a report that cannot be written leaves %A untouched.
    std::function<std::expected<void, std::string>(std::string_view content)> write_result;
    /// Finish a merge with true conflicts by resolving again (see above). Off by default in
    /// the library (it may read indexes); the lock-merge program turns it on.
    bool reresolve = false;
    ReresolveOptions reresolve_options;
    /// Optional: reads the settings only a re-resolution needs into the input (for the
    /// program: apply_reresolve_settings, then its command line again). Called only when a
    /// merge needs re-resolving, so a clean merge starts no `git config` process. An error
    /// is named in DriverResult::messages and the merge goes on without re-resolution.
    std::function<std::expected<void, std::string>(DriverInput& input)> reresolve_settings;
    /// Look for the commits behind the run in the git work tree of the current directory;
    /// off: the merged requirements are always those the locks record.
    bool use_git_context = true;
};

/// The re-resolution settings from the environment and git config, below explicit options:
/// `LOCKKIT_MERGE_OFFLINE` / `lockkit.merge.offline` (a boolean), `LOCKKIT_MERGE_EXCLUDE_NEWER` /
/// `lockkit.merge.excludeNewer`, `LOCKKIT_MERGE_BUDGET` / `lockkit.merge.budget` (seconds),
/// `LOCKKIT_MERGE_RERESOLVE` / `lockkit.merge.reresolve` (a boolean). The environment wins
/// over git config. Malformed values are an error naming the setting.
std::expected<void, std::string> apply_reresolve_settings(DriverInput& input);

struct DriverResult {
    std::optional<std::string> content;  ///< what to write into %A; none = leave it (or written already)
    std::optional<std::string> write_error;  ///< DriverInput::write_result failed: why
    int exit_code = 2;                   ///< 0 clean, 1 conflicts, 2 error/refused
    std::string messages;                ///< for stderr
    std::string report;                  ///< JSON report, when DriverInput::want_report
    /// The re-resolution, when one ran (successful or not).
    std::optional<ReresolveOutcome> reresolution;
    /// The parsed sides and the merge outcome, handed back instead of freed
    /// inside the call: freeing three 2 MB locks' models takes milliseconds,
    /// which a program that exits right after writing %A can skip (by
    /// exiting without destroying the result). Anyone else frees them with
    /// the result.
    std::shared_ptr<const void> retained;
};

/// The version the pyproject.toml of source tree `member` declares, read from
/// `<directory of lock_path>/<member's path>/pyproject.toml`, when that file is
/// the merged one: it exists, parses, names the member, has a static version,
/// and is not byte-identical to the committed HEAD copy (git writes merged
/// files into the work tree only after every driver ran).
std::optional<std::string> merged_project_version(const std::filesystem::path& lock_path,
                                                  const lockfile::Package& member);

DriverResult run_merge_driver(const DriverInput& input);

/// For a program that runs one merge and exits, called once before
/// run_merge_driver: the heaps of the main thread and of the driver's threads
/// grow in one step and prefer huge pages (util/huge_page_heap.hpp,
/// src/merge/driver_process.cpp). Only a hint; the library's other users keep
/// the allocator's defaults.
void prepare_driver_process();

/// Plain textual three-way merge with git-style markers (`git merge-file -p`).
/// The bool is true when the text merged without conflicts.
std::expected<std::pair<std::string, bool>, std::string> merge_text(const DriverInput& input);

} // namespace lockkit::merge
