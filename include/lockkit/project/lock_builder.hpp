#pragma once
// From a merged resolution graph to the uv.lock model (uv's `Lock::from_resolution`,
// `uv-resolver/src/lock/mod.rs`).
//
// One `[[package]]` per base node of the graph, named by (name, version, source): a registry
// package by the index it came from, a URL or source-tree package as the project layer says
// (`LocalPackage`). A name locked more than once carries the fork markers that meet its
// reachability. Registry packages record the files uv records (`ResolvedPackage::wheels` and
// `sdist`), minus wheels no environment of the lock can install (requires-python, OS family);
// each with the largest hash, its size and upload time. Edges are the graph's, grouped by the
// parent node's variant (production, extra, group), their markers simplified under
// requires-python, restricted under the parent's reachability and, when printed, under the
// lock's environment; edges to one package with equal simplified markers merge their extras.
// Extras that the target package never resolved are dropped from edges.
//
// The result is not sorted: `lockfile::canonicalize` puts it in uv's order before writing.

#include <lockkit/lockfile/lock.hpp>
#include <lockkit/resolver/python_requirement.hpp>
#include <lockkit/resolver/resolution_graph.hpp>

#include <expected>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace lockkit::project {

/// A direct-URL or source-tree package: how the lock names it, and what it declared.
struct LocalPackage {
    lockfile::Source source;
    bool dynamic_version = false;          ///< the lock omits `version`
    lockfile::PackageMetadata metadata;    ///< `[package.metadata]`
    std::optional<lockfile::Artifact> sdist;  ///< archives: `{ hash = ... }`
    std::vector<lockfile::Artifact> wheels;   ///< wheel archives
};

/// Where a registry's files are, as the lock names them.
struct RegistryLocation {
    lockfile::Source source;  ///< `{ registry = "<url>" }` or `{ registry = "<path>" }`
    /// For an index on the filesystem: the directory its files are written relative to, and
    /// whether the lock keeps them absolute (the index was given as an absolute path).
    std::optional<std::string> directory;
    bool absolute = false;
};

struct LockInputs {
    resolver::RequiresPython requires_python;
    /// `tool.uv.environments` and `required-environments`, complexified with requires-python.
    std::vector<pep508::MarkerTree> supported_environments;
    std::vector<pep508::MarkerTree> required_environments;
    lockfile::Options options;
    lockfile::Manifest manifest;
    /// `tool.uv.conflicts` as the lock records them.
    std::vector<std::vector<lockfile::ConflictItem>> conflicts;
    /// URL or source-tree packages by the URL the resolution used.
    std::map<std::string, LocalPackage> local_packages;
    /// The lock's name for an index URL of the resolution.
    std::function<RegistryLocation(const std::string& index_url)> registry;
};

/// `requires-python` as uv.lock writes it (`>=3.8, <4`).
std::string requires_python_text(const resolver::RequiresPython& requires_python);

/// The lock of a resolution; errors name the package that could not be locked.
std::expected<lockfile::Lock, std::string> build_lock(const resolver::ResolutionGraph& graph, const LockInputs& inputs);

} // namespace lockkit::project
