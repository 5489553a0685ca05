#pragma once
// Wheel filenames (the binary distribution format spec, PEP 427 and PEP 425):
//
//   {name}-{version}(-{build tag})?-{python tag}-{abi tag}-{platform tag}.whl
//
// The name is written in its dist-info form (normalized, `-` as `_`), so
// splitting the stem on `-` gives five or six fields. Each tag field may be a
// `.`-separated set, and the wheel supports every combination of them
// (`py2.py3-none-any` supports py2-none-any and py3-none-any).
//
// Two levels, for two kinds of caller:
//   * `split_wheel_filename` only finds the fields (views into the filename,
//     no allocation): enough to compare a lock's filenames with its versions.
//   * `WheelFilename::parse` is uv's parser: a valid name, a PEP 440 version,
//     a build tag starting with a digit, tag fields of ASCII letters, digits
//     and `_` only. Tags it does not recognise are left out of the sets (as
//     uv does), so such a wheel is simply compatible with nothing.

#include "lockkit/pep440/version.hpp"
#include "lockkit/tags/abi_tag.hpp"
#include "lockkit/tags/language_tag.hpp"
#include "lockkit/tags/platform_tag.hpp"
#include "lockkit/tags/tag_set.hpp"

#include <compare>
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>

namespace lockkit::tags {

/// A wheel filename's dash-separated fields, as views into the filename.
struct WheelFields {
    std::string_view name;     ///< as written (dist-info form: `-` escaped as `_`)
    std::string_view version;
    std::string_view build;    ///< empty when absent
    std::string_view python;   ///< possibly a `.`-separated set
    std::string_view abi;
    std::string_view platform;
};

/// Splits a filename ending in ".whl" into its 5 or 6 fields; nothing otherwise.
std::optional<WheelFields> split_wheel_filename(std::string_view filename);

/// The optional build tag: leading digits as a number, then the rest as text;
/// "sort as an empty tuple if unspecified, else as (int, str)".
struct BuildTag {
    std::uint64_t number = 0;
    std::string suffix;

    /// Parses a build tag; the error says why it is not one (uv's wording).
    static std::expected<BuildTag, std::string> parse(std::string_view text);
    std::string to_string() const;

    friend bool operator==(const BuildTag&, const BuildTag&) = default;
    friend std::strong_ordering operator<=>(const BuildTag& a, const BuildTag& b) {
        if (auto c = a.number <=> b.number; c != 0) {
            return c;
        }
        return a.suffix.compare(b.suffix) <=> 0;
    }
};

class WheelFilename {
public:
    /// Parses a wheel filename; the error is uv's sentence ("The wheel filename
    /// \"x\" is invalid: Must have a Python tag"). With `project`, a name that
    /// normalizes to it is accepted without further checks (uv's "from hint").
    static std::expected<WheelFilename, std::string> parse(std::string_view filename,
                                                           std::string_view project = {});

    const std::string& name() const { return m_name; }           ///< normalized (PEP 503)
    const pep440::Version& version() const { return m_version; }
    const std::optional<BuildTag>& build_tag() const { return m_build; }
    const TagSet<LanguageTag>& python_tags() const { return m_python; }
    const TagSet<AbiTag>& abi_tags() const { return m_abi; }
    const TagSet<PlatformTag>& platform_tags() const { return m_platform; }
    /// The fields after the version as written, the build tag included:
    /// "cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64", "1-py3-none-any".
    const std::string& tag_text() const { return m_tag_text; }

    /// The filename in uv's form: dist-info name, normalized version, the tags as written.
    std::string to_string() const;

private:
    std::string m_name;
    pep440::Version m_version;
    std::optional<BuildTag> m_build;
    TagSet<LanguageTag> m_python;
    TagSet<AbiTag> m_abi;
    TagSet<PlatformTag> m_platform;
    std::string m_tag_text;
};

/// The dist-info form of a project name: normalized, with `-` written `_`
/// (`Foo.Bar` → `foo_bar`), as wheel and sdist filenames and `.dist-info`
/// folders spell it.
std::string dist_info_name(std::string_view name);

/// Whether `written` (a name as it appears in a filename) normalizes to the
/// normalized name `project`, without allocating.
bool name_matches(std::string_view written, std::string_view project);

} // namespace lockkit::tags
