// Build requirement sources; see include/lockkit/build/requirement_sources.hpp.

#include "lockkit/build/requirement_sources.hpp"

#include "lockkit/build/index_requirement_resolver.hpp"
#include "lockkit/pyproject/settings.hpp"

namespace lockkit::build {

std::expected<std::shared_ptr<RequirementResolver>, std::string> requirement_resolver(const RequirementSources& sources) {
    pyproject::SettingsSources settings_sources;
    settings_sources.workspace_root = sources.project_root;
    settings_sources.command_line.find_links = sources.find_links;
    settings_sources.environment = sources.environment;
    auto settings = pyproject::load_settings(settings_sources);
    if (!settings) return std::unexpected(settings.error().render());
    project::IndexProviderOptions options;
    for (const auto& i : settings->indexes) options.indexes.push_back({i.url, i.flat, i.is_explicit});
    for (const auto& f : settings->find_links) options.indexes.push_back({f, true, false});
    options.strategy = static_cast<resolver::IndexStrategy>(settings->index_strategy.value);
    options.offline = sources.offline || settings->offline.value;
    options.base_dir = sources.project_root;
    if (!sources.cache_root.empty()) options.cache_dir = sources.cache_root;
    return std::make_shared<IndexRequirementResolver>(std::move(options));
}

} // namespace lockkit::build
