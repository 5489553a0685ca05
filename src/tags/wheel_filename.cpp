#include "lockkit/tags/wheel_filename.hpp"

#include "lockkit/pep508/package_name.hpp"
#include "tag_text.hpp"

#include <array>

namespace lockkit::tags {

namespace {

bool is_tag_atom_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

std::string invalid(std::string_view filename, std::string_view why) {
    std::string message = "The wheel filename \"";
    message += filename;
    message += "\" is invalid: ";
    message += why;
    return message;
}

std::string invalid_part(std::string_view filename, std::string_view what, std::string_view why = {}) {
    std::string message = "The wheel filename \"";
    message += filename;
    message += "\" has an invalid ";
    message += what;
    if (!why.empty()) {
        message += ": ";
        message += why;
    }
    return message;
}

/// Parses a `.`-separated tag field into `set`, leaving out tags `T::parse` does not
/// know; false when the field is empty or holds characters no tag may contain.
template <typename T>
bool parse_tag_field(std::string_view field, TagSet<T>& set) {
    if (field.empty()) {
        return false;
    }
    for (;;) {
        const auto dot = field.find('.');
        const auto atom = field.substr(0, dot);
        if (atom.empty()) {
            return false;
        }
        for (const char c : atom) {
            if (!is_tag_atom_char(c)) {
                return false;
            }
        }
        if (auto tag = T::parse(atom)) {
            set.push_back(std::move(*tag));
        }
        if (dot == std::string_view::npos) {
            return true;
        }
        field.remove_prefix(dot + 1);
    }
}

bool is_separator(char c) {
    return c == '-' || c == '_' || c == '.';
}

} // namespace

std::optional<WheelFields> split_wheel_filename(std::string_view filename) {
    if (!filename.ends_with(".whl")) {
        return std::nullopt;
    }
    std::string_view rest = filename.substr(0, filename.size() - 4);
    std::array<std::string_view, 6> parts{};
    std::size_t count = 0;
    for (;;) {
        const auto dash = rest.find('-');
        if (count == parts.size()) {
            return std::nullopt;  // a seventh field
        }
        parts[count++] = rest.substr(0, dash);
        if (dash == std::string_view::npos) {
            break;
        }
        rest.remove_prefix(dash + 1);
    }
    if (count == 5) {
        return WheelFields{parts[0], parts[1], {}, parts[2], parts[3], parts[4]};
    }
    if (count == 6) {
        return WheelFields{parts[0], parts[1], parts[2], parts[3], parts[4], parts[5]};
    }
    return std::nullopt;
}

std::expected<BuildTag, std::string> BuildTag::parse(std::string_view text) {
    if (text.empty()) {
        return std::unexpected(std::string("must not be empty"));
    }
    std::size_t digits = 0;
    bool in_digits = true;
    for (const char c : text) {
        if (!is_tag_atom_char(c) && c != '.') {
            return std::unexpected(std::string("must contain only ASCII letters, digits, underscores, and periods"));
        }
        if (in_digits && c >= '0' && c <= '9') {
            ++digits;
        } else {
            in_digits = false;
        }
    }
    if (digits == 0) {
        return std::unexpected(std::string("must start with a digit"));
    }
    const auto number = detail::parse_number<std::uint64_t>(text.substr(0, digits));
    if (!number) {
        return std::unexpected(std::string("number too large to fit in target type"));
    }
    return BuildTag{*number, std::string(text.substr(digits))};
}

std::string BuildTag::to_string() const {
    return std::to_string(number) + suffix;
}

std::expected<WheelFilename, std::string> WheelFilename::parse(std::string_view filename, std::string_view project) {
    if (!filename.ends_with(".whl")) {
        return std::unexpected(invalid(filename, "Must end with .whl"));
    }
    const std::string_view stem = filename.substr(0, filename.size() - 4);
    // The dashes, in uv's order of complaints.
    std::array<std::size_t, 6> dash{};
    std::size_t dashes = 0;
    for (std::size_t i = 0; i < stem.size() && dashes < dash.size(); ++i) {
        if (stem[i] == '-') {
            dash[dashes++] = i;
        }
    }
    static constexpr std::array<std::string_view, 4> k_missing = {"Must have a version", "Must have a Python tag",
                                                                  "Must have an ABI tag", "Must have a platform tag"};
    if (dashes < 4) {
        return std::unexpected(invalid(filename, k_missing[dashes]));
    }
    if (dashes > 5) {
        return std::unexpected(invalid(filename, "Must have 5 or 6 components, but has more"));
    }
    const bool has_build = dashes == 5;
    const auto field = [&](std::size_t i) {
        const std::size_t start = dash[i] + 1;
        const std::size_t end = i + 1 < dashes ? dash[i + 1] : stem.size();
        return stem.substr(start, end - start);
    };
    const std::string_view name = stem.substr(0, dash[0]);
    const std::string_view version = field(0);

    WheelFilename out;
    if (!project.empty() && name_matches(name, project)) {
        out.m_name = std::string(project);
    } else if (pep508::is_valid_name(name)) {
        out.m_name = pep508::normalize_name(name);
    } else {
        return std::unexpected(invalid_part(filename, "package name"));
    }
    auto parsed_version = pep440::Version::parse(version);
    if (!parsed_version) {
        return std::unexpected(invalid_part(filename, "version", parsed_version.error().message));
    }
    out.m_version = std::move(*parsed_version);
    if (has_build) {
        auto build = BuildTag::parse(field(1));
        if (!build) {
            return std::unexpected(invalid_part(filename, "build tag", build.error()));
        }
        out.m_build = std::move(*build);
    }
    const std::size_t first_tag = has_build ? 2 : 1;
    if (!parse_tag_field(field(first_tag), out.m_python) || !parse_tag_field(field(first_tag + 1), out.m_abi) ||
        !parse_tag_field(field(first_tag + 2), out.m_platform)) {
        return std::unexpected(
            invalid(filename, "Tag components must contain only ASCII letters, digits, underscores, and periods"));
    }
    // uv keeps the text after the version as the tags' spelling (the build tag included).
    out.m_tag_text = std::string(stem.substr(dash[1] + 1));
    return out;
}

std::string WheelFilename::to_string() const {
    std::string out = dist_info_name(m_name);
    out += '-';
    out += m_version.to_string();
    out += '-';
    out += m_tag_text;
    out += ".whl";
    return out;
}

std::string dist_info_name(std::string_view name) {
    std::string out = pep508::normalize_name(name);
    for (char& c : out) {
        if (c == '-') {
            c = '_';
        }
    }
    return out;
}

bool name_matches(std::string_view written, std::string_view project) {
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < written.size()) {
        const char c = written[i];
        if (is_separator(c)) {
            while (i < written.size() && is_separator(written[i])) {
                ++i;
            }
            if (j >= project.size() || project[j] != '-') {
                return false;
            }
            ++j;
            continue;
        }
        const char lower = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
        if (j >= project.size() || project[j] != lower) {
            return false;
        }
        ++i;
        ++j;
    }
    return j == project.size();
}

} // namespace lockkit::tags
