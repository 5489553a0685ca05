#pragma once
// Which commits a merge driver is merging, and git's own merge of another file
// at those commits.
//
// git hands a merge driver three temporary files (%O %A %B) and the path
// (%P), but not the commits they came from, and each operation leaves
// different traces while the driver runs (measured with git 2.39):
//
//   git merge          GITHEAD_<theirs>=<name> in the environment
//   git rebase (merge) .git/rebase-merge/done, last line: the commit being picked
//   git rebase --apply REBASE_HEAD: the commit being applied
//   git cherry-pick A..B  .git/sequencer/todo, first line: the commit being picked
//   git cherry-pick C, git revert C, git merge (octopus) …  only the command line
//                      of the git process running the driver
//   git stash pop      refs/stash (theirs = the stash, base = its first parent)
//   git am -3          nothing usable (the base is rebuilt from the patch)
//
// None of those traces is trusted on its own: a candidate commit is accepted
// only when the blobs of %P at base, ours (HEAD) and theirs are exactly the
// three files git gave the driver. When no candidate fits (a driver run by
// hand, `git am -3`, a recursive merge's virtual base), there is no context
// and the caller falls back to what the three locks record.

#include <expected>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lockkit::git {

enum class MergeOperation { Merge, Rebase, CherryPick, Revert, Stash };
const char* merge_operation_name(MergeOperation op);

struct MergeCommits {
    std::string base;    ///< full hex ids
    std::string ours;
    std::string theirs;
    MergeOperation operation = MergeOperation::Merge;
};

/// The three files the driver was given, as git blob ids (blob_id()).
struct DriverBlobs {
    std::string path;  ///< %P, relative to the top of the work tree
    std::string base;
    std::string ours;
    std::string theirs;
};

/// git's blob id (SHA-1 of "blob <size>\0" + content) of `content`.
std::string blob_id(std::string_view content);

/// The commits whose `path` holds exactly the three blobs, found from the
/// traces git leaves in `work_tree` (see above); nothing when none fits.
/// `command_line`: the git command running the driver (for cherry-pick and
/// revert); empty to look it up among the process's ancestors.
std::optional<MergeCommits> find_merge_commits(const std::filesystem::path& work_tree, const DriverBlobs& blobs,
                                               const std::vector<std::string>& command_line = {});

/// The argv of the nearest ancestor process that runs git (Linux /proc), or empty.
std::vector<std::string> git_ancestor_command_line();

/// A file merged as git merges text: the result and whether it holds conflicts.
struct MergedFile {
    std::optional<std::string> text;  ///< none when every side lacks the file
    bool conflicted = false;
};

/// git's three-way merge of `path` at the three commits.
std::expected<MergedFile, std::string> merge_file_at(const std::filesystem::path& work_tree, const MergeCommits& commits,
                                                     std::string_view path);

} // namespace lockkit::git
