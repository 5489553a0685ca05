// Build requirement sources; see include/lockkit/build/requirement_sources.hpp.

#include "lockkit/build/requirement_sources.hpp"

#include "lockkit/build/local_wheel_resolver.hpp"
#include "lockkit/index/index_locations.hpp"

namespace lockkit::build {

std::expected<std::shared_ptr<RequirementResolver>, std::string> requirement_resolver(const RequirementSources& sources) {
    pyproject::SettingsSources settings_sources;
    settings_sources.workspace_root = sources.project_root;
    settings_sources.command_line.find_links = sources.find_links;
    settings_sources.environment = sources.environment;
    auto settings = pyproject::load_settings(settings_sources);
    if (!settings) return std::unexpected(settings.error().render());
    const auto locations = index::index_locations(*settings, sources.project_root, sources.environment);
    // Local flat locations answer today; remote indexes need the registry resolver.
    std::vector<std::filesystem::path> folders;
    for (const auto* list : {&locations.find_links, &locations.indexes}) {
        for (const auto& l : *list) {
            std::error_code ec;
            if (l.flat && l.path && std::filesystem::is_directory(*l.path, ec)) folders.push_back(*l.path);
        }
    }
    return std::make_shared<LocalWheelResolver>(std::move(folders));
}

} // namespace lockkit::build
