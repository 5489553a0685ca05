// The roots of a lock and what they reach; see include/lockkit/lockfile/roots.hpp.

#include "lockkit/lockfile/roots.hpp"

#include "lockkit/pep508/package_name.hpp"

#include <algorithm>
#include <set>
#include <string_view>
#include <unordered_map>

namespace lockkit::lockfile {

namespace {

bool at_workspace_root(const Source& s) { return s.is_source_tree() && (s.location == "." || s.location.empty()); }

} // namespace

LockRoots lock_roots(const Lock& lock) {
    LockRoots roots;
    std::set<std::string> named;
    for (const auto& m : lock.manifest.members) named.insert(pep508::normalize_name(m));
    auto add = [&](std::size_t i) {
        roots.members.push_back(i);
        roots.member_names.push_back(lock.packages[i].id.name);
    };
    for (std::size_t i = 0; i < lock.packages.size(); ++i) {
        const auto& id = lock.packages[i].id;
        if (!id.source.is_source_tree()) continue;
        if (named.empty() ? at_workspace_root(id.source) : named.contains(id.name)) add(i);
    }
    if (named.empty() && roots.members.empty()) {
        // Neither a members list nor a project at ".": the source trees
        // nothing depends on.
        std::set<std::string_view> targets;
        for (const auto& p : lock.packages) for_each_dependency(p, [&](const Dependency& d) { targets.insert(d.target.name); });
        for (std::size_t i = 0; i < lock.packages.size(); ++i) {
            const auto& id = lock.packages[i].id;
            if (id.source.is_source_tree() && !targets.contains(id.name)) add(i);
        }
    }
    std::set<std::string> manifest;
    for (const auto& r : lock.manifest.requirements) manifest.insert(pep508::normalize_name(r.name));
    for (const auto& [group, reqs] : lock.manifest.dependency_groups) {
        for (const auto& r : reqs) manifest.insert(pep508::normalize_name(r.name));
    }
    roots.manifest_names.assign(manifest.begin(), manifest.end());
    return roots;
}

std::optional<std::vector<bool>> reachable_packages(const Lock& lock, const LockRoots& roots) {
    if (roots.empty()) return std::nullopt;
    // Identity -> index, and name -> indices (manifest entries name packages, not identities).
    std::unordered_map<std::string_view, std::vector<std::size_t>> by_name;
    for (std::size_t i = 0; i < lock.packages.size(); ++i) by_name[lock.packages[i].id.name].push_back(i);
    std::vector<bool> seen(lock.packages.size(), false);
    std::vector<std::size_t> stack;
    auto push = [&](std::size_t i) {
        if (!seen[i]) {
            seen[i] = true;
            stack.push_back(i);
        }
    };
    for (const std::size_t i : roots.members) push(i);
    for (const auto& name : roots.manifest_names) {
        if (const auto it = by_name.find(name); it != by_name.end()) {
            for (const std::size_t i : it->second) push(i);
        }
    }
    while (!stack.empty()) {
        const std::size_t i = stack.back();
        stack.pop_back();
        for_each_dependency(lock.packages[i], [&](const Dependency& d) {
            const auto it = by_name.find(d.target.name);
            if (it == by_name.end()) return;
            for (const std::size_t j : it->second) {
                if (lock.packages[j].id == d.target) push(j);
            }
        });
    }
    return seen;
}

} // namespace lockkit::lockfile
