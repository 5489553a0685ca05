#pragma once
// One decision per dependency: a three-way merge of lists whose items are
// grouped into slices by key (a dependency's name within its context: the main
// requirements, an extra, a group, a manifest list). Each slice is taken whole
// from the side that changed it; when both sides changed a slice differently
// there is no answer and the key is reported as conflicting.
//
// Why slices and not item-by-item set merges: a requirement and the edge that
// realises it are one decision, and so are two requirements on one name
// (`foo>=1` and `foo<3`, which uv records as two entries). Merging items one by
// one let "ours narrowed the specifier, theirs removed the dependency" keep the
// narrowed requirement without its edge, and flagged two entries on one name as
// a conflict although neither side touched them.
//
// An item may belong to several slices (a requirement whose marker names two
// extras). It is kept when a slice chose the side that holds it, and every
// slice it belongs to must agree, or those keys conflict too.

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace lockkit::merge::detail {

/// Which side a slice was taken from.
enum class SliceSide : unsigned char { Base, Ours, Theirs };

template <typename T>
struct KeyedMerge {
    std::vector<T> items;                ///< the merged list: base's order, then ours' additions, then theirs'
    std::vector<std::string> conflicts;  ///< keys both sides changed differently, in first-seen order
    /// Keys whose slice one side removed entirely while the other changed it.
    std::vector<std::string> removed_and_changed;
};

/// Multiset equality of two slices (order within a list is uv's sort, which
/// the caller re-establishes; an order difference alone is not a change).
template <typename T>
bool same_slice(const std::vector<const T*>& a, const std::vector<const T*>& b) {
    if (a.size() != b.size()) return false;
    std::vector<bool> used(b.size(), false);
    for (const T* x : a) {
        bool found = false;
        for (std::size_t j = 0; j < b.size(); ++j) {
            if (!used[j] && *b[j] == *x) {
                used[j] = true;
                found = true;
                break;
            }
        }
        if (!found) return false;
    }
    return true;
}

template <typename T>
bool slice_holds(const std::vector<const T*>& slice, const T& item) {
    return std::any_of(slice.begin(), slice.end(), [&](const T* x) { return *x == item; });
}

/// Three-way merge of `base`, `ours` and `theirs` by the keys `keys_of(item)`
/// returns (one or more per item).
template <typename T, typename KeysOf>
KeyedMerge<T> merge_by_key(const std::vector<T>& base, const std::vector<T>& ours, const std::vector<T>& theirs,
                           KeysOf&& keys_of) {
    using Slices = std::map<std::string, std::vector<const T*>>;
    std::vector<std::string> order;  // keys in first-seen order (ours, theirs, base)
    std::set<std::string> seen;
    auto slice = [&](const std::vector<T>& items) {
        Slices out;
        for (const T& item : items) {
            for (const std::string& key : keys_of(item)) {
                auto [it, added] = out.try_emplace(key);
                it->second.push_back(&item);
                if (added && seen.insert(key).second) order.push_back(key);
            }
        }
        return out;
    };
    const Slices so = slice(ours), st = slice(theirs), sb = slice(base);
    static const std::vector<const T*> none;
    auto get = [](const Slices& s, const std::string& key) -> const std::vector<const T*>& {
        const auto it = s.find(key);
        return it == s.end() ? none : it->second;
    };

    KeyedMerge<T> out;
    std::map<std::string, SliceSide> chosen;
    for (const std::string& key : order) {
        const auto &b = get(sb, key), &o = get(so, key), &t = get(st, key);
        const bool ours_same = same_slice(o, b), theirs_same = same_slice(t, b);
        if (theirs_same || same_slice(o, t)) {
            chosen[key] = SliceSide::Ours;
        } else if (ours_same) {
            chosen[key] = SliceSide::Theirs;
        } else {
            out.conflicts.push_back(key);
            if (o.empty() != t.empty()) out.removed_and_changed.push_back(key);
            chosen[key] = SliceSide::Ours;  // placeholder; the caller reports the conflict
        }
    }
    auto chosen_slice = [&](const std::string& key) -> const std::vector<const T*>& {
        switch (chosen.at(key)) {
        case SliceSide::Ours: return get(so, key);
        case SliceSide::Theirs: return get(st, key);
        case SliceSide::Base: break;
        }
        return get(sb, key);
    };
    auto add_from = [&](const std::vector<T>& items) {
        for (const T& item : items) {
            const auto keys = keys_of(item);
            const bool wanted = std::any_of(keys.begin(), keys.end(),
                                            [&](const std::string& k) { return slice_holds(chosen_slice(k), item); });
            if (!wanted || std::find(out.items.begin(), out.items.end(), item) != out.items.end()) continue;
            for (const std::string& k : keys) {
                if (!slice_holds(chosen_slice(k), item) &&
                    std::find(out.conflicts.begin(), out.conflicts.end(), k) == out.conflicts.end()) {
                    out.conflicts.push_back(k);
                }
            }
            out.items.push_back(item);
        }
    };
    // Base's items first, in base's order (a uv-written list is in uv's order,
    // ties included), then what the sides added. Until ties are broken the way
    // uv breaks them (by comparing markers), this keeps the order symmetric in
    // the two sides wherever base decides it.
    add_from(base);
    add_from(ours);
    add_from(theirs);
    return out;
}

} // namespace lockkit::merge::detail
