// Forking universal resolutions (see forks.hpp).

#include "forks.hpp"

#include <algorithm>
#include <map>

namespace lockkit::resolver::detail {

using pep508::MarkerTree;

namespace {

bool raises_floor(MarkerTree marker, const PythonRequirement& python) {
    auto range = marker_python_range(marker);
    return range && python.raises(range->first);
}

std::size_t upper_bounded(const Fork& f) {
    std::size_t n = 0;
    for (const auto& d : f.dependencies) {
        auto b = d.versions.encoded().bounding_range();
        if (b && !b->second.is_unbounded()) ++n;
    }
    return n;
}

} // namespace

std::optional<Fork> Fork::filter(const std::vector<std::pair<ConflictItem, bool>>& rules) const {
    auto narrowed = env.filter_by_group(rules);
    if (!narrowed) return std::nullopt;
    Fork out;
    out.env = std::move(*narrowed);
    out.conflicts = conflicts;
    for (const auto& d : dependencies) {
        auto item = d.conflicting_item();
        // A whole project stays when a package (not the root) depends on it: its extras and
        // groups still need it.
        if (!item || out.env.included_by_group(*item) || (item->is_project() && d.parent)) {
            out.dependencies.push_back(d);
            continue;
        }
        out.conflicts.erase(*item);
    }
    return out;
}

namespace {

/// uv's conflict forking: per declared set, a fork holding dependencies of some item becomes
/// one fork without any item and one per item with only that item.
std::vector<Fork> fork_conflicts(std::vector<Fork> forks, const std::vector<ConflictSet>& conflicts) {
    for (const ConflictSet& set : conflicts) {
        std::vector<Fork> next;
        for (Fork& fork : forks) {
            const bool relevant = std::any_of(set.begin(), set.end(),
                                              [&](const ConflictItem& i) { return fork.conflicts.contains(i); });
            if (!relevant) {
                next.push_back(std::move(fork));
                continue;
            }
            std::vector<const ConflictItem*> live;
            for (const auto& i : set)
                if (fork.env.included_by_group(i)) live.push_back(&i);
            if (live.size() < 2) {
                // Already decided by earlier forks, unless a live item still conflicts with
                // another live item of some other set (it then needs its excluded variant).
                const bool dominated = std::all_of(live.begin(), live.end(), [&](const ConflictItem* item) {
                    return std::none_of(conflicts.begin(), conflicts.end(), [&](const ConflictSet& other) {
                        if (&other == &set || std::find(other.begin(), other.end(), *item) == other.end()) return false;
                        return std::any_of(other.begin(), other.end(), [&](const ConflictItem& o) {
                            return !(o == *item) && fork.env.included_by_group(o);
                        });
                    });
                });
                if (dominated) {
                    std::vector<std::pair<ConflictItem, bool>> rules;
                    for (const auto& i : set)
                        if (!fork.env.included_by_group(i)) rules.emplace_back(i, false);
                    if (auto filtered = fork.filter(rules)) next.push_back(std::move(*filtered));
                    continue;
                }
            }
            std::vector<std::pair<ConflictItem, bool>> none;
            for (const auto& i : set) none.emplace_back(i, false);
            if (auto f = fork.filter(none)) next.push_back(std::move(*f));
            for (std::size_t k = 0; k < set.size(); ++k) {
                std::vector<std::pair<ConflictItem, bool>> rules;
                for (std::size_t j = 0; j < set.size(); ++j) rules.emplace_back(set[j], j == k);
                if (auto f = fork.filter(rules)) next.push_back(std::move(*f));
            }
        }
        forks = std::move(next);
    }
    return forks;
}

} // namespace

std::vector<Fork> fork_dependencies(const std::vector<PackageDependency>& dependencies, const ResolverEnvironment& env,
                                    const PythonRequirement& python, const std::vector<ConflictSet>& conflicts) {
    const MarkerTree python_marker = python.target.to_marker_tree();
    std::map<std::string, std::vector<const PackageDependency*>> by_name;
    for (const auto& d : dependencies) by_name[*d.package.name_no_root()].push_back(&d);

    std::vector<Fork> forks{Fork{{}, env}};
    for (const auto& [name, deps] : by_name) {
        // One dependency, or several with one marker: no fork, unless the marker raises the
        // Python floor.
        const MarkerTree first = deps.front()->package.marker;
        const bool same_marker =
            std::all_of(deps.begin(), deps.end(), [&](const PackageDependency* d) { return d->package.marker == first; });
        if (same_marker && !raises_floor(first, python)) {
            for (const PackageDependency* d : deps)
                for (Fork& f : forks)
                    if (f.env.included_by_marker(first)) f.add_dependency(*d);
            continue;
        }
        for (const PackageDependency* d : deps) {
            const MarkerTree marker = d->package.marker;
            if (!env.included_by_marker(marker)) continue;  // never applies here
            if (marker.is_true()) {
                for (Fork& f : forks) f.add_dependency(*d);
                continue;
            }
            MarkerTree remaining = marker;
            std::vector<Fork> next;
            for (Fork& f : forks) {
                if (!f.env.included_by_marker(remaining)) {
                    next.push_back(std::move(f));
                    continue;
                }
                std::vector<ResolverEnvironment> envs;
                const MarkerTree not_marker = remaining.negate();
                if (!f.env.markers().is_disjoint(not_marker)) envs.push_back(f.env.narrow(not_marker));
                envs.push_back(f.env.narrow(remaining));
                remaining = remaining.and_with(f.env.markers().negate());
                for (ResolverEnvironment& e : envs) {
                    Fork child;
                    child.env = std::move(e);
                    child.conflicts = f.conflicts;
                    for (const auto& dep : f.dependencies) {
                        if (child.env.included_by_marker(dep.package.marker)) child.dependencies.push_back(dep);
                        else if (auto item = dep.conflicting_item()) child.conflicts.erase(*item);
                    }
                    if (child.env.included_by_marker(marker)) child.add_dependency(*d);
                    // Forks outside the Python versions resolved for are dropped.
                    if (child.env.included_by_marker(python_marker)) next.push_back(std::move(child));
                }
            }
            forks = std::move(next);
        }
    }
    if (!conflicts.empty()) forks = fork_conflicts(std::move(forks), conflicts);
    return forks;
}

int compare_requires_python(const ResolverEnvironment& a, const ResolverEnvironment& b) {
    auto ra = a.requires_python();
    auto rb = b.requires_python();
    const Bound<pep440::Version> la = ra ? ra->first : Bound<pep440::Version>::unbounded();
    const Bound<pep440::Version> lb = rb ? rb->first : Bound<pep440::Version>::unbounded();
    return compare_lower_bounds(la, lb);
}

void sort_forks(std::vector<Fork>& forks, ForkStrategy strategy, ResolutionMode mode) {
    const bool reverse_floor = strategy == ForkStrategy::Fewest || mode == ResolutionMode::Lowest;
    std::stable_sort(forks.begin(), forks.end(), [&](const Fork& a, const Fork& b) {
        int c = compare_requires_python(a.env, b.env);
        if (reverse_floor) c = -c;
        if (c != 0) return c < 0;
        return upper_bounded(a) < upper_bounded(b);
    });
}

std::vector<ResolverEnvironment> fork_by_python_requirement(const pep440::VersionSpecifiers& requires_python,
                                                            const PythonRequirement& python,
                                                            const ResolverEnvironment& env) {
    const RequiresPython candidate = RequiresPython::from_specifiers(requires_python);
    auto halves = python.target.split(candidate.lower());
    if (!halves) return {};
    std::vector<ResolverEnvironment> envs;
    const MarkerTree lower = halves->first.to_marker_tree();
    const MarkerTree upper = halves->second.to_marker_tree();
    if (!env.markers().is_disjoint(lower)) envs.push_back(env.narrow(lower));
    if (!env.markers().is_disjoint(upper)) envs.push_back(env.narrow(upper));
    return envs;
}

} // namespace lockkit::resolver::detail
