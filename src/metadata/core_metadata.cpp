#include "lockkit/metadata/core_metadata.hpp"

#include "lockkit/pep508/lenient.hpp"
#include "lockkit/pep508/package_name.hpp"

#include <charconv>

namespace lockkit::metadata {

namespace {

/// One header with its value unfolded; `offset` is where the value starts in the file.
struct Header {
    std::string_view name;
    std::string value;
    std::size_t offset = 0;
    bool folded = false;  ///< the value continued on further lines
};

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
        if (lower(a[i]) != lower(b[i])) {
            return false;
        }
    }
    return true;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
        s.remove_suffix(1);
    }
    return s;
}

/// The header section (up to the first empty line), unfolded.
std::expected<std::vector<Header>, Diagnostic> read_headers(std::string_view text, std::string_view file) {
    std::vector<Header> headers;
    std::size_t pos = 0;
    // A byte order mark is not part of the first field name.
    if (text.starts_with("\xEF\xBB\xBF")) {
        pos = 3;
    }
    while (pos < text.size()) {
        auto end = text.find('\n', pos);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        std::string_view line = text.substr(pos, end - pos);
        if (line.ends_with('\r')) {
            line.remove_suffix(1);
        }
        if (line.empty()) {
            break;  // the body (the description) follows
        }
        if (line.front() == ' ' || line.front() == '\t') {
            if (headers.empty()) {
                return std::unexpected(diagnostic_at(file, text, pos,
                                                     "a continuation line (starting with a space or tab) with no "
                                                     "field before it"));
            }
            auto& last = headers.back();
            const auto more = trim(line);
            if (!more.empty()) {
                if (!last.value.empty()) {
                    last.value += ' ';
                }
                last.value += more;
            }
            last.folded = true;
        } else {
            const auto colon = line.find(':');
            if (colon == std::string_view::npos || colon == 0) {
                auto d = diagnostic_at(file, text, pos, "expected a `Field-Name: value` line");
                d.hints.push_back("core metadata is `Name: value` lines, then an empty line, then the description");
                return std::unexpected(std::move(d));
            }
            Header header;
            header.name = trim(line.substr(0, colon));
            auto value_start = colon + 1;
            while (value_start < line.size() && (line[value_start] == ' ' || line[value_start] == '\t')) {
                ++value_start;
            }
            header.value = std::string(trim(line.substr(value_start)));
            header.offset = pos + value_start;
            headers.push_back(std::move(header));
        }
        pos = end + 1;
    }
    return headers;
}

/// A located error inside a header's value; folded values point at their field.
Diagnostic value_error(std::string_view file, std::string_view text, const Header& header, std::size_t offset,
                       std::string message) {
    const std::size_t at = header.folded ? header.offset : header.offset + std::min(offset, header.value.size());
    return diagnostic_at(file, text, at, std::move(message));
}

} // namespace

bool CoreMetadata::is_dynamic(std::string_view field) const {
    for (const auto& d : dynamic) {
        if (iequals(d, field)) {
            return true;
        }
    }
    return false;
}

std::expected<CoreMetadata, Diagnostic> parse_core_metadata(std::string_view text, std::string_view file) {
    auto headers = read_headers(text, file);
    if (!headers) {
        return std::unexpected(std::move(headers.error()));
    }
    const auto first = [&](std::string_view name) -> const Header* {
        for (const auto& h : *headers) {
            if (iequals(h.name, name) && h.value != "UNKNOWN") {
                return &h;
            }
        }
        return nullptr;
    };
    const auto missing = [&](std::string_view name) {
        Diagnostic d;
        d.file = std::string(file);
        d.message = "no `" + std::string(name) + "` field in the metadata";
        return std::unexpected(std::move(d));
    };

    CoreMetadata out;
    if (const auto* h = first("Metadata-Version")) {
        out.metadata_version = h->value;
    }
    const auto* name = first("Name");
    if (name == nullptr) {
        return missing("Name");
    }
    if (!pep508::is_valid_name(name->value)) {
        return std::unexpected(value_error(file, text, *name, 0, "`" + name->value + "` is not a valid package name"));
    }
    out.name = pep508::normalize_name(name->value);
    const auto* version = first("Version");
    if (version == nullptr) {
        return missing("Version");
    }
    auto parsed_version = pep440::Version::parse(version->value);
    if (!parsed_version) {
        return std::unexpected(value_error(file, text, *version, parsed_version.error().offset,
                                           "invalid version `" + version->value + "`: " + parsed_version.error().message));
    }
    out.version = std::move(*parsed_version);

    for (const auto& h : *headers) {
        if (h.value == "UNKNOWN") {
            continue;
        }
        if (iequals(h.name, "Requires-Dist")) {
            auto requirement = pep508::parse_lenient_requirement(h.value);
            if (!requirement) {
                return std::unexpected(value_error(file, text, h, requirement.error().offset,
                                                   "invalid `Requires-Dist` `" + h.value + "`: " +
                                                       requirement.error().message));
            }
            out.requires_dist.push_back(std::move(*requirement));
        } else if (iequals(h.name, "Provides-Extra")) {
            // Invalid extra names are skipped, as uv skips them (with a warning there).
            if (auto extra = pep508::validate_and_normalize_name(h.value)) {
                out.provides_extra.push_back(std::move(*extra));
            }
        } else if (iequals(h.name, "Dynamic")) {
            out.dynamic.push_back(h.value);
        }
    }
    if (const auto* h = first("Requires-Python")) {
        auto specifiers = pep508::parse_lenient_specifiers(h->value);
        if (!specifiers) {
            return std::unexpected(value_error(file, text, *h, specifiers.error().offset,
                                               "invalid `Requires-Python` `" + h->value + "`: " +
                                                   specifiers.error().message));
        }
        out.requires_python = std::move(*specifiers);
    }
    return out;
}

std::expected<void, std::string> check_static_pkg_info(const CoreMetadata& metadata) {
    if (!metadata.metadata_version) {
        return std::unexpected(std::string("PKG-INFO has no `Metadata-Version`"));
    }
    const std::string& text = *metadata.metadata_version;
    const auto dot = text.find('.');
    unsigned major = 0;
    unsigned minor = 0;
    const auto parse = [](std::string_view digits, unsigned& value) {
        const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
        return ec == std::errc() && end == digits.data() + digits.size() && !digits.empty();
    };
    if (dot == std::string::npos || !parse(std::string_view(text).substr(0, dot), major) ||
        !parse(std::string_view(text).substr(dot + 1), minor)) {
        return std::unexpected("invalid `Metadata-Version` `" + text + "`");
    }
    if (major < 2 || (major == 2 && minor < 2) || major >= 3) {
        return std::unexpected("reading metadata from PKG-INFO needs Metadata 2.2 or later (found " + text + ")");
    }
    for (const char* field : {"Requires-Python", "Requires-Dist", "Provides-Extra"}) {
        if (metadata.is_dynamic(field)) {
            return std::unexpected(std::string("PKG-INFO marks `") + field + "` as dynamic");
        }
    }
    return {};
}

std::string_view metadata_headers(std::string_view text) {
    std::size_t pos = 0;
    while (pos < text.size()) {
        const auto end = text.find('\n', pos);
        if (end == std::string_view::npos) return text;
        const auto line = text.substr(pos, end - pos);
        if (line.empty() || line == "\r") return text.substr(0, end + 1);
        pos = end + 1;
    }
    return text;
}

std::string format_core_metadata(const CoreMetadata& metadata) {
    std::string out = "Metadata-Version: 2.4\nName: " + metadata.name + "\nVersion: " + metadata.version.to_string() + "\n";
    for (const auto& field : metadata.dynamic) out += "Dynamic: " + field + "\n";
    if (metadata.requires_python) out += "Requires-Python: " + metadata.requires_python->to_string() + "\n";
    for (const auto& requirement : metadata.requires_dist) out += "Requires-Dist: " + requirement.to_string() + "\n";
    for (const auto& extra : metadata.provides_extra) out += "Provides-Extra: " + extra + "\n";
    return out;
}

} // namespace lockkit::metadata
