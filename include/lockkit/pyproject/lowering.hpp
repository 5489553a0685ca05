#pragma once
// Lowering: what uv records for a workspace in uv.lock, computed from pyproject.toml files
// alone (uv's `LoweredRequirement`, `RequiresDist`, `Lock::satisfies` inputs).
//
// A declared PEP 508 requirement becomes one or more `lockfile::Requirement` tables:
// - no `tool.uv.sources` entry (the member's own, else the workspace root's): a registry
//   requirement with the sorted, ","-joined specifier, or the PEP 508 URL classified as git
//   (`git = "<repo>?subdirectory=..&rev=.."`), local file/directory, or direct URL;
// - a source list: one requirement per source whose `extra`/`group` matches, with the
//   source's marker and-ed in, plus the requirement without a source for the part of the
//   marker space no source covers;
// - workspace = true: `editable = "<member path>"` (a required member is a package unless
//   `tool.uv.package = false`, which gives `virtual`), `directory` when `editable = false`;
// - path: relative to the declaring project (the root for root sources), written relative to
//   the workspace root: `editable`, `directory` (`virtual` with `package = false`) or `path`;
// - index = "name": `index = "<url of that [[tool.uv.index]]>"`.
// Markers are canonical (`MarkerTree::to_string`) and not simplified against requires-python;
// optional dependencies get `extra == 'x'` and-ed in. Errors (undeclared index or workspace
// member, dynamic dependencies) are Diagnostics located in the declaring pyproject.toml.
//
// Under uv's `no-sources` (NoSources) a requirement is taken as written, its sources neither
// applied nor checked: a registry requirement, or its own PEP 508 URL. Which members the
// workspace holds, and whether another member requires them as packages, does not change.

#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lockkit/lockfile/lock.hpp"
#include "lockkit/pyproject/workspace.hpp"

namespace lockkit::pyproject {

/// uv's `no-sources` / `no-sources-package`: the requirements lowered without
/// `tool.uv.sources` (none by default).
struct NoSources {
    bool all = false;                   ///< `no-sources`: every requirement
    std::vector<std::string> packages;  ///< `no-sources-package`: these names (normalized)

    /// Whether the sources of a requirement on `name` are ignored.
    bool for_package(std::string_view name) const;
};

/// Lowers one declared requirement of `member` (nullptr: the non-project workspace root).
/// `marker` replaces the requirement's own marker (it carries `extra == 'x'` for extras);
/// `extra`/`group` select the sources scoped to them.
std::expected<std::vector<lockfile::Requirement>, Diagnostic> lower_requirement(
    const Workspace& workspace, const Member* member, const Dependency& dependency, pep508::MarkerTree marker,
    const std::optional<std::string>& extra = std::nullopt, const std::optional<std::string>& group = std::nullopt,
    const NoSources& no_sources = {});

/// `[package.metadata]` of a member: requires-dist, provides-extras and requires-dev, each
/// set only when non-empty (as uv writes them).
std::expected<lockfile::PackageMetadata, Diagnostic> lower_metadata(const Workspace& workspace, const Member& member,
                                                                    const NoSources& no_sources = {});

/// `[manifest]`: members (empty for a single-project workspace), constraints, overrides,
/// build-constraints and the non-empty dependency groups of a non-project root.
std::expected<lockfile::Manifest, Diagnostic> lower_manifest(const Workspace& workspace, const NoSources& no_sources = {});

} // namespace lockkit::pyproject
