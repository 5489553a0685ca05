#pragma once
// Finding a Python interpreter on this machine for a request and a project's
// `requires-python`. lockkit downloads no interpreters; it looks where they are
// installed, in this order, and takes the first that fits:
//
//   1. a File request: that file only (a folder: its bin/python3 or bin/python);
//   2. each PATH folder in turn: the request's names (`python3.12`, `python3`,
//      `python`), then every other `python3.N` there, newest first;
//   3. version managers' installs, newest version first within each: pyenv
//      ($PYENV_ROOT, else ~/.pyenv: versions/*/bin), asdf ($ASDF_DATA_DIR, else
//      ~/.asdf: installs/python/*/bin), mise ($MISE_DATA_DIR, else
//      $XDG_DATA_HOME/mise or ~/.local/share/mise: installs/python/*/bin) and uv's
//      managed Pythons ($UV_PYTHON_INSTALL_DIR, else $XDG_DATA_HOME/uv/python or
//      ~/.local/share/uv/python: cpython-*/bin).
//
// PATH comes first, as in uv (the first system Python found wins); version managers'
// folders are searched directly as well, because their PATH shims only run the
// version that is active in the current directory. Each candidate is asked about
// itself (the probe) unless its name or folder already rules it out ("python3.11"
// cannot answer a 3.12 request). When nothing fits, the error lists every candidate
// and why it was rejected.

#include "lockkit/interpreter/probe.hpp"
#include "lockkit/interpreter/python_request.hpp"

#include <expected>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace lockkit::interpreter {

/// Where discovery looks; `from_environment` fills it from the process environment.
struct SearchPlaces {
    std::vector<std::filesystem::path> path;  ///< the PATH folders, in order
    /// (label, folder holding one folder per installed version, bin folder below a version)
    struct Installs {
        std::string label;  ///< "pyenv", "asdf", "mise", "uv"
        std::filesystem::path root;
        std::string version_prefix;  ///< only version folders starting with this ("cpython-" for uv)
    };
    std::vector<Installs> installs;

    static SearchPlaces from_environment();
};

/// One interpreter looked at, and what became of it.
struct Candidate {
    std::filesystem::path path;
    std::string found_by;                ///< "PATH", "pyenv", "--python", ...
    std::optional<InterpreterInfo> info; ///< when it was probed successfully
    std::string rejection;               ///< empty for the one chosen
};

struct DiscoveryRequest {
    PythonRequest request;
    std::string request_origin = "--python";  ///< where the request came from, for messages
    /// The project's `requires-python` (empty: none).
    std::string requires_python;
    SearchPlaces places;
    const InterpreterCache* cache = nullptr;
    /// How many candidates may be probed at once, ahead of the one being judged (1: one after
    /// another). The choice is the same either way; a probe replaced by `probe` must then be
    /// safe to call from several threads.
    unsigned concurrent_probes = 4;
    /// How to ask an interpreter about itself (tests replace it); empty = probe_interpreter.
    std::function<std::expected<ProbeOutcome, std::string>(const std::filesystem::path&)> probe;
};

struct FoundInterpreter {
    std::filesystem::path path;  ///< the candidate as found (not resolved)
    InterpreterInfo info;
    std::vector<Candidate> rejected;  ///< what was passed over on the way
};

/// Why no interpreter fits: what was asked, and every candidate with its rejection.
struct DiscoveryError {
    std::string wanted;  ///< "Python 3.12 (from --python) and requires-python `>=3.9`"
    std::vector<Candidate> candidates;
    /// The message: "error: no Python interpreter found for ...", one line per candidate,
    /// then a hint.
    std::string render() const;
};

/// Searches for an interpreter (see the header comment for the order).
std::expected<FoundInterpreter, DiscoveryError> find_interpreter(const DiscoveryRequest& request);

/// Whether `info` satisfies `requires_python` (empty: yes); `why` gets the reason if not.
bool satisfies_requires_python(const InterpreterInfo& info, const std::string& requires_python,
                               std::string* why = nullptr);

} // namespace lockkit::interpreter
