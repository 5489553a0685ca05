// Where each package of a lock is reached; see include/lockkit/lockfile/reach_markers.hpp.

#include "lockkit/lockfile/reach_markers.hpp"

#include "lockkit/lockfile/roots.hpp"
#include "lockkit/pep440/specifiers.hpp"
#include "lockkit/pep440/version.hpp"
#include "lockkit/pep508/package_name.hpp"

#include <deque>
#include <map>
#include <string_view>
#include <unordered_map>

namespace lockkit::lockfile {

namespace {

using pep508::MarkerTree;

/// A marker of the file, with its `extra` tests removed; a marker that does not read is taken
/// as true (wider, never narrower, than what uv meant).
MarkerTree edge_marker(std::string_view text) {
    if (text.empty()) return MarkerTree::always_true();
    auto parsed = MarkerTree::parse(text);
    return parsed ? parsed->without_extras() : MarkerTree::always_true();
}

/// The environment the lock was made for: its requires-python range, and-ed with the union of
/// its forks and its supported environments where it has them.
std::optional<MarkerTree> lock_environment(const Lock& lock) {
    auto env = pep508::requires_python_marker(lock.requires_python);
    if (!env) return std::nullopt;
    auto union_of = [](const std::vector<std::string>& markers) {
        MarkerTree any = MarkerTree::always_false();
        for (const auto& m : markers) any = any.or_with(edge_marker(m));
        return any;
    };
    if (lock.resolution_markers && !lock.resolution_markers->empty()) env = env->and_with(union_of(*lock.resolution_markers));
    if (lock.supported_markers && !lock.supported_markers->empty()) env = env->and_with(union_of(*lock.supported_markers));
    return env;
}

} // namespace

std::optional<LockReach> lock_reach(const Lock& lock) {
    const LockRoots roots = lock_roots(lock);
    if (roots.empty()) return std::nullopt;
    const auto env = lock_environment(lock);
    if (!env) return std::nullopt;

    const std::size_t n = lock.packages.size();
    std::unordered_map<std::string_view, std::vector<std::size_t>> by_name;
    for (std::size_t i = 0; i < n; ++i) by_name[lock.packages[i].id.name].push_back(i);
    auto index_of = [&](const PackageId& id) -> std::optional<std::size_t> {
        const auto it = by_name.find(id.name);
        if (it == by_name.end()) return std::nullopt;
        for (const std::size_t j : it->second)
            if (lock.packages[j].id == id || (!id.version && it->second.size() == 1)) return j;
        return std::nullopt;
    };

    std::vector<MarkerTree> reach(n, MarkerTree::always_false());
    std::vector<std::map<std::string, MarkerTree>> extra_reach(n);  // package -> extra -> reach
    std::vector<bool> member(n, false), queued(n, false);
    std::deque<std::size_t> work;
    auto schedule = [&](std::size_t i) {
        if (!queued[i]) {
            queued[i] = true;
            work.push_back(i);
        }
    };
    auto widen = [&](MarkerTree& slot, MarkerTree by) {
        const MarkerTree wider = slot.or_with(by);
        if (wider == slot) return false;
        slot = wider;
        return true;
    };
    for (const std::size_t i : roots.members) {
        member[i] = true;
        reach[i] = *env;
        schedule(i);
    }
    // A project-less root's requirements name packages, not identities: every version the
    // requirement's specifier allows (a group may list a name twice, under disjoint markers).
    auto reach_named = [&](const Requirement& r) {
        const auto it = by_name.find(pep508::normalize_name(r.name));
        if (it == by_name.end()) return;
        std::optional<pep440::VersionSpecifiers> specifiers;
        if (r.specifier)
            if (auto parsed = pep440::VersionSpecifiers::parse(*r.specifier)) specifiers = std::move(*parsed);
        for (const std::size_t j : it->second) {
            const auto& version = lock.packages[j].id.version;
            if (specifiers && version)
                if (auto parsed = pep440::Version::parse(*version); parsed && !specifiers->contains(*parsed)) continue;
            // A name the requirement cannot tell apart by version is reached in its own forks only.
            MarkerTree along = env->and_with(edge_marker(r.marker));
            if (!lock.packages[j].resolution_markers.empty()) {
                MarkerTree forks = MarkerTree::always_false();
                for (const auto& m : lock.packages[j].resolution_markers) forks = forks.or_with(edge_marker(m));
                along = along.and_with(forks);
            }
            bool grew = widen(reach[j], along);
            for (const auto& extra : r.extras.value_or(std::vector<std::string>{})) {
                auto [slot, fresh] = extra_reach[j].try_emplace(pep508::normalize_name(extra), MarkerTree::always_false());
                grew = widen(slot->second, along) || grew;
            }
            if (grew) schedule(j);
        }
    };
    for (const auto& r : lock.manifest.requirements) reach_named(r);
    for (const auto& [group, reqs] : lock.manifest.dependency_groups)
        for (const auto& r : reqs) reach_named(r);

    auto follow = [&](MarkerTree from, const std::vector<Dependency>& deps) {
        for (const auto& d : deps) {
            const auto j = index_of(d.target);
            if (!j) continue;
            const MarkerTree along = from.and_with(edge_marker(d.marker));
            if (along.is_false()) continue;
            bool grew = widen(reach[*j], along);
            for (const auto& extra : d.extras) {
                auto [slot, fresh] = extra_reach[*j].try_emplace(extra, MarkerTree::always_false());
                grew = widen(slot->second, along) || grew;
            }
            if (grew) schedule(*j);
        }
    };
    while (!work.empty()) {
        const std::size_t i = work.front();
        work.pop_front();
        queued[i] = false;
        const Package& p = lock.packages[i];
        follow(reach[i], p.dependencies);
        for (const auto& [extra, deps] : p.optional_dependencies) {
            if (member[i]) {
                follow(reach[i], deps);
            } else if (const auto it = extra_reach[i].find(extra); it != extra_reach[i].end()) {
                follow(it->second, deps);
            }
        }
        if (member[i])
            for (const auto& [group, deps] : p.dev_dependencies) follow(reach[i], deps);
    }
    for (std::size_t i = 0; i < n; ++i)
        if (member[i])
            for (const auto& [extra, deps] : lock.packages[i].optional_dependencies) extra_reach[i][extra] = reach[i];
    return LockReach{std::move(reach), std::move(extra_reach)};
}

} // namespace lockkit::lockfile
