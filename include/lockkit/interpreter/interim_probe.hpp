#pragma once
// Asking a Python interpreter about itself: the minimal probe the installer needs
// until the full interpreter probe (wheel-tag inputs, libc and manylinux detection)
// lands in this folder as `probe.hpp`, `interpreter_info.hpp` and
// `interpreter_cache.hpp`. The names and fields here are a subset of that probe's,
// spelled the same way, so that replacing this header with `probe.hpp` changes no
// caller: callers use `probe_interpreter`, `ProbeOutcome`, `InterpreterCache` and the
// fields of `InterpreterInfo` declared below, and nothing else.
//
// The interpreter runs a short script (`python -I -B -c ...`: isolated, so nothing
// from the environment or the current directory is imported, and no bytecode is
// written) that prints one JSON object. Starting a Python and importing sysconfig
// costs 40-80 ms, so answers are cached per interpreter file (absolute path, size and
// modification time of the file it resolves to) under
// `<cache>/interpreter-interim-v1/`; a launcher that runs another file (a pyenv shim:
// `sys.executable` is not the file asked about) is never cached.

#include "lockkit/pep508/marker.hpp"

#include <expected>
#include <filesystem>
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

    std::string executable;       ///< sys.executable
    std::string base_executable;  ///< the interpreter a virtual environment points at
    std::string prefix;
    std::string base_prefix;
    std::string base_exec_prefix;
    std::string stdlib;
    std::vector<std::string> site_packages;
    std::vector<std::string> sys_path;  ///< without the script directory entry
    InstallScheme scheme;               ///< absolute, for installing into this interpreter
    InstallScheme venv_scheme;          ///< relative to the root of a virtual environment made from it

    /// "3.12"
    std::string python_version() const;
};

/// Reads the probe's JSON answer; the error says what is missing or malformed.
std::expected<InterpreterInfo, std::string> parse_interpreter_info(std::string_view json);

/// The script the interpreter runs (for tests and for reading).
std::string_view probe_script();

/// Cached probe answers under `<root>/interpreter-interim-v1/` (root: the lockkit cache).
class InterpreterCache {
public:
    explicit InterpreterCache(std::filesystem::path root) : m_root(std::move(root)) {}
    const std::filesystem::path& root() const { return m_root; }

private:
    std::filesystem::path m_root;
};

struct ProbeOutcome {
    InterpreterInfo info;
    bool from_cache = false;
};

/// Probes `python` (a path, or a name looked up in PATH), through `cache` when given.
/// The error says which interpreter could not be queried and why.
std::expected<ProbeOutcome, std::string> probe_interpreter(const std::filesystem::path& python,
                                                           const InterpreterCache* cache = nullptr);

} // namespace lockkit::interpreter
