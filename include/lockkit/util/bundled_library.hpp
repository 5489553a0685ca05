#pragma once
// Shared libraries shipped inside lockkit's Python wheel (docs/packaging.md).
// A wheel installs the programs into an environment's `bin/` and everything
// else into its site-packages, whose path names the Python version
// (`lib/python3.12/site-packages`): the wheel serves every Python 3, so that
// path is unknown when it is built and cannot be an RPATH. meson-python puts
// the loader plugins (packaging/meson.build) into `.lockkit.mesonpy.libs/` in
// site-packages, auditwheel the libraries they need into `lockkit.libs/` beside
// it. A program therefore looks, from the directory of its own executable, at
// `../lib*/{python,pypy}*/{site,dist}-packages/.lockkit.mesonpy.libs/`: the
// layout of virtual environments (uv tool, pipx, pre-commit), of
// `pip install --user`, and of system prefixes (Debian's dist-packages,
// Fedora's lib64). A site-packages that holds `lockkit-<this version>.dist-info`
// is preferred, in case one prefix has lockkit for several Pythons.
// Only the first use of libgit2 or libcurl searches; start-up never does.

#include <filesystem>
#include <optional>
#include <string_view>

namespace lockkit {

/// The bundled library `file_name` of the wheel the running program came
/// from; nothing for a build tree or a program installed another way.
std::optional<std::filesystem::path> find_bundled_library(std::string_view file_name);

/// The same search from `program_dir` (the directory of the executable, symlinks
/// resolved), preferring the site-packages with `lockkit-<version>.dist-info`.
std::optional<std::filesystem::path> find_bundled_library(const std::filesystem::path& program_dir,
                                                          std::string_view version, std::string_view file_name);

} // namespace lockkit
