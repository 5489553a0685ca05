#pragma once
// What builds a source tree (PEP 517/518): the `[build-system]` table of its
// pyproject.toml, with uv's answers where the table says nothing
// (uv-build-frontend `extract_pep517_backend`):
//
//   no pyproject.toml, but a setup.py      setuptools' legacy backend
//   no `[build-system]` table              `setuptools.build_meta:__legacy__`,
//                                          requiring `setuptools >= 40.8.0`
//   `[build-system]` without build-backend  the legacy backend, with the table's
//                                          `requires` (as pip and build do)
//
// `backend-path` entries are folders inside the tree (relative, existing, and still
// inside once symbolic links are followed); the hook runner puts them first on
// `sys.path`, so a project can carry its own backend.

#include <expected>
#include <filesystem>
#include <string>
#include <vector>

namespace lockkit::build {

struct BuildSystem {
    std::vector<std::string> requirements;  ///< `requires`: PEP 508 requirements, as written
    std::string backend;                ///< `module` or `module:object`
    std::vector<std::filesystem::path> backend_path;  ///< absolute folders inside the tree
    bool declared = false;              ///< the tree has a `[build-system]` table

    /// setuptools builds write into the tree (`build/`, `*.egg-info`): they must not overlap.
    bool is_setuptools() const;
};

/// The build system of the tree at `source_tree`; the error names the file and what is wrong.
std::expected<BuildSystem, std::string> read_build_system(const std::filesystem::path& source_tree);

} // namespace lockkit::build
