// Building the proof tree (derivation_tree.hpp).

#include <lockkit/resolver/derivation_tree.hpp>

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

namespace lockkit::resolver {

namespace {

DerivationNode describe(const Incompatibility& incompat) {
    DerivationNode n;
    n.kind = incompat.kind();
    n.terms = incompat.terms();
    switch (incompat.kind()) {
    case IncompatibilityKind::NotRoot:
        n.package = incompat.package();
        n.root_version = incompat.root_version();
        break;
    case IncompatibilityKind::Custom:
        n.reason = incompat.reason();
        [[fallthrough]];
    case IncompatibilityKind::NoVersions:
        n.package = incompat.package();
        n.package_set = incompat.kind_set();
        break;
    case IncompatibilityKind::FromDependency: {
        n.package = incompat.package();
        n.dependency = incompat.dependency();
        auto [depending, dependency] = incompat.dependency_sets();
        n.package_set = *depending;
        n.dependency_set = std::move(dependency);
        break;
    }
    case IncompatibilityKind::Derived: break;
    }
    return n;
}

} // namespace

DerivationTree build_derivation_tree(IncompatibilityId root, const IncompatibilityArena& arena) {
    // Pass 1: count how often each reachable incompatibility is used as a cause. Each derived one
    // is expanded once, so every edge of the proof is counted once.
    std::unordered_map<IncompatibilityId, std::uint32_t> uses{{root, 0}};
    std::vector<IncompatibilityId> to_expand{root};
    while (!to_expand.empty()) {
        const Incompatibility& incompat = arena[to_expand.back()];
        to_expand.pop_back();
        if (incompat.kind() != IncompatibilityKind::Derived) continue;
        for (IncompatibilityId cause : {incompat.cause1(), incompat.cause2()})
            if (uses[cause]++ == 0) to_expand.push_back(cause);
    }

    // Pass 2: a walk that writes each incompatibility after its causes, once.
    DerivationTree tree;
    tree.nodes.reserve(uses.size());
    std::unordered_map<IncompatibilityId, std::size_t> written;
    struct Frame {
        IncompatibilityId id;
        bool causes_written;
    };
    std::vector<Frame> stack{{root, false}};
    while (!stack.empty()) {
        Frame& top = stack.back();
        if (written.contains(top.id)) {
            stack.pop_back();
            continue;
        }
        const Incompatibility& incompat = arena[top.id];
        if (incompat.kind() == IncompatibilityKind::Derived && !top.causes_written) {
            top.causes_written = true;
            const IncompatibilityId c1 = incompat.cause1(), c2 = incompat.cause2();
            stack.push_back({c2, false});
            stack.push_back({c1, false});
            continue;
        }
        DerivationNode n = describe(incompat);
        if (incompat.kind() == IncompatibilityKind::Derived) {
            n.cause1 = written.at(incompat.cause1());
            n.cause2 = written.at(incompat.cause2());
            if (uses.at(top.id) > 1) n.shared_id = top.id;
        }
        written.emplace(top.id, tree.nodes.size());
        tree.nodes.push_back(std::move(n));
        stack.pop_back();
    }
    tree.root = written.at(root);
    return tree;
}

std::vector<PackageId> DerivationTree::packages() const {
    std::vector<PackageId> out;
    std::unordered_set<PackageId> seen;
    for (const DerivationNode& n : nodes)
        for (const auto& [p, t] : n.terms)
            if (seen.insert(p).second) out.push_back(p);
    return out;
}

} // namespace lockkit::resolver
