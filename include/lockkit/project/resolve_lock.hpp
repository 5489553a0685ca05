#pragma once
// Resolving a lock target and building its lock: the resolver (universal, from the target's
// requirements and requires-python), the graph merge, then the lock builder. The provider
// answers index questions; the target's own URL and source-tree packages are answered here,
// so a provider never has to know about the project.

#include <lockkit/lockfile/lock.hpp>
#include <lockkit/project/lock_builder.hpp>
#include <lockkit/project/lock_target.hpp>
#include <lockkit/resolver/no_solution.hpp>
#include <lockkit/resolver/options.hpp>
#include <lockkit/resolver/provider.hpp>

#include <expected>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace lockkit::project {

struct ResolutionSettings {
    resolver::ResolverOptions options;
    /// Versions to keep when they still fit (from an existing lock).
    std::vector<resolver::Preference> preferences;
    /// The forks to start from (an existing lock's, complexified); empty: the target's
    /// `tool.uv.environments`, else one fork.
    std::vector<pep508::MarkerTree> initial_forks;
    /// `[options]` as the lock records them.
    lockfile::Options lock_options;
    /// The lock's name for each index URL the resolution used.
    std::function<RegistryLocation(const std::string& index_url)> registry;
    /// Builds a source tree whose dynamic version a requirement constrains (see
    /// `UrlPackage::version_build`); null: such a requirement is an error naming the package.
    index::MetadataBuilder* builder = nullptr;
};

/// Why no lock came out: the resolver found no solution (with its report), or something else.
struct LockFailure {
    std::optional<resolver::NoSolution> no_solution;
    std::string message;
};

/// Resolves `target` and builds its (not yet canonicalized) lock.
std::expected<lockfile::Lock, LockFailure> resolve_lock(const LockTarget& target, const ResolutionSettings& settings,
                                                        resolver::ResolverProvider& provider);

} // namespace lockkit::project
