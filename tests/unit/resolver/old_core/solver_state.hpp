#pragma once
// The PubGrub solver state that a driver steps by hand, as uv drives pubgrub's `State`
// (PubGrub's solver.md: unit propagation, conflict resolution, decision making).
//
// The driver owns the loop: it runs `unit_propagation`, picks the next package from the
// partial solution's priority queue, chooses a version (through its provider), and either adds
// the version's dependencies (`add_package_version_dependencies`) or records why versions are
// unusable (`add_incompatibility`). The state never does I/O and knows packages only by id.
//
// Exactness. uv's answer depends on every detail of pubgrub-rs's state machine, so this
// implementation reproduces its observable decisions: incompatibilities of a package are
// visited newest first; contradicted incompatibilities are cached per backtrack generation;
// conflict resolution allocates each prior cause in the store and backjumps to the previous
// satisfier's level (at least 1); a new dependency incompatibility whose dependency term equals
// that of an existing one from the same package to the same dependency is merged with it (the
// depending sets united), and the merged clause replaces the old one at the end of each
// package's list; until the first backtrack, a version's dependencies are added without
// checking them.

#include "old_core/derivation_tree.hpp"
#include "old_core/partial_solution.hpp"

#include <expected>
#include <span>
#include <unordered_map>
#include <utility>
#include <vector>

namespace lockkit::resolver::old_core {

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

    PartialSolution& partial_solution() { return m_partial; }
    const PartialSolution& partial_solution() const { return m_partial; }
    const IncompatibilityStore& store() const { return m_store; }
    const Incompatibility& incompatibility(IncompatibilityId id) const { return m_store[id]; }
    /// The incompatibilities that mention the package, oldest first.
    std::span<const IncompatibilityId> incompatibilities_of(PackageId package) const;

    /// Adds an incompatibility (merged with an equal dependency clause if possible).
    IncompatibilityId add_incompatibility(Incompatibility incompat);

    /// "`proxy` in `versions` implies `base` in `versions`", tying a virtual package to its
    /// base package (pubgrub's `add_proxy_package_incompatibility`).
    void add_proxy_package_incompatibility(PackageId proxy, PackageId base, const VersionRange& versions);

    /// Adds the dependencies of `package` at `version`, claimed for every version in `versions`
    /// (which must contain `version`), then decides it unless a new dependency clause already
    /// conflicts: that clause is returned and nothing is decided.
    std::optional<IncompatibilityId> add_package_version_dependencies(PackageId package,
                                                                      const pep440::Version& version,
                                                                      const VersionRange& versions,
                                                                      std::span<const Dependency> dependencies);

    /// Propagates from `package`. On success: for each conflict resolved on the way, the package
    /// that got a new derivation and the root-cause incompatibility. On failure: the proof.
    std::expected<std::vector<std::pair<PackageId, IncompatibilityId>>, DerivationTree>
    unit_propagation(PackageId package);

    /// Backtracks to before the package was decided; the number of decisions undone, or
    /// nothing when the package is not decided.
    std::optional<std::uint32_t> backtrack_package(PackageId package);

private:
    struct MergeKey {
        PackageId dependent;
        PackageId dependency;
        std::size_t range_hash;
        bool operator==(const MergeKey&) const = default;
    };
    struct MergeKeyHash {
        std::size_t operator()(const MergeKey& k) const noexcept {
            return (std::size_t{k.dependent} * 0x9e3779b97f4a7c15ULL) ^ (std::size_t{k.dependency} << 20) ^ k.range_hash;
        }
    };

    IncompatibilityId alloc(Incompatibility incompat);
    void merge_incompatibility(IncompatibilityId id);
    std::vector<IncompatibilityId>& list_of(PackageId package);
    /// Returns (package, root cause) or the terminal incompatibility.
    std::expected<std::pair<PackageId, IncompatibilityId>, IncompatibilityId>
    conflict_resolution(IncompatibilityId incompat, std::vector<std::pair<PackageId, IncompatibilityId>>& causes);
    void mark_contradicted(IncompatibilityId id);

    PackageId m_root;
    pep440::Version m_root_version;
    IncompatibilityStore m_store;
    std::vector<std::vector<IncompatibilityId>> m_incompatibilities;  ///< by package id
    std::unordered_map<MergeKey, std::vector<IncompatibilityId>, MergeKeyHash> m_merged;
    PartialSolution m_partial;
    std::vector<PackageId> m_buffer;
};

} // namespace lockkit::resolver::old_core
