#pragma once
// Generic three-way merge primitives used by the lock merge.
//
// - `merge_value`: a single value; one side changed -> take it; both changed
//   the same way -> take it; both changed differently -> no answer.
// - `merge_set`: a list seen as a set of items: an item is in the result when
//   both sides have it, or when a side added it (it is not in base). So an item
//   removed by one side and kept by the other is removed. Order: ours' order,
//   then the items only theirs added, in theirs' order, unless the result is
//   exactly one side's list (then that side's order). Duplicates are removed.
// - `merge_named`: lists keyed by a name (extras, groups): the keys are merged
//   as a set, each list with `merge_set`.

#include "lockkit/lockfile/lock.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace lockkit::merge {

template <typename T>
std::optional<T> merge_value(const T& base, const T& ours, const T& theirs) {
    if (ours == theirs) return ours;
    if (ours == base) return theirs;
    if (theirs == base) return ours;
    return std::nullopt;
}

template <typename T>
bool contains(const std::vector<T>& v, const T& x) {
    return std::find(v.begin(), v.end(), x) != v.end();
}

template <typename T>
std::vector<T> merge_set(const std::vector<T>& base, const std::vector<T>& ours, const std::vector<T>& theirs) {
    std::vector<T> out;
    auto keep = [&](const T& x) {
        const bool in_o = contains(ours, x), in_t = contains(theirs, x);
        return (in_o && in_t) || !contains(base, x);
    };
    for (const T& x : ours) {
        if (keep(x) && !contains(out, x)) out.push_back(x);
    }
    for (const T& x : theirs) {
        if (keep(x) && !contains(out, x)) out.push_back(x);
    }
    // When the result is exactly one side's set, keep that side's order (it
    // carries tie orders uv took from its resolver), whichever side it is.
    auto same_set = [&](const std::vector<T>& side) {
        return side.size() == out.size() &&
               std::all_of(side.begin(), side.end(), [&](const T& x) { return contains(out, x); });
    };
    if (same_set(ours)) return ours;
    if (same_set(theirs)) return theirs;
    return out;
}

/// `merge_set` for optional lists: absent on a side counts as "no list".
template <typename T>
std::optional<std::vector<T>> merge_optional_set(const std::optional<std::vector<T>>& base,
                                                 const std::optional<std::vector<T>>& ours,
                                                 const std::optional<std::vector<T>>& theirs) {
    const bool present = merge_value(base.has_value(), ours.has_value(), theirs.has_value()).value_or(true);
    if (!present) return std::nullopt;
    static const std::vector<T> none;
    return merge_set(base ? *base : none, ours ? *ours : none, theirs ? *theirs : none);
}

template <typename T>
lockfile::NamedLists<T> merge_named(const lockfile::NamedLists<T>& base, const lockfile::NamedLists<T>& ours,
                                    const lockfile::NamedLists<T>& theirs, bool drop_empty) {
    auto find = [](const lockfile::NamedLists<T>& lists, const std::string& key) -> const std::vector<T>* {
        for (const auto& [name, list] : lists) {
            if (name == key) return &list;
        }
        return nullptr;
    };
    auto keys = [](const lockfile::NamedLists<T>& lists) {
        std::vector<std::string> out;
        for (const auto& entry : lists) out.push_back(entry.first);
        return out;
    };
    static const std::vector<T> none;
    lockfile::NamedLists<T> out;
    for (const std::string& key : merge_set(keys(base), keys(ours), keys(theirs))) {
        const auto* b = find(base, key);
        const auto* o = find(ours, key);
        const auto* t = find(theirs, key);
        auto merged = merge_set(b ? *b : none, o ? *o : none, t ? *t : none);
        if (drop_empty && merged.empty()) continue;
        out.emplace_back(key, std::move(merged));
    }
    return out;
}

} // namespace lockkit::merge
