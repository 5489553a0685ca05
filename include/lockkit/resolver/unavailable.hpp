#pragma once
// Why a package, or some versions of it, cannot be used (uv's `UnavailableReason`,
// `uv-resolver/src/resolver/availability.rs`). These become custom incompatibilities in the
// solver and sentences in failure reports.

#include <lockkit/pep508/requirement.hpp>
#include <lockkit/resolver/distribution.hpp>

#include <string>

namespace lockkit::resolver {

/// A whole package cannot be used.
struct UnavailablePackage {
    enum class Kind : std::uint8_t { NoIndex, Offline, NotFound, InvalidMetadata, InvalidStructure, Network };
    Kind kind = Kind::NotFound;
    std::string detail;  ///< the error text or network status

    /// "not found in the package registry", ...
    std::string message() const;
    /// "was not found in the package registry", ...
    std::string singular_message() const;
};

/// Some versions cannot be used.
struct UnavailableVersion {
    enum class Kind : std::uint8_t {
        UnsatisfiableDependency,  ///< a requirement whose specifiers allow no version
        IncompatibleDist,         ///< no usable file
        InvalidMetadata,
        InconsistentMetadata,
        InvalidStructure,
        Offline,
        RequiresPython,  ///< the metadata's Requires-Python excludes the target
        Network,
    };
    Kind kind = Kind::IncompatibleDist;
    IncompatibleDist dist;                       ///< IncompatibleDist
    pep508::Requirement requirement;             ///< UnsatisfiableDependency
    pep440::VersionSpecifiers requires_python;   ///< RequiresPython
    std::string detail;                          ///< Network

    std::string message() const;
    std::string singular_message() const;
    std::string plural_message() const;
};

struct UnavailableReason {
    bool whole_package = false;
    UnavailablePackage package;
    UnavailableVersion version;

    std::string to_string() const { return whole_package ? package.message() : version.message(); }
};

/// A requirement whose specifiers allow no version, worded as uv words it:
/// "a<0.dev0, which does not allow any versions" / "a>2 and a<1, which are incompatible".
std::string unsatisfiable_requirement_text(const pep508::Requirement& requirement);

} // namespace lockkit::resolver
