// Merging a resolution's forks into one graph (see resolution_graph.hpp).

#include <lockkit/resolver/resolution_graph.hpp>

#include "conflict_markers.hpp"

#include <algorithm>
#include <map>
#include <string_view>
#include <tuple>
#include <vector>

namespace lockkit::resolver {

using pep508::MarkerTree;

namespace {

/// A node's identity across forks: (name, version, URL or index, extra, group).
using NodeKey = std::tuple<std::string, pep440::Version, std::string, std::optional<std::string>,
                           std::optional<std::string>>;

std::string source_of(const ResolvedPackage& p) { return p.url ? "url:" + *p.url : "index:" + p.index_url; }

const ResolvedPackage* find_package(const ForkResolution& fork, const std::string& name) {
    auto it = std::lower_bound(fork.packages.begin(), fork.packages.end(), name,
                               [](const ResolvedPackage& p, const std::string& n) { return p.name < n; });
    return it != fork.packages.end() && it->name == name ? &*it : nullptr;
}

} // namespace

ResolutionGraph ResolutionGraph::from_resolution(const Resolution& resolution, const std::vector<ConflictSet>& conflicts) {
    ResolutionGraph g;
    g.m_nodes.push_back(GraphNode{});  // the root
    std::map<NodeKey, std::size_t> index;

    // Each fork's nodes as graph nodes, by position in fork.nodes (SIZE_MAX: not in the graph);
    // the edges then find their ends within the fork without building a key per end.
    std::vector<std::vector<std::size_t>> node_ids(resolution.forks.size());
    for (std::size_t f = 0; f < resolution.forks.size(); ++f) {
        const ForkResolution& fork = resolution.forks[f];
        node_ids[f].assign(fork.nodes.size(), SIZE_MAX);
        for (std::size_t k = 0; k < fork.nodes.size(); ++k) {
            const ResolvedNode& n = fork.nodes[k];
            const ResolvedPackage* p = find_package(fork, n.name);
            if (p == nullptr) continue;
            auto [it, inserted] = index.try_emplace(NodeKey{n.name, p->version, source_of(*p), n.extra, n.group},
                                                    g.m_nodes.size());
            node_ids[f][k] = it->second;
            if (inserted)
                g.m_nodes.push_back(GraphNode{n.name, p->version, n.extra, n.group, p, MarkerTree::always_true()});
        }
    }

    // Edges: the requirement's marker within the fork's markers; repeated edges or their markers.
    std::map<std::pair<std::size_t, std::size_t>, std::size_t> edge_index;
    struct ForkNode {
        std::string_view name;
        const ResolvedNode* node;
        std::size_t id;
    };
    std::vector<ForkNode> fork_nodes;  // one fork's graph nodes, by name
    for (std::size_t f = 0; f < resolution.forks.size(); ++f) {
        const ForkResolution& fork = resolution.forks[f];
        fork_nodes.clear();
        for (std::size_t k = 0; k < fork.nodes.size(); ++k)
            if (node_ids[f][k] != SIZE_MAX) fork_nodes.push_back({fork.nodes[k].name, &fork.nodes[k], node_ids[f][k]});
        std::sort(fork_nodes.begin(), fork_nodes.end(),
                  [](const ForkNode& a, const ForkNode& b) { return a.name < b.name; });
        auto node_of = [&](const std::string& name, const std::optional<std::string>& extra,
                           const std::optional<std::string>& group) -> std::optional<std::size_t> {
            if (name.empty()) return 0;
            auto at = std::lower_bound(fork_nodes.begin(), fork_nodes.end(), std::string_view(name),
                                       [](const ForkNode& n, std::string_view key) { return n.name < key; });
            for (; at != fork_nodes.end() && at->name == name; ++at)
                if (at->node->extra == extra && at->node->group == group) return at->id;
            // Not a node of this fork: the same package's node from another fork, if any.
            const ResolvedPackage* p = find_package(fork, name);
            if (p == nullptr) return std::nullopt;
            auto it = index.find(NodeKey{name, p->version, source_of(*p), extra, group});
            if (it == index.end()) return std::nullopt;
            return it->second;
        };
        for (const ResolvedEdge& e : fork.edges) {
            auto from = node_of(e.from, e.from_extra, e.from_group);
            auto to = node_of(e.to, e.to_extra, e.to_group);
            if (!from || !to) continue;
            const MarkerTree marker = e.marker.and_with(fork.universal_markers);
            auto [it, inserted] = edge_index.emplace(std::pair{*from, *to}, g.m_edges.size());
            if (inserted) g.m_edges.push_back(GraphEdge{*from, *to, marker});
            else g.m_edges[it->second].marker = g.m_edges[it->second].marker.or_with(marker);
        }
    }

    if (resolution.forks.size() == 1) {
        const MarkerTree only = resolution.forks.front().universal_markers;
        if (!only.is_true()) g.m_fork_markers.push_back(only);
    } else {
        for (const ForkResolution& fork : resolution.forks) g.m_fork_markers.push_back(fork.universal_markers);
    }

    // Reachability: from the nodes nobody depends on, along edges, to a fixpoint.
    std::vector<std::vector<std::size_t>> outgoing(g.m_nodes.size());
    std::vector<bool> has_incoming(g.m_nodes.size(), false);
    for (std::size_t i = 0; i < g.m_edges.size(); ++i) {
        outgoing[g.m_edges[i].from].push_back(i);
        has_incoming[g.m_edges[i].to] = true;
    }
    MarkerTree roots = MarkerTree::always_true();
    if (!g.m_fork_markers.empty()) {
        roots = MarkerTree::always_false();
        for (MarkerTree m : g.m_fork_markers) roots = roots.or_with(m);
    }
    std::vector<std::optional<MarkerTree>> reach(g.m_nodes.size());
    std::vector<std::size_t> queue;
    for (std::size_t i = 0; i < g.m_nodes.size(); ++i)
        if (!has_incoming[i]) {
            reach[i] = roots;
            queue.push_back(i);
        }
    while (!queue.empty()) {
        const std::size_t parent = queue.back();
        queue.pop_back();
        for (std::size_t e : outgoing[parent]) {
            const GraphEdge& edge = g.m_edges[e];
            MarkerTree child = edge.marker.and_with(*reach[parent]);
            if (reach[edge.to]) {
                child = child.or_with(*reach[edge.to]);
                if (child == *reach[edge.to]) continue;
            }
            reach[edge.to] = child;
            queue.push_back(edge.to);
        }
    }

    // Declared conflicts: every marker learns which worlds cannot be installed, then the edges
    // drop the pseudo-extras their paths already decide (conflict_markers.hpp).
    const MarkerTree world = detail::conflict_world(conflicts);
    for (std::size_t i = 1; i < g.m_nodes.size(); ++i)
        g.m_nodes[i].marker = detail::imbibe(reach[i].value_or(MarkerTree::always_false()), world);
    for (GraphEdge& e : g.m_edges) e.marker = detail::imbibe(e.marker, world);
    detail::simplify_conflict_markers(conflicts, g.m_nodes, g.m_edges);

    // Keep the nodes reachable somewhere (the root always), renumbered.
    std::vector<std::size_t> renumber(g.m_nodes.size(), SIZE_MAX);
    std::vector<GraphNode> kept;
    for (std::size_t i = 0; i < g.m_nodes.size(); ++i) {
        if (i != 0 && g.m_nodes[i].marker.is_false()) continue;
        renumber[i] = kept.size();
        kept.push_back(std::move(g.m_nodes[i]));
    }
    std::vector<GraphEdge> edges;
    for (const GraphEdge& e : g.m_edges)
        if (renumber[e.from] != SIZE_MAX && renumber[e.to] != SIZE_MAX)
            edges.push_back(GraphEdge{renumber[e.from], renumber[e.to], e.marker});
    g.m_nodes = std::move(kept);
    g.m_edges = std::move(edges);
    g.m_outgoing.assign(g.m_nodes.size(), {});
    for (std::size_t i = 0; i < g.m_edges.size(); ++i) g.m_outgoing[g.m_edges[i].from].push_back(i);
    return g;
}

} // namespace lockkit::resolver
