// Build requirement sources; see include/lockkit/build/requirement_sources.hpp.

#include "lockkit/build/requirement_sources.hpp"

#include "lockkit/build/index_requirement_resolver.hpp"
#include "lockkit/index/registry_settings.hpp"
#include "lockkit/pyproject/settings.hpp"

namespace lockkit::build {

namespace {

std::expected<pyproject::Settings, std::string> project_settings(const RequirementSources& sources) {
    pyproject::SettingsSources settings_sources;
    settings_sources.workspace_root = sources.project_root;
    settings_sources.command_line = sources.command_line;
    settings_sources.command_line.find_links = sources.find_links;
    settings_sources.environment = sources.environment;
    auto settings = pyproject::load_settings(settings_sources);
    if (!settings) return std::unexpected(settings.error().render());
    return std::move(*settings);
}

} // namespace

std::expected<PackageBuildOptions, std::string> package_build_options(const RequirementSources& sources) {
    auto settings = project_settings(sources);
    if (!settings) return std::unexpected(settings.error());
    PackageBuildOptions out;
    out.isolation = settings->build_isolation.value;
    out.extra_dependencies = settings->extra_build_dependencies;
    out.extra_variables = settings->extra_build_variables;
    return out;
}

std::expected<std::shared_ptr<RequirementResolver>, std::string> requirement_resolver(const RequirementSources& sources) {
    auto settings = project_settings(sources);
    if (!settings) return std::unexpected(settings.error());
    if (sources.on_warning)
        for (const auto& w : settings->warnings) sources.on_warning(w);
    // The project's indexes, read by the registry client every other command uses.
    const index::RegistryOptions registry =
        index::registry_options(*settings, sources.project_root, sources.environment, sources.cache_root);
    index::RegistryOptions options = registry;
    options.offline = options.offline || sources.offline;
    return std::make_shared<IndexRequirementResolver>(std::make_shared<index::RegistryClient>(std::move(options)));
}

} // namespace lockkit::build
