#pragma once
// Where a project's builds get their build requirements: the indexes and
// find-links locations of uv's settings for the project (pyproject.toml
// `[tool.uv]`, uv.toml, UV_* variables, and the command line's), as uv uses
// the project's indexes for its build environments; and the same settings'
// build options (package_build_options.hpp).

#include "lockkit/build/build_requirements.hpp"
#include "lockkit/build/package_build_options.hpp"
#include "lockkit/pyproject/settings.hpp"

#include <expected>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace lockkit::build {

struct RequirementSources {
    std::filesystem::path project_root;
    std::vector<std::string> find_links;  ///< from the command line, first
    std::map<std::string, std::string> environment;
    std::filesystem::path cache_root;     ///< index pages and metadata are cached here
    bool offline = false;
    /// Gets each of the settings' warnings (without "warning: "), e.g. a `[tool.uv]` key
    /// that is skipped; the caller prints them.
    std::function<void(const std::string&)> on_warning{};
    /// The command line's other settings (`--offline`, `--no-build-isolation`, ...).
    pyproject::SettingsLayer command_line{};
};

/// The resolver serving the builds of the project; the error says which setting is wrong.
std::expected<std::shared_ptr<RequirementResolver>, std::string> requirement_resolver(const RequirementSources& sources);

/// The project's build settings (isolation, extra build dependencies and variables), read
/// as uv reads them; the shared environment is the caller's to give.
std::expected<PackageBuildOptions, std::string> package_build_options(const RequirementSources& sources);

} // namespace lockkit::build
