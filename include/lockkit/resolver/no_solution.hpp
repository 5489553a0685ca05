#pragma once
// A failed resolution: the solver's proof plus everything needed to explain it in uv's words
// (docs/ARCHITECTURE.md, "Failure reports").

#include <lockkit/resolver/derivation_tree.hpp>
#include <lockkit/resolver/environment.hpp>
#include <lockkit/resolver/options.hpp>
#include <lockkit/resolver/package.hpp>
#include <lockkit/resolver/python_requirement.hpp>
#include <lockkit/resolver/unavailable.hpp>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace lockkit::resolver {

/// A failed resolution in uv's words.
struct FailureReport {
    /// "No solution found when resolving dependencies:" (or the fork's variant).
    std::string header;
    /// "Because ... we can conclude that ...", lines joined by newlines.
    std::string explanation;
    /// Advice, each one line without the `hint: ` prefix, in the order uv prints them.
    std::vector<std::string> hints;
};

struct NoSolution {
    DerivationTree tree;
    /// The solver's packages, by id.
    std::vector<ResolverPackage> packages;
    /// Custom incompatibility reasons, by the handle stored in the tree.
    std::vector<UnavailableReason> reasons;
    /// The versions the indexes list for each package the resolver looked up (ascending,
    /// exclude-newer applied).
    std::map<std::string, std::vector<pep440::Version>> included_versions;
    /// For each package looked up, the registry it was found on (the first that listed it).
    std::map<std::string, std::string> found_on;
    /// Indexes that refused a lookup, once each, in the order first seen.
    std::vector<RefusedIndex> refused_indexes;
    /// For each package, the versions that exclude-newer removed (no file inside the cutoff),
    /// ascending, with the earliest upload time among their files, if any had one.
    std::map<std::string, std::vector<std::pair<pep440::Version, std::optional<std::int64_t>>>> newer_versions;
    /// The versions the failing fork widened version sets against (ascending).
    std::map<std::string, std::vector<pep440::Version>> known_versions;
    /// Packages for which pre-releases could not be chosen.
    std::set<std::string> prerelease_disallowed;
    /// The workspace members, when a project was resolved (see `Manifest::workspace_members`).
    std::set<std::string> workspace_members;
    /// The options the resolution ran with (they word some hints).
    ResolverOptions options;
    /// Packages no index knows (or that could not be fetched).
    std::map<std::string, UnavailablePackage> unavailable_packages;
    /// Versions whose metadata could not be read.
    std::map<std::string, std::map<pep440::Version, UnavailableVersion>> incomplete_packages;
    PythonRequirement python;
    ResolverEnvironment environment = ResolverEnvironment::universal();
    /// The fork the failure happened in (empty for a specific or unforked resolution).
    std::string fork_display;
    /// The tags wheels were judged against (a specific resolution).
    std::optional<tags::SupportedTags> tags;
    /// For packages with versions refused for their wheel tags: each listed version (ascending)
    /// with its wheel filenames, for the tag hints.
    std::map<std::string, std::vector<std::pair<pep440::Version, std::vector<std::string>>>> wheel_filenames;

    /// The header, explanation and hints, from one reduction of the proof.
    FailureReport explain() const;
    /// `explain().explanation` (each call explains anew: use `explain()` for more than one part).
    std::string report() const;
    /// `explain().hints`.
    std::vector<std::string> hints() const;
    /// "No solution found when resolving dependencies:" (or the fork's variant).
    std::string header() const;
};

} // namespace lockkit::resolver
