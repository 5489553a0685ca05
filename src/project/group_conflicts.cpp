// Conflict sets inferred from `include-group` (see group_conflicts.hpp).

#include "group_conflicts.hpp"

#include <lockkit/util/rust_hash_order.hpp>

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <tuple>

namespace lockkit::project::detail {

using resolver::ConflictItem;
using resolver::ConflictSet;

bool conflict_item_before(const ConflictItem& a, const ConflictItem& b) {
    static const std::string none;
    auto rank = [](const ConflictItem& i) {
        return std::tuple<const std::string&, int, const std::string&>{
            i.package, i.extra ? 0 : i.group ? 1 : 2, i.extra ? *i.extra : i.group ? *i.group : none};
    };
    return rank(a) < rank(b);
}

namespace {

ConflictSet sorted_set(ConflictSet set) {
    std::sort(set.begin(), set.end(), conflict_item_before);
    set.erase(std::unique(set.begin(), set.end()), set.end());
    return set;
}

std::string describe(const ConflictSet& set) {
    std::string out = "[";
    for (const auto& item : set) out += (out.size() > 1 ? ", " : "") + item.to_string();
    return out + "]";
}

} // namespace

namespace {

// ---- uv's hash orders --------------------------------------------------------------------
// uv collects the inferred sets in `FxHashSet`s and `FxHashMap`s and appends them in iteration
// order (lockkit/util/rust_hash_order.hpp). A conflict item hashes as its derived `Hash`:
// `PackageName`, then the kind's discriminant and name; a set (a `BTreeSet`) as its length,
// then its items in order.

void hash_item(FxHasher& h, const ConflictItem& item) {
    h.write_str(item.package);
    h.write_integer(item.extra ? 0 : item.group ? 1 : 2);
    if (item.extra) h.write_str(*item.extra);
    if (item.group) h.write_str(*item.group);
}

struct UvHash {
    std::uint64_t operator()(const ConflictItem& item) const {
        FxHasher h;
        hash_item(h, item);
        return h.finish();
    }
    std::uint64_t operator()(const ConflictSet& set) const {
        FxHasher h;
        h.write_integer(set.size());
        for (const ConflictItem& item : set) hash_item(h, item);
        return h.finish();
    }
};

template <typename T>
using HashOrder = RustHashOrder<T, UvHash>;

} // namespace

std::expected<std::vector<ConflictSet>, std::string>
inferred_group_conflicts(const std::vector<ConflictSet>& declared, const std::string& project,
                         const std::vector<pyproject::DependencyGroup>& groups) {
    const bool any_group_item = std::any_of(declared.begin(), declared.end(), [](const ConflictSet& set) {
        return std::any_of(set.begin(), set.end(), [](const ConflictItem& i) { return i.group.has_value(); });
    });
    const bool any_include = std::any_of(groups.begin(), groups.end(), [](const pyproject::DependencyGroup& g) {
        return std::any_of(g.items.begin(), g.items.end(), [](const pyproject::GroupItem& i) { return !i.requirement; });
    });
    if (!any_group_item || !any_include) return std::vector<ConflictSet>{};

    std::vector<ConflictSet> sets;  // uv's IndexSet: the declared sets once each, then the inferred
    for (const ConflictSet& set : declared) {
        ConflictSet s = sorted_set(set);
        if (std::find(sets.begin(), sets.end(), s) == sets.end()) sets.push_back(std::move(s));
    }
    std::vector<pyproject::DependencyGroup> by_name = groups;  // uv's BTreeMap
    std::sort(by_name.begin(), by_name.end(), [](const auto& a, const auto& b) { return a.name < b.name; });

    // The include graph: one node per group name, first the group items of the declared sets
    // (whichever package they belong to: uv keys the nodes by group name alone), then the
    // project's other groups; each node holds the declared items it stands for.
    struct Node {
        ConflictItem item;
        HashOrder<ConflictItem> canonical;
        std::vector<std::size_t> includers;  // edges in insertion order
    };
    std::vector<Node> nodes;
    std::map<std::string, std::size_t> index;
    for (const ConflictSet& set : declared)
        for (const ConflictItem& item : sorted_set(set)) {
            if (!item.group || index.contains(*item.group)) continue;
            index.emplace(*item.group, nodes.size());
            Node node{item, {}, {}};
            node.canonical.insert(item);
            nodes.push_back(std::move(node));
        }
    for (const auto& g : by_name)
        if (!index.contains(g.name)) {
            index.emplace(g.name, nodes.size());
            nodes.push_back(Node{ConflictItem{project, std::nullopt, g.name}, {}, {}});
        }
    for (const auto& g : by_name)
        for (const auto& item : g.items)
            if (!item.requirement && index.contains(item.include_group))
                nodes[index.at(item.include_group)].includers.push_back(index.at(g.name));

    // petgraph's `toposort`: depth first from each node in order, neighbours newest edge first;
    // uv gives up on a cycle.
    std::vector<std::size_t> finished;
    {
        std::vector<bool> discovered(nodes.size(), false), done(nodes.size(), false);
        for (std::size_t start = 0; start < nodes.size(); ++start) {
            if (discovered[start]) continue;
            std::vector<std::size_t> stack{start};
            while (!stack.empty()) {
                const std::size_t at = stack.back();
                if (!discovered[at]) {
                    discovered[at] = true;
                    for (auto it = nodes[at].includers.rbegin(); it != nodes[at].includers.rend(); ++it) {
                        if (*it == at) return std::vector<ConflictSet>{};
                        if (!discovered[*it]) stack.push_back(*it);
                    }
                } else {
                    stack.pop_back();
                    if (!done[at]) {
                        done[at] = true;
                        finished.push_back(at);
                    }
                }
            }
        }
        std::reverse(finished.begin(), finished.end());
        std::vector<std::size_t> position(nodes.size());
        for (std::size_t i = 0; i < finished.size(); ++i) position[finished[i]] = i;
        for (std::size_t n = 0; n < nodes.size(); ++n)
            for (std::size_t to : nodes[n].includers)
                if (position[to] <= position[n]) return std::vector<ConflictSet>{};
    }

    // Propagate the declared items along the includes; each group reached is a substitute.
    std::vector<std::pair<ConflictItem, HashOrder<ConflictItem>>> substitutions_by_insertion;
    HashOrder<ConflictItem> substitution_keys;
    auto substitutes_of = [&](const ConflictItem& c) -> HashOrder<ConflictItem>& {
        for (auto& [k, v] : substitutions_by_insertion)
            if (k == c) return v;
        substitutions_by_insertion.emplace_back(c, HashOrder<ConflictItem>{});
        return substitutions_by_insertion.back().second;
    };
    for (std::size_t n : finished) {
        for (auto it = nodes[n].includers.rbegin(); it != nodes[n].includers.rend(); ++it) {
            const std::vector<ConflictItem> carried = nodes[n].canonical.values();
            for (const ConflictItem& c : carried) {
                substitution_keys.insert_vacant(c);
                substitutes_of(c).insert(nodes[*it].item);
            }
            nodes[*it].canonical.extend(carried);
        }
    }

    std::vector<ConflictSet> added;
    for (const ConflictItem& canonical : substitution_keys.values()) {
        const std::vector<ConflictItem> subs = substitutes_of(canonical).values();
        HashOrder<ConflictSet> fresh;
        for (const ConflictSet& set : sets) {
            if (std::find(set.begin(), set.end(), canonical) == set.end()) continue;
            for (const ConflictItem& sub : subs) {
                ConflictSet copy;
                for (const ConflictItem& item : set)
                    if (item != canonical) copy.push_back(item);
                copy.push_back(sub);
                copy = sorted_set(std::move(copy));
                if (std::find(sets.begin(), sets.end(), copy) == sets.end()) fresh.insert(copy);
            }
        }
        for (ConflictSet& s : fresh.values()) {
            if (std::find(sets.begin(), sets.end(), s) != sets.end()) continue;
            if (s.size() < 2)
                return std::unexpected("`include-group` makes uv infer the conflict set " + describe(s) + " of a single item");
            added.push_back(s);
            sets.push_back(std::move(s));
        }
    }
    return added;
}

} // namespace lockkit::project::detail
