// Field-level merge of a source-tree package; see source_tree_merge.hpp.

#include "source_tree_merge.hpp"

#include "keyed_merge.hpp"

#include "lockkit/merge/three_way.hpp"
#include "lockkit/pep440/version.hpp"
#include "lockkit/pep508/package_name.hpp"

#include <algorithm>

namespace lockkit::merge::detail {

using lockfile::Dependency;
using lockfile::NamedLists;
using lockfile::Package;
using lockfile::Requirement;

bool version_less(const std::optional<std::string>& a, const std::optional<std::string>& b) {
    if (!a || !b) return !a && b;
    const auto va = pep440::Version::parse(*a);
    const auto vb = pep440::Version::parse(*b);
    if (va && vb) return *va < *vb;
    return *a < *b;
}

std::vector<std::string> extras_in_marker(std::string_view marker) {
    std::vector<std::string> out;
    // uv's canonical markers spell an extra test `extra == 'name'` (or `!=`).
    for (std::size_t at = marker.find("extra "); at != std::string_view::npos; at = marker.find("extra ", at + 1)) {
        if (at > 0 && marker[at - 1] != ' ' && marker[at - 1] != '(') continue;  // e.g. `python_extra`
        std::size_t q = at + 6;
        if (marker.substr(q, 3) != "== " && marker.substr(q, 3) != "!= ") continue;
        q += 3;
        if (q >= marker.size() || (marker[q] != '\'' && marker[q] != '"')) continue;
        const char quote = marker[q];
        const auto end = marker.find(quote, q + 1);
        if (end == std::string_view::npos) break;
        std::string name = pep508::normalize_name(marker.substr(q + 1, end - q - 1));
        if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(std::move(name));
    }
    return out;
}

namespace {

/// One requirement or edge of a source tree, with the list it lives in.
struct DependencyItem {
    enum class List : unsigned char { RequiresDist, RequiresDev, Dependencies, OptionalDependencies, DevDependencies };
    List list = List::Dependencies;
    std::string table;  ///< the group or extra of RequiresDev, OptionalDependencies, DevDependencies
    const Requirement* requirement = nullptr;
    const Dependency* edge = nullptr;

    /// Edges compare without their target's version: which version of a
    /// dependency the lock holds is decided for the whole lock (a side's bump),
    /// and re-pointing the edge then follows that decision (retarget_edges).
    friend bool operator==(const DependencyItem& a, const DependencyItem& b) {
        if (a.list != b.list || a.table != b.table) return false;
        if (a.requirement != nullptr) return b.requirement != nullptr && *a.requirement == *b.requirement;
        if (b.edge == nullptr) return false;
        const Dependency& x = *a.edge;
        const Dependency& y = *b.edge;
        return x.target.name == y.target.name && x.target.source == y.target.source && x.extras == y.extras &&
               x.marker == y.marker;
    }
};

using List = DependencyItem::List;

std::vector<DependencyItem> items_of(const Package& p) {
    std::vector<DependencyItem> out;
    if (p.metadata.requires_dist) {
        for (const auto& r : *p.metadata.requires_dist) out.push_back({List::RequiresDist, {}, &r, nullptr});
    }
    if (p.metadata.requires_dev) {
        for (const auto& [group, reqs] : *p.metadata.requires_dev) {
            for (const auto& r : reqs) out.push_back({List::RequiresDev, group, &r, nullptr});
        }
    }
    for (const auto& d : p.dependencies) out.push_back({List::Dependencies, {}, nullptr, &d});
    for (const auto& [extra, deps] : p.optional_dependencies) {
        for (const auto& d : deps) out.push_back({List::OptionalDependencies, extra, nullptr, &d});
    }
    for (const auto& [group, deps] : p.dev_dependencies) {
        for (const auto& d : deps) out.push_back({List::DevDependencies, group, nullptr, &d});
    }
    return out;
}

constexpr char k_sep = '\x1f';

/// The slices an item belongs to: "<context>\x1f<dependency name>", where the
/// context is `main`, `extra:<e>` or `group:<g>`.
std::vector<std::string> keys_of(const DependencyItem& item) {
    switch (item.list) {
    case List::RequiresDist: {
        const auto extras = extras_in_marker(item.requirement->marker);
        if (extras.empty()) return {"main" + std::string(1, k_sep) + item.requirement->name};
        std::vector<std::string> keys;
        for (const auto& e : extras) keys.push_back("extra:" + e + k_sep + item.requirement->name);
        return keys;
    }
    case List::RequiresDev: return {"group:" + item.table + k_sep + item.requirement->name};
    case List::Dependencies: return {"main" + std::string(1, k_sep) + item.edge->target.name};
    case List::OptionalDependencies: return {"extra:" + item.table + k_sep + item.edge->target.name};
    case List::DevDependencies: return {"group:" + item.table + k_sep + item.edge->target.name};
    }
    return {};
}

/// "its dependency on foo (extra `x`)" for a slice key.
std::string describe_key(const std::string& key) {
    const auto sep = key.find(k_sep);
    const std::string context = key.substr(0, sep);
    std::string text = "its dependency on " + key.substr(sep + 1);
    if (context.starts_with("extra:")) text += " (extra `" + context.substr(6) + "`)";
    if (context.starts_with("group:")) text += " (group `" + context.substr(6) + "`)";
    return text;
}

/// The names of a package's extras or groups, as tables and as declared names.
std::vector<std::string> tables(const Package& p, bool groups) {
    std::vector<std::string> out;
    auto add = [&](const std::string& name) {
        if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
    };
    if (groups) {
        if (p.metadata.requires_dev) {
            for (const auto& [g, reqs] : *p.metadata.requires_dev) add(g);
        }
        for (const auto& [g, deps] : p.dev_dependencies) add(g);
    } else {
        if (p.metadata.provides_extras) {
            for (const auto& e : *p.metadata.provides_extras) add(e);
        }
        for (const auto& [e, deps] : p.optional_dependencies) add(e);
    }
    return out;
}

/// The items of one extra's or group's context.
std::vector<DependencyItem> in_context(const std::vector<DependencyItem>& items, const std::string& context) {
    std::vector<DependencyItem> out;
    for (const auto& item : items) {
        for (const auto& key : keys_of(item)) {
            if (key.compare(0, context.size() + 1, context + k_sep) == 0) {
                out.push_back(item);
                break;
            }
        }
    }
    return out;
}

bool same_items(const std::vector<DependencyItem>& a, const std::vector<DependencyItem>& b) {
    std::vector<const DependencyItem*> pa, pb;
    for (const auto& x : a) pa.push_back(&x);
    for (const auto& x : b) pb.push_back(&x);
    return same_slice(pa, pb);
}

/// A conflict when one side removed an extra or group that the other side changed.
std::string removed_table_changed(const Package& base, const Package& o, const Package& t,
                                  const std::vector<DependencyItem>& bi, const std::vector<DependencyItem>& oi,
                                  const std::vector<DependencyItem>& ti, bool groups) {
    const auto bt = tables(base, groups), ot = tables(o, groups), tt = tables(t, groups);
    for (const auto& name : bt) {
        const bool in_o = contains(ot, name), in_t = contains(tt, name);
        if (in_o == in_t) continue;
        const std::string context = (groups ? "group:" : "extra:") + name;
        const auto& kept = in_o ? oi : ti;
        if (!same_items(in_context(kept, context), in_context(bi, context))) {
            return std::string(in_o ? "theirs" : "ours") + " removed its " + (groups ? "group `" : "extra `") + name +
                   "`, which " + (in_o ? "ours" : "theirs") + " changed";
        }
    }
    return {};
}

/// The lists of `items` put back into `r`; `requires_dev_groups`: the groups
/// requires-dev lists (uv keeps empty ones there; edge tables are never empty).
void assemble(Package& r, const std::vector<DependencyItem>& items, bool has_requires_dist, bool has_requires_dev,
              const std::vector<std::string>& requires_dev_groups) {
    r.dependencies.clear();
    r.optional_dependencies.clear();
    r.dev_dependencies.clear();
    r.metadata.requires_dist = has_requires_dist ? std::optional<std::vector<Requirement>>(std::vector<Requirement>{})
                                                 : std::nullopt;
    r.metadata.requires_dev = std::nullopt;
    NamedLists<Requirement> dev_requirements;
    for (const auto& g : requires_dev_groups) dev_requirements.emplace_back(g, std::vector<Requirement>{});
    auto table = [](auto& lists, const std::string& name) -> auto& {
        for (auto& [n, list] : lists) {
            if (n == name) return list;
        }
        lists.emplace_back(name, typename std::decay_t<decltype(lists)>::value_type::second_type{});
        return lists.back().second;
    };
    for (const auto& item : items) {
        switch (item.list) {
        case List::RequiresDist:
            if (!r.metadata.requires_dist) r.metadata.requires_dist.emplace();
            r.metadata.requires_dist->push_back(*item.requirement);
            break;
        case List::RequiresDev: table(dev_requirements, item.table).push_back(*item.requirement); break;
        case List::Dependencies: r.dependencies.push_back(*item.edge); break;
        case List::OptionalDependencies: table(r.optional_dependencies, item.table).push_back(*item.edge); break;
        case List::DevDependencies: table(r.dev_dependencies, item.table).push_back(*item.edge); break;
        }
    }
    // uv keeps empty groups in requires-dev but writes no empty edge tables.
    std::erase_if(r.optional_dependencies, [](const auto& e) { return e.second.empty(); });
    std::erase_if(r.dev_dependencies, [](const auto& e) { return e.second.empty(); });
    if (has_requires_dev || std::any_of(dev_requirements.begin(), dev_requirements.end(),
                                        [](const auto& e) { return !e.second.empty(); })) {
        r.metadata.requires_dev = std::move(dev_requirements);
    }
}

/// `side` with what its older writer left out taken from `other` (the base,
/// or the other side), so that an omission is not read as a removal.
Package with_unwritten_fields(const Package& side, std::int64_t side_revision, const Package& other,
                              std::int64_t other_revision) {
    Package out = side;
    if (side_revision >= 1 || other_revision < 1) return out;
    // Revision 0 writes neither `provides-extras` nor empty dependency groups.
    if (!out.metadata.provides_extras && other.metadata.provides_extras) {
        out.metadata.provides_extras = other.metadata.provides_extras;
    }
    if (other.metadata.requires_dev) {
        for (const auto& [group, reqs] : *other.metadata.requires_dev) {
            if (!reqs.empty()) continue;
            if (!out.metadata.requires_dev) out.metadata.requires_dev.emplace();
            auto& mine = *out.metadata.requires_dev;
            if (std::none_of(mine.begin(), mine.end(), [&](const auto& e) { return e.first == group; })) {
                mine.emplace_back(group, std::vector<Requirement>{});
            }
        }
    }
    return out;
}

} // namespace

std::optional<Package> merge_source_tree(const Package* b, const Package& o_in, const Package& t_in,
                                         const SideRevisions& revisions, const MergeOptions& options,
                                         std::vector<std::string>& notes, std::string& why) {
    Package empty;
    empty.id = o_in.id;
    empty.id.version = std::nullopt;
    const Package& base = b != nullptr ? *b : empty;
    // What an older writer did not write is filled in from the base (or, when
    // the base is older too, from the other side) before comparing.
    const Package& fill_o = b != nullptr && revisions.base >= 1 ? base : t_in;
    const Package& fill_t = b != nullptr && revisions.base >= 1 ? base : o_in;
    const Package o = with_unwritten_fields(o_in, revisions.ours, fill_o,
                                            b != nullptr && revisions.base >= 1 ? revisions.base : revisions.theirs);
    const Package t = with_unwritten_fields(t_in, revisions.theirs, fill_t,
                                            b != nullptr && revisions.base >= 1 ? revisions.base : revisions.ours);
    Package r = o;
    if (auto v = merge_value(base.id.version, o.id.version, t.id.version)) {
        r.id.version = *v;
    } else {
        // Both sides moved the project's own version: the merged pyproject.toml
        // decides when it is known, else the higher version.
        std::optional<std::string> declared;
        if (options.project_version) declared = options.project_version(o);
        if (declared) {
            r.id.version = *declared;
            notes.push_back(o.id.name + ": both sides changed its version (" + o.id.version.value_or("-") + ", " +
                            t.id.version.value_or("-") + "); took " + *declared + " from the merged pyproject.toml");
        } else {
            r.id.version = version_less(o.id.version, t.id.version) ? t.id.version : o.id.version;
            notes.push_back(o.id.name + ": both sides changed its version (" + o.id.version.value_or("-") + ", " +
                            t.id.version.value_or("-") + "); took the higher, " + r.id.version.value_or("-"));
        }
    }
    auto value = [&](auto member, const char* name) -> bool {
        auto v = merge_value(base.*member, o.*member, t.*member);
        if (!v) {
            why = std::string("both sides changed its ") + name;
            return false;
        }
        r.*member = std::move(*v);
        return true;
    };
    if (!value(&Package::resolution_markers, "resolution-markers") || !value(&Package::sdist, "sdist") ||
        !value(&Package::wheels, "wheels") || !value(&Package::variants_json, "variants-json")) {
        return std::nullopt;
    }

    const auto bi = items_of(base), oi = items_of(o), ti = items_of(t);
    for (const bool groups : {true, false}) {
        if (auto w = removed_table_changed(base, o, t, bi, oi, ti, groups); !w.empty()) {
            why = std::move(w);
            return std::nullopt;
        }
    }
    const auto merged = merge_by_key(bi, oi, ti, keys_of);
    if (!merged.conflicts.empty()) {
        why.clear();
        for (const auto& key : merged.conflicts) {
            if (!why.empty()) why += "; ";
            const bool removed = contains(merged.removed_and_changed, key);
            why += (removed ? "one side removed " : "both sides changed ") + describe_key(key) +
                   (removed ? ", the other changed it" : "");
        }
        return std::nullopt;
    }

    const auto& bm = base.metadata;
    const auto& om = o.metadata;
    const auto& tm = t.metadata;
    r.metadata.present = merge_value(bm.present, om.present, tm.present).value_or(true);
    r.metadata.provides_extras = merge_optional_set(bm.provides_extras, om.provides_extras, tm.provides_extras);
    const bool has_requires_dist =
        merge_value(bm.requires_dist.has_value(), om.requires_dist.has_value(), tm.requires_dist.has_value()).value_or(true);
    const bool has_requires_dev =
        merge_value(bm.requires_dev.has_value(), om.requires_dev.has_value(), tm.requires_dev.has_value()).value_or(true);
    auto requires_dev_groups = [](const Package& p) {
        std::vector<std::string> out;
        if (p.metadata.requires_dev) {
            for (const auto& [g, reqs] : *p.metadata.requires_dev) out.push_back(g);
        }
        return out;
    };
    assemble(r, merged.items, has_requires_dist, has_requires_dev,
             merge_set(requires_dev_groups(base), requires_dev_groups(o), requires_dev_groups(t)));
    return r;
}

} // namespace lockkit::merge::detail
