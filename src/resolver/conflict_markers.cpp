// The conflict-marker pass (see conflict_markers.hpp).

#include "conflict_markers.hpp"

#include <algorithm>
#include <set>
#include <string>

namespace lockkit::resolver::detail {

using pep508::MarkerTree;

MarkerTree conflict_world(const std::vector<ConflictSet>& conflicts) {
    MarkerTree world = MarkerTree::always_true();
    for (const ConflictSet& set : conflicts)
        for (std::size_t i = 0; i < set.size(); ++i)
            for (std::size_t j = i + 1; j < set.size(); ++j)
                world = world.and_with(set[i].marker().negate().or_with(set[j].marker().negate()));
    return world;
}

MarkerTree imbibe(MarkerTree marker, MarkerTree world) {
    if (world.is_true()) return marker;
    return world.implies(marker);
}

namespace {

/// An item known on (`included`) or off on some path.
struct Inference {
    ConflictItem item;
    bool included = false;
    friend auto operator<=>(const Inference&, const Inference&) = default;
};

using ItemSet = std::set<ConflictItem>;

/// The item a node activates: its extra or group (declared in a set or not, as uv does).
std::optional<ConflictItem> activated_item(const GraphNode& node) {
    if (node.is_root() || node.is_base()) return std::nullopt;
    ConflictItem item;
    item.package = node.name;
    item.extra = node.extra;
    item.group = node.group;
    return item;
}

MarkerTree assume(MarkerTree marker, const Inference& inference) {
    const std::string encoded = inference.item.encoded();
    auto is_it = [&](std::string_view candidate) { return candidate == encoded; };
    return inference.included ? marker.simplify_extras_with(is_it) : marker.simplify_not_extras_with(is_it);
}

} // namespace

void simplify_conflict_markers(const std::vector<ConflictSet>& conflicts, const std::vector<GraphNode>& nodes,
                               std::vector<GraphEdge>& edges) {
    if (conflicts.empty()) return;
    const std::size_t n = nodes.size();
    std::vector<std::vector<std::size_t>> outgoing(n);
    std::vector<bool> has_incoming(n, false);
    for (std::size_t i = 0; i < edges.size(); ++i) {
        outgoing[edges[i].from].push_back(i);
        has_incoming[edges[i].to] = true;
    }

    // The sets of items active on the paths to each node, to a fixpoint. A node reached by no
    // path (only the root and the nodes nobody depends on start one) has no entry.
    std::vector<std::optional<std::set<ItemSet>>> activated(n);
    std::vector<std::size_t> queue;
    for (std::size_t i = 0; i < n; ++i)
        if (!has_incoming[i]) queue.push_back(i);
    std::vector<bool> seen(n, false);
    while (!queue.empty()) {
        const std::size_t parent = queue.back();
        queue.pop_back();
        if (auto item = activated_item(nodes[parent])) {
            if (!activated[parent]) activated[parent] = std::set<ItemSet>{ItemSet{}};
            std::set<ItemSet> with;
            for (ItemSet s : *activated[parent]) {
                s.insert(*item);
                with.insert(std::move(s));
            }
            activated[parent] = std::move(with);
        }
        const std::set<ItemSet> sets = activated[parent].value_or(std::set<ItemSet>{ItemSet{}});
        for (std::size_t e : outgoing[parent]) {
            const std::size_t child = edges[e].to;
            if (!activated[child]) activated[child].emplace();
            bool changed = false;
            for (const ItemSet& s : sets) changed |= activated[child]->insert(s).second;
            if (!seen[child] || changed) {
                seen[child] = true;
                queue.push_back(child);
            }
        }
    }

    // Each active item excludes the other items of every declared set that holds it.
    std::vector<std::vector<std::set<Inference>>> inferences(n);
    for (std::size_t i = 0; i < n; ++i) {
        if (!activated[i]) continue;
        for (const ItemSet& s : *activated[i]) {
            std::set<Inference> out;
            for (const ConflictItem& item : s) {
                for (const ConflictSet& set : conflicts) {
                    if (std::find(set.begin(), set.end(), item) == set.end()) continue;
                    for (const ConflictItem& other : set)
                        if (other != item) out.insert(Inference{other, false});
                }
                out.insert(Inference{item, true});
            }
            inferences[i].push_back(std::move(out));
        }
    }

    for (GraphEdge& edge : edges) {
        const std::string& target = nodes[edge.to].name;
        std::size_t same_name = 0;
        for (std::size_t e : outgoing[edge.from])
            if (nodes[edges[e].to].name == target) ++same_name;
        if (same_name > 1) continue;
        if (!activated[edge.from]) continue;
        const auto& sets = inferences[edge.from];

        const bool everywhere = std::all_of(sets.begin(), sets.end(), [&](const std::set<Inference>& s) {
            std::vector<std::string> active;
            for (const Inference& inf : s)
                if (inf.included && !inf.item.is_project()) active.push_back(inf.item.encoded());
            return edge.marker.holds_with_only_extras(active);
        });
        if (everywhere) {
            for (const auto& s : sets)
                for (const Inference& inf : s) edge.marker = assume(edge.marker, inf);
            continue;
        }
        // Assume each set alone; keep the result when every set agrees on it.
        std::optional<MarkerTree> agreed;
        bool agree = true;
        for (const auto& s : sets) {
            MarkerTree m = edge.marker;
            for (const Inference& inf : s) m = assume(m, inf);
            if (agreed && *agreed != m) {
                agree = false;
                break;
            }
            agreed = m;
        }
        if (agree && agreed) edge.marker = *agreed;
    }
}

} // namespace lockkit::resolver::detail
