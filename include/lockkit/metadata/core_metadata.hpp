#pragma once
// Core metadata (the core metadata spec, Metadata-Version 1.0 to 2.4): the
// `METADATA` file of a wheel, the `PKG-INFO` of an sdist, and the `.metadata`
// files indexes serve beside wheels (PEP 658/714). Only what resolution needs
// is kept: name, version, `Requires-Dist`, `Requires-Python`, `Provides-Extra`
// and `Dynamic`.
//
// The format is RFC 822 headers: `Name: value` lines, a line starting with a
// space or tab continues the previous value, names compare case-insensitively,
// a field may repeat (`Requires-Dist`), and the first empty line ends the
// headers (what follows is the description, ignored here). As in uv
// (uv-pypi-types `ResolutionMetadata::parse_metadata`): the value `UNKNOWN`
// counts as absent, `Requires-Dist` and `Requires-Python` are parsed with uv's
// repairs of common mistakes, extras are normalized (PEP 685) and invalid ones
// skipped, and only `Name` and `Version` are required.

#include "lockkit/pep440/specifiers.hpp"
#include "lockkit/pep440/version.hpp"
#include "lockkit/pep508/requirement.hpp"
#include "lockkit/util/diagnostic.hpp"

#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lockkit::metadata {

struct CoreMetadata {
    std::optional<std::string> metadata_version;      ///< "2.3" as written; absent in some old files
    std::string name;                                 ///< normalized
    pep440::Version version;
    std::vector<pep508::Requirement> requires_dist;   ///< in file order
    std::optional<pep440::VersionSpecifiers> requires_python;
    std::vector<std::string> provides_extra;          ///< normalized (PEP 685), valid names only, file order
    std::vector<std::string> dynamic;                 ///< `Dynamic` field names as written (Metadata 2.2+)

    /// Whether `Dynamic` names the field (case-insensitively).
    bool is_dynamic(std::string_view field) const;
};

/// Parses a METADATA / PKG-INFO text. Errors name `file`, the line and column of the
/// offending value, and why (a missing `Name`, a bad version or requirement).
std::expected<CoreMetadata, Diagnostic> parse_core_metadata(std::string_view text, std::string_view file = "METADATA");

/// The header section of a METADATA text (up to the first empty line): all that
/// parse_core_metadata reads, so caches keep only that.
std::string_view metadata_headers(std::string_view text);

/// A METADATA text (Metadata-Version 2.4) of the fields above, which parse_core_metadata
/// reads back to equal values: how metadata that came from a pyproject.toml is cached.
std::string format_core_metadata(const CoreMetadata& metadata);

/// Whether an sdist's PKG-INFO can stand in for building it: Metadata-Version at least 2.2
/// (and below 3.0) and none of `Requires-Dist`, `Requires-Python`, `Provides-Extra` dynamic
/// (uv's `parse_pkg_info`). The error says why not, for the "needs a build" answer.
std::expected<void, std::string> check_static_pkg_info(const CoreMetadata& metadata);

} // namespace lockkit::metadata
