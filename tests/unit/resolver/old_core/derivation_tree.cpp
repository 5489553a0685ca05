// Derivation trees for failure reports (see derivation_tree.hpp).

#include "old_core/derivation_tree.hpp"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

namespace lockkit::resolver::old_core {

DerivationTree build_derivation_tree(IncompatibilityId root, const IncompatibilityStore& store) {
    // Find every incompatibility below the root, and those reached twice.
    std::unordered_set<IncompatibilityId> all;
    std::unordered_set<IncompatibilityId> shared;
    std::vector<IncompatibilityId> stack{root};
    while (!stack.empty()) {
        const IncompatibilityId i = stack.back();
        stack.pop_back();
        const Incompatibility& inc = store[i];
        if (inc.kind() == IncompatibilityKind::Derived) {
            if (all.contains(i)) {
                shared.insert(i);
            } else {
                stack.push_back(inc.cause1());
                stack.push_back(inc.cause2());
            }
        }
        all.insert(i);
    }
    // Causes always have smaller ids than what they caused, so id order is topological.
    std::vector<IncompatibilityId> ids(all.begin(), all.end());
    std::sort(ids.begin(), ids.end());
    DerivationTree tree;
    std::unordered_map<IncompatibilityId, std::size_t> index;
    for (IncompatibilityId id : ids) {
        const Incompatibility& inc = store[id];
        DerivationNode n;
        n.kind = inc.kind();
        n.terms = inc.terms();
        switch (inc.kind()) {
        case IncompatibilityKind::NotRoot:
            n.package = inc.package();
            n.root_version = inc.root_version();
            break;
        case IncompatibilityKind::NoVersions:
        case IncompatibilityKind::Custom:
            n.package = inc.package();
            n.package_set = inc.kind_set();
            n.reason = inc.reason();
            break;
        case IncompatibilityKind::FromDependency: {
            n.package = inc.package();
            n.dependency = inc.dependency();
            auto [versions, dependency_versions] = inc.dependency_sets();
            n.package_set = *versions;
            n.dependency_set = std::move(dependency_versions);
            break;
        }
        case IncompatibilityKind::Derived:
            n.cause1 = index.at(inc.cause1());
            n.cause2 = index.at(inc.cause2());
            if (shared.contains(id)) n.shared_id = id;
            break;
        }
        index[id] = tree.nodes.size();
        tree.nodes.push_back(std::move(n));
    }
    tree.root = index.at(root);
    return tree;
}

std::vector<PackageId> DerivationTree::packages() const {
    std::vector<PackageId> out;
    for (const auto& n : nodes)
        for (const auto& [p, t] : n.terms)
            if (std::find(out.begin(), out.end(), p) == out.end()) out.push_back(p);
    return out;
}

} // namespace lockkit::resolver::old_core
