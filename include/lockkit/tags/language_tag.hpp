#pragma once
// The Python tag of a wheel (PEP 425's "language implementation and version
// tag"): the first of the three tag fields, `py3`, `py312`, `cp312`, `pp310`,
// `graalpy311`, `pyston38`, or `cp3` (a major-only CPython tag).
//
// A tag is four bytes: the kind and a major/minor pair, where a missing minor
// (`py3`) is k_no_minor. Parsing follows uv's `LanguageTag::from_str`: a tag
// that does not parse is not an error for the wheel, it is left out of the
// wheel's tag set (uv does the same), so `parse` returns nothing rather than
// a message.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lockkit::tags {

struct LanguageTag {
    enum class Kind : std::uint8_t { None, Python, CPython, CPythonMajor, PyPy, GraalPy, Pyston };
    static constexpr std::uint8_t k_no_minor = 0xff;

    Kind kind = Kind::None;
    std::uint8_t major = 0;
    std::uint8_t minor = k_no_minor;  ///< k_no_minor for `py3` and `cp3`

    /// `py3` and `py312` style tags.
    static constexpr LanguageTag python(std::uint8_t major, std::uint8_t minor = k_no_minor) {
        return {Kind::Python, major, minor};
    }
    /// `cp312`.
    static constexpr LanguageTag cpython(std::uint8_t major, std::uint8_t minor) { return {Kind::CPython, major, minor}; }

    /// Parses one tag (no `.`-separated sets); nothing when uv would not recognise it.
    static std::optional<LanguageTag> parse(std::string_view text);

    bool has_minor() const { return minor != k_no_minor; }
    /// Appends the tag as written in filenames (`cp312`).
    void append_to(std::string& out) const;
    std::string to_string() const;
    /// The interpreter in words for messages ("CPython 3.12", "Python 3"); nothing for `none`.
    std::optional<std::string> pretty() const;

    friend bool operator==(const LanguageTag&, const LanguageTag&) = default;
};

} // namespace lockkit::tags
