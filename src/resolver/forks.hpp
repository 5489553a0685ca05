#pragma once
// Forking a universal resolution (internal; uv's `ForkedDependencies::fork`, `Forker`,
// `fork_version_by_python_requirement` and the fork ordering in uv-resolver/src/resolver/).
//
// A version's dependencies are grouped by package name, in name order. A name with one
// dependency, or several with the same marker, never forks unless the marker raises the Python
// floor; otherwise each dependency with a non-trivial marker M splits every fork it meets into
// `env and not M` (when satisfiable) and `env and M`, and M shrinks to what the forks so far do
// not cover. Every fork keeps the dependencies that its environment does not exclude.

#include <lockkit/resolver/environment.hpp>
#include <lockkit/resolver/options.hpp>
#include <lockkit/resolver/python_requirement.hpp>

#include "dependencies.hpp"

#include <optional>
#include <set>
#include <vector>

namespace lockkit::resolver::detail {

struct Fork {
    std::vector<PackageDependency> dependencies;
    ResolverEnvironment env;
    /// The conflict items of the dependencies (kept as uv keeps it: an item leaves the set
    /// when any dependency carrying it is dropped).
    std::set<ConflictItem> conflicts{};

    void add_dependency(const PackageDependency& d) {
        if (auto item = d.conflicting_item()) conflicts.insert(*item);
        dependencies.push_back(d);
    }
    /// The fork with these items included or excluded and the dependencies of excluded items
    /// removed; nothing when the rules contradict the fork's.
    std::optional<Fork> filter(const std::vector<std::pair<ConflictItem, bool>>& rules) const;
};

/// The forks of one version's dependencies in `env` (one fork when nothing splits; none when
/// every dependency is excluded... and the environment itself was dropped).
std::vector<Fork> fork_dependencies(const std::vector<PackageDependency>& dependencies, const ResolverEnvironment& env,
                                    const PythonRequirement& python, const std::vector<ConflictSet>& conflicts);

/// Orders forks for the stack (the last is solved first): with the requires-python strategy,
/// ascending Python floor, then ascending number of upper-bounded dependencies; with `fewest`
/// or a lowest resolution, descending floor instead.
void sort_forks(std::vector<Fork>& forks, ForkStrategy strategy, ResolutionMode mode);

/// -1, 0, 1 as the Python floors of two environments compare (unconstrained is lowest).
int compare_requires_python(const ResolverEnvironment& a, const ResolverEnvironment& b);

/// The environments a candidate's Requires-Python splits `env` into: below and from its
/// lower bound, each kept when it meets the environment; none when no split is possible.
std::vector<ResolverEnvironment> fork_by_python_requirement(const pep440::VersionSpecifiers& requires_python,
                                                            const PythonRequirement& python,
                                                            const ResolverEnvironment& env);

} // namespace lockkit::resolver::detail
