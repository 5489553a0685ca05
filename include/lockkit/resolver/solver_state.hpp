#pragma once
// The PubGrub solver that a driver steps by hand, as uv drives its solver (docs/resolver-core.md).
//
// The driver owns the loop: it runs `unit_propagation`, picks the next package from the partial
// solution's queue, chooses a version (through its provider), and either adds the version's
// dependencies (`add_package_version_dependencies`) or records why versions cannot be used
// (`add_incompatibility`). The state never does I/O and knows packages only by number.
//
// Parts. The arena holds every incompatibility; each package has the list of those that mention
// it, oldest first, which propagation reads newest first. Dependency clauses with equal
// dependency sets are merged through a `DependencyClauseIndex`; incompatibilities known to be
// contradicted are skipped through a `ContradictionCache`; the `PartialSolution` is the log of
// assignments and the queue of packages to decide.

#include <lockkit/resolver/contradiction_cache.hpp>
#include <lockkit/resolver/dependency_clauses.hpp>
#include <lockkit/resolver/derivation_tree.hpp>
#include <lockkit/resolver/partial_solution.hpp>

#include <expected>
#include <span>
#include <utility>
#include <vector>

namespace lockkit::resolver {

/// A dependency of a package version: the dependency and the versions it allows.
struct Dependency {
    PackageId package;
    VersionRange versions;
};

class SolverState {
public:
    /// A state whose only incompatibility is "the root must be selected at `root_version`".
    SolverState(PackageId root, pep440::Version root_version);

    PackageId root() const { return m_root; }
    const pep440::Version& root_version() const { return m_root_version; }

    PartialSolution& partial_solution() { return m_solution; }
    const PartialSolution& partial_solution() const { return m_solution; }
    const IncompatibilityArena& arena() const { return m_arena; }
    const Incompatibility& incompatibility(IncompatibilityId id) const { return m_arena[id]; }
    /// The incompatibilities that mention the package, oldest first.
    std::span<const IncompatibilityId> incompatibilities_of(PackageId package) const;

    /// Adds an incompatibility and returns its number; a dependency clause is merged with an
    /// equal one (the merged clause gets the next number).
    IncompatibilityId add_incompatibility(Incompatibility incompat);

    /// "`proxy` in `versions` depends on `base` in `versions`": ties a virtual package's version
    /// to its base package's.
    void add_proxy_package_incompatibility(PackageId proxy, PackageId base, const VersionRange& versions);

    /// Adds the dependencies of `package` at `version`, claimed for every version in `versions`
    /// (which holds `version`), then decides it unless a new dependency clause already conflicts:
    /// that clause is returned and nothing is decided.
    std::optional<IncompatibilityId> add_package_version_dependencies(PackageId package,
                                                                      const pep440::Version& version,
                                                                      const VersionRange& versions,
                                                                      std::span<const Dependency> dependencies);

    /// Propagates from `package`. On success: for each step of conflict resolution on the way, the
    /// satisfier's package and the incompatibility being resolved. On failure: the proof.
    std::expected<std::vector<std::pair<PackageId, IncompatibilityId>>, DerivationTree>
    unit_propagation(PackageId package);

    /// Goes back to just before the package was decided; the number of decisions undone, or
    /// nothing when the package is not decided.
    std::optional<std::uint32_t> backtrack_package(PackageId package);

private:
    using Steps = std::vector<std::pair<PackageId, IncompatibilityId>>;

    /// Files an incompatibility in the lists of its packages, merging a dependency clause with an
    /// equal one; the number filed.
    IncompatibilityId file(IncompatibilityId id);
    void list_under_packages(IncompatibilityId id);
    void unlist(IncompatibilityId id);
    /// Conflict resolution: the package to derive for and the incompatibility to derive from, or
    /// the incompatibility that proves there is no solution.
    std::expected<std::pair<PackageId, IncompatibilityId>, IncompatibilityId> resolve_conflict(IncompatibilityId conflict,
                                                                                               Steps& steps);
    /// The resolvent of `conflict` and the satisfier's `cause` on `package`.
    Incompatibility prior_cause(IncompatibilityId conflict, IncompatibilityId cause, PackageId package) const;
    bool proves_no_solution(const Incompatibility& incompat) const;
    void jump_back(DecisionLevel level);

    PackageId m_root;
    pep440::Version m_root_version;
    IncompatibilityArena m_arena;
    std::vector<std::vector<IncompatibilityId>> m_lists;  ///< by package id
    DependencyClauseIndex m_clauses;
    ContradictionCache m_contradicted;
    PartialSolution m_solution;
    std::vector<PackageId> m_to_visit;  ///< propagation's work list (kept to reuse its storage)
};

} // namespace lockkit::resolver
