#pragma once
// Reading uv.lock from git objects through libgit2, never from the work tree:
// a file at a revision (`main`, `HEAD~2`, a commit id), at the merge base of two
// revisions (`A...B`, as `git diff A...B`), or in the index (`--cached`).
//
// A file that does not exist on a side is not an error: the result is an
// empty text, which load_lock_text() turns into an empty lock (everything
// added or removed). Errors (no repository, unknown revision) are Diagnostics.

#include "lockkit/util/diagnostic.hpp"

#include <expected>
#include <string>

namespace lockkit::diff {

/// One side of a revision diff: the text of `path` (empty when missing) and a label ("main:uv.lock").
struct GitSide {
    std::string text;
    std::string label;
};

/// Where to look: the repository containing `repo_dir`, and the file inside it.
struct GitQuery {
    std::string repo_dir = ".";
    std::string path = "uv.lock";
};

/// `path` as committed at `revision`.
std::expected<GitSide, Diagnostic> read_at_revision(const GitQuery& query, const std::string& revision);
/// `path` as staged in the index.
std::expected<GitSide, Diagnostic> read_from_index(const GitQuery& query);
/// The commit id of the merge base of two revisions (for `A...B`).
std::expected<std::string, Diagnostic> merge_base(const GitQuery& query, const std::string& a, const std::string& b);

} // namespace lockkit::diff
