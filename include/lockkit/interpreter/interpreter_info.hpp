#pragma once
// What lockkit knows about one Python interpreter after asking it once: the
// PEP 508 marker environment, the inputs of wheel-tag generation (version,
// implementation, free-threading and debug flags, libc or OS version,
// architecture, PEP 600's manylinux veto), and where it installs files (its
// sysconfig scheme, and the same scheme relative to a virtual environment
// made from it).
//
// The interpreter prints this as JSON (`probe_script()` in src/interpreter);
// `parse_interpreter_info` reads that answer. The answer carries a format
// number so a cached answer from another lockkit version is never misread.

#include "lockkit/pep508/marker.hpp"
#include "lockkit/tags/supported_tags.hpp"

#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lockkit::interpreter {

/// Where an installer puts each kind of file (sysconfig's path names).
struct InstallScheme {
    std::string purelib;
    std::string platlib;
    std::string include;
    std::string scripts;
    std::string data;
};

struct InterpreterInfo {
    pep508::MarkerEnvironment markers;
    unsigned python_major = 3;
    unsigned python_minor = 0;
    unsigned python_micro = 0;
    std::string implementation;          ///< sys.implementation.name: cpython, pypy, ...
    std::string implementation_version;  ///< "3.12.1", or the PyPy/GraalPy version
    bool gil_disabled = false;           ///< a free-threaded build
    bool debug = false;                  ///< Py_DEBUG
    unsigned pointer_size = 64;          ///< 32 or 64
    std::string os_name;                 ///< manylinux, musllinux, macos, windows, android, ios, freebsd, ...
    std::string arch;                    ///< as the interpreter reported it (x86_64, aarch64, arm64, i686, ...)
    std::optional<tags::Platform> platform;  ///< when lockkit knows the OS and architecture
    bool manylinux_compatible = false;   ///< glibc Linux whose `_manylinux` module allows manylinux wheels

    std::string executable;      ///< sys.executable
    std::string base_executable; ///< the interpreter a virtual environment points at
    std::string prefix;
    std::string base_prefix;
    std::string base_exec_prefix;
    std::string stdlib;
    std::vector<std::string> site_packages;
    std::vector<std::string> sys_path;   ///< without the script directory entry
    InstallScheme scheme;                ///< absolute, for installing into this interpreter
    InstallScheme venv_scheme;           ///< relative to the root of a virtual environment made from it

    /// "3.12"
    std::string python_version() const;
    /// The inputs of `tags::SupportedTags::for_interpreter`; the error names a platform
    /// lockkit has no wheel tags for.
    std::expected<tags::TagEnvironment, std::string> tag_environment() const;
    /// The interpreter's supported wheel tags, best first.
    std::expected<tags::SupportedTags, std::string> supported_tags() const;
};

/// Reads the probe's JSON answer. An answer in which the interpreter reports a
/// problem (too old, no libc found) is an error with its message; so is anything
/// that is not a probe answer of the format this lockkit writes.
std::expected<InterpreterInfo, std::string> parse_interpreter_info(std::string_view json);

} // namespace lockkit::interpreter
