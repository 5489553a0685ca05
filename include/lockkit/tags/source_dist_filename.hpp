#pragma once
// Source distribution filenames: `{name}-{version}.tar.gz` (PEP 625), plus the
// archive suffixes older sdists used (`.zip`, `.tar.bz2`, `.tgz`, ...).
//
// Unlike a wheel filename an sdist filename is ambiguous on its own: old
// sdists keep `-` inside the name (`python-dateutil-2.8.2.tar.gz`) and
// `a-1-1.tar.gz` splits two ways. So the precise parser needs the project's
// name (as an index page provides it); without one (a `--find-links`
// directory) the version is assumed to hold no `-`, as uv assumes.

#include "lockkit/pep440/version.hpp"

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>

namespace lockkit::tags {

enum class SourceDistExtension : std::uint8_t {
    TarGz,
    Zip,
    Tar,
    TarBz2,
    TarLz,
    TarLzma,
    TarXz,
    TarZst,
    Tbz,
    Tgz,
    Tlz,
    Txz,
};

/// The archive suffix of an sdist filename; nothing for anything else (including `.whl`).
std::optional<SourceDistExtension> source_dist_extension(std::string_view filename);
/// The suffix without its dot: `tar.gz`, `zip`, ...
std::string_view extension_name(SourceDistExtension extension);
/// PEP 625 asks for `.tar.gz`; uv also accepts `.zip` from indexes, and nothing else.
bool is_pep625_compliant(SourceDistExtension extension);

/// The filename without its archive suffix (`foo-1.0` from `foo-1.0.tar.gz`); nothing if
/// the suffix is not an sdist archive suffix.
std::optional<std::string_view> sdist_stem(std::string_view filename);

struct SourceDistFilename {
    std::string name;  ///< normalized
    pep440::Version version;
    SourceDistExtension extension = SourceDistExtension::TarGz;

    /// Parses the filename of an sdist of `project` (a normalized name); the error is uv's
    /// sentence ("Failed to parse source distribution filename x: ...").
    static std::expected<SourceDistFilename, std::string> parse(std::string_view filename, std::string_view project);
    /// Parses without knowing the project: the version is what follows the last `-`.
    static std::expected<SourceDistFilename, std::string> parse_normalized(std::string_view filename);

    /// `{dist-info name}-{version}.{extension}`.
    std::string to_string() const;
};

} // namespace lockkit::tags
