// From requirements to solver dependencies (see dependencies.hpp).

#include "dependencies.hpp"

#include <algorithm>
#include <deque>
#include <set>

namespace lockkit::resolver::detail {

using pep508::MarkerTree;
using pep508::Requirement;

namespace {

const MarkerTree k_true = MarkerTree::always_true();

/// The requirement's marker in one extra context: with no extra, every `extra == ...` is false;
/// for extra `e`, `extra == 'e'` is true, the others false, and whatever already applies
/// without the extra is removed.
MarkerTree marker_for_extra(MarkerTree marker, const std::optional<std::string>& extra) {
    // Most markers name no extra (the interner keeps each marker's extra-free form): such a
    // requirement is the package's own, and no extra's. Spares four restrictions per
    // requirement at every flattening, in every fork.
    if (marker.without_extras() == marker) return extra ? MarkerTree::always_false() : marker;
    const MarkerTree base = marker.simplify_not_extras_with([](std::string_view) { return true; });
    if (!extra) return base;
    const std::string e = *extra;
    const std::string extras[] = {e};
    return marker.simplify_extras(extras)
        .simplify_not_extras_with([&](std::string_view c) { return c != e; })
        .and_with(base.negate());
}

bool applicable(const Requirement& r, const std::optional<std::string>& extra, const ResolverEnvironment& env,
                MarkerTree python_marker) {
    if (!env.evaluate(r.marker)) return false;
    // uv pairs the requirement's name with the extra being flattened.
    if (extra && !env.included_by_group(ConflictItem{r.name, *extra, std::nullopt})) return false;
    // Never selected under the Python versions we resolve for.
    if (python_marker.is_disjoint(r.marker)) return false;
    // In a universal fork: belongs to another fork.
    if (!env.included_by_marker(r.marker)) return false;
    return true;
}

void constraints_for(const Requirement& requirement, const std::optional<std::string>& extra,
                     const RequirementRules& rules, const ResolverEnvironment& env, MarkerTree python_marker,
                     std::vector<Requirement>& out) {
    auto it = rules.constraints.find(requirement.name);
    if (it == rules.constraints.end()) return;
    // `requirement` may live in `out`, which the loop grows: keep its marker by value.
    const MarkerTree requirement_marker = requirement.marker;
    for (const Requirement& c : it->second) {
        Requirement constraint = c;
        // A constraint applies only where the requirement does too.
        if (c.marker.is_true()) {
            if (!requirement_marker.is_true()) {
                constraint.marker = c.marker.and_with(requirement_marker);
                if (constraint.marker.is_false()) continue;
            }
        } else {
            constraint.marker = c.marker.and_with(requirement_marker);
            if (constraint.marker.is_false()) continue;
            if (python_marker.is_disjoint(constraint.marker)) continue;
        }
        if (!env.included_by_marker(constraint.marker)) continue;
        if (const auto* menv = env.marker_environment()) {
            std::vector<std::string> extras;
            if (extra) extras.push_back(*extra);
            if (!constraint.marker.evaluate(*menv, extras)) continue;
        }
        out.push_back(std::move(constraint));
    }
}

/// A package and version whose scoped rules apply.
struct Scope {
    const std::string* name = nullptr;
    const pep440::Version* version = nullptr;
};

/// The entry for the exact version, else the one for every version (uv's `scoped_for`).
template <typename Entries>
const typename Entries::value_type* scoped_entry(const std::map<std::string, Entries>& scoped, Scope scope) {
    if (scope.name == nullptr || scope.version == nullptr) return nullptr;
    auto it = scoped.find(*scope.name);
    if (it == scoped.end()) return nullptr;
    for (const auto& entry : it->second)
        if (entry.first && *entry.first == *scope.version) return &entry;
    for (const auto& entry : it->second)
        if (!entry.first) return &entry;
    return nullptr;
}

/// The `extra == 'x'` term present in every clause of the marker, if there is one (uv's
/// `top_level_extra`).
std::optional<MarkerTree> top_level_extra(MarkerTree marker) {
    std::optional<std::string> found;
    for (const auto& clause : marker.to_dnf()) {
        auto term = std::find_if(clause.begin(), clause.end(),
                                 [](const std::string& t) { return t.starts_with("extra == "); });
        if (term == clause.end()) return std::nullopt;
        if (found && *found != *term) return std::nullopt;
        found = *term;
    }
    if (!found) return std::nullopt;
    return *MarkerTree::parse(*found);
}

/// The requirements after overrides: scoped overrides of the package first, then global ones;
/// a replacement for a requirement that only applies with an extra keeps that extra.
/// Scoped overrides on names the package does not depend on are added at the end. Nothing when
/// no override applies (the requirements stand as they are, not copied).
std::optional<std::vector<Requirement>> apply_overrides(const std::vector<Requirement>& dependencies,
                                                        const RequirementRules& rules, Scope scope) {
    const auto* scoped = scoped_entry(rules.scoped_overrides, scope);
    if (scoped == nullptr && rules.overrides.empty()) return std::nullopt;
    std::vector<Requirement> out;
    std::set<std::string> names;
    for (const Requirement& r : dependencies) {
        names.insert(r.name);
        const std::vector<Requirement>* replacements = nullptr;
        if (scoped != nullptr)
            if (auto it = scoped->second.find(r.name); it != scoped->second.end()) replacements = &it->second;
        if (replacements == nullptr)
            if (auto it = rules.overrides.find(r.name); it != rules.overrides.end()) replacements = &it->second;
        if (replacements == nullptr) {
            out.push_back(r);
            continue;
        }
        const auto extra = top_level_extra(r.marker);
        for (Requirement replacement : *replacements) {
            if (extra) replacement.marker = extra->and_with(replacement.marker);
            out.push_back(std::move(replacement));
        }
    }
    if (scoped != nullptr) {
        std::vector<Requirement> additions;
        for (const auto& [name, requirements] : scoped->second)
            if (!names.contains(name)) additions.insert(additions.end(), requirements.begin(), requirements.end());
        // uv sorts the additions as requirements (name first); the map already orders by name.
        out.insert(out.end(), additions.begin(), additions.end());
    }
    return out;
}

bool excluded(const RequirementRules& rules, Scope scope, const std::string& name) {
    if (rules.excludes.contains(name)) return true;
    const auto* scoped = scoped_entry(rules.scoped_excludes, scope);
    return scoped != nullptr && scoped->second.contains(name);
}

/// The requirements of one extra context, overrides and excludes applied, with their
/// constraints.
std::vector<Requirement> requirements_for_extra(const std::vector<Requirement>& dependencies,
                                                const std::optional<std::string>& extra,
                                                const RequirementRules& rules, Scope override_scope,
                                                Scope exclude_scope, const ResolverEnvironment& env,
                                                MarkerTree python_marker, ExtraMarkers* markers) {
    std::vector<Requirement> out;
    const auto overridden = apply_overrides(dependencies, rules, override_scope);
    for (const Requirement& original : overridden ? *overridden : dependencies) {
        if (excluded(rules, exclude_scope, original.name)) continue;
        // Copied only once it applies: most requirements of a package fall away in a fork.
        const MarkerTree marker =
            markers != nullptr ? markers->of(original.marker, extra) : marker_for_extra(original.marker, extra);
        if (marker.is_false()) continue;
        Requirement r = original;
        r.marker = marker;
        if (!applicable(r, extra, env, python_marker)) continue;
        out.push_back(std::move(r));
        constraints_for(out.back(), extra, rules, env, python_marker, out);
    }
    return out;
}

} // namespace

MarkerTree ExtraMarkers::of(MarkerTree marker, const std::optional<std::string>& extra) {
    auto& known = extra ? m_by_extra[*extra] : m_no_extra;
    auto it = known.find(marker.id());
    if (it == known.end()) it = known.emplace(marker.id(), marker_for_extra(marker, extra)).first;
    return it->second;
}

RequirementRules RequirementRules::from_manifest(const Manifest& manifest) {
    RequirementRules rules;
    for (const auto& c : manifest.constraints) {
        // Empty constraints constrain nothing; constraints ignore extras.
        if (c.specifiers.empty() && !c.url) continue;
        Requirement r = c;
        r.extras.clear();
        rules.constraints[r.name].push_back(std::move(r));
    }
    for (const auto& o : manifest.overrides) rules.overrides[o.name].push_back(o);
    for (const auto& s : manifest.scoped_overrides) {
        auto& entries = rules.scoped_overrides[s.package];
        auto it = std::find_if(entries.begin(), entries.end(), [&](const auto& e) { return e.first == s.version; });
        if (it == entries.end()) it = entries.insert(entries.end(), {s.version, {}});
        for (const auto& d : s.dependencies) it->second[d.name].push_back(d);
    }
    rules.excludes.insert(manifest.excludes.begin(), manifest.excludes.end());
    for (const auto& s : manifest.scoped_excludes) {
        auto& entries = rules.scoped_excludes[s.package];
        auto it = std::find_if(entries.begin(), entries.end(), [&](const auto& e) { return e.first == s.version; });
        if (it == entries.end()) it = entries.insert(entries.end(), {s.version, {}});
        it->second.insert(s.dependencies.begin(), s.dependencies.end());
    }
    return rules;
}

std::vector<Requirement> flatten_requirements(const std::vector<Requirement>& dependencies,
                                              const std::map<std::string, std::vector<Requirement>>& dependency_groups,
                                              const std::optional<std::string>& extra,
                                              const std::optional<std::string>& group, const std::string* name,
                                              const pep440::Version* version, const RequirementRules& rules,
                                              const ResolverEnvironment& env, const PythonRequirement& python,
                                              ExtraMarkers* markers) {
    const MarkerTree python_marker = python.target.to_marker_tree();
    const Scope scope{name, version};
    if (group) {
        // A group may name its own project; that is a real edge, not flattened. Scoped
        // overrides do not reach into groups; scoped excludes do.
        auto it = dependency_groups.find(*group);
        static const std::vector<Requirement> none;
        return requirements_for_extra(it == dependency_groups.end() ? none : it->second, extra, rules, Scope{}, scope,
                                      env, python_marker, markers);
    }
    bool self_extras = false;
    for (const auto& r : dependencies)
        if (name != nullptr && r.name == *name && !r.extras.empty()) self_extras = true;
    std::vector<Requirement> requirements =
        requirements_for_extra(dependencies, extra, rules, scope, scope, env, python_marker, markers);
    if (!self_extras) return requirements;

    // Expand the package's own extras (`black[d]` requiring `black[colorama]`) transitively.
    std::set<std::pair<std::string, std::uint32_t>> seen;
    std::deque<std::pair<std::string, MarkerTree>> queue;
    for (const auto& r : requirements)
        if (r.name == *name)
            for (const auto& e : r.extras) queue.emplace_back(e, r.marker);
    while (!queue.empty()) {
        auto [e, marker] = queue.front();
        queue.pop_front();
        if (!seen.emplace(e, marker.id()).second) continue;
        for (Requirement r : requirements_for_extra(dependencies, e, rules, scope, scope, env, python_marker, markers)) {
            const std::string extras[] = {e};
            r.marker = marker.and_with(r.marker).simplify_extras(extras);
            if (r.name == *name) {
                for (const auto& sub : r.extras) queue.emplace_back(sub, r.marker);
            } else {
                requirements.push_back(std::move(r));
            }
        }
    }
    // Keep version constraints carried by self-references as plain self-constraints.
    std::vector<Requirement> self_constraints;
    for (const auto& r : requirements) {
        if (r.name != *name) continue;
        if (r.specifiers.empty() && !r.url) continue;
        Requirement c = r;
        c.extras.clear();
        self_constraints.push_back(std::move(c));
    }
    std::erase_if(requirements, [&](const Requirement& r) { return r.name == *name && !r.extras.empty(); });
    for (auto& c : self_constraints) requirements.push_back(std::move(c));
    return requirements;
}

std::optional<ConflictItem> PackageDependency::conflicting_item() const {
    const std::string* name = package.name_no_root();
    if (name == nullptr) return std::nullopt;
    return ConflictItem{*name, package.extra, package.group};
}

std::variant<std::vector<PackageDependency>, Requirement>
dependencies_from_requirements(const std::vector<Requirement>& requirements, const std::vector<ConflictSet>& conflicts,
                               const ResolverPackage* parent, SpecifierRangeMemo* ranges) {
    std::vector<PackageDependency> out;
    const bool normal_parent = parent != nullptr && parent->kind == PackageKind::Package && !parent->extra &&
                               !parent->group;
    const std::optional<std::string> parent_name = normal_parent ? std::optional(parent->name) : std::nullopt;
    for (const Requirement& r : requirements) {
        VersionRange versions = r.url                ? VersionRange::full()
                                : ranges != nullptr ? ranges->of(r.specifiers)
                                                    : VersionRange::from_specifiers(r.specifiers);
        if (!r.url && versions == VersionRange::empty()) return r;
        if (!r.groups.empty()) {
            // A project's dependency groups (a workspace member's, from the root).
            for (const auto& g : r.groups)
                out.push_back({ResolverPackage::from_requirement(r.name, std::nullopt, g, r.marker), versions, r.marker});
            continue;
        }
        if (!r.extras.empty()) {
            // With an extra in a declared conflict, the plain package comes first, so that the
            // fork excluding every conflicting extra still reaches it.
            const bool base = std::any_of(r.extras.begin(), r.extras.end(), [&](const std::string& e) {
                return conflicts_contain_extra(conflicts, r.name, e);
            });
            if (base)
                out.push_back({ResolverPackage::from_requirement(r.name, std::nullopt, std::nullopt, r.marker), versions,
                               r.marker, parent_name});
            for (const auto& e : r.extras)
                out.push_back({ResolverPackage::from_requirement(r.name, e, std::nullopt, r.marker), versions, r.marker,
                               std::nullopt});
            continue;
        }
        out.push_back({ResolverPackage::from_requirement(r.name, std::nullopt, std::nullopt, r.marker), versions,
                       r.marker, parent_name});
    }
    return out;
}

std::vector<PackageDependency> dependencies_from_group_requirements(const std::vector<GroupRequirement>& requirements,
                                                                    const std::vector<ConflictSet>& conflicts,
                                                                    const ResolverEnvironment& env,
                                                                    const PythonRequirement& python) {
    const MarkerTree python_marker = python.target.to_marker_tree();
    std::vector<PackageDependency> out;
    for (const GroupRequirement& g : requirements) {
        const Requirement& r = g.requirement;
        if (!applicable(r, std::nullopt, env, python_marker)) continue;
        const VersionRange versions = r.url ? VersionRange::full() : VersionRange::from_specifiers(r.specifiers);
        const bool base = std::any_of(g.groups.begin(), g.groups.end(), [&](const std::string& group) {
            return conflicts_contain_group(conflicts, r.name, group);
        });
        if (base)
            out.push_back({ResolverPackage::from_requirement(r.name, std::nullopt, std::nullopt, r.marker), versions,
                           r.marker, std::nullopt});
        for (const auto& group : g.groups)
            out.push_back({ResolverPackage::from_requirement(r.name, std::nullopt, group, r.marker), versions, r.marker,
                           std::nullopt});
    }
    return out;
}

} // namespace lockkit::resolver::detail
