#pragma once
// Asking a Python interpreter about itself, once: it runs a small script
// shipped inside lockkit (`python -I -B -c <script>`: isolated mode, so nothing
// from the environment, the user's site-packages or the current directory is
// imported, and no bytecode is written), which prints an `InterpreterInfo` as
// JSON.
//
// Answers are cached (see interpreter_cache.hpp) because starting a Python
// costs 10-40 ms and a lock or sync asks about the same interpreter again and
// again. A launcher that runs another file (a pyenv shim: `sys.executable` is
// not the file asked about) is never cached, as what it runs can change without
// the launcher changing.

#include "lockkit/interpreter/interpreter_cache.hpp"
#include "lockkit/interpreter/interpreter_info.hpp"

#include <expected>
#include <filesystem>
#include <string>
#include <string_view>

namespace lockkit::interpreter {

/// The script the interpreter runs (for tests and for reading).
std::string_view probe_script();

struct ProbeOutcome {
    InterpreterInfo info;
    bool from_cache = false;
};

/// Probes `python` (a path, or a name looked up in PATH), through `cache` when given
/// (a bare name is never cached: what it finds depends on PATH).
/// The error says which interpreter could not be queried and why, with a hint when
/// it is too old.
std::expected<ProbeOutcome, std::string> probe_interpreter(const std::filesystem::path& python,
                                                           const InterpreterCache* cache = nullptr);

} // namespace lockkit::interpreter
