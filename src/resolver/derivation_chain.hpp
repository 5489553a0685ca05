#pragma once
// Why a package is in the resolution, told when one of its distributions fails (a source
// distribution whose build fails while resolving): the path of dependencies from the root to
// the package, read from the solver's dependency clauses and decisions, and the hint uv 0.12.5
// prints from it (its `DerivationChainBuilder::from_state` and `format_chain`):
//
//   hint: `c` (v2.0) was included because `app` (v0.1.0) depends on `b>=1` (v1.0) which depends on `c`
//
// The path is the first one found walking each package's dependency clauses oldest first, as
// uv walks them, so both tools name the same parents when several depend on the package.

#include <lockkit/resolver/package.hpp>
#include <lockkit/resolver/solver_state.hpp>

#include <optional>
#include <string>
#include <vector>

namespace lockkit::resolver::detail {

/// A package on the way from the root, at its decided version.
struct DerivationStep {
    std::string name;
    std::optional<std::string> extra;
    std::optional<std::string> group;
    pep440::Version version;
    VersionRange range;  ///< the versions it allows of the next step's package
};

/// The steps from the root (left out) to `package` at `version` (left out); nothing when no
/// path of decided packages reaches the root.
std::optional<std::vector<DerivationStep>> derivation_chain(const SolverState& state, const PackageStore& store,
                                                            PackageId package, const pep440::Version& version);

/// uv's hint, without `hint: `: "`name` (vX) was included because `a` (v1) depends on ...".
std::string included_because(const std::string& name, const pep440::Version& version,
                             const std::vector<DerivationStep>& chain);

/// A distribution's error report with uv's hint on why `package` (`name` at `version`) is in
/// the resolution, placed before the report's own hints. Only uv's reports of a distribution
/// ("Failed to build `...`" and the like) get it, and only when the chain has a step.
std::string with_derivation_hint(std::string report, const SolverState& state, const PackageStore& store,
                                 PackageId package, const std::string& name, const pep440::Version& version);

} // namespace lockkit::resolver::detail
