#pragma once
// PEP 508 dependency specifiers: `name [extras] (specifiers | @ url) ; marker`.
//
// A parsed `Requirement` holds the normalized name, the extras (normalized, in the order
// written, duplicates kept as uv keeps them), either version specifiers (sorted by version then
// operator, as uv sorts them when parsing) or a direct-reference URL (kept verbatim), and the
// marker as a canonical `MarkerTree`. `to_string()` prints uv's form:
// `name[a,b]>=1,<2 ; marker` or `name @ url ; marker`.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lockkit/pep440/specifiers.hpp"
#include "lockkit/pep508/marker.hpp"
#include "lockkit/util/parse_error.hpp"

namespace lockkit::pep508 {

/// A PEP 508 requirement such as `requests[security]>=2.8.1 ; python_version < "2.7"`.
struct Requirement {
    std::string name;                     ///< normalized (PEP 503)
    std::vector<std::string> extras;      ///< normalized, declaration order
    pep440::VersionSpecifiers specifiers; ///< empty when there are none or a URL is given
    std::optional<std::string> url;       ///< direct reference after '@', verbatim
    MarkerTree marker;                    ///< always true when there is no '; marker'
    /// Dependency groups of the named project (PEP 735). Never written in PEP 508 text: uv's
    /// lowered requirements carry them for a workspace member's groups.
    std::vector<std::string> groups;

    /// Parses a PEP 508 string; errors carry the byte offset of the problem.
    static ParseResult<Requirement> parse(std::string_view text);

    /// uv's display form (`name[extras]specs ; marker`, or `name @ url ; marker`).
    std::string to_string() const;
};

} // namespace lockkit::pep508
