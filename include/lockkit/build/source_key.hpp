#pragma once
// What identifies a build's input, so its results can be cached: a source
// distribution by the SHA-256 of its archive; a source tree (a project folder,
// a git checkout) by a SHA-256 over its files: each regular file's path, mode
// (executable or not) and content, and each symbolic link's path and target,
// in path order. Like uv's cache keys, which follow `pyproject.toml`,
// `setup.py`, `setup.cfg` and `src/`, the key changes when the project does; it
// follows every file, so an edited module also gives a new key.
//
// What a build or a tool leaves in a tree is not the project and is skipped:
// version-control folders (`.git`, `.hg`, `.svn`), virtual environments (any
// folder with a `pyvenv.cfg`), `__pycache__`, `*.egg-info`, and the top-level
// `build/` and `dist/` folders setuptools writes.

#include <expected>
#include <filesystem>
#include <string>

namespace lockkit::build {

/// The key of a source tree (64 hex digits); the error names what could not be read.
std::expected<std::string, std::string> source_tree_key(const std::filesystem::path& tree);

} // namespace lockkit::build
