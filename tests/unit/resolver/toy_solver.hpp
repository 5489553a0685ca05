#pragma once
// A test-only driver for the PubGrub core: an in-memory registry and pubgrub-rs's default
// solving loop (highest version first, fewest matching versions decided first). It exercises
// SolverState the way uv's driver does, without uv's heuristics.

#include <lockkit/resolver/solver_state.hpp>

#include <expected>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace lockkit::resolver::testing {

using pep440::Version;

struct ToyRegistry {
    /// name -> version -> dependencies (name, range)
    std::map<std::string, std::map<Version, std::vector<std::pair<std::string, VersionRange>>>> packages;

    void add(const std::string& name, const std::string& version,
             std::vector<std::pair<std::string, std::string>> deps = {}) {
        auto& entry = packages[name][*Version::parse(version)];
        for (auto& [dep, spec] : deps)
            entry.emplace_back(dep, VersionRange::from_specifiers(*pep440::VersionSpecifiers::parse(spec)));
    }
};

struct ToyResult {
    std::map<std::string, Version> solution;
    std::optional<DerivationTree> failure;
    std::vector<std::string> names;  ///< package id -> name
};

inline ToyResult toy_solve(const ToyRegistry& registry, const std::string& root, const std::string& root_version) {
    ToyResult out;
    std::map<std::string, PackageId> ids;
    auto intern = [&](const std::string& name) {
        auto [it, inserted] = ids.emplace(name, static_cast<PackageId>(out.names.size()));
        if (inserted) out.names.push_back(name);
        return it->second;
    };
    const PackageId root_id = intern(root);
    SolverState state(root_id, *Version::parse(root_version));
    std::set<std::pair<PackageId, Version>> added;
    PackageId next = root_id;
    for (;;) {
        auto propagated = state.unit_propagation(next);
        if (!propagated) {
            out.failure = std::move(propagated.error());
            return out;
        }
        auto versions_of = [&](PackageId p) -> const std::map<Version, std::vector<std::pair<std::string, VersionRange>>>* {
            auto it = registry.packages.find(out.names[p]);
            return it == registry.packages.end() ? nullptr : &it->second;
        };
        auto picked = state.partial_solution().pick_highest_priority_package([&](PackageId p, const VersionRange& r) {
            std::uint64_t count = 0;
            if (auto* vs = versions_of(p))
                for (const auto& [v, d] : *vs) count += r.contains(v) ? 1 : 0;
            if (count == 0) return Priority{~std::uint64_t{0}, 0};
            return Priority{0, ~count};
        });
        if (!picked) {
            for (auto& [p, v] : state.partial_solution().extract_solution()) out.solution[out.names[p]] = v;
            return out;
        }
        next = *picked;
        const VersionRange range = state.partial_solution().term_intersection(next)->set();
        std::optional<Version> chosen;
        if (auto* vs = versions_of(next))
            for (auto it = vs->rbegin(); it != vs->rend(); ++it)
                if (range.contains(it->first)) {
                    chosen = it->first;
                    break;
                }
        if (!chosen) {
            state.add_incompatibility(Incompatibility::no_versions(next, Term::positive(range)));
            continue;
        }
        if (!added.emplace(next, *chosen).second) {
            state.partial_solution().add_decision(next, *chosen);
            continue;
        }
        std::vector<Dependency> deps;
        for (const auto& [name, r] : versions_of(next)->at(*chosen)) deps.push_back({intern(name), r});
        state.add_package_version_dependencies(next, *chosen, VersionRange::singleton(*chosen), deps);
    }
}

} // namespace lockkit::resolver::testing
