#include "lockkit/tags/language_tag.hpp"

#include "tag_text.hpp"

namespace lockkit::tags {

namespace {

std::optional<LanguageTag> versioned(LanguageTag::Kind kind, std::string_view digits) {
    const auto version = detail::parse_major_minor(digits);
    if (!version) {
        return std::nullopt;
    }
    return LanguageTag{kind, version->first, version->second};
}

std::optional<LanguageTag> major_only(LanguageTag::Kind kind, char digit) {
    if (digit < '0' || digit > '9') {
        return std::nullopt;
    }
    return LanguageTag{kind, static_cast<std::uint8_t>(digit - '0'), LanguageTag::k_no_minor};
}

} // namespace

std::optional<LanguageTag> LanguageTag::parse(std::string_view text) {
    if (text == "none") {
        return LanguageTag{};
    }
    // `pyston38` and `py312` share a prefix: the length decides, as in uv.
    if (text.starts_with("py")) {
        const auto rest = text.substr(2);
        if (rest.size() == 1) {
            return major_only(Kind::Python, rest[0]);
        }
        if (rest.size() == 2 || rest.size() == 3) {
            return versioned(Kind::Python, rest);
        }
        if (rest.starts_with("ston")) {
            return versioned(Kind::Pyston, rest.substr(4));
        }
        return std::nullopt;
    }
    if (text.starts_with("cp")) {
        const auto rest = text.substr(2);
        if (rest.size() == 1) {
            return major_only(Kind::CPythonMajor, rest[0]);
        }
        if (rest.size() == 2 || rest.size() == 3) {
            return versioned(Kind::CPython, rest);
        }
        return std::nullopt;
    }
    if (text.starts_with("pp")) {
        return versioned(Kind::PyPy, text.substr(2));
    }
    if (text.starts_with("graalpy")) {
        return versioned(Kind::GraalPy, text.substr(7));
    }
    return std::nullopt;
}

void LanguageTag::append_to(std::string& out) const {
    switch (kind) {
    case Kind::None:
        out += "none";
        return;
    case Kind::Python:
        out += "py";
        break;
    case Kind::CPython:
    case Kind::CPythonMajor:
        out += "cp";
        break;
    case Kind::PyPy:
        out += "pp";
        break;
    case Kind::GraalPy:
        out += "graalpy";
        break;
    case Kind::Pyston:
        out += "pyston";
        break;
    }
    detail::append_number(out, major);
    if (has_minor()) {
        detail::append_number(out, minor);
    }
}

std::optional<std::string> LanguageTag::pretty() const {
    const std::string version =
        std::to_string(major) + (has_minor() ? "." + std::to_string(minor) : std::string());
    switch (kind) {
    case Kind::None: return std::nullopt;
    case Kind::Python: return "Python " + version;
    case Kind::CPython: return "CPython " + version;
    case Kind::CPythonMajor: return "CPython " + std::to_string(major);
    case Kind::PyPy: return "PyPy " + version;
    case Kind::GraalPy: return "GraalPy " + version;
    case Kind::Pyston: return "Pyston " + version;
    }
    return std::nullopt;
}

std::string LanguageTag::to_string() const {
    std::string out;
    append_to(out);
    return out;
}

} // namespace lockkit::tags
