#pragma once
// The requirements of a merge: the workspace's pyproject.toml files as the merge leaves them,
// given to the project layer as a `pyproject::SourceOverlay` over the work tree.
//
// - With git context (the commits behind the driver run, git/merge_context.hpp): every
//   `pyproject.toml` and `uv.toml` any of the three commits holds is merged three-way by git
//   at those commits (`git::merge_file_at`), as git will merge it after the driver returns. A
//   file git cannot merge is listed in `conflicted`: the requirements are then unknown.
// - Without (a driver run by hand, `git am -3`, a virtual merge base): the requirements the
//   three locks record. Each workspace member's `[package.metadata]` and the `[manifest]` are
//   merged field by field by the lock merge itself (merge.hpp; a member's edges are left out,
//   they are what the resolution decides), and written back as pyproject.toml files in the
//   members' places. What a lock cannot restate (git or URL requirements, scoped overrides,
//   dynamic versions) makes it fail with the reason.

#include "lockkit/git/merge_context.hpp"
#include "lockkit/lockfile/lock.hpp"
#include "lockkit/merge/merge.hpp"
#include "lockkit/pyproject/source_overlay.hpp"

#include <expected>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace lockkit::merge {

struct MergedProject {
    pyproject::SourceOverlay overlay;
    /// Files git could not merge (repository-relative paths); the requirements are unknown.
    std::vector<std::string> conflicted;
    /// Where the requirements came from, for messages ("git merge of pyproject.toml at …").
    std::string origin;
};

/// The project files at the three commits, merged by git. `work_tree`: the top of the work tree.
std::expected<MergedProject, std::string> merged_project_from_git(const std::filesystem::path& work_tree,
                                                                  const git::MergeCommits& commits);

/// The project files restated from the three locks (see above); `root` is the directory of
/// the lock (where the files are placed).
std::expected<MergedProject, std::string> merged_project_from_locks(const lockfile::Lock& base, const lockfile::Lock& ours,
                                                                    const lockfile::Lock& theirs,
                                                                    const MergeOutcome& outcome,
                                                                    const MergeOptions& options,
                                                                    const std::filesystem::path& root);

} // namespace lockkit::merge
