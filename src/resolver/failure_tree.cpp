// The failure tree's arena (see failure_tree.hpp).

#include "failure_tree.hpp"

#include <cassert>

namespace lockkit::resolver::failure {

const Term* Conclusion::term_for(const ResolverPackage& package) const {
    for (const auto& [p, t] : terms)
        if (p == package) return &t;
    return nullptr;
}

std::optional<std::pair<ResolverPackage, VersionRange>> Conclusion::sole_positive() const {
    if (terms.size() != 1 || !terms.front().second.is_positive()) return std::nullopt;
    return std::pair{terms.front().first, terms.front().second.set()};
}

NodeRef FailureTree::add(Fact fact) {
    m_nodes.emplace_back(std::move(fact));
    return static_cast<NodeRef>(m_nodes.size() - 1);
}

NodeRef FailureTree::add(Conclusion conclusion) {
    assert(conclusion.first < m_nodes.size() && conclusion.second < m_nodes.size());
    m_nodes.emplace_back(std::move(conclusion));
    return static_cast<NodeRef>(m_nodes.size() - 1);
}

NodeRef FailureTree::with_children(NodeRef original, NodeRef first, NodeRef second) {
    const Conclusion& c = *conclusion(original);
    if (c.first == first && c.second == second) return original;
    Conclusion copy{c.terms, c.shared, first, second};
    return add(std::move(copy));
}

std::vector<NodeRef> FailureTree::live_nodes() const {
    std::vector<char> seen(m_nodes.size(), 0);
    std::vector<NodeRef> pending{m_root};
    seen[m_root] = 1;
    while (!pending.empty()) {
        const NodeRef n = pending.back();
        pending.pop_back();
        if (const Conclusion* c = conclusion(n)) {
            for (NodeRef child : {c->first, c->second}) {
                if (seen[child]) continue;
                seen[child] = 1;
                pending.push_back(child);
            }
        }
    }
    std::vector<NodeRef> out;
    for (NodeRef n = 0; n < seen.size(); ++n)
        if (seen[n]) out.push_back(n);
    return out;
}

FailureTree FailureTree::from_solver(const NoSolution& failure) {
    const DerivationTree& proof = failure.tree;
    FailureTree out;
    // The solver's nodes are stored causes first, so each node's children already exist.
    std::vector<NodeRef> ref(proof.nodes.size(), k_gone);
    for (std::size_t i = 0; i < proof.nodes.size(); ++i) {
        const DerivationNode& n = proof.nodes[i];
        if (n.kind == IncompatibilityKind::Derived) {
            Conclusion c;
            c.terms.reserve(n.terms.size());
            for (const auto& [p, t] : n.terms) c.terms.emplace_back(failure.packages[p], t);
            c.shared = n.shared_id;
            c.first = ref[n.cause1];
            c.second = ref[n.cause2];
            ref[i] = out.add(std::move(c));
            continue;
        }
        Fact f;
        f.kind = n.kind;
        f.package = failure.packages[n.package];
        f.versions = n.package_set;
        f.root_version = n.root_version;
        if (n.kind == IncompatibilityKind::FromDependency) {
            f.dependency = failure.packages[n.dependency];
            f.dependency_versions = n.dependency_set;
        }
        if (n.kind == IncompatibilityKind::Custom) f.reason = failure.reasons[n.reason];
        ref[i] = out.add(std::move(f));
    }
    out.m_root = ref[proof.root];
    return out;
}

} // namespace lockkit::resolver::failure
