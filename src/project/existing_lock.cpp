// What an existing uv.lock is still good for (see existing_lock.hpp).

#include <lockkit/project/existing_lock.hpp>

#include <lockkit/lockfile/exclude_newer_package.hpp>
#include <lockkit/lockfile/reach_markers.hpp>
#include <lockkit/pyproject/compare.hpp>
#include <lockkit/resolver/python_requirement.hpp>
#include <lockkit/util/timestamp.hpp>

#include <algorithm>
#include <string_view>
#include <unordered_map>

namespace lockkit::project {

using pep508::MarkerTree;

namespace {

std::optional<resolver::RequiresPython> lock_requires_python(const lockfile::Lock& lock) {
    auto specs = pep440::VersionSpecifiers::parse(lock.requires_python);
    if (!specs) return std::nullopt;
    return resolver::RequiresPython::from_specifiers(*specs);
}

std::pair<pep508::ReleaseBound, pep508::ReleaseBound> bounds_of(const resolver::RequiresPython& rp) {
    return rp.to_marker_tree().python_full_version_bounds();
}

/// Markers as the lock prints them, for comparing configuration lists.
std::vector<std::string> simplified(const std::vector<MarkerTree>& markers, const resolver::RequiresPython& rp) {
    const auto [lo, hi] = bounds_of(rp);
    std::vector<std::string> out;
    for (MarkerTree m : markers) out.push_back(m.simplify_python_versions(lo, hi).to_string());
    return out;
}

bool same_entries(const std::vector<lockfile::ManifestEntry>& a, const std::vector<lockfile::ManifestEntry>& b) {
    std::vector<lockfile::Requirement> ra, rb;
    for (const auto& e : a)
        if (e.requirement) ra.push_back(*e.requirement);
    for (const auto& e : b)
        if (e.requirement) rb.push_back(*e.requirement);
    if (!pyproject::same_requirements(ra, rb)) return false;
    // Scoped entries and excludes: compared as written.
    auto rest = [](const std::vector<lockfile::ManifestEntry>& v) {
        std::vector<lockfile::ManifestEntry> out;
        for (const auto& e : v)
            if (!e.requirement) out.push_back(e);
        return out;
    };
    return rest(a) == rest(b);
}

bool same_groups(const lockfile::NamedLists<lockfile::Requirement>& a, const lockfile::NamedLists<lockfile::Requirement>& b) {
    auto non_empty = [](const lockfile::NamedLists<lockfile::Requirement>& v) {
        std::map<std::string, std::vector<lockfile::Requirement>> out;
        for (const auto& [name, list] : v)
            if (!list.empty()) out[name] = list;
        return out;
    };
    const auto ma = non_empty(a), mb = non_empty(b);
    if (ma.size() != mb.size()) return false;
    for (const auto& [name, list] : ma) {
        auto it = mb.find(name);
        if (it == mb.end() || !pyproject::same_requirements(list, it->second)) return false;
    }
    return true;
}

/// uv compares `exclude-newer-package` as a map (`ExcludeNewerPackage::compare`): the same
/// names with the same values, in whatever order; a relative entry counts by its span alone,
/// since its timestamp moves with the clock.
bool same_exclude_newer_package(const lockfile::Options& a, const lockfile::Options& b) {
    const auto ma = lockfile::exclude_newer_package_by_name(a), mb = lockfile::exclude_newer_package_by_name(b);
    if (a.exclude_newer_package.size() != b.exclude_newer_package.size() || ma.size() != mb.size()) return false;
    using Kind = lockfile::ExcludeNewerPackage::Kind;
    for (const auto& [name, x] : ma) {
        const auto found = mb.find(name);
        if (found == mb.end()) return false;
        const lockfile::ExcludeNewerPackage& y = found->second;
        if (y.kind != x.kind) return false;
        if (x.kind == Kind::Relative && x.span != y.span) return false;
        if (x.kind == Kind::Timestamp) {
            const auto tx = parse_timestamp_ms(x.timestamp), ty = parse_timestamp_ms(y.timestamp);
            if (tx && ty ? *tx != *ty : x.timestamp != y.timestamp) return false;
        }
    }
    return true;
}

LockValidation verdict(LockVerdict v, std::string reason) { return LockValidation{v, std::move(reason)}; }

/// uv's `Lock::satisfies`: the lock still describes the workspace.
/// uv compares conflicts set by set, in order, each set as a set of items.
bool same_conflicts(const std::vector<std::vector<lockfile::ConflictItem>>& a,
                    const std::vector<std::vector<lockfile::ConflictItem>>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        auto covers = [](const auto& x, const auto& y) {
            return std::all_of(x.begin(), x.end(), [&](const auto& item) { return std::find(y.begin(), y.end(), item) != y.end(); });
        };
        if (!covers(a[i], b[i]) || !covers(b[i], a[i])) return false;
    }
    return true;
}

std::optional<std::string> satisfies(const lockfile::Lock& lock, const LockTarget& target, const LockRequestFacts& facts) {
    std::vector<std::string> locked_members = lock.manifest.members, members = target.lock_manifest.members;
    std::sort(locked_members.begin(), locked_members.end());
    std::sort(members.begin(), members.end());
    if (locked_members != members) return "the workspace members changed";
    const lockfile::Manifest& now = target.lock_manifest;
    if (!pyproject::same_requirements(lock.manifest.requirements, now.requirements)) return "the requirements changed";
    if (!pyproject::same_requirements(lock.manifest.constraints, now.constraints)) return "the constraints changed";
    if (!same_entries(lock.manifest.overrides, now.overrides)) return "the overrides changed";
    if (!same_entries(lock.manifest.excludes, now.excludes)) return "the excluded dependencies changed";
    if (!pyproject::same_requirements(lock.manifest.build_constraints, now.build_constraints))
        return "the build constraints changed";
    if (!same_groups(lock.manifest.dependency_groups, now.dependency_groups)) return "the dependency groups changed";
    if (lock.manifest.dependency_metadata != now.dependency_metadata) return "the dependency metadata changed";

    // Every source tree and local archive: same source, version and declared metadata.
    std::set<std::string> local_names;
    for (const auto& [url, pkg] : target.url_packages) {
        local_names.insert(pkg.name);
        const lockfile::Package* locked = nullptr;
        for (const auto& p : lock.packages)
            if (p.id.name == pkg.name && p.id.source.is_source_tree() == pkg.lock.source.is_source_tree() &&
                p.id.source.location == pkg.lock.source.location)
                locked = &p;
        if (locked == nullptr) return "`" + pkg.name + "` is not in the lock";
        if (locked->id.source.kind != pkg.lock.source.kind)
            return "`" + pkg.name + "` is locked as " + lockfile::source_kind_key(locked->id.source.kind) + ", now " +
                   lockfile::source_kind_key(pkg.lock.source.kind);
        const std::string version = pkg.metadata.version.to_string();
        if (pkg.lock.dynamic_version != !locked->id.version) return "the version of `" + pkg.name + "` changed";
        if (locked->id.version &&
            !(*pep440::Version::parse(*locked->id.version) == pkg.metadata.version))
            return "the version of `" + pkg.name + "` changed (" + *locked->id.version + " -> " + version + ")";
        if (auto diff = pyproject::metadata_difference(pkg.lock.metadata, locked->metadata))
            return "`" + pkg.name + "`: " + *diff;
    }
    // Registry packages next to local ones must come from an index still configured.
    if (!facts.registries.empty()) {
        for (const auto& p : lock.packages) {
            if (!local_names.contains(p.id.name)) continue;
            for (const auto& d : p.dependencies) {
                if (d.target.source.kind != lockfile::SourceKind::Registry) continue;
                const std::string& r = d.target.source.location;
                auto same = [&](const std::string& x) {
                    auto trim = [](std::string s) {
                        while (s.size() > 1 && s.back() == '/') s.pop_back();
                        return s;
                    };
                    return trim(x) == trim(r);
                };
                if (std::none_of(facts.registries.begin(), facts.registries.end(), same))
                    return "`" + d.target.name + "` comes from " + r + ", which is no longer a configured index";
            }
        }
    }
    return std::nullopt;
}

} // namespace

LockValidation validate_lock(const lockfile::Lock& lock, const LockTarget& target, const LockRequestFacts& facts) {
    const lockfile::Options& old = lock.options;
    const lockfile::Options& now = facts.options;
    if (old.resolution_mode != now.resolution_mode) return verdict(LockVerdict::Unusable, "the resolution mode changed");
    if (old.fork_strategy != now.fork_strategy) return verdict(LockVerdict::Unusable, "the fork strategy changed");
    // A relative span is re-evaluated on every run; only the span itself counts.
    const bool old_span = old.exclude_newer_span.has_value(), now_span = now.exclude_newer_span.has_value();
    if (old_span != now_span || (old_span && old.exclude_newer_span != now.exclude_newer_span) ||
        (!old_span && old.exclude_newer != now.exclude_newer) || !same_exclude_newer_package(old, now))
        return verdict(LockVerdict::Preferable, "the exclude-newer setting changed");
    if (facts.upgrade) return verdict(LockVerdict::Unusable, "--upgrade");

    auto locked_rp = lock_requires_python(lock);
    if (!locked_rp) return verdict(LockVerdict::Unusable, "the lock's requires-python does not read");
    const std::vector<MarkerTree> forks = lock_forks(lock);
    if (!forks.empty()) {
        // The forks must still cover requires-python and the supported environments.
        MarkerTree covered = MarkerTree::always_false();
        for (MarkerTree f : forks) covered = covered.or_with(f);
        MarkerTree space = locked_rp->to_marker_tree();
        if (!target.environments.empty()) {
            MarkerTree envs = MarkerTree::always_false();
            for (MarkerTree e : target.environments) envs = envs.or_with(e);
            space = space.and_with(envs);
        }
        if (!covered.negate().is_disjoint(space))
            return verdict(LockVerdict::Versions, "the lock's forks do not cover every environment");
        if (covered.is_disjoint(target.requires_python.to_marker_tree()))
            return verdict(LockVerdict::Versions, "the lock's forks are outside requires-python");
    }
    const std::vector<std::string> locked_envs = lock.supported_markers.value_or(std::vector<std::string>{});
    if (locked_envs != simplified(target.environments, target.requires_python))
        return verdict(LockVerdict::Versions, "the supported environments changed");
    const std::vector<std::string> locked_required = lock.required_markers.value_or(std::vector<std::string>{});
    if (locked_required != simplified(target.required_environments, target.requires_python))
        return verdict(LockVerdict::Versions, "the required environments changed");
    if (!same_conflicts(lock.conflicts, target.lock_conflicts)) return verdict(LockVerdict::Versions, "the conflicts changed");
    if (!(*locked_rp == target.requires_python))
        return verdict(forks.empty() ? LockVerdict::Preferable : LockVerdict::Versions, "requires-python changed");
    if (old.prerelease_mode != now.prerelease_mode || old.prerelease_package != now.prerelease_package)
        return verdict(LockVerdict::Preferable, "the pre-release setting changed");
    if (facts.upgrade_packages) return verdict(LockVerdict::Preferable, "--upgrade-package");
    if (facts.refresh) return verdict(LockVerdict::Preferable, "--refresh");
    if (auto why = satisfies(lock, target, facts)) return verdict(LockVerdict::Preferable, *why);
    return verdict(LockVerdict::Satisfies, {});
}

std::vector<resolver::Preference> lock_preferences(const lockfile::Lock& lock, const std::set<std::string>& upgrade) {
    std::vector<resolver::Preference> out;
    auto rp = lock_requires_python(lock);
    if (!rp) return out;
    const auto [lo, hi] = bounds_of(*rp);
    // A forked lock repeats its few fork markers on many packages: each text is read once.
    std::unordered_map<std::string_view, std::optional<MarkerTree>> forks;
    for (const auto& p : lock.packages) {
        if (!p.id.version || upgrade.contains(p.id.name)) continue;
        auto version = pep440::Version::parse(*p.id.version);
        if (!version) continue;
        if (p.resolution_markers.empty()) {
            out.push_back({p.id.name, *version, MarkerTree::always_true(), std::nullopt, resolver::PreferenceSource::Lock});
            continue;
        }
        for (const auto& m : p.resolution_markers) {
            auto [it, fresh] = forks.try_emplace(m);
            if (fresh)
                if (auto marker = MarkerTree::parse(m)) it->second = marker->complexify_python_versions(lo, hi);
            if (!it->second) continue;
            out.push_back({p.id.name, *version, *it->second, std::nullopt, resolver::PreferenceSource::Lock});
        }
    }
    return out;
}

std::vector<MarkerTree> lock_forks(const lockfile::Lock& lock) {
    std::vector<MarkerTree> out;
    if (!lock.resolution_markers) return out;
    auto rp = lock_requires_python(lock);
    if (!rp) return out;
    const auto [lo, hi] = bounds_of(*rp);
    for (const auto& m : *lock.resolution_markers)
        if (auto marker = MarkerTree::parse(m)) out.push_back(marker->complexify_python_versions(lo, hi));
    return out;
}

std::optional<std::string> lock_cannot_answer_for(const lockfile::Lock& lock, const LockTarget& target) {
    auto locked_rp = lock_requires_python(lock);
    if (!locked_rp) return "its requires-python does not read";
    const bool lower_covered = resolver::compare_lower_bounds(target.requires_python.lower(), locked_rp->lower()) >= 0;
    const bool upper_covered = locked_rp->upper().is_unbounded() || locked_rp->upper() == target.requires_python.upper();
    if (!lower_covered || !upper_covered)
        return "it was locked for requires-python `" + lock.requires_python + "`, narrower than the project's";
    const std::vector<std::string> locked_envs = lock.supported_markers.value_or(std::vector<std::string>{});
    if (!locked_envs.empty() && locked_envs != simplified(target.environments, target.requires_python))
        return "it was locked for other environments than the project's";
    // uv records the edges an override, an exclusion or static metadata gave, not the
    // packages' own: a lock made with one the project no longer has records edges the project's
    // packages do not have. (One the project has and the lock lacks replaces those edges anyway.)
    const lockfile::Manifest& now = target.lock_manifest;
    auto all_kept = [](const auto& locked, const auto& kept) {
        return std::all_of(locked.begin(), locked.end(),
                           [&](const auto& entry) { return std::find(kept.begin(), kept.end(), entry) != kept.end(); });
    };
    if (!all_kept(lock.manifest.overrides, now.overrides))
        return "it was locked with an override the project no longer has, so it records the overridden edges";
    if (!all_kept(lock.manifest.excludes, now.excludes))
        return "it was locked with an exclusion the project no longer has, so it lacks the excluded edges";
    if (!all_kept(lock.manifest.dependency_metadata, now.dependency_metadata))
        return "it was locked with dependency metadata the project no longer declares, so it records those edges";
    return std::nullopt;
}

std::optional<std::string> extra_no_lock_records(const lockfile::Lock& result, const std::vector<const lockfile::Lock*>& locks) {
    auto recorded = [&](const lockfile::PackageId& id, const std::string& extra) {
        for (const auto* lock : locks)
            for (const auto& p : lock->packages)
                if (p.id.name == id.name && p.id.version == id.version && p.id.source.kind == lockfile::SourceKind::Registry)
                    for (const auto& [name, deps] : p.optional_dependencies)
                        if (name == extra) return true;
        return false;
    };
    auto check = [&](const std::vector<lockfile::Dependency>& deps) -> std::optional<std::string> {
        for (const auto& d : deps) {
            if (d.target.source.kind != lockfile::SourceKind::Registry) continue;
            // An edge without a version names the only package of that name in the result.
            lockfile::PackageId id = d.target;
            if (!id.version)
                for (const auto& p : result.packages)
                    if (p.id.name == id.name) id = p.id;
            for (const auto& extra : d.extras)
                if (!recorded(id, extra)) return id.name + "[" + extra + "] " + id.version.value_or("");
        }
        return std::nullopt;
    };
    // A project's own requirement on `foo[ext]`: the extra is asked of whatever version of foo
    // the resolution chose. (A registry package's edge with extras was recorded by a lock that
    // paired the two versions, so the locks answer for it.)
    auto check_requirements = [&](const std::vector<lockfile::Requirement>& reqs) -> std::optional<std::string> {
        for (const auto& r : reqs) {
            if (!r.extras || r.extras->empty()) continue;
            for (const auto& p : result.packages) {
                if (p.id.name != r.name || p.id.source.kind != lockfile::SourceKind::Registry) continue;
                for (const auto& extra : *r.extras)
                    if (!recorded(p.id, extra)) return p.id.name + "[" + extra + "] " + p.id.version.value_or("");
            }
        }
        return std::nullopt;
    };
    for (const auto& p : result.packages) {
        if (p.metadata.requires_dist)
            if (auto why = check_requirements(*p.metadata.requires_dist)) return why;
        if (p.metadata.requires_dev)
            for (const auto& [group, reqs] : *p.metadata.requires_dev)
                if (auto why = check_requirements(reqs)) return why;
        if (auto why = check(p.dependencies)) return why;
        for (const auto& [name, deps] : p.optional_dependencies)
            if (auto why = check(deps)) return why;
        for (const auto& [name, deps] : p.dev_dependencies)
            if (auto why = check(deps)) return why;
    }
    return std::nullopt;
}

namespace {

/// The edges a lock records for `p` itself (no extra) or for one of its extras.
const std::vector<lockfile::Dependency>* edges_of(const lockfile::Package& p, const std::string* extra) {
    if (!extra) return &p.dependencies;
    for (const auto& [name, deps] : p.optional_dependencies)
        if (name == *extra) return &deps;
    return nullptr;
}

/// Where `lock` reaches package `index` itself, or its `extra`.
MarkerTree reach_in(const lockfile::LockReach& reach, std::size_t index, const std::string* extra) {
    if (!extra) return reach.packages[index];
    const auto& extras = reach.extras[index];
    const auto it = extras.find(*extra);
    return it == extras.end() ? MarkerTree::always_false() : it->second;
}

} // namespace

std::optional<std::string> reach_no_lock_records(const lockfile::Lock& result, const std::vector<const lockfile::Lock*>& locks) {
    const auto result_reach = lockfile::lock_reach(result);
    if (!result_reach) return "the re-resolved lock has no roots to measure its reach from";
    std::vector<std::optional<lockfile::LockReach>> reach_of;
    std::vector<std::unordered_map<std::string_view, std::vector<std::size_t>>> by_name(locks.size());
    for (std::size_t l = 0; l < locks.size(); ++l) {
        reach_of.push_back(lockfile::lock_reach(*locks[l]));
        for (std::size_t j = 0; j < locks[l]->packages.size(); ++j) by_name[l][locks[l]->packages[j].id.name].push_back(j);
    }
    // One node of the result: package `i` itself, or its `extra`. Its edges come from every
    // lock holding that version; each lock's are right only where it reached the node (uv
    // restricted their markers there). So some lock must reach it everywhere the result does
    // (it records every edge needed there), and any other lock must add no edge to theirs
    // (one of its edges could hold where it should not).
    auto check = [&](std::size_t i, const std::string* extra) -> std::optional<std::string> {
        const auto& p = result.packages[i];
        const MarkerTree reach = reach_in(*result_reach, i, extra);
        if (reach.is_false()) return std::nullopt;
        std::vector<const std::vector<lockfile::Dependency>*> covering, partial;
        for (std::size_t l = 0; l < locks.size(); ++l) {
            const auto named = by_name[l].find(p.id.name);
            if (named == by_name[l].end()) continue;
            for (const std::size_t j : named->second) {
                const auto& q = locks[l]->packages[j];
                if (q.id.version != p.id.version || q.id.source.kind != lockfile::SourceKind::Registry) continue;
                const auto* edges = edges_of(q, extra);
                if (!edges) continue;
                const bool covers = reach_of[l] && reach.implies(reach_in(*reach_of[l], j, extra)).is_true();
                (covers ? covering : partial).push_back(edges);
            }
        }
        const std::string what = p.id.name + (extra ? "[" + *extra + "]" : "") + " " + *p.id.version;
        if (covering.empty())
            return what + " is reached where no lock that holds it reached it, so no lock records all of its "
                          "dependencies there";
        for (const auto* edges : partial)
            for (const auto& d : *edges)
                if (std::none_of(covering.begin(), covering.end(), [&](const auto* c) {
                        return std::find(c->begin(), c->end(), d) != c->end();
                    }))
                    return "a lock that reaches " + what + " in fewer environments than the merge records its edge to " +
                           d.target.name + ", which no lock reaching it everywhere the merge does records";
        return std::nullopt;
    };
    for (std::size_t i = 0; i < result.packages.size(); ++i) {
        const auto& p = result.packages[i];
        if (p.id.source.kind != lockfile::SourceKind::Registry || !p.id.version) continue;
        if (auto why = check(i, nullptr)) return why;
        for (const auto& [extra, reach] : result_reach->extras[i])
            if (auto why = check(i, &extra)) return why;
    }
    return std::nullopt;
}

} // namespace lockkit::project
