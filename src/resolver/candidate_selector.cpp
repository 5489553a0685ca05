// Candidate selection (see candidate_selector.hpp).

#include <lockkit/resolver/candidate_selector.hpp>

#include <algorithm>

namespace lockkit::resolver {

using pep440::Version;

bool ForkSet::contains(const std::string& name, const ResolverEnvironment& env) const {
    auto it = m_entries.find(name);
    if (it == m_entries.end()) return false;
    return std::any_of(it->second.begin(), it->second.end(),
                       [&](pep508::MarkerTree m) { return env.included_by_marker(m); });
}

std::span<const Preferences::Ranked> Preferences::ranked(const std::string& name, const ResolverEnvironment& env,
                                                         bool highest) const {
    const std::span<const PreferredVersion> all = of(name);
    Ranking& ranking = m_rankings[name];
    if (ranking.count == all.size() && ranking.universal == env.is_universal() && ranking.env == env.markers() &&
        ranking.highest == highest && !ranking.order.empty())
        return ranking.order;
    ranking.universal = env.is_universal();
    ranking.env = env.markers();
    ranking.highest = highest;
    ranking.count = all.size();
    ranking.order.clear();
    ranking.order.reserve(all.size());
    // Whether a preference belongs to this fork is asked once per preference, not per comparison.
    for (std::size_t i = 0; i < all.size(); ++i)
        ranking.order.push_back({static_cast<std::uint32_t>(i), env.included_by_marker(all[i].fork_marker)});
    std::stable_sort(ranking.order.begin(), ranking.order.end(), [&](const Ranked& a, const Ranked& b) {
        if (a.in_fork != b.in_fork) return a.in_fork;
        const Version& va = all[a.index].version;
        const Version& vb = all[b.index].version;
        if (va == vb) return false;
        return highest ? vb < va : va < vb;
    });
    return ranking.order;
}

namespace {

/// Whether a specifier set names a pre-release with an operator that opts in (not `!=`).
bool names_prerelease(const pep440::VersionSpecifiers& specifiers) {
    for (const auto& s : specifiers.items()) {
        if (s.op() == pep440::Operator::NotEqual || s.op() == pep440::Operator::NotEqualStar) continue;
        if (s.version().is_prerelease()) return true;
    }
    return false;
}

Candidate make_candidate(const Version& version, std::size_t map_index, const PrioritizedDist& dist, bool preference) {
    Candidate c;
    c.version = version;
    c.map_index = map_index;
    c.compatible = dist.get();
    if (!c.compatible) c.incompatible = dist.incompatibility();
    c.from_preference = preference;
    return c;
}

} // namespace

CandidateSelector::CandidateSelector(const ResolverOptions& options, const Manifest& manifest,
                                     const ResolverEnvironment& env)
    : m_mode(options.resolution), m_index_strategy(options.index_strategy), m_prerelease(options.prerelease),
      m_prerelease_packages(options.prerelease_packages) {
    // Requirements that apply here, with overrides replacing requirements on their names.
    std::set<std::string> overridden;
    for (const auto& o : manifest.overrides) overridden.insert(o.name);
    std::vector<const pep508::Requirement*> user;
    for (const auto& r : manifest.requirements) {
        if (overridden.contains(r.name)) {
            for (const auto& o : manifest.overrides)
                if (o.name == r.name) user.push_back(&o);
        } else {
            user.push_back(&r);
        }
    }
    for (const auto* r : user)
        if (env.evaluate(r->marker)) m_direct.add(r->name, r->marker);

    // Explicit pre-release opt-in: requirements, constraints and overrides.
    std::vector<const pep508::Requirement*> selection = user;
    for (const auto& c : manifest.constraints) selection.push_back(&c);
    for (const auto& o : manifest.overrides) selection.push_back(&o);
    for (const auto* r : selection)
        if (env.evaluate(r->marker) && !r->url && names_prerelease(r->specifiers))
            m_explicit_prerelease.add(r->name, r->marker);
}

bool CandidateSelector::use_highest_version(const std::string& name, const ResolverEnvironment& env) const {
    switch (m_mode) {
    case ResolutionMode::Highest: return true;
    case ResolutionMode::Lowest: return false;
    case ResolutionMode::LowestDirect: return !m_direct.contains(name, env);
    }
    return true;
}

PrereleaseSelection CandidateSelector::prerelease_selection(const std::string& name,
                                                            const ResolverEnvironment& env) const {
    PrereleaseMode mode = m_prerelease;
    if (auto it = m_prerelease_packages.find(name); it != m_prerelease_packages.end()) mode = it->second;
    switch (mode) {
    case PrereleaseMode::Disallow: return PrereleaseSelection::Disallow;
    case PrereleaseMode::Allow: return PrereleaseSelection::Allow;
    case PrereleaseMode::IfNecessary:
    case PrereleaseMode::IfNecessaryOrExplicit: return PrereleaseSelection::PreferStable;
    case PrereleaseMode::Explicit:
        return m_explicit_prerelease.contains(name, env) ? PrereleaseSelection::PreferStable
                                                         : PrereleaseSelection::Disallow;
    }
    return PrereleaseSelection::PreferStable;
}

std::optional<Candidate> CandidateSelector::select(const std::string& name, const VersionRange& range,
                                                   const std::vector<VersionMap>& maps, const Preferences& preferences,
                                                   const ResolverEnvironment& env) const {
    const PrereleaseSelection selection = prerelease_selection(name, env);
    if (auto c = preferred(name, range, maps, preferences, selection, env)) return c;
    return no_preference(name, range, maps, selection, env);
}

std::optional<Candidate> CandidateSelector::preferred(const std::string& name, const VersionRange& range,
                                                      const std::vector<VersionMap>& maps,
                                                      const Preferences& preferences, PrereleaseSelection selection,
                                                      const ResolverEnvironment& env) const {
    const std::span<const PreferredVersion> all = preferences.of(name);
    if (all.empty()) return std::nullopt;
    for (const Preferences::Ranked& ranked : preferences.ranked(name, env, use_highest_version(name, env))) {
        const PreferredVersion* p = &all[ranked.index];
        const Version& version = p->version;
        if (!range.contains(version)) continue;
        if (version.is_prerelease()) {
            const bool allow = selection == PrereleaseSelection::Allow ||
                               (selection == PrereleaseSelection::PreferStable &&
                                p->source != PreferenceSource::Resolver);
            if (!allow) continue;
        }
        for (std::size_t m = 0; m < maps.size(); ++m) {
            auto pos = maps[m].find(version);
            if (!pos) continue;
            const PrioritizedDist* dist = maps[m].dist(*pos);
            if (dist == nullptr) continue;
            // A local variant of the preferred version is preferred over it.
            if (maps[m].has_local()) {
                for (std::size_t i = maps[m].size(); i-- > *pos + 1;) {
                    const Version& local = maps[m].version(i);
                    if (!local.has_local()) continue;
                    if (!(local.without_local() == version)) continue;
                    if (!range.contains(local)) continue;
                    if (const PrioritizedDist* ld = maps[m].dist(i)) return make_candidate(local, m, *ld, true);
                }
            }
            return make_candidate(version, m, *dist, true);
        }
    }
    return std::nullopt;
}

std::optional<Candidate> CandidateSelector::no_preference(const std::string& name, const VersionRange& range,
                                                          const std::vector<VersionMap>& maps,
                                                          PrereleaseSelection selection,
                                                          const ResolverEnvironment& env) const {
    switch (selection) {
    case PrereleaseSelection::Allow: return from_maps(name, range, maps, 0, maps.size(), Pass::All, env);
    case PrereleaseSelection::Disallow: return from_maps(name, range, maps, 0, maps.size(), Pass::Stable, env);
    case PrereleaseSelection::PreferStable:
        if (m_index_strategy == IndexStrategy::UnsafeFirstMatch) {
            for (std::size_t m = 0; m < maps.size(); ++m) {
                if (auto c = from_maps(name, range, maps, m, m + 1, Pass::Stable, env)) return c;
                if (auto c = from_maps(name, range, maps, m, m + 1, Pass::Prerelease, env)) return c;
            }
            return std::nullopt;
        }
        if (auto c = from_maps(name, range, maps, 0, maps.size(), Pass::Stable, env)) return c;
        return from_maps(name, range, maps, 0, maps.size(), Pass::Prerelease, env);
    }
    return std::nullopt;
}

std::optional<Candidate> CandidateSelector::from_maps(const std::string& name, const VersionRange& range,
                                                      const std::vector<VersionMap>& maps, std::size_t first_map,
                                                      std::size_t end_map, Pass pass,
                                                      const ResolverEnvironment& env) const {
    const bool highest = use_highest_version(name, env);
    if (range.is_empty()) return std::nullopt;
    struct Item {
        std::size_t map;
        std::size_t index;
    };
    // One step of a walk over candidates in the order they are tried: a candidate to return
    // (ending the walk), or nothing to go on. `incompatible` keeps the first unusable version.
    auto step = [&](const Item& it, std::optional<Candidate>& incompatible) -> std::optional<Candidate> {
        const Version& version = maps[it.map].version(it.index);
        // Having moved past the first unusable version, report it.
        if (incompatible && !(version == incompatible->version)) return std::move(incompatible);
        const bool pre = version.is_prerelease();
        if ((pass == Pass::Stable && pre) || (pass == Pass::Prerelease && !pre)) return std::nullopt;
        if (!range.contains(version)) return std::nullopt;
        const PrioritizedDist* dist = maps[it.map].dist(it.index);
        if (dist == nullptr) return std::nullopt;
        Candidate c = make_candidate(version, it.map, *dist, false);
        // Versions excluded by exclude-newer are treated as nonexistent.
        if (!c.compatible && c.incompatible.is_exclude_newer()) return std::nullopt;
        if (!c.compatible) {
            if (!incompatible) incompatible = std::move(c);
            return std::nullopt;
        }
        return c;
    };
    if (m_index_strategy == IndexStrategy::UnsafeBestMatch) {
        // All indexes merged by version; equal versions keep the index order.
        std::vector<Item> items;
        for (std::size_t m = first_map; m < end_map; ++m) {
            auto [first, last] = maps[m].bounding(range.encoded());
            for (std::size_t i = first; i < last; ++i)
                if (maps[m].is_materializable(i)) items.push_back({m, i});
        }
        std::stable_sort(items.begin(), items.end(), [&](const Item& a, const Item& b) {
            const Version& va = maps[a.map].version(a.index);
            const Version& vb = maps[b.map].version(b.index);
            if (va == vb) return a.map < b.map;
            return highest ? vb < va : va < vb;
        });
        std::optional<Candidate> incompatible;
        for (const Item& it : items)
            if (auto c = step(it, incompatible)) return c;
        return incompatible;
    }
    // One index at a time, its versions visited in place: the walk usually stops at the first
    // of hundreds, so which ones exclude-newer leaves in is asked only of those reached.
    for (std::size_t m = first_map; m < end_map; ++m) {
        auto [first, last] = maps[m].bounding(range.encoded());
        std::optional<Candidate> incompatible;
        for (std::size_t k = first; k < last; ++k) {
            const std::size_t i = highest ? last - 1 - (k - first) : k;
            if (!maps[m].is_materializable(i)) continue;
            if (auto c = step(Item{m, i}, incompatible)) return c;
        }
        if (incompatible) return incompatible;
    }
    return std::nullopt;
}

} // namespace lockkit::resolver
