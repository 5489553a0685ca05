// Python requests; see include/lockkit/interpreter/python_request.hpp.

#include "lockkit/interpreter/python_request.hpp"

#include "lockkit/pep440/version.hpp"
#include "lockkit/util/atomic_file.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>

namespace lockkit::interpreter {

namespace {

std::string trim(std::string_view s) {
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) {
        return {};
    }
    return std::string(s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1));
}

/// "3.12.1" → {3, 12, 1}; nullopt unless the text is dot-separated numbers (at most three).
std::optional<std::vector<unsigned>> plain_release(std::string_view text) {
    std::vector<unsigned> parts;
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t j = i;
        unsigned value = 0;
        while (j < text.size() && std::isdigit(static_cast<unsigned char>(text[j]))) {
            value = value * 10 + static_cast<unsigned>(text[j] - '0');
            if (value > 1000) {
                return std::nullopt;
            }
            ++j;
        }
        if (j == i || parts.size() == 3) {
            return std::nullopt;
        }
        parts.push_back(value);
        if (j == text.size()) {
            return parts;
        }
        if (text[j] != '.') {
            return std::nullopt;
        }
        i = j + 1;
    }
    return std::nullopt;
}

struct ImplementationPrefix {
    std::string_view prefix;
    std::string_view implementation;  ///< empty: any
    bool compact;                     ///< "cp312" means 3.12
};

constexpr std::array<ImplementationPrefix, 7> k_prefixes = {{
    {"cpython", "cpython", false},
    {"graalpy", "graalpy", false},
    {"python", "", false},
    {"pypy", "pypy", false},
    {"cp", "cpython", true},
    {"pp", "pypy", true},
    {"gp", "graalpy", true},
}};

std::string version_text(const std::vector<unsigned>& release) {
    std::string out;
    for (const unsigned part : release) {
        out += (out.empty() ? "" : ".") + std::to_string(part);
    }
    return out;
}

/// Parses what follows an implementation name or stands alone: a release or specifiers.
bool parse_version_part(std::string_view text, PythonRequest& out) {
    if (text.empty()) {
        return true;
    }
    if (auto release = plain_release(text)) {
        out.release = std::move(*release);
        return true;
    }
    if (text.find_first_of("<>=!~") == 0) {
        if (auto specs = pep440::VersionSpecifiers::parse(text)) {
            out.specifiers = std::move(*specs);
            return true;
        }
    }
    return false;
}

std::string usage(std::string_view text) {
    return "`" + std::string(text) +
           "` is not a Python request: use a path (/usr/bin/python3.12), a version (3.12, 3.12.1), "
           "specifiers (>=3.11), or an implementation with a version (cpython3.12, cpython@3.12, pypy3.10)";
}

} // namespace

std::expected<PythonRequest, std::string> PythonRequest::parse(std::string_view raw) {
    PythonRequest out;
    out.text = trim(raw);
    const std::string& text = out.text;
    std::string lowered = text;
    std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (text.empty() || lowered == "any" || lowered == "default") {
        out.kind = Kind::Any;
        out.text.clear();
        return out;
    }
    if (text.find('/') != std::string::npos || text.starts_with(".") || text.starts_with("~")) {
        out.kind = Kind::File;
        std::string path = text;
        if (path.starts_with("~/")) {
            if (const char* home = std::getenv("HOME")) {
                path = std::string(home) + path.substr(1);
            }
        }
        out.file = path;
        return out;
    }
    out.kind = Kind::Version;
    if (std::isdigit(static_cast<unsigned char>(text[0])) || text.find_first_of("<>=!~") == 0) {
        if (parse_version_part(text, out)) {
            return out;
        }
        return std::unexpected(usage(text));
    }
    for (const auto& p : k_prefixes) {
        if (!lowered.starts_with(p.prefix)) {
            continue;
        }
        std::string_view rest = std::string_view(lowered).substr(p.prefix.size());
        PythonRequest candidate = out;
        candidate.implementation = std::string(p.implementation);
        if (!rest.empty() && (rest.front() == '@' || rest.front() == '-')) {
            rest.remove_prefix(1);
        } else if (p.compact && rest.size() >= 2 && std::all_of(rest.begin(), rest.end(), [](char c) {
                       return std::isdigit(static_cast<unsigned char>(c));
                   })) {
            // cp312 → 3.12
            candidate.release = {static_cast<unsigned>(rest[0] - '0'),
                                 static_cast<unsigned>(std::stoul(std::string(rest.substr(1))))};
            return candidate;
        }
        if (parse_version_part(rest, candidate)) {
            return candidate;
        }
    }
    // Anything else names an executable to find in PATH.
    out.kind = Kind::Name;
    out.name = text;
    return out;
}

bool PythonRequest::matches(const InterpreterInfo& info, std::string* why) const {
    const std::string full = std::to_string(info.python_major) + "." + std::to_string(info.python_minor) + "." +
                             std::to_string(info.python_micro);
    if (!implementation.empty() && info.implementation != implementation) {
        if (why) {
            *why = "it is " + info.implementation + ", not " + implementation;
        }
        return false;
    }
    const unsigned actual[3] = {info.python_major, info.python_minor, info.python_micro};
    for (std::size_t i = 0; i < release.size() && i < 3; ++i) {
        if (release[i] != actual[i]) {
            if (why) {
                *why = "it is Python " + full + ", not " + version_text(release);
            }
            return false;
        }
    }
    if (specifiers) {
        const auto version = pep440::Version::parse(info.markers.python_full_version.empty()
                                                        ? full
                                                        : info.markers.python_full_version);
        if (version && !specifiers->contains(*version)) {
            if (why) {
                *why = "Python " + full + " is not " + specifiers->to_string(", ");
            }
            return false;
        }
    }
    return true;
}

bool PythonRequest::could_match(const std::vector<unsigned>& version) const {
    for (std::size_t i = 0; i < release.size() && i < version.size(); ++i) {
        if (release[i] != version[i]) {
            return false;
        }
    }
    if (specifiers && version.size() == 3) {
        const auto v = pep440::Version::from_release({version[0], version[1], version[2]});
        return specifiers->contains(v);
    }
    return true;
}

std::vector<std::string> PythonRequest::executable_names() const {
    if (kind == Kind::Name) {
        return {name};
    }
    std::vector<std::string> stems;
    if (implementation == "pypy" || implementation == "graalpy") {
        stems.push_back(implementation);
    }
    stems.push_back("python");
    std::vector<std::string> names;
    for (const auto& stem : stems) {
        if (release.size() >= 2) {
            names.push_back(stem + std::to_string(release[0]) + "." + std::to_string(release[1]));
        }
        if (release.empty() || release[0] == 3) {
            names.push_back(stem + "3");
        }
        names.push_back(stem);
    }
    return names;
}

std::string PythonRequest::describe() const {
    switch (kind) {
    case Kind::Any:
        return "any Python";
    case Kind::File:
        return "`" + file.string() + "`";
    case Kind::Name:
        return "`" + name + "`";
    case Kind::Version:
        break;
    }
    std::string out = implementation.empty() ? "Python" : implementation;
    if (!release.empty()) {
        out += " " + version_text(release);
    }
    if (specifiers) {
        out += " " + specifiers->to_string(", ");
    }
    return out;
}

namespace {

using FoundRequest = std::optional<std::pair<PythonRequest, std::filesystem::path>>;

/// The first request of one `.python-version` file (nullopt when it has none). As uv reads
/// it: every line that is neither empty nor a `#` comment is a request; one uv would take as
/// an executable's name (a name, or a form it cannot read) is skipped with uv's warning.
std::expected<FoundRequest, std::string> read_python_version_file(const std::filesystem::path& file,
                                                                  std::vector<std::string>* warnings) {
    const auto dir = file.parent_path();
    auto text = read_file(file);
    if (!text) {
        return std::unexpected(text.error());
    }
    FoundRequest first;
    std::size_t pos = 0;
    while (pos < text->size()) {
        auto eol = text->find('\n', pos);
        if (eol == std::string::npos) {
            eol = text->size();
        }
        const std::string line = trim(std::string_view(*text).substr(pos, eol - pos));
        pos = eol + 1;
        if (line.empty() || line.starts_with('#')) {
            continue;
        }
        auto request = PythonRequest::parse(line);
        if (!request || request->kind == PythonRequest::Kind::Name) {
            if (warnings) {
                const std::string warning = "Ignoring unsupported Python request `" + line + "` in version file: " + file.string();
                if (std::find(warnings->begin(), warnings->end(), warning) == warnings->end()) warnings->push_back(warning);
            }
            continue;
        }
        if (first) continue;  // uv reads every line (and warns of each); the first request is used
        if (request->kind == PythonRequest::Kind::File && request->file.is_relative()) {
            request->file = dir / request->file;  // relative to the file, not the caller
        }
        first = std::pair{std::move(*request), file};
    }
    return first;
}

/// The version file of one folder: `.python-version`, else `.python-versions` (whose first
/// request is the one used), as uv prefers them.
std::optional<std::filesystem::path> version_file_in(const std::filesystem::path& dir) {
    std::error_code ec;
    for (const char* name : {".python-version", ".python-versions"}) {
        if (std::filesystem::is_regular_file(dir / name, ec)) return dir / name;
    }
    return std::nullopt;
}

} // namespace

std::expected<std::optional<std::pair<PythonRequest, std::filesystem::path>>, std::string>
find_python_version_file(const VersionFileSearch& search) {
    if (search.no_config) return FoundRequest();
    std::error_code ec;
    auto dir = std::filesystem::absolute(search.directory, ec).lexically_normal();
    const auto stop = search.stop_at ? std::optional(std::filesystem::absolute(*search.stop_at, ec).lexically_normal())
                                     : std::nullopt;
    for (;;) {
        if (auto file = version_file_in(dir)) return read_python_version_file(*file, search.warnings);
        if ((stop && dir == *stop) || !dir.has_parent_path() || dir.parent_path() == dir) break;
        dir = dir.parent_path();
    }
    const auto global_file = search.global_dir ? version_file_in(*search.global_dir) : std::nullopt;
    if (!global_file) return FoundRequest();
    auto global = read_python_version_file(*global_file, search.warnings);
    if (!global || !*global || search.requires_python.empty()) return global;
    // A global pin that is a plain version outside the project's requires-python is skipped;
    // uv takes only `.python-version` for the global pin there, so a global `.python-versions`
    // is never skipped.
    if (global_file->filename() != ".python-version") return global;
    const auto& request = (*global)->first;
    if (request.kind != PythonRequest::Kind::Version || request.release.empty() || request.specifiers) return global;
    const auto parsed = pep440::Version::parse(version_text(request.release));
    const auto range = pep440::VersionSpecifiers::parse(search.requires_python);
    if (parsed && range && !range->contains(*parsed)) return FoundRequest();
    return global;
}

} // namespace lockkit::interpreter
