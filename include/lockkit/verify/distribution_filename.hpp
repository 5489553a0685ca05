#pragma once
// Names and versions encoded in distribution filenames.
//
// Wheels follow the binary distribution format:
//   {name}-{version}(-{build tag})?-{python tag}-{abi tag}-{platform tag}.whl
// where the name has '-' escaped as '_', so splitting on '-' gives 5 or 6 parts.
// Source distributions are `{name}-{version}.tar.gz` (or .zip and older archive
// suffixes); old sdists may keep '-' inside the name ("python-dateutil-2.8.2"),
// so an sdist filename "matches" a package when some split point yields the
// package's normalized name and its version.

#include "lockkit/pep440/version.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace lockkit::verify {

/// A wheel filename's dash-separated fields, as views into the filename.
/// Each tag field may be a `.`-separated set (`py2.py3`).
struct WheelFields {
    std::string_view name;     ///< as written (`-` escaped as `_`)
    std::string_view version;
    std::string_view build;    ///< empty when absent
    std::string_view python;
    std::string_view abi;
    std::string_view platform;
};

/// Splits a filename ending in ".whl" into its 5 or 6 fields; nothing otherwise.
std::optional<WheelFields> split_wheel_filename(std::string_view filename);

struct WheelFilename {
    std::string name;                ///< normalized
    std::string version_text;        ///< as written
    std::optional<pep440::Version> version;  ///< absent if the text is no PEP 440 version
};

/// Parses a wheel filename; nothing if it does not end in ".whl" or has no 5/6 parts.
std::optional<WheelFilename> parse_wheel_filename(std::string_view filename);

/// The sdist filename without its archive suffix ("foo-1.0" from "foo-1.0.tar.gz"),
/// or nothing if the suffix is not a known sdist archive suffix.
std::optional<std::string_view> sdist_stem(std::string_view filename);

/// Whether `filename` names a wheel of package `name` (normalized) at `version`:
/// the wheel's version equals it, or equals it without its local label.
bool wheel_matches(const WheelFilename& wheel, std::string_view name, const pep440::Version& version);

/// Whether an sdist filename names package `name` (normalized) at `version`.
bool sdist_matches(std::string_view filename, std::string_view name, const pep440::Version& version);

} // namespace lockkit::verify
