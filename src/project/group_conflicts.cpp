// Conflict sets inferred from `include-group` (see group_conflicts.hpp).

#include "group_conflicts.hpp"

#include <algorithm>
#include <map>
#include <set>
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

    // One node per group name: first the group items of the sets (whichever package they
    // belong to: uv keys the nodes by group name alone), then the project's other groups.
    std::vector<ConflictSet> sets;
    for (const ConflictSet& set : declared) {
        ConflictSet s = sorted_set(set);
        if (std::find(sets.begin(), sets.end(), s) == sets.end()) sets.push_back(std::move(s));
    }
    std::map<std::string, ConflictItem> node;
    std::vector<std::string> canonical;  // the names whose node stands for a declared item
    for (const ConflictSet& set : sets)
        for (const ConflictItem& item : set)
            if (item.group && node.emplace(*item.group, item).second) canonical.push_back(*item.group);
    for (const auto& g : groups) node.emplace(g.name, ConflictItem{project, std::nullopt, g.name});

    // Edges from an included group to the groups including it.
    std::map<std::string, std::vector<std::string>> includers;
    for (const auto& g : groups)
        for (const auto& item : g.items)
            if (!item.requirement && node.contains(item.include_group)) includers[item.include_group].push_back(g.name);

    // uv gives up on a cycle (its topological sort fails); reading the groups reports it.
    std::map<std::string, int> state;  // 1 on the path, 2 done
    auto cyclic = [&](auto&& self, const std::string& name) -> bool {
        state[name] = 1;
        for (const auto& next : includers[name]) {
            if (state[next] == 1 || (state[next] == 0 && self(self, next))) return true;
        }
        state[name] = 2;
        return false;
    };
    for (const auto& [name, item] : node)
        if (state[name] == 0 && cyclic(cyclic, name)) return std::vector<ConflictSet>{};

    std::vector<ConflictSet> added;
    for (const std::string& name : canonical) {
        // Every group that includes this one, directly or not.
        std::set<std::string> reached;
        std::vector<std::string> stack{name};
        while (!stack.empty()) {
            const std::string at = stack.back();
            stack.pop_back();
            for (const auto& next : includers[at])
                if (reached.insert(next).second) stack.push_back(next);
        }
        const ConflictItem& old = node.at(name);
        std::vector<ConflictSet> round;
        for (const ConflictSet& set : sets) {
            if (std::find(set.begin(), set.end(), old) == set.end()) continue;
            for (const std::string& sub : reached) {
                ConflictSet copy;
                for (const ConflictItem& item : set)
                    if (item != old) copy.push_back(item);
                copy.push_back(node.at(sub));
                copy = sorted_set(std::move(copy));
                if (std::find(sets.begin(), sets.end(), copy) == sets.end() &&
                    std::find(round.begin(), round.end(), copy) == round.end())
                    round.push_back(std::move(copy));
            }
        }
        for (auto& s : round) {
            added.push_back(s);
            sets.push_back(std::move(s));
        }
    }
    if (added.size() > 1) {
        std::string listed;
        for (const auto& s : added) listed += (listed.empty() ? "" : ", ") + describe(s);
        return std::unexpected("`include-group` makes uv infer " + std::to_string(added.size()) +
                               " conflict sets (" + listed + "), which uv writes in hash order");
    }
    if (!added.empty() && added.front().size() < 2)
        return std::unexpected("`include-group` makes uv infer the conflict set " + describe(added.front()) +
                               " of a single item");
    return added;
}

} // namespace lockkit::project::detail
