#pragma once
// A pyproject.toml as uv reads it: the parts of `[project]`, `[dependency-groups]`,
// `[build-system]` and `[tool.uv]` that decide what uv records for a workspace member in
// uv.lock (`[package.metadata]`, `[manifest]`).
//
// Representation. Requirement strings are parsed once, at read time, into
// `pep508::Requirement`s (normalized name, extras, sorted specifiers, canonical marker) and
// keep their 1-based source position so later stages can point at them. Names of packages,
// extras and groups are kept normalized (PEP 503); the project name is also kept as written.
// Lists keep declaration order (extras, groups, sources, indexes). Dependency groups are kept
// unflattened, exactly as declared (PEP 735 `{include-group = "x"}` items included);
// dependency_groups.hpp flattens them. `tool.uv.dev-dependencies` is kept apart (the legacy
// spelling of group `dev`). Every type error is a Diagnostic with file:line:column.

#include <cstdint>
#include <expected>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lockkit/pep508/requirement.hpp"
#include "lockkit/util/diagnostic.hpp"

namespace lockkit::pyproject {

/// A PEP 508 requirement string from pyproject.toml, parsed, with where it was written.
struct Dependency {
    pep508::Requirement requirement;
    std::string text;          ///< as written
    std::uint32_t line = 0;    ///< 1-based position of the string in the file
    std::uint32_t column = 0;
};

/// One item of a PEP 735 dependency group: a requirement or `{include-group = "name"}`.
struct GroupItem {
    std::optional<Dependency> requirement;
    std::string include_group;  ///< normalized; set iff `requirement` is empty
    std::uint32_t line = 0;
    std::uint32_t column = 0;
};

/// A `[dependency-groups]` entry as declared.
struct DependencyGroup {
    std::string name;  ///< normalized
    std::vector<GroupItem> items;
    std::uint32_t line = 0;
    std::uint32_t column = 0;
};

/// One `tool.uv.sources` entry (a package maps to one entry or a list with markers).
struct Source {
    enum class Kind : std::uint8_t { Workspace, Path, Git, Url, Registry };
    Kind kind = Kind::Registry;
    std::string location;  ///< path, git URL, URL, or index name; empty for workspace
    std::optional<bool> editable;   ///< path and workspace sources
    std::optional<bool> package;    ///< path sources
    std::optional<std::string> rev, tag, branch;  ///< git
    std::optional<std::string> subdirectory;      ///< git and url
    std::optional<bool> lfs;                      ///< git
    pep508::MarkerTree marker;                    ///< always true unless given
    std::optional<std::string> extra;             ///< normalized; only for this extra
    std::optional<std::string> group;             ///< normalized; only for this group
};

/// All sources of one package name.
struct PackageSources {
    std::string name;  ///< normalized
    std::vector<Source> sources;
};

/// A `[[tool.uv.index]]` entry.
struct Index {
    std::optional<std::string> name;
    std::string url;
    bool is_default = false;
    bool is_explicit = false;
    bool flat = false;  ///< `format = "flat"`: a folder or page of files, like find-links
};

/// `[tool.uv.workspace]`.
struct WorkspaceSpec {
    std::vector<std::string> members;  ///< globs relative to the root
    std::vector<std::string> exclude;
};

/// `[tool.uv]`, the keys lockkit needs.
struct ToolUv {
    std::optional<bool> package;
    std::vector<PackageSources> sources;
    std::vector<Index> indexes;
    std::optional<WorkspaceSpec> workspace;
    std::optional<std::vector<Dependency>> dev_dependencies;  ///< legacy group `dev`
    std::vector<Dependency> constraint_dependencies;
    std::vector<Dependency> override_dependencies;
    std::vector<Dependency> build_constraint_dependencies;
    /// Each set: items as (package or "", "extra"|"group"|"", name or "").
    struct ConflictItem {
        std::string package, kind, name;
    };
    std::vector<std::vector<ConflictItem>> conflicts;
    std::vector<std::string> environments;           ///< marker strings, as written
    std::vector<std::string> required_environments;  ///< marker strings, as written
    std::optional<std::vector<std::string>> default_groups;  ///< normalized; `"all"` kept
    bool default_groups_all = false;                         ///< `default-groups = "all"`
};

/// `[project]`.
struct Project {
    std::string name;          ///< normalized
    std::string name_as_written;
    std::optional<std::string> version;
    std::vector<std::string> dynamic;
    std::optional<std::string> requires_python;
    std::vector<Dependency> dependencies;
    bool has_dependencies = false;  ///< `dependencies` present (possibly empty)
    /// Extra name (normalized) and its requirements, declaration order.
    std::vector<std::pair<std::string, std::vector<Dependency>>> optional_dependencies;

    bool is_dynamic(std::string_view field) const;
};

struct PyProject {
    std::string file;    ///< as named to the parser, for diagnostics
    std::string source;  ///< the file's text, for locating later errors
    std::optional<Project> project;
    std::vector<DependencyGroup> dependency_groups;
    bool has_build_system = false;
    std::string build_backend;     ///< `build-system.build-backend` when it is a string (build/ checks it)
    bool has_tool_poetry = false;  ///< a `[tool.poetry]` table (Poetry's own dependency syntax)
    ToolUv tool_uv;

    /// uv's `is_package(require_build_system)`: `tool.uv.package` if set, else whether
    /// there is a `[build-system]` (or true when one is not required).
    bool is_package(bool require_build_system = true) const {
        if (tool_uv.package) {
            return *tool_uv.package;
        }
        return has_build_system || !require_build_system;
    }
    /// The sources of `name` (normalized), or nullptr.
    const PackageSources* sources_for(std::string_view name) const;
};

/// Parses the text of a pyproject.toml; `file` names it in diagnostics.
std::expected<PyProject, Diagnostic> parse_pyproject(std::string_view text, std::string_view file);

/// Reads and parses a pyproject.toml from disk (diagnostics name the path as given).
std::expected<PyProject, Diagnostic> read_pyproject(const std::filesystem::path& path);

} // namespace lockkit::pyproject
