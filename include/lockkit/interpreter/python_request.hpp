#pragma once
// Which Python the user asked for, in the spellings uv accepts for `--python`,
// `UV_PYTHON` and `.python-version`:
//
//   /usr/bin/python3.12, ./venv/bin/python   a file (or an installation's folder)
//   3, 3.12, 3.12.1                          a version: the given components must match
//   >=3.11, >=3.9,<3.13, ==3.12.*            PEP 440 specifiers on the full version
//   python3.12, cpython3.12, cpython@3.12,   an implementation with an optional version
//   cp312, pypy3.10, pypy
//   python3.12-custom                        any other word: an executable name in PATH
//
// A request narrows the search (interpreter/discovery.hpp) and is checked against
// each interpreter found: `matches` says whether one fits and, if not, why.

#include "lockkit/interpreter/probe.hpp"
#include "lockkit/pep440/specifiers.hpp"

#include <expected>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lockkit::interpreter {

struct PythonRequest {
    enum class Kind : std::uint8_t { Any, File, Version, Name };
    Kind kind = Kind::Any;
    std::string text;                       ///< as the user wrote it; empty for Any
    std::filesystem::path file;             ///< File: the interpreter or installation folder
    std::string name;                       ///< Name: an executable to look up in PATH
    std::string implementation;             ///< "cpython", "pypy", "graalpy"; empty = any
    std::vector<unsigned> release;          ///< Version with plain numbers: {3, 12}
    std::optional<pep440::VersionSpecifiers> specifiers;  ///< Version with operators

    /// Parses a request; the error shows the accepted forms.
    static std::expected<PythonRequest, std::string> parse(std::string_view text);

    /// Whether the version and implementation fit (File and Name requests fit any);
    /// when not, `why` gets a short reason ("it is Python 3.11.7, not 3.12").
    bool matches(const InterpreterInfo& info, std::string* why = nullptr) const;

    /// Whether an interpreter of this version could fit, judged before probing it (from a
    /// folder or file name such as `3.11.7` or `python3.11`).
    bool could_match(const std::vector<unsigned>& version) const;

    /// The executable names to look for in each PATH folder, best first: `python3.12`,
    /// `python3`, `python` for `3.12`; the name itself for a Name request.
    std::vector<std::string> executable_names() const;

    /// For messages: "Python 3.12", "Python >=3.11", "`/usr/bin/python3`", "any Python".
    std::string describe() const;
};

/// Where uv looks for the `.python-version` of a project (uv-python version_files.rs; in each
/// folder `.python-version`, else `.python-versions`, whose first request is used): from
/// `directory` up to `stop_at` (the workspace root) and no further, else the global pin in
/// the user's uv folder, which is skipped when its plain version falls outside
/// `requires_python` (a `.python-version` only: uv never skips a global `.python-versions`). With `no_config` (--no-config, UV_NO_CONFIG) no file is read.
struct VersionFileSearch {
    std::filesystem::path directory;
    std::optional<std::filesystem::path> stop_at;
    std::optional<std::filesystem::path> global_dir;  ///< pyproject::user_config_dir()
    std::string requires_python;                      ///< the project's; empty: any
    bool no_config = false;
    /// Gets uv's warning for each line skipped as an executable's name (uv warns and goes on).
    std::vector<std::string>* warnings = nullptr;
};

/// The request and its file as uv finds them for a project; nullopt when none applies.
std::expected<std::optional<std::pair<PythonRequest, std::filesystem::path>>, std::string>
find_python_version_file(const VersionFileSearch& search);

} // namespace lockkit::interpreter
