// Entry points and launchers; see include/lockkit/install/entry_points.hpp.

#include "lockkit/install/entry_points.hpp"
#include "lockkit/util/strings.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>

namespace lockkit::install {

namespace {

/// A module or attribute path: word characters, `-` and `.` (non-ASCII letters pass as bytes).
bool is_reference(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return std::isalnum(u) || c == '_' || c == '-' || c == '.' || u >= 0x80;
    });
}

/// `module:function [extras]` with the spec's optional spaces; nullopt when malformed.
std::optional<Script> parse_value(const std::string& name, std::string_view value) {
    value = trim_whitespace(value);
    if (const auto bracket = value.find('['); bracket != std::string_view::npos) {
        // Extras: `[a, b]` at the end, each item non-empty; ignored at install time.
        if (value.back() != ']') {
            return std::nullopt;
        }
        const std::string_view extras = trim_whitespace(value.substr(bracket + 1, value.size() - bracket - 2));
        if (extras.empty()) {
            return std::nullopt;
        }
        value = trim_whitespace(value.substr(0, bracket));
    }
    const auto colon = value.find(':');
    if (colon == std::string_view::npos) {
        return std::nullopt;
    }
    const std::string_view module = trim_whitespace(value.substr(0, colon));
    const std::string_view function = trim_whitespace(value.substr(colon + 1));
    if (!is_reference(module) || !is_reference(function)) {
        return std::nullopt;
    }
    return Script{name, std::string(module), std::string(function)};
}

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

bool is_small_number(std::string_view s) {
    return !s.empty() && s.size() <= 3 &&
           std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }) &&
           std::stoul(std::string(s)) <= 255;
}

} // namespace

std::expected<EntryPoints, std::string> parse_entry_points(std::string_view text, unsigned python_minor) {
    // Each section is a map (a later key replaces an earlier one, as in uv's INI reader).
    std::map<std::string, std::map<std::string, std::optional<std::string>>> sections;
    std::string section;
    std::size_t pos = 0;
    while (pos < text.size()) {
        auto eol = text.find('\n', pos);
        if (eol == std::string_view::npos) {
            eol = text.size();
        }
        const std::string_view line = trim_whitespace(text.substr(pos, eol - pos));
        pos = eol + 1;
        if (line.empty() || line.front() == '#' || line.front() == ';') {
            continue;
        }
        if (line.front() == '[') {
            if (line.back() != ']') {
                return std::unexpected("entry_points.txt is invalid: unclosed section header `" + std::string(line) + "`");
            }
            section = std::string(trim_whitespace(line.substr(1, line.size() - 2)));
            sections[section];
            continue;
        }
        const auto eq = line.find('=');
        if (eq == std::string_view::npos) {
            sections[section][std::string(line)] = std::nullopt;
        } else {
            sections[section][std::string(trim_whitespace(line.substr(0, eq)))] = std::string(trim_whitespace(line.substr(eq + 1)));
        }
    }
    EntryPoints out;
    for (const auto& [name, list] : {std::pair{"console_scripts", &out.console}, std::pair{"gui_scripts", &out.gui}}) {
        const auto it = sections.find(name);
        if (it == sections.end()) {
            continue;
        }
        for (const auto& [key, value] : it->second) {
            if (!value) {
                return std::unexpected("entry_points.txt: [" + std::string(name) + "] key " + key + " must have a value");
            }
            auto script = parse_value(key, *value);
            if (!script) {
                return std::unexpected("entry_points.txt: [" + std::string(name) + "] " + key + ": invalid script `" +
                                       *value + "`");
            }
            list->push_back(std::move(*script));
        }
    }
    // pip's versioned launcher: drop `pip3.N` entries and derive `pip3.<minor>` from `pip3`.
    std::erase_if(out.console, [](const Script& s) {
        return s.name.starts_with("pip3.") && is_small_number(std::string_view(s.name).substr(5));
    });
    if (const auto pip3 = std::find_if(out.console.begin(), out.console.end(), [](const Script& s) { return s.name == "pip3"; });
        pip3 != out.console.end()) {
        Script twin = *pip3;
        twin.name = "pip3." + std::to_string(python_minor);
        out.console.push_back(std::move(twin));
    }
    return out;
}

std::string format_shebang(std::string_view python) {
    // The whole line (`#!`, the path, the newline) must fit the kernel's 127 bytes, and a
    // space would split the interpreter path; otherwise /bin/sh finds the interpreter.
    if (2 + python.size() + 1 > 127 || python.find(' ') != std::string_view::npos) {
        std::string quoted;
        for (const char c : python) {
            if (c == '\'') {
                quoted += "'\\''";
            } else {
                quoted += c;
            }
        }
        return "#!/bin/sh\n'''exec' '" + quoted + "' \"$0\" \"$@\"\n' '''";
    }
    return "#!" + std::string(python);
}

std::string launcher_script(const Script& script, std::string_view shebang) {
    const std::string import_name = script.function.substr(0, script.function.find('.'));
    std::string out(shebang);
    out += "\n# -*- coding: utf-8 -*-\nimport sys\nfrom " + script.module + " import " + import_name +
           "\nif __name__ == \"__main__\":\n"
           "    if sys.argv[0].endswith(\"-script.pyw\"):\n"
           "        sys.argv[0] = sys.argv[0][:-11]\n"
           "    elif sys.argv[0].endswith(\".exe\"):\n"
           "        sys.argv[0] = sys.argv[0][:-4]\n"
           "    sys.exit(" +
           script.function + "())\n";
    return out;
}

std::optional<std::string> reserved_script_name(std::string_view raw) {
    std::string name = lower(raw);
    if (name.ends_with(".exe")) {
        name.resize(name.size() - 4);
    }
    if (name.ends_with(".py")) {
        name.resize(name.size() - 3);
    }
    static constexpr std::array<std::string_view, 7> k_reserved = {"python", "pythonw", "python3", "graalpy",
                                                                   "pypy",   "pypy2",   "pypy3"};
    if (std::find(k_reserved.begin(), k_reserved.end(), name) != k_reserved.end()) {
        return name;
    }
    for (std::string_view prefix : {"python3.", "pythonw3."}) {
        if (!name.starts_with(prefix)) {
            continue;
        }
        std::string_view minor = std::string_view(name).substr(prefix.size());
        if (minor.ends_with('t')) {
            minor.remove_suffix(1);  // free-threaded launchers: python3.13t
        } else if (prefix == "pythonw3.") {
            continue;
        }
        if (is_small_number(minor)) {
            return name;
        }
    }
    return std::nullopt;
}

bool is_plain_script_name(std::string_view name) {
    return !name.empty() && name != "." && name != ".." && name.find('/') == std::string_view::npos &&
           name.find('\\') == std::string_view::npos && name.find('\0') == std::string_view::npos;
}

} // namespace lockkit::install
