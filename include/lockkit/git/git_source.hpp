#pragma once
// Git sources (`tool.uv.sources` `git = ...` with `branch`, `tag` or `rev`,
// and `subdirectory`), fetched through libgit2 into the lockkit cache:
//
//   git-v1/db/<key>/                  one bare database per repository URL
//   git-v1/checkouts/<key>/<commit>/  one working tree per commit, never changed
//
// `<key>` is a digest of the repository URL without credentials and without a
// trailing `/` or `.git`, so spellings of one repository share a database.
//
// Resolving: a branch is fetched as `refs/heads/<branch>`, a tag as
// `refs/tags/<tag>`, no reference as the remote's HEAD; a `rev` is a commit
// (full or abbreviated), or failing that a branch, tag or other ref name, so
// every branch and tag is fetched for it. The answer is always a full commit.
// A full commit that the database already has needs no fetch at all.
//
// A checkout is written into a temporary folder beside its final place and
// renamed there when complete, so a checkout that exists is whole. Offline,
// references resolve from what the last fetch stored, and a commit the
// database lacks is an error that says so.

#include <expected>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace lockkit::git {

struct GitReference {
    enum class Kind { Default, Branch, Tag, Rev };
    Kind kind = Kind::Default;
    std::string name;  ///< branch, tag or rev; empty for Default
};

struct GitSource {
    std::string url;  ///< as given (https://, ssh://, file://, a path)
    GitReference reference;
    std::optional<std::string> subdirectory;
};

struct GitCheckout {
    std::string commit;               ///< 40 hex digits
    std::filesystem::path root;       ///< the checkout of that commit
    std::filesystem::path directory;  ///< root/subdirectory: the project
};

struct GitFetchOptions {
    std::filesystem::path cache_root;  ///< the lockkit cache root
    bool offline = false;
    /// Fetch again even when a full commit is already in the database (--refresh).
    bool refresh = false;
};

/// The database key of a repository URL.
std::string git_repository_key(std::string_view url);

/// Fetches (unless offline) and checks out the source; the error names the URL
/// (without credentials), the reference and libgit2's reason.
std::expected<GitCheckout, std::string> fetch_git_source(const GitSource& source, const GitFetchOptions& options);

} // namespace lockkit::git
