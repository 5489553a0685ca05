// Members, direct dependencies and shortest pull-in paths (see dependency_graph.hpp).

#include "lockkit/diff/dependency_graph.hpp"

#include "lockkit/lockfile/roots.hpp"

#include <algorithm>
#include <deque>
#include <map>
#include <set>
#include <unordered_set>

namespace lockkit::diff {

namespace {

/// The lock's members, one definition for every tool (lockfile/roots.hpp).
std::vector<std::string> find_members(const lockfile::Lock& lock) { return lockfile::lock_roots(lock).member_names; }

} // namespace

DependencyGraph::DependencyGraph(const lockfile::Lock& lock) {
    std::unordered_map<std::string, std::vector<std::string>> edges;
    for (const auto& p : lock.packages) {
        auto& out = edges[p.id.name];
        auto add = [&](const std::vector<lockfile::Dependency>& deps) {
            for (const auto& d : deps) out.push_back(d.target.name);
        };
        add(p.dependencies);
        for (const auto& [_, deps] : p.optional_dependencies) add(deps);
        for (const auto& [_, deps] : p.dev_dependencies) add(deps);
    }
    const auto members = find_members(lock);
    std::deque<std::string> queue;
    for (const auto& m : members) {
        if (m_nodes.try_emplace(m, Node{0, {}}).second) {
            queue.push_back(m);
        }
    }
    while (!queue.empty()) {
        const std::string name = std::move(queue.front());
        queue.pop_front();
        const int depth = m_nodes[name].depth;
        auto it = edges.find(name);
        if (it == edges.end()) {
            continue;
        }
        for (const auto& target : it->second) {
            if (m_nodes.try_emplace(target, Node{depth + 1, name}).second) {
                queue.push_back(target);
            }
        }
    }
    compute_reach(lock, members, edges);
}

void DependencyGraph::compute_reach(const lockfile::Lock& lock, const std::vector<std::string>& members,
                                    const std::unordered_map<std::string, std::vector<std::string>>& edges) {
    // Seeds per channel, in a stable order: main first, then extras and groups by name.
    std::map<std::string, std::vector<std::string>> seeds;
    std::unordered_map<std::string, std::vector<std::string>> main_edges;
    for (const auto& p : lock.packages) {
        auto& out = main_edges[p.id.name];
        for (const auto& d : p.dependencies) out.push_back(d.target.name);
    }
    auto& main_seeds = seeds["main"];
    for (const auto& p : lock.packages) {
        if (std::find(members.begin(), members.end(), p.id.name) == members.end()) continue;
        for (const auto& d : p.dependencies) main_seeds.push_back(d.target.name);
        for (const auto& [extra, deps] : p.optional_dependencies)
            for (const auto& d : deps) seeds["extra:" + extra].push_back(d.target.name);
        for (const auto& [group, deps] : p.dev_dependencies)
            for (const auto& d : deps) seeds["group:" + group].push_back(d.target.name);
    }
    const std::set<std::string> member_set(members.begin(), members.end());
    m_channels.push_back("main");
    for (const auto& [channel, _] : seeds)
        if (channel != "main") m_channels.push_back(channel);
    for (std::size_t ch = 0; ch < m_channels.size(); ++ch) {
        std::deque<std::string_view> queue;
        std::unordered_set<std::string_view> seen;
        for (const auto& s : seeds[m_channels[ch]])
            if (seen.insert(s).second) queue.push_back(s);
        while (!queue.empty()) {
            const std::string name(queue.front());
            queue.pop_front();
            auto& bits = m_reach[name];
            bits.resize(m_channels.size(), false);
            bits[ch] = true;
            const auto& table = member_set.contains(name) ? main_edges : edges;
            auto it = table.find(name);
            if (it == table.end()) continue;
            for (const auto& target : it->second)
                if (seen.insert(target).second) queue.push_back(target);
        }
    }
}

Reach DependencyGraph::reach_of(std::string_view name) const {
    Reach out;
    auto it = m_reach.find(std::string(name));
    if (it == m_reach.end()) return out;
    for (std::size_t ch = 0; ch < it->second.size(); ++ch) {
        if (!it->second[ch]) continue;
        const std::string& c = m_channels[ch];
        if (c == "main") out.main = true;
        else if (c.starts_with("extra:")) out.extras.push_back(c.substr(6));
        else out.groups.push_back(c.substr(6));
    }
    return out;
}

int DependencyGraph::depth_of(std::string_view name) const {
    auto it = m_nodes.find(std::string(name));
    return it == m_nodes.end() ? -1 : it->second.depth;
}

Relation DependencyGraph::relation_of(std::string_view name) const {
    switch (depth_of(name)) {
    case -1: return Relation::Unreachable;
    case 0: return Relation::Member;
    case 1: return Relation::Direct;
    default: return Relation::Transitive;
    }
}

std::vector<std::string> DependencyGraph::via(std::string_view name) const {
    std::vector<std::string> out;
    auto it = m_nodes.find(std::string(name));
    if (it == m_nodes.end()) {
        return out;
    }
    // Walk parents up to (not including) the member.
    const Node* node = &it->second;
    while (node->depth > 1) {
        auto parent = m_nodes.find(node->parent);
        out.push_back(parent->first);
        node = &parent->second;
    }
    std::reverse(out.begin(), out.end());
    return out;
}

} // namespace lockkit::diff
