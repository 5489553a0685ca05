#pragma once
// A failed resolution: the solver's proof plus what a report needs to word it
// (uv's `NoSolutionError`, `uv-resolver/src/error.rs`).

#include <lockkit/resolver/derivation_tree.hpp>
#include <lockkit/resolver/environment.hpp>
#include <lockkit/resolver/package.hpp>
#include <lockkit/resolver/python_requirement.hpp>
#include <lockkit/resolver/unavailable.hpp>

#include <map>
#include <string>
#include <vector>

namespace lockkit::resolver {

struct NoSolution {
    DerivationTree tree;
    /// The solver's packages, by id.
    std::vector<ResolverPackage> packages;
    /// Custom incompatibility reasons, by the handle stored in the tree.
    std::vector<UnavailableReason> reasons;
    /// Every version the indexes list for each package name (ascending, exclude-newer applied).
    std::map<std::string, std::vector<pep440::Version>> available_versions;
    /// Packages no index knows (or that could not be fetched).
    std::map<std::string, UnavailablePackage> unavailable_packages;
    /// Versions whose metadata could not be read.
    std::map<std::string, std::map<pep440::Version, UnavailableVersion>> incomplete_packages;
    PythonRequirement python;
    ResolverEnvironment environment = ResolverEnvironment::universal();
    /// The fork the failure happened in (empty for a specific or unforked resolution).
    std::string fork_display;

    /// The explanation, "Because ... we can conclude that ...", without the header line.
    std::string report() const;
    /// Advice to print after the report, each one line without the `hint: ` prefix.
    std::vector<std::string> hints() const;
    /// "No solution found when resolving dependencies:" (or the fork's variant).
    std::string header() const;
};

} // namespace lockkit::resolver
