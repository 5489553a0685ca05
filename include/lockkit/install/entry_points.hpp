#pragma once
// Console and GUI scripts: `entry_points.txt` of a wheel (the *Entry points*
// spec), and the small launcher files an installer writes for them into the
// environment's `bin/`.
//
// entry_points.txt is a case-sensitive INI file with `=` as the only delimiter;
// `[console_scripts]` and `[gui_scripts]` map a script name to
// `module.path:attr.path`, optionally followed by `[extra, ...]` (ignored at
// install time); spaces around `:` and the brackets are allowed. A key without a
// value is an error, as in uv. Like uv and pip, a `pip3` script also gets a
// `pip3.<minor>` twin for the target Python, and stale `pip3.N` entries are dropped.
//
// A launcher is uv's (pip's template without `import re`): the shebang, a coding
// line, `from <module> import <first part of attr>`, and `sys.exit(<attr>())`
// after stripping a `-script.pyw` or `.exe` suffix from argv[0]. The shebang is
// `#!<python>`, or, when that line would pass 127 bytes or the path holds a space,
// a `/bin/sh` line that execs the interpreter (pip's and uv's trick).

#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lockkit::install {

struct Script {
    std::string name;
    std::string module;
    std::string function;  ///< the attribute path: `main`, `cli.run`
};

struct EntryPoints {
    std::vector<Script> console;
    std::vector<Script> gui;
};

/// Parses entry_points.txt; `python_minor` is the target Python's minor version (for
/// pip's versioned launcher). The error names the section and key.
std::expected<EntryPoints, std::string> parse_entry_points(std::string_view text, unsigned python_minor);

/// The first line(s) of a script run by `python` (an absolute path), without the
/// trailing newline.
std::string format_shebang(std::string_view python);

/// The launcher file for a script.
std::string launcher_script(const Script& script, std::string_view shebang);

/// Script names that would shadow the environment's interpreters (`python`, `python3`,
/// `python3.12`, `pypy3`, ...; case-insensitive, `.exe`/`.py` stripped): the
/// reserved name, or nullopt when `name` is fine.
std::optional<std::string> reserved_script_name(std::string_view name);

/// Whether a script path stays inside `bin/` (no `/`, `\`, `..`, not empty).
bool is_plain_script_name(std::string_view name);

} // namespace lockkit::install
