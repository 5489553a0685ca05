#pragma once
// The solver's proof as failure reports see it (internal; the output it leads to is specified
// in docs/ARCHITECTURE.md, "Failure reports").
//
// Nodes live in one append-only arena and refer to each other by index; a child always has a
// smaller index than its parent. Nothing is ever changed in place: a rewrite gives each live
// node an image (itself when nothing about it changed, a new node otherwise, or nothing when it
// disappears) and moves the root to the root's image. Unchanged subtrees are therefore shared
// between successive forms of the tree, a node reached along two paths is rewritten once, and
// every walk is a loop over indices, so trees thousands of levels deep need no deep recursion.
// A rewrite that changes nothing leaves the root where it was, which is how repeated rewriting
// knows it is done.

#include <lockkit/resolver/no_solution.hpp>

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace lockkit::resolver::failure {

/// An index into a FailureTree; `k_gone` marks a node that disappeared.
using NodeRef = std::uint32_t;
inline constexpr NodeRef k_gone = UINT32_MAX;

/// A leaf of the proof: something known without derivation.
struct Fact {
    IncompatibilityKind kind = IncompatibilityKind::NoVersions;  ///< never Derived
    ResolverPackage package;
    /// NoVersions, Custom: the versions concerned; FromDependency: the depending versions.
    VersionRange versions;
    ResolverPackage dependency;       ///< FromDependency
    VersionRange dependency_versions; ///< FromDependency (empty when nothing was left of it)
    pep440::Version root_version;     ///< NotRoot
    UnavailableReason reason;         ///< Custom

    bool is(IncompatibilityKind k) const { return kind == k; }
};

using Terms = std::vector<std::pair<ResolverPackage, Term>>;

/// An inner node: terms that cannot all hold, drawn from two earlier nodes.
struct Conclusion {
    Terms terms;
    /// Set when the solver reached this conclusion along more than one path: explanations
    /// number it once and refer back to it.
    std::optional<std::size_t> shared;
    NodeRef first = k_gone;
    NodeRef second = k_gone;

    /// The term about `package`, if any.
    const Term* term_for(const ResolverPackage& package) const;
    /// The package and set when the terms are exactly one positive term.
    std::optional<std::pair<ResolverPackage, VersionRange>> sole_positive() const;
};

class FailureTree {
public:
    /// The solver's tree, with package ids and reason handles replaced by values.
    static FailureTree from_solver(const NoSolution& failure);

    NodeRef add(Fact fact);
    NodeRef add(Conclusion conclusion);
    /// `original` with other children (itself when they are the same ones).
    NodeRef with_children(NodeRef original, NodeRef first, NodeRef second);

    const Fact* fact(NodeRef n) const { return std::get_if<Fact>(&m_nodes[n]); }
    const Conclusion* conclusion(NodeRef n) const { return std::get_if<Conclusion>(&m_nodes[n]); }
    /// The fact at `n` if it is of kind `k`.
    const Fact* fact_of_kind(NodeRef n, IncompatibilityKind k) const {
        const Fact* f = n == k_gone ? nullptr : fact(n);
        return f != nullptr && f->kind == k ? f : nullptr;
    }

    NodeRef root() const { return m_root; }
    /// The number of nodes ever added (live or not).
    std::size_t size() const { return m_nodes.size(); }
    void set_root(NodeRef root) { m_root = root; }

    /// One rewrite (see the header comment). `on_fact(ref)` and `on_conclusion(ref, first,
    /// second)` return the image of a node; the children passed are already images and may be
    /// `k_gone`. Nodes are visited children first, each once.
    template <class OnFact, class OnConclusion>
    void rewrite(OnFact&& on_fact, OnConclusion&& on_conclusion);

    /// The live nodes (reachable from the root), in index order: children before parents.
    std::vector<NodeRef> live_nodes() const;

private:
    // A deque, so that references to nodes survive while a rewrite appends new ones.
    std::deque<std::variant<Fact, Conclusion>> m_nodes;
    NodeRef m_root = k_gone;
};

template <class OnFact, class OnConclusion>
void FailureTree::rewrite(OnFact&& on_fact, OnConclusion&& on_conclusion) {
    if (m_root == k_gone) return;
    const std::vector<NodeRef> live = live_nodes();
    std::vector<NodeRef> image(m_nodes.size(), k_gone);
    for (NodeRef n : live) {
        if (fact(n) != nullptr) {
            image[n] = on_fact(n);
        } else {
            const Conclusion& c = *conclusion(n);
            image[n] = on_conclusion(n, image[c.first], image[c.second]);
        }
    }
    m_root = image[m_root];
}

/// The tree after every reduction, in order (docs/ARCHITECTURE.md, "The tree before wording").
FailureTree reduce(const NoSolution& failure);

} // namespace lockkit::resolver::failure
