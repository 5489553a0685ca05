#pragma once
// Project files that are not (or not yet) on disk, seen in place of what is.
//
// A merge driver runs before git writes the merged pyproject.toml files into the work tree,
// and a merge run by hand has no merged files at all; yet the project layer has to read the
// workspace as the merge will leave it. A `SourceOverlay` maps absolute, lexically normal paths
// to the text the project layer should read there, or to "absent" (a file the merge deletes).
// Directories that hold an overlaid file exist for workspace discovery even when they are
// not on disk (a member only the other side added). Every other path reads from disk, so
// relative paths (local indexes, path dependencies, archives) mean what they mean in the
// work tree.

#include <lockkit/pyproject/pyproject.hpp>
#include <lockkit/util/diagnostic.hpp>

#include <expected>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace lockkit::pyproject {

struct SourceOverlay {
    /// Absolute, lexically normal path (generic form) -> text; nullopt: the file is absent.
    std::map<std::string, std::optional<std::string>> files;

    /// Sets the text of `path` (made absolute and normal).
    void put(const std::filesystem::path& path, std::optional<std::string> text);
    /// The overlaid entry of `path`: none when the overlay does not know the path.
    const std::optional<std::string>* find(const std::filesystem::path& path) const;
    /// Whether some overlaid (present) file lies under `directory`.
    bool has_directory(const std::filesystem::path& directory) const;
    /// Names of the directories directly under `directory` that hold overlaid files.
    std::vector<std::string> subdirectories(const std::filesystem::path& directory) const;
};

/// The key an overlay uses for `path`.
std::string overlay_key(const std::filesystem::path& path);

/// Whether `path` is a regular file, seen through `overlay` (may be null).
bool overlay_is_file(const std::filesystem::path& path, const SourceOverlay* overlay);
/// Whether `path` is a directory, seen through `overlay` (may be null).
bool overlay_is_directory(const std::filesystem::path& path, const SourceOverlay* overlay);
/// The text of `path`, seen through `overlay` (may be null); the error says why not.
std::expected<std::string, std::string> overlay_read(const std::filesystem::path& path, const SourceOverlay* overlay);
/// `read_pyproject` through `overlay` (may be null).
std::expected<PyProject, Diagnostic> read_pyproject(const std::filesystem::path& path, const SourceOverlay* overlay);

} // namespace lockkit::pyproject
