#pragma once
// What `uv lock` asks the resolver for, computed from a workspace's pyproject.toml files alone
// (uv's `LockTarget` and the requirement set of `do_lock`; resolver-notes §5.1, §6.1, §8).
//
// The root requirements are, in this order: every member with all of its extras (sorted), as
// a directory source (editable for a package, virtual otherwise), then every member with all
// of its dependency groups (legacy `dev-dependencies` as `dev`), then the flattened groups of a
// non-project workspace root. Requirements are lowered through `tool.uv.sources`
// (pyproject/lowering.hpp, the same lowering that fills `[package.metadata]`); a local path or
// workspace source becomes a `file://` URL, so the resolver treats it as a URL package.
//
// Every source tree and archive reachable this way (members, path dependencies, their path
// dependencies) is read here: its version and requirements from `[project]`, a wheel's
// METADATA or a static sdist PKG-INFO, and from the caller's metadata builder what only a
// build can tell (dynamic dependencies, no version at all, a non-static sdist); without a
// builder that is an error naming the package. A source tree whose only dynamic field is its
// version is not built here: its version matters only if a requirement constrains it, and
// the resolution builds it then (resolve_lock.hpp). A direct-URL
// archive is downloaded (through the caller's fetcher) to read its metadata and hash. A git
// source (`tool.uv.sources` git with branch, tag or rev, and subdirectory, or a `git+` URL) is
// checked out through the caller's git fetcher and read as a source tree; the lock records it
// as uv does, `{ git = "<url>?<subdirectory, reference>#<commit>" }`.

#include <lockkit/git/git_source.hpp>
#include <lockkit/index/source_metadata.hpp>
#include <lockkit/project/lock_builder.hpp>
#include <lockkit/pyproject/lowering.hpp>
#include <lockkit/pyproject/workspace.hpp>
#include <lockkit/resolver/conflicts.hpp>
#include <lockkit/resolver/options.hpp>
#include <lockkit/resolver/provider.hpp>
#include <lockkit/resolver/python_requirement.hpp>
#include <lockkit/util/diagnostic.hpp>

#include <expected>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace lockkit::project {

/// A URL or local package and everything known about it before resolving.
struct UrlPackage {
    std::string name;
    resolver::UrlMetadata metadata;  ///< what the resolver reads
    LocalPackage lock;               ///< what the lock records
    /// A source tree whose only dynamic field is its version: what to build should a
    /// requirement constrain that version (`metadata.version` is a stand-in until then).
    std::optional<index::BuildSource> version_build;
};

struct LockTarget {
    std::filesystem::path root;  ///< the workspace root (where uv.lock lives)
    std::vector<std::string> members;
    /// Root requirements, constraints and overrides (preferences are added by the caller).
    resolver::Manifest manifest;
    resolver::RequiresPython requires_python;
    /// URL and source-tree packages by URL.
    std::map<std::string, UrlPackage> url_packages;
    /// `[manifest]` as the lock records it.
    lockfile::Manifest lock_manifest;
    /// `tool.uv.environments` / `required-environments`, as written and as markers.
    std::vector<std::string> environments_text;
    std::vector<std::string> required_environments_text;
    std::vector<pep508::MarkerTree> environments;
    std::vector<pep508::MarkerTree> required_environments;
    /// Packages pinned to a named index (`tool.uv.sources` `index = "..."`): name -> index URL.
    std::map<std::string, std::string> index_pins;
    /// `[[tool.uv.index]]` of the workspace root, in declaration order.
    std::vector<pyproject::Index> indexes;
    /// `tool.uv.conflicts` of the workspace (a non-project root's sets, then each member's by
    /// name), for the resolver, and the same sets as the lock records them.
    std::vector<resolver::ConflictSet> conflicts;
    std::vector<std::vector<lockfile::ConflictItem>> lock_conflicts;
};

/// The directory whose pyproject.toml is the workspace root for a project in `directory`:
/// the nearest ancestor (or itself) with `[tool.uv.workspace]` that includes it, else itself.
/// `root_pyproject`, when given, receives that root's pyproject.toml as the walk read it (when
/// it could), so that discover_workspace need not read it again.
std::filesystem::path find_workspace_root(const std::filesystem::path& directory,
                                          const pyproject::SourceOverlay* overlay = nullptr,
                                          std::optional<pyproject::PyProject>* root_pyproject = nullptr);

/// A direct-URL archive on disk, with its SHA-256.
struct FetchedArchive {
    std::filesystem::path path;
    std::string sha256;
};

/// Downloads a direct-URL archive (a wheel or sdist named by `name @ https://…` or a
/// `{ url = … }` source); the error says why it could not.
using ArchiveFetcher = std::function<std::expected<FetchedArchive, std::string>(const std::string& name, const std::string& url)>;

/// Checks out a git source (git/git_source.hpp); the error says why it could not.
using GitFetcher = std::function<std::expected<git::GitCheckout, std::string>(const git::GitSource& source)>;

/// A lowered git location (`<url>?subdirectory=…&branch=…`, as `[package.metadata]` records
/// it) as a source to fetch.
git::GitSource parse_git_location(std::string_view location);

/// The `requires-python` a workspace that declares none is locked for (uv takes `>=X.Y` of the
/// interpreter it finds); the error says why there is none.
using DefaultRequiresPython = std::function<std::expected<std::string, std::string>()>;

/// The lock target of a discovered workspace. Without a fetcher, direct-URL (or git)
/// dependencies are an error. Local packages' pyproject.toml files are read through `overlay`
/// when one is given. A workspace without `requires-python` is an error unless
/// `default_requires_python` gives one. Requirements `no_sources` names are lowered without
/// their `tool.uv.sources` (lowering.hpp); the members and their kinds stay as they are.
std::expected<LockTarget, Diagnostic> lock_target(const pyproject::Workspace& workspace,
                                                  const ArchiveFetcher& fetch = {}, const GitFetcher& git = {},
                                                  const pyproject::SourceOverlay* overlay = nullptr,
                                                  index::MetadataBuilder* builder = nullptr,
                                                  const DefaultRequiresPython& default_requires_python = {},
                                                  const pyproject::NoSources& no_sources = {});

} // namespace lockkit::project
