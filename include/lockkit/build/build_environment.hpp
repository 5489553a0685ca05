#pragma once
// An isolated build environment (PEP 518): a fresh virtual environment, made
// as `lock sync` makes one (install/venv_creator.hpp) from the interpreter the
// result is for, holding exactly the build requirements. Which wheels satisfy
// them is one question to a RequirementResolver; the wheels then go through
// lockkit's own installer (unpacked once into the wheel store, checked as every
// wheel is, linked into the environment).
//
// The environment lives in a temporary folder of the lockkit cache and is
// deleted with the object: builds leave nothing behind but their results.

#include "lockkit/build/build_requirements.hpp"
#include "lockkit/fetch/downloader.hpp"
#include "lockkit/install/layout.hpp"
#include "lockkit/install/wheel_archive.hpp"

#include <expected>
#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace lockkit::build {

/// What installing requirements into a build environment needs.
struct EnvironmentSettings {
    std::filesystem::path cache_root;           ///< the lockkit cache (wheel store, artifacts)
    RequirementResolver* resolver = nullptr;    ///< required
    fetch::DownloadOptions download;
    install::UnpackRules unpack;
};

class BuildEnvironment {
public:
    /// Creates the environment at `root` (a folder that must not exist) for `base`'s Python
    /// and installs `requirements` (PEP 508 strings, from `origin`) into it; the error names the step.
    static std::expected<std::unique_ptr<BuildEnvironment>, std::string> create(
        const std::filesystem::path& root, const interpreter::InterpreterInfo& base,
        const std::vector<std::string>& requirements, const EnvironmentSettings& settings,
        std::string_view origin = "`build-system.requires`");

    ~BuildEnvironment();
    BuildEnvironment(const BuildEnvironment&) = delete;
    BuildEnvironment& operator=(const BuildEnvironment&) = delete;

    /// Adds requirements (a backend's get_requires_* answer): the base requirements and these
    /// are resolved together and what is missing is installed. Nothing is done when every one
    /// of them is already among the base requirements (as uv skips it).
    std::expected<void, std::string> add(const std::vector<std::string>& requirements);

    const std::filesystem::path& root() const { return m_layout.root; }
    const std::filesystem::path& python() const { return m_layout.python; }
    /// `name==version` of every distribution installed, sorted.
    const std::set<std::string>& installed() const { return m_installed; }

private:
    BuildEnvironment(install::Layout layout, interpreter::InterpreterInfo base, EnvironmentSettings settings)
        : m_layout(std::move(layout)), m_base(std::move(base)), m_settings(std::move(settings)) {}

    std::expected<void, std::string> install(const std::vector<pep508::Requirement>& requirements);

    install::Layout m_layout;
    interpreter::InterpreterInfo m_base;
    EnvironmentSettings m_settings;
    std::vector<pep508::Requirement> m_requirements;
    std::set<std::string> m_installed;
};

/// Parses requirement strings; the error names the one that does not parse and `origin`.
std::expected<std::vector<pep508::Requirement>, std::string> parse_requirements(const std::vector<std::string>& texts,
                                                                               std::string_view origin);

} // namespace lockkit::build
