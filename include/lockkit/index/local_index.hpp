#pragma once
// Indexes on the local filesystem, which need no HTTP:
//
//   * a `file://` index: a folder with `<project>/index.html` per project (PEP
//     503 HTML only); a project without its page is simply not on that index;
//   * a `--find-links` folder: every file in it (not in sub-folders) whose name
//     is a wheel or sdist name, with a `file://` URL and nothing else known
//     (no hashes, requires-python, size or upload time).

#include "lockkit/index/project_files.hpp"
#include "lockkit/util/diagnostic.hpp"

#include <expected>
#include <filesystem>
#include <optional>
#include <string_view>

namespace lockkit::index {

/// The page of `project` (normalized) in the `file://` index at `root`; nothing when
/// the index has no page for it. Errors: an unreadable or malformed page.
std::expected<std::optional<ProjectFiles>, Diagnostic> read_local_project_page(const std::filesystem::path& root,
                                                                               std::string_view project);

/// The distribution files in the folder `directory`, sorted by filename.
std::expected<ProjectFiles, Diagnostic> list_find_links_directory(const std::filesystem::path& directory);

} // namespace lockkit::index
