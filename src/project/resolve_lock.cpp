// Resolving a lock target into a lock (see resolve_lock.hpp).

#include <lockkit/project/resolve_lock.hpp>

#include <lockkit/resolver/forwarding_provider.hpp>
#include <lockkit/resolver/resolution_graph.hpp>
#include <lockkit/resolver/resolver.hpp>

namespace lockkit::project {

namespace {

/// The caller's provider, with the target's URL and source-tree packages answered from what
/// the target read.
class TargetProvider : public resolver::ForwardingProvider {
public:
    TargetProvider(const LockTarget& target, resolver::ResolverProvider& inner, index::MetadataBuilder* builder)
        : ForwardingProvider(inner), m_target(target), m_builder(builder) {}

    std::expected<resolver::UrlMetadata, std::string> url_metadata(const std::string& name,
                                                                   const std::string& url) override {
        auto it = m_target.url_packages.find(url);
        if (it == m_target.url_packages.end()) return ForwardingProvider::url_metadata(name, url);
        if (it->second.name != name)
            return std::unexpected("the package at " + url + " is named `" + it->second.name + "`, not `" + name + "`");
        return it->second.metadata;
    }

    std::expected<pep440::Version, std::string> url_version(const std::string& name, const std::string& url) override {
        auto it = m_target.url_packages.find(url);
        if (it == m_target.url_packages.end()) return ForwardingProvider::url_version(name, url);
        const UrlPackage& pkg = it->second;
        if (!pkg.version_build) return pkg.metadata.version;
        // Which tree, and why its version is wanted: uv builds every such tree, lockkit only
        // one whose version a requirement constrains, so the message says what asked for it.
        const std::string tree = "`" + name + "` (" + (pkg.version_build->path / "pyproject.toml").string() + ")";
        const std::string why = " declares its version dynamic, and a requirement on `" + name +
                                "` has a version specifier: only its build backend can tell that version";
        if (m_builder == nullptr) return std::unexpected(tree + why + ", and nothing is built here");
        auto built = m_builder->build_metadata(*pkg.version_build);
        if (!built) return std::unexpected(tree + why + ", and its build failed: " + built.error());
        return built->version;
    }

private:
    const LockTarget& m_target;
    index::MetadataBuilder* m_builder;
};

/// `tool.uv.environments` or `required-environments` as the user wrote them, not narrowed to
/// requires-python: uv starts one fork per environment so and forks on a missing wheel so, and
/// these markers are what its failure reports name ("split (markers: sys_platform == 'linux')",
/// "no Linux-compatible wheels"). The resolution is the same either way, since every fork lies
/// within requires-python.
std::vector<pep508::MarkerTree> as_written(const std::vector<std::string>& texts,
                                           const std::vector<pep508::MarkerTree>& narrowed) {
    // A target built without the texts (only the parsed markers) keeps its markers as they are.
    if (texts.size() != narrowed.size()) return narrowed;
    std::vector<pep508::MarkerTree> out;
    for (std::size_t i = 0; i < texts.size(); ++i) {
        auto written = pep508::MarkerTree::parse(texts[i]);
        out.push_back(written ? *written : narrowed[i]);
    }
    return out;
}

} // namespace

std::expected<lockfile::Lock, LockFailure> resolve_lock(const LockTarget& target, const ResolutionSettings& settings,
                                                        resolver::ResolverProvider& provider) {
    resolver::Manifest manifest = target.manifest;
    manifest.preferences = settings.preferences;
    const std::vector<pep508::MarkerTree> forks =
        !settings.initial_forks.empty() ? settings.initial_forks
                                        : as_written(target.environments_text, target.environments);
    const resolver::ResolverEnvironment env = forks.empty() ? resolver::ResolverEnvironment::universal()
                                                            : resolver::ResolverEnvironment::universal_with_forks(forks);
    // A universal resolution has no interpreter; the lowest Python of the range words messages.
    pep440::Version python = *pep440::Version::parse("3.12");
    if (!target.requires_python.lower().is_unbounded()) python = target.requires_python.lower().value;
    const auto requirement = resolver::PythonRequirement::from_requires_python(python, target.requires_python);

    // Both `environments` and `required-environments` must have a usable file for every version
    // locked in them (uv's artifact environments): a wheel-only version without one is
    // unavailable in a fork that lies inside such an environment, and forks one that straddles it.
    resolver::ResolverOptions options = settings.options;
    options.artifact_environments = as_written(target.environments_text, target.environments);
    const auto required = as_written(target.required_environments_text, target.required_environments);
    options.artifact_environments.insert(options.artifact_environments.end(), required.begin(), required.end());

    TargetProvider wrapped(target, provider, settings.builder);
    manifest.conflicts = target.conflicts;
    auto resolution = resolver::resolve(manifest, options, env, requirement, wrapped);
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
