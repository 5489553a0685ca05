#pragma once
// A Python virtual environment on disk (PEP 405), read without running its Python:
// where its site-packages folders are, which Python it was made for, who made it, and
// the PEP 508 marker environment that decides which of a lock's dependency edges apply
// to it (lock-verify --venv uses that; lock sync asks the interpreter instead).
//
// A folder is a virtual environment when it holds `pyvenv.cfg` (`key = value` lines).
// The Python version comes from `version_info` (uv, virtualenv: "3.12.4", virtualenv
// adds ".final.0") or `version` (the venv module), else from the `lib/pythonX.Y` folder
// name. site-packages is `lib/<python|pypy|graalpy>X.Y[t]/site-packages` (and the same
// under `lib64`, usually a link to `lib`) on POSIX, `Lib/site-packages` on Windows;
// folders reached twice through links are listed once.
//
// The marker environment pairs that Python with the platform lock-verify runs on (the
// venv's interpreter is never executed): sys_platform, os_name, platform_system,
// platform_machine, platform_release and platform_version come from uname(2).

#include "lockkit/pep508/marker.hpp"

#include <expected>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lockkit::install {

struct VirtualEnvironment {
    std::filesystem::path root;                        ///< absolute, lexically normal
    std::vector<std::filesystem::path> site_packages;  ///< existing folders, deduplicated, sorted
    std::string python_version;                        ///< "3.12.4", or "3.12" when only that is known
    std::string implementation = "CPython";            ///< `implementation` in pyvenv.cfg
    std::optional<std::string> uv_version;             ///< `uv = ...`: made by uv
    std::optional<std::string> lockkit_version;        ///< `lockkit = ...`: made by lock sync
    bool seeded = false;                               ///< `seed = true`: pip & co. were installed on purpose

    /// Made by uv or lockkit without seed packages: pip, setuptools, wheel and uv are
    /// then not expected there (`uv sync` removes them too).
    bool seedless() const { return (uv_version || lockkit_version) && !seeded; }
};

/// pip, setuptools, wheel and uv: what a seeded environment holds without the lock asking.
bool is_seed_package(std::string_view name);

/// Opens the virtual environment at `path`. The error says why it is not one (no
/// pyvenv.cfg, no site-packages, no recognisable Python version), with a hint when
/// `path/.venv` is one.
std::expected<VirtualEnvironment, std::string> open_virtual_environment(const std::filesystem::path& path);

/// The PEP 508 environment of `venv`'s Python on the platform this program runs on.
pep508::MarkerEnvironment marker_environment(const VirtualEnvironment& venv);

/// "CPython 3.12.4, linux x86_64" for messages.
std::string describe_environment(const pep508::MarkerEnvironment& env);

} // namespace lockkit::install
