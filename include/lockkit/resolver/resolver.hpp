#pragma once
// Resolving requirements to one version per package, as uv does it.
//
// `resolve` runs uv's driver loop over the PubGrub core (solver_state.hpp): unit propagation,
// uv's priorities and "too many conflicts" re-prioritisation, candidate selection with
// preferences, pre-release and resolution modes, yanked and exclude-newer rules, and uv's
// virtual packages for extras, groups and markers. It asks the provider for everything it
// needs and does no I/O itself.
//
// For one environment (`ResolverEnvironment::specific`) it resolves as `uv pip install` and
// `uv pip compile` do. For a universal environment it forks where dependencies on one package
// have disjoint markers or a candidate's Requires-Python splits the Python range, solves the
// forks depth first (uv's fork order), and lets later forks prefer earlier forks' versions.

#include <lockkit/resolver/environment.hpp>
#include <lockkit/resolver/no_solution.hpp>
#include <lockkit/resolver/options.hpp>
#include <lockkit/resolver/provider.hpp>
#include <lockkit/resolver/python_requirement.hpp>

#include <expected>
#include <optional>
#include <string>
#include <vector>

namespace lockkit::resolver {

/// One package of the result.
struct ResolvedPackage {
    std::string name;
    pep440::Version version;
    std::string index_url;           ///< registry packages: the index the version came from
    std::optional<std::string> url;  ///< direct-URL and source-tree packages: their URL
    /// The file that would be installed, and the one whose metadata was read (registry only).
    const DistributionFile* install_file = nullptr;
    const DistributionFile* metadata_file = nullptr;
    /// The files a lock records for the version (uv's `built_dist()` / `source_dist()`): when a
    /// wheel was chosen, every wheel not excluded by exclude-newer and the sdist; when the
    /// sdist was chosen, the sdist (unless excluded) and every wheel. Registry only.
    std::vector<const DistributionFile*> wheels;
    const DistributionFile* sdist = nullptr;
};

/// A node of a fork's solution: a package, or one of its extra or group variants.
struct ResolvedNode {
    std::string name;
    std::optional<std::string> extra;
    std::optional<std::string> group;
};

/// A dependency edge of the result: `from` (with its extra or group) depends on `to`, as uv
/// records it (`ResolutionDependencyEdge`): an edge to an extra also yields an edge to its base.
struct ResolvedEdge {
    std::string from;  ///< empty for the root
    std::optional<std::string> from_extra;
    std::optional<std::string> from_group;
    std::string to;
    std::optional<std::string> to_extra;
    std::optional<std::string> to_group;
    pep508::MarkerTree marker;  ///< the marker of the requirement behind the edge (extras removed)
};

/// The solution of one fork: every package, one version each.
struct ForkResolution {
    pep508::MarkerTree markers;  ///< where the fork applies (TRUE when unforked), PEP 508 only
    /// `markers` and-ed with the conflict pseudo-extras of the items the fork includes and
    /// excludes (conflicts.hpp): the marker uv records for the fork. Equal to `markers` without
    /// declared conflicts.
    pep508::MarkerTree universal_markers;
    std::vector<ConflictItem> included;  ///< conflict items forced on in this fork (sorted)
    std::vector<ConflictItem> excluded;  ///< conflict items forced off in this fork (sorted)
    std::vector<ResolvedPackage> packages;  ///< sorted by name
    std::vector<ResolvedNode> nodes;        ///< every package and variant in the solution
    std::vector<ResolvedEdge> edges;
};

struct Resolution {
    /// The forks in the order they were solved (one for a specific or unforked resolution).
    std::vector<ForkResolution> forks;
    /// Every (name, version) of every fork, sorted by name then version, each once.
    std::vector<ResolvedPackage> packages;
    /// Human-readable warnings (a yanked version was selected, ...).
    std::vector<std::string> diagnostics;
};

/// Why a resolution failed: no solution exists, or something else went wrong.
struct ResolveFailure {
    std::optional<NoSolution> no_solution;
    std::string message;  ///< when there is no derivation tree
};

std::expected<Resolution, ResolveFailure> resolve(const Manifest& manifest, const ResolverOptions& options,
                                                  const ResolverEnvironment& environment,
                                                  const PythonRequirement& python, ResolverProvider& provider);

} // namespace lockkit::resolver
