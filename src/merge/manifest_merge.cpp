// Three-way merge of [manifest]; see manifest_merge.hpp.

#include "manifest_merge.hpp"

#include "keyed_merge.hpp"

#include "lockkit/merge/three_way.hpp"

namespace lockkit::merge::detail {

using lockfile::Manifest;
using lockfile::ManifestEntry;
using lockfile::Requirement;

namespace {

/// Merges one requirement list by name; conflicts are described with `what`.
std::vector<Requirement> merge_requirements(const std::vector<Requirement>& b, const std::vector<Requirement>& o,
                                            const std::vector<Requirement>& t, const char* what,
                                            std::vector<std::string>& conflicts) {
    auto merged = merge_by_key(b, o, t, [](const Requirement& r) { return std::vector<std::string>{r.name}; });
    for (const auto& name : merged.conflicts) {
        conflicts.push_back(std::string(contains(merged.removed_and_changed, name) ? "one side removed, the other changed"
                                                                                    : "both sides changed") +
                            " manifest " + what + " on " + name);
    }
    return std::move(merged.items);
}

std::string entry_key(const ManifestEntry& e) {
    if (e.requirement) return e.requirement->name;
    if (e.name) return *e.name;
    if (e.scoped) return "scoped:" + e.scoped->package + "@" + e.scoped->version.value_or("");
    return {};
}

struct GroupItem {
    std::string group;
    const Requirement* requirement = nullptr;
    friend bool operator==(const GroupItem& a, const GroupItem& b) {
        return a.group == b.group && *a.requirement == *b.requirement;
    }
};

std::vector<GroupItem> group_items(const Manifest& m) {
    std::vector<GroupItem> out;
    for (const auto& [group, reqs] : m.dependency_groups) {
        for (const auto& r : reqs) out.push_back({group, &r});
    }
    return out;
}

std::vector<std::string> group_names(const Manifest& m) {
    std::vector<std::string> out;
    for (const auto& [group, reqs] : m.dependency_groups) out.push_back(group);
    return out;
}

lockfile::NamedLists<Requirement> merge_groups(const Manifest& b, const Manifest& o, const Manifest& t,
                                               std::vector<std::string>& conflicts) {
    const auto bi = group_items(b), oi = group_items(o), ti = group_items(t);
    // A group one side deleted and the other changed is a conflict, as for packages.
    const auto bg = group_names(b), og = group_names(o), tg = group_names(t);
    auto items_in = [](const std::vector<GroupItem>& items, const std::string& g) {
        std::vector<const GroupItem*> out;
        for (const auto& i : items) {
            if (i.group == g) out.push_back(&i);
        }
        return out;
    };
    for (const auto& g : bg) {
        const bool in_o = contains(og, g), in_t = contains(tg, g);
        if (in_o == in_t) continue;
        if (!same_slice(items_in(in_o ? oi : ti, g), items_in(bi, g))) {
            conflicts.push_back(std::string(in_o ? "theirs" : "ours") + " removed dependency group `" + g + "`, which " +
                                (in_o ? "ours" : "theirs") + " changed");
        }
    }
    auto merged = merge_by_key(bi, oi, ti, [](const GroupItem& i) { return std::vector<std::string>{i.group + '\x1f' + i.requirement->name}; });
    for (const auto& key : merged.conflicts) {
        const auto sep = key.find('\x1f');
        conflicts.push_back(std::string(contains(merged.removed_and_changed, key) ? "one side removed, the other changed"
                                                                                   : "both sides changed") +
                            " the requirement on " + key.substr(sep + 1) + " in dependency group `" + key.substr(0, sep) + "`");
    }
    lockfile::NamedLists<Requirement> out;
    for (const auto& g : merge_set(bg, og, tg)) out.emplace_back(g, std::vector<Requirement>{});
    for (const auto& item : merged.items) {
        auto it = std::find_if(out.begin(), out.end(), [&](const auto& e) { return e.first == item.group; });
        if (it == out.end()) {
            out.emplace_back(item.group, std::vector<Requirement>{});
            it = std::prev(out.end());
        }
        it->second.push_back(*item.requirement);
    }
    return out;
}

} // namespace

Manifest merge_manifest(const Manifest& b, const Manifest& o, const Manifest& t, std::vector<std::string>& conflicts) {
    Manifest r;
    r.present = o.present || t.present;
    r.has_dependency_groups_table = o.has_dependency_groups_table || t.has_dependency_groups_table;
    r.members = merge_set(b.members, o.members, t.members);
    r.requirements = merge_requirements(b.requirements, o.requirements, t.requirements, "requirement", conflicts);
    r.constraints = merge_requirements(b.constraints, o.constraints, t.constraints, "constraint", conflicts);
    r.build_constraints =
        merge_requirements(b.build_constraints, o.build_constraints, t.build_constraints, "build constraint", conflicts);
    r.dependency_groups = merge_groups(b, o, t, conflicts);
    for (const auto& [list, what] : {std::pair{&Manifest::overrides, "override"}, std::pair{&Manifest::excludes, "exclude"}}) {
        auto merged = merge_by_key(b.*list, o.*list, t.*list,
                                   [](const ManifestEntry& e) { return std::vector<std::string>{entry_key(e)}; });
        for (const auto& key : merged.conflicts) {
            conflicts.push_back(std::string("both sides changed the manifest ") + what + " on " + key);
        }
        r.*list = std::move(merged.items);
    }
    auto metadata = merge_by_key(b.dependency_metadata, o.dependency_metadata, t.dependency_metadata,
                                 [](const lockfile::DependencyMetadata& d) {
                                     return std::vector<std::string>{d.name + '\x1f' + d.version.value_or("")};
                                 });
    for (const auto& key : metadata.conflicts) {
        conflicts.push_back("both sides changed the manifest dependency-metadata of " + key.substr(0, key.find('\x1f')));
    }
    r.dependency_metadata = std::move(metadata.items);
    return r;
}

} // namespace lockkit::merge::detail
