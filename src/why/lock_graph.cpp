// A lock as a graph of package variants; see lock_graph.hpp.

#include <lockkit/why/lock_graph.hpp>

#include <lockkit/lockfile/roots.hpp>
#include <lockkit/pep508/package_name.hpp>

#include <set>
#include <unordered_map>

namespace lockkit::why {

std::size_t LockGraph::add(VariantNode node) {
    m_nodes.push_back(std::move(node));
    m_incoming.emplace_back();
    return m_nodes.size() - 1;
}

std::optional<std::size_t> LockGraph::extra_node(std::size_t package, const std::string& extra) const {
    for (std::size_t i = 0; i < m_nodes.size(); ++i)
        if (m_nodes[i].package == package && m_nodes[i].kind == VariantNode::Kind::Extra && m_nodes[i].name == extra)
            return i;
    return std::nullopt;
}

LockGraph::LockGraph(const lockfile::Lock& lock) {
    const auto& packages = lock.packages;
    m_manifest_package = packages.size();
    const lockfile::LockRoots roots = lockfile::lock_roots(lock);
    const std::set<std::size_t> members(roots.members.begin(), roots.members.end());

    // Nodes: each package's main variant, then its extras and groups; the manifest last.
    m_main.resize(packages.size());
    std::vector<std::vector<std::pair<std::size_t, const std::vector<lockfile::Dependency>*>>> sections(packages.size());
    std::unordered_map<std::string, std::size_t> extra_of;  // "package-index\0extra" -> node
    for (std::size_t p = 0; p < packages.size(); ++p) {
        const bool root = members.contains(p);
        m_main[p] = add(VariantNode{p, VariantNode::Kind::Main, {}, root});
        sections[p].emplace_back(m_main[p], &packages[p].dependencies);
        for (const auto& [extra, deps] : packages[p].optional_dependencies) {
            const std::size_t n = add(VariantNode{p, VariantNode::Kind::Extra, extra, root});
            extra_of[std::to_string(p) + '\0' + extra] = n;
            sections[p].emplace_back(n, &deps);
        }
        for (const auto& [group, deps] : packages[p].dev_dependencies)
            sections[p].emplace_back(add(VariantNode{p, VariantNode::Kind::Group, group, root}), &deps);
    }

    std::unordered_map<std::string, std::vector<std::size_t>> by_name;
    for (std::size_t p = 0; p < packages.size(); ++p) by_name[packages[p].id.name].push_back(p);
    auto reach = [&](std::size_t target, const std::vector<std::string>& extras, IncomingEdge edge) {
        m_incoming[m_main[target]].push_back(edge);
        for (const auto& e : extras)
            if (auto it = extra_of.find(std::to_string(target) + '\0' + e); it != extra_of.end())
                m_incoming[it->second].push_back(edge);
    };
    for (std::size_t p = 0; p < packages.size(); ++p)
        for (const auto& [node, deps] : sections[p])
            for (const auto& d : *deps) {
                const std::ptrdiff_t target = lock.find(d.target);
                if (target < 0) continue;
                reach(static_cast<std::size_t>(target), d.extras, IncomingEdge{node, &d, nullptr});
            }

    // `[manifest]`: requirements and a project-less root's groups name packages, not identities.
    if (!lock.manifest.requirements.empty() || !lock.manifest.dependency_groups.empty()) {
        const std::size_t manifest = add(VariantNode{m_manifest_package, VariantNode::Kind::Main, {}, true});
        std::vector<std::pair<std::size_t, const lockfile::Requirement*>> entries;
        for (const auto& r : lock.manifest.requirements) entries.emplace_back(manifest, &r);
        for (const auto& [group, reqs] : lock.manifest.dependency_groups) {
            const std::size_t g = add(VariantNode{m_manifest_package, VariantNode::Kind::Group, group, true});
            for (const auto& r : reqs) entries.emplace_back(g, &r);
        }
        for (const auto& [node, r] : entries) {
            const auto it = by_name.find(pep508::normalize_name(r->name));
            if (it == by_name.end()) continue;
            const std::vector<std::string> extras = r->extras.value_or(std::vector<std::string>{});
            for (const std::size_t target : it->second) reach(target, extras, IncomingEdge{node, nullptr, r});
        }
    }
}

} // namespace lockkit::why
