#pragma once
// The state of one fork of a resolution (internal; uv's `ForkState`,
// `uv-resolver/src/resolver/mod.rs`).

#include <lockkit/resolver/distribution.hpp>
#include <lockkit/resolver/environment.hpp>
#include <lockkit/resolver/package.hpp>
#include <lockkit/resolver/priorities.hpp>
#include <lockkit/resolver/python_requirement.hpp>
#include <lockkit/resolver/solver_state.hpp>

#include "conflict_counts.hpp"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace lockkit::resolver::detail {

/// The file chosen for a version.
struct Pin {
    CompatibleDist dist;
    std::string index_url;
    const PrioritizedDist* prioritized = nullptr;  ///< every file of the version, judged
};

struct PinKeyHash {
    std::size_t operator()(const std::pair<std::string, pep440::Version>& key) const noexcept {
        return std::hash<std::string>{}(key.first) * 31 + key.second.hash();
    }
};

struct ForkState {
    ForkState(PackageStore store, PackageId root, ResolverEnvironment env, PythonRequirement python)
        : pubgrub(root, *pep440::Version::parse("0a0.dev0")), store(std::move(store)), next(root),
          env(std::move(env)), python(std::move(python)) {}

    SolverState pubgrub;
    PackageStore store;
    PackageId next;
    std::optional<PackageId> initial_id;
    std::optional<pep440::Version> initial_version;
    /// The file chosen per (name, version); hashed: looked up at each version tried.
    std::unordered_map<std::pair<std::string, pep440::Version>, Pin, PinKeyHash> pins;
    PackagePriorities priorities;
    std::map<PackageId, std::set<pep440::Version>> added_dependencies;
    /// The packages this fork widened versions of, and their versions (owned by the driver).
    std::map<std::string, const std::vector<pep440::Version>*> known_versions;
    /// Packages the look-ahead met before their versions were in: looked at again after each
    /// propagation until they are (the solver lists a package only when its range changes).
    std::vector<PackageId> look_ahead_pending;
    ResolverEnvironment env;
    PythonRequirement python;
    ConflictCounts conflicts;
};

} // namespace lockkit::resolver::detail
