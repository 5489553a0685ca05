#pragma once
// A uv workspace found on disk: the root pyproject.toml and every member's.
//
// Representation. `root` is the absolute, lexically normal workspace directory. Members are
// keyed by normalized project name and kept sorted by it (uv's BTreeMap). A member's `path` is
// its directory relative to the root with forward slashes ("." for the root project), which is
// how uv.lock names source trees. The root is a member only when it has a `[project]`; a root
// without one is a virtual workspace root whose `[dependency-groups]` go to `[manifest]`.
//
// Member globs support `*` and `?` within one path segment and literal segments
// (`packages/*`, `libs/*/python`); `**` and character classes are not supported (see
// docs/pyproject.md). Hidden directories without a pyproject.toml are skipped, as uv does.

#include <expected>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lockkit/pyproject/pyproject.hpp"
#include "lockkit/pyproject/source_overlay.hpp"

namespace lockkit::pyproject {

struct Member {
    std::string name;                 ///< normalized project name
    std::string path;                 ///< relative to the workspace root, '/'-separated, "." for the root
    std::filesystem::path directory;  ///< absolute
    PyProject pyproject;
};

struct Workspace {
    std::filesystem::path root;  ///< absolute
    PyProject root_pyproject;
    std::vector<Member> members;  ///< sorted by name

    /// The member with this normalized name, or nullptr.
    const Member* find(std::string_view name) const;
    /// Whether the root pyproject.toml has a `[project]` table.
    bool root_is_project() const { return root_pyproject.project.has_value(); }
    /// A single-project workspace: one member, which is the root (uv omits `manifest.members`).
    bool is_single_project() const { return members.size() == 1 && root_is_project(); }
};

/// Whether one path segment matches a glob segment (`*` any run, `?` one character).
bool glob_segment_match(std::string_view pattern, std::string_view segment);
/// Whether a '/'-separated relative path matches a glob segment by segment.
bool glob_match(std::string_view pattern, std::string_view path);

/// Reads `root/pyproject.toml` and every member matched by `tool.uv.workspace.members`,
/// minus `exclude`. Errors: unreadable or invalid pyproject.toml files, a matched directory
/// without one, a member without `[project]`, two members with the same name. Files are read
/// through `overlay` when one is given (source_overlay.hpp). `root_pyproject`: the root's
/// pyproject.toml when the caller has already read it (find_workspace_root).
std::expected<Workspace, Diagnostic> discover_workspace(const std::filesystem::path& root,
                                                       const SourceOverlay* overlay = nullptr,
                                                       std::optional<PyProject> root_pyproject = std::nullopt);

} // namespace lockkit::pyproject
