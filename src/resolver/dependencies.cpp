// From requirements to solver dependencies (see dependencies.hpp).

#include "dependencies.hpp"

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
    const MarkerTree base = marker.simplify_not_extras_with([](std::string_view) { return true; });
    if (!extra) return base;
    const std::string e = *extra;
    const std::string extras[] = {e};
    return marker.simplify_extras(extras)
        .simplify_not_extras_with([&](std::string_view c) { return c != e; })
        .and_with(base.negate());
}

bool applicable(const Requirement& r, const ResolverEnvironment& env, MarkerTree python_marker) {
    if (!env.evaluate(r.marker)) return false;
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
    for (const Requirement& c : it->second) {
        Requirement constraint = c;
        // A constraint applies only where the requirement does too.
        if (c.marker.is_true()) {
            if (!requirement.marker.is_true()) {
                constraint.marker = c.marker.and_with(requirement.marker);
                if (constraint.marker.is_false()) continue;
            }
        } else {
            constraint.marker = c.marker.and_with(requirement.marker);
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

/// The requirements of one extra context, overrides applied, with their constraints.
std::vector<Requirement> requirements_for_extra(const std::vector<Requirement>& dependencies,
                                                const std::optional<std::string>& extra,
                                                const RequirementRules& rules, const ResolverEnvironment& env,
                                                MarkerTree python_marker) {
    std::vector<Requirement> out;
    auto emit = [&](Requirement r) {
        r.marker = marker_for_extra(r.marker, extra);
        if (!applicable(r, env, python_marker)) return;
        out.push_back(r);
        constraints_for(out.back(), extra, rules, env, python_marker, out);
    };
    for (const Requirement& r : dependencies) {
        auto o = rules.overrides.find(r.name);
        if (o == rules.overrides.end()) {
            emit(r);
            continue;
        }
        for (const Requirement& replacement : o->second) emit(replacement);
    }
    return out;
}

} // namespace

std::vector<Requirement> flatten_requirements(const std::vector<Requirement>& dependencies,
                                              const std::map<std::string, std::vector<Requirement>>& dependency_groups,
                                              const std::optional<std::string>& extra,
                                              const std::optional<std::string>& group, const std::string* name,
                                              const RequirementRules& rules, const ResolverEnvironment& env,
                                              const PythonRequirement& python) {
    const MarkerTree python_marker = python.target.to_marker_tree();
    if (group) {
        // A group may name its own project; that is a real edge, not flattened.
        auto it = dependency_groups.find(*group);
        static const std::vector<Requirement> none;
        return requirements_for_extra(it == dependency_groups.end() ? none : it->second, extra, rules, env,
                                      python_marker);
    }
    bool self_extras = false;
    for (const auto& r : dependencies)
        if (name != nullptr && r.name == *name && !r.extras.empty()) self_extras = true;
    std::vector<Requirement> requirements = requirements_for_extra(dependencies, extra, rules, env, python_marker);
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
        for (Requirement r : requirements_for_extra(dependencies, e, rules, env, python_marker)) {
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

std::variant<std::vector<PackageDependency>, Requirement>
dependencies_from_requirements(const std::vector<Requirement>& requirements) {
    std::vector<PackageDependency> out;
    for (const Requirement& r : requirements) {
        VersionRange versions = r.url ? VersionRange::full() : VersionRange::from_specifiers(r.specifiers);
        if (!r.url && versions == VersionRange::empty()) return r;
        if (!r.groups.empty()) {
            // A project's dependency groups (a workspace member's, from the root).
            for (const auto& g : r.groups)
                out.push_back({ResolverPackage::from_requirement(r.name, std::nullopt, g, r.marker), versions, r.marker});
            continue;
        }
        if (!r.extras.empty()) {
            for (const auto& e : r.extras)
                out.push_back({ResolverPackage::from_requirement(r.name, e, std::nullopt, r.marker), versions, r.marker});
            continue;
        }
        out.push_back({ResolverPackage::from_requirement(r.name, std::nullopt, std::nullopt, r.marker), versions,
                       r.marker});
    }
    return out;
}

} // namespace lockkit::resolver::detail
