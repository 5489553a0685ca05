// Members, direct dependencies and shortest pull-in paths (see dependency_graph.hpp).

#include "lockkit/diff/dependency_graph.hpp"

#include <algorithm>
#include <deque>

namespace lockkit::diff {

namespace {

std::vector<std::string> find_members(const lockfile::Lock& lock) {
    std::vector<std::string> out;
    const auto& members = lock.manifest.members;
    for (const auto& p : lock.packages) {
        if (p.id.source.is_source_tree() && std::find(members.begin(), members.end(), p.id.name) != members.end()) {
            out.push_back(p.id.name);
        }
    }
    if (!out.empty()) {
        return out;
    }
    for (const auto& p : lock.packages) {
        if (p.id.source.is_source_tree() && p.id.source.location == ".") {
            out.push_back(p.id.name);
        }
    }
    if (!out.empty()) {
        return out;
    }
    std::vector<std::string> targets;
    for (const auto& p : lock.packages) {
        auto add = [&](const std::vector<lockfile::Dependency>& deps) {
            for (const auto& d : deps) targets.push_back(d.target.name);
        };
        add(p.dependencies);
        for (const auto& [_, deps] : p.optional_dependencies) add(deps);
        for (const auto& [_, deps] : p.dev_dependencies) add(deps);
    }
    for (const auto& p : lock.packages) {
        if (p.id.source.is_source_tree() && std::find(targets.begin(), targets.end(), p.id.name) == targets.end()) {
            out.push_back(p.id.name);
        }
    }
    return out;
}

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
    std::deque<std::string> queue;
    for (auto& m : find_members(lock)) {
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
