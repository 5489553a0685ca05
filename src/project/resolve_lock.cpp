// Resolving a lock target into a lock (see resolve_lock.hpp).

#include <lockkit/project/resolve_lock.hpp>

#include <lockkit/resolver/resolution_graph.hpp>
#include <lockkit/resolver/resolver.hpp>

namespace lockkit::project {

namespace {

/// The caller's provider, with the target's URL and source-tree packages answered from what
/// the target read.
class TargetProvider : public resolver::ResolverProvider {
public:
    TargetProvider(const LockTarget& target, resolver::ResolverProvider& inner) : m_target(target), m_inner(inner) {}

    void prefetch_versions(const std::string& name) override { m_inner.prefetch_versions(name); }
    void prefetch_metadata(const std::string& name, const pep440::Version& version,
                           const resolver::DistributionFile& file) override {
        m_inner.prefetch_metadata(name, version, file);
    }
    const resolver::PackageVersions& versions(const std::string& name) override { return m_inner.versions(name); }
    resolver::MetadataResult metadata(const std::string& name, const pep440::Version& version,
                                      const resolver::DistributionFile& file) override {
        return m_inner.metadata(name, version, file);
    }
    resolver::WheelTagVerdict wheel_tags(std::string_view filename) override { return m_inner.wheel_tags(filename); }
    std::expected<resolver::UrlMetadata, std::string> url_metadata(const std::string& name,
                                                                   const std::string& url) override {
        auto it = m_target.url_packages.find(url);
        if (it == m_target.url_packages.end()) return m_inner.url_metadata(name, url);
        if (it->second.name != name)
            return std::unexpected("the package at " + url + " is named `" + it->second.name + "`, not `" + name + "`");
        return it->second.metadata;
    }

private:
    const LockTarget& m_target;
    resolver::ResolverProvider& m_inner;
};

} // namespace

std::expected<lockfile::Lock, LockFailure> resolve_lock(const LockTarget& target, const ResolutionSettings& settings,
                                                        resolver::ResolverProvider& provider) {
    resolver::Manifest manifest = target.manifest;
    manifest.preferences = settings.preferences;
    const std::vector<pep508::MarkerTree>& forks =
        !settings.initial_forks.empty() ? settings.initial_forks : target.environments;
    const resolver::ResolverEnvironment env = forks.empty() ? resolver::ResolverEnvironment::universal()
                                                            : resolver::ResolverEnvironment::universal_with_forks(forks);
    // A universal resolution has no interpreter; the lowest Python of the range words messages.
    pep440::Version python = *pep440::Version::parse("3.12");
    if (!target.requires_python.lower().is_unbounded()) python = target.requires_python.lower().value;
    const auto requirement = resolver::PythonRequirement::from_requires_python(python, target.requires_python);

    TargetProvider wrapped(target, provider);
    manifest.conflicts = target.conflicts;
    auto resolution = resolver::resolve(manifest, settings.options, env, requirement, wrapped);
    if (!resolution) return std::unexpected(LockFailure{std::move(resolution.error().no_solution), resolution.error().message});

    const auto graph = resolver::ResolutionGraph::from_resolution(*resolution, target.conflicts);
    LockInputs inputs;
    inputs.requires_python = target.requires_python;
    inputs.supported_environments = target.environments;
    inputs.required_environments = target.required_environments;
    inputs.options = settings.lock_options;
    inputs.manifest = target.lock_manifest;
    inputs.conflicts = target.lock_conflicts;
    for (const auto& [url, pkg] : target.url_packages) inputs.local_packages.emplace(url, pkg.lock);
    inputs.registry = settings.registry;
    auto lock = build_lock(graph, inputs);
    if (!lock) return std::unexpected(LockFailure{std::nullopt, lock.error()});
    return std::move(*lock);
}

} // namespace lockkit::project
