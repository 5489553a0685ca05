#pragma once
// The proof that no solution exists: a tree whose leaves are external facts ("root depends on
// a", "no versions of b match", "c is unavailable") and whose inner nodes are incompatibilities
// derived from their two causes (docs/resolver-core.md, "The proof").
//
// Nodes are stored in one vector, every node after its causes; a node's causes are indices into
// it. An incompatibility reached along several paths is one node, and a derived one used as a
// cause more than once has a `shared_id` (its incompatibility number), so a report can explain
// it once and refer back to it. Package ids are the solver's; the driver names them.

#include <lockkit/resolver/incompatibility.hpp>

#include <optional>
#include <vector>

namespace lockkit::resolver {

struct DerivationNode {
    IncompatibilityKind kind = IncompatibilityKind::NoVersions;
    /// The incompatibility's terms (all kinds).
    Incompatibility::TermList terms;
    PackageId package = 0;         ///< NotRoot, NoVersions, Custom, FromDependency (the depender)
    PackageId dependency = 0;      ///< FromDependency
    VersionRange package_set;      ///< NoVersions, Custom; FromDependency: the depending versions
    VersionRange dependency_set;   ///< FromDependency (empty when the term was left out)
    pep440::Version root_version;  ///< NotRoot
    std::uint32_t reason = 0;      ///< Custom
    std::optional<std::uint32_t> shared_id;  ///< Derived nodes used as a cause more than once
    std::size_t cause1 = 0;        ///< Derived
    std::size_t cause2 = 0;        ///< Derived
};

struct DerivationTree {
    std::vector<DerivationNode> nodes;
    std::size_t root = 0;

    const DerivationNode& node(std::size_t i) const { return nodes[i]; }
    const DerivationNode& top() const { return nodes[root]; }
    /// Every package the tree mentions, in the order the nodes first mention them.
    std::vector<PackageId> packages() const;
};

/// The tree proving incompatibility `root`, from the arena that holds it and its causes.
DerivationTree build_derivation_tree(IncompatibilityId root, const IncompatibilityArena& arena);

} // namespace lockkit::resolver
