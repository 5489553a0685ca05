// Conflict sets inferred from `include-group` (see group_conflicts.hpp).

#include "group_conflicts.hpp"

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
// uv collects the inferred sets in `FxHashSet`s and `FxHashMap`s (rustc-hash 2 over the
// standard library's SwissTable) and appends them in iteration order. For the handful of items
// involved that order is reproduced: FxHasher's arithmetic, the derived `Hash` of a conflict
// item (`PackageName`, then the kind's discriminant and name), and the table's placement (a
// probe starts at `hash & mask` and takes the first free bucket after it, cyclically, while
// the table fits one 16-byte control group) and growth (4, 8, 16 buckets).

constexpr std::uint64_t k_fx = 0xf1357aea2e62a9c5ULL;

std::uint64_t multiply_mix(std::uint64_t x, std::uint64_t y) {
    const unsigned __int128 full = static_cast<unsigned __int128>(x) * y;
    return static_cast<std::uint64_t>(full) ^ static_cast<std::uint64_t>(full >> 64);
}

std::uint64_t load_le(const unsigned char* p, std::size_t n) {
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < n; ++i) v |= static_cast<std::uint64_t>(p[i]) << (8 * i);
    return v;
}

/// rustc-hash 2's `hash_bytes`.
std::uint64_t hash_bytes(std::string_view text) {
    const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t len = text.size();
    std::uint64_t s0 = 0x243f6a8885a308d3ULL, s1 = 0x13198a2e03707344ULL;
    if (len <= 16) {
        if (len >= 8) {
            s0 ^= load_le(bytes, 8);
            s1 ^= load_le(bytes + len - 8, 8);
        } else if (len >= 4) {
            s0 ^= load_le(bytes, 4);
            s1 ^= load_le(bytes + len - 4, 4);
        } else if (len > 0) {
            s0 ^= bytes[0];
            s1 ^= (static_cast<std::uint64_t>(bytes[len - 1]) << 8) | bytes[len / 2];
        }
    } else {
        std::size_t at = 0;
        while (len - 1 - at >= 16) {
            const std::uint64_t x = load_le(bytes + at, 8), y = load_le(bytes + at + 8, 8);
            const std::uint64_t t = multiply_mix(s0 ^ x, 0xa4093822299f31d0ULL ^ y);
            s0 = s1;
            s1 = t;
            at += 16;
        }
        s0 ^= load_le(bytes + len - 16, 8);
        s1 ^= load_le(bytes + len - 8, 8);
    }
    return multiply_mix(s0, s1) ^ len;
}

struct FxHasher {
    std::uint64_t hash = 0;
    void add(std::uint64_t i) { hash = (hash + i) * k_fx; }
    void str(std::string_view s) {  // `write_str`'s default: the bytes, then 0xff
        add(hash_bytes(s));
        add(0xff);
    }
    std::uint64_t finish() const { return (hash << 26) | (hash >> 38); }
};

void hash_item(FxHasher& h, const ConflictItem& item) {
    h.str(item.package);
    h.add(item.extra ? 0 : item.group ? 1 : 2);
    if (item.extra) h.str(*item.extra);
    if (item.group) h.str(*item.group);
}

std::uint64_t hash_of(const ConflictItem& item) {
    FxHasher h;
    hash_item(h, item);
    return h.finish();
}

std::uint64_t hash_of(const ConflictSet& set) {  // a BTreeSet: its length, then its items in order
    FxHasher h;
    h.add(set.size());
    for (const ConflictItem& item : set) hash_item(h, item);
    return h.finish();
}

/// A hash set's iteration order, while it fits 16 buckets. Like the standard library's table,
/// `insert` makes room for one more value before it looks for the value, `extend` reserves for
/// its whole list first (half of it when not empty), and a vacant map `entry` reserves only
/// when it inserts.
template <typename T>
class HashOrder {
public:
    /// False when the table would outgrow 16 buckets.
    [[nodiscard]] bool insert(const T& value) { return reserve(1) && add(value); }
    [[nodiscard]] bool insert_vacant(const T& value) {
        if (contains(value)) return true;
        return reserve(1) && add(value);
    }
    [[nodiscard]] bool extend(const std::vector<T>& values) {
        if (!reserve(m_items == 0 ? values.size() : (values.size() + 1) / 2)) return false;
        for (const T& v : values)
            if (!insert(v)) return false;
        return true;
    }
    std::vector<T> values() const {
        std::vector<T> out;
        for (const auto& slot : m_slots)
            if (slot) out.push_back(slot->second);
        return out;
    }

private:
    static std::size_t capacity_of(std::size_t buckets) { return buckets < 8 ? (buckets == 0 ? 0 : buckets - 1) : buckets / 8 * 7; }
    static std::size_t buckets_for(std::size_t capacity) {
        if (capacity < 8) return capacity < 4 ? 4 : 8;
        std::size_t buckets = 1;
        while (buckets < capacity * 8 / 7) buckets *= 2;
        return buckets;
    }
    bool contains(const T& value) const {
        return std::any_of(m_slots.begin(), m_slots.end(), [&](const auto& slot) { return slot && slot->second == value; });
    }
    bool reserve(std::size_t additional) {
        const std::size_t capacity = capacity_of(m_slots.size());
        if (additional <= capacity - m_items) return true;
        const std::size_t buckets = buckets_for(std::max(m_items + additional, capacity + 1));
        if (buckets > 16) return false;
        std::vector<std::optional<std::pair<std::uint64_t, T>>> old = std::move(m_slots);
        m_slots.assign(buckets, std::nullopt);
        for (auto& slot : old)
            if (slot) place(slot->first, std::move(slot->second));
        return true;
    }
    bool add(const T& value) {
        if (contains(value)) return true;
        place(hash_of(value), value);
        ++m_items;
        return true;
    }
    void place(std::uint64_t hash, T value) {
        const std::size_t mask = m_slots.size() - 1;
        for (std::size_t i = 0; i < m_slots.size(); ++i) {
            auto& slot = m_slots[(hash + i) & mask];
            if (!slot) {
                slot.emplace(hash, std::move(value));
                return;
            }
        }
    }
    std::vector<std::optional<std::pair<std::uint64_t, T>>> m_slots;
    std::size_t m_items = 0;
};

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
    const std::string too_many = "`include-group` makes uv infer more conflict sets than lockkit can order as uv does";

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
            if (!node.canonical.insert(item)) return std::unexpected(too_many);
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
            for (const ConflictItem& c : carried)
                if (!substitution_keys.insert_vacant(c) || !substitutes_of(c).insert(nodes[*it].item))
                    return std::unexpected(too_many);
            if (!nodes[*it].canonical.extend(carried)) return std::unexpected(too_many);
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
                if (std::find(sets.begin(), sets.end(), copy) == sets.end() && !fresh.insert(copy))
                    return std::unexpected(too_many);
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
