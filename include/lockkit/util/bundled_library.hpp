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
// Only the first use of libgit2, libcurl or libarchive searches; start-up never does.

#include <expected>
#include <filesystem>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace lockkit {

/// The bundled library `file_name` of the wheel the running program came
/// from; nothing for a build tree or a program installed another way.
std::optional<std::filesystem::path> find_bundled_library(std::string_view file_name);

/// The same search from `program_dir` (the directory of the executable, symlinks
/// resolved), preferring the site-packages with `lockkit-<version>.dist-info`.
std::optional<std::filesystem::path> find_bundled_library(const std::filesystem::path& program_dir,
                                                          std::string_view version, std::string_view file_name);

/// A library opened with dlopen (RTLD_NOW | RTLD_LOCAL), never closed.
struct OpenedLibrary {
    void* handle = nullptr;
    std::string name;  ///< the path or soname that opened
};

/// Opens the wheel's loader plugin `plugin_file` if there is one, else the first of `sonames`
/// that opens; the error lists what was tried and dlerror()'s reasons.
std::expected<OpenedLibrary, std::string> open_bundled_or_system(std::string_view plugin_file,
                                                                 std::initializer_list<std::string_view> sonames);

/// `dlsym` into a function pointer (POSIX guarantees the conversion); false when missing.
template <typename F>
bool bind_symbol(void* library, const char* symbol, F& out);

} // namespace lockkit

namespace lockkit::detail {
void* find_symbol(void* library, const char* symbol);
} // namespace lockkit::detail

template <typename F>
bool lockkit::bind_symbol(void* library, const char* symbol, F& out) {
    out = reinterpret_cast<F>(detail::find_symbol(library, symbol));
    return out != nullptr;
}
