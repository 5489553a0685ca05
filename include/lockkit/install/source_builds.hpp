#pragma once
// The wheels a sync builds (build/source_builder.hpp) instead of taking from
// the lock: a source distribution when no locked wheel fits the interpreter,
// a directory source, a git source (checked out at the lock's commit through
// the git cache), and editable sources (the project and workspace members), for
// which the backend's build_editable makes the wheel (PEP 660), as uv does.
//
// Each built wheel goes through the wheel store like a downloaded one (every
// check of wheel_store.hpp: a backend that writes `../` paths is refused).
// Like prepare_wheels, this runs before the environment is touched, so a
// failed build installs nothing.

#include "lockkit/build/build_requirements.hpp"
#include "lockkit/build/package_build_options.hpp"
#include "lockkit/fetch/artifact_cache.hpp"
#include "lockkit/fetch/downloader.hpp"
#include "lockkit/install/sync_plan.hpp"
#include "lockkit/install/wheel_preparer.hpp"

#include <expected>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace lockkit::install {

struct SourceBuildSettings {
    std::filesystem::path lock_dir;
    std::filesystem::path cache_root;
    interpreter::InterpreterInfo interpreter;
    std::shared_ptr<build::RequirementResolver> requirements;
    fetch::DownloadOptions download;
    UnpackRules unpack;
    bool offline = false;  ///< git sources from the cache only
    /// Isolation, extra build dependencies and variables per package (the shared environment:
    /// the one being synced).
    build::PackageBuildOptions build_options;
    /// Called before each build starts ("name==version"), from the calling thread.
    std::function<void(const std::string&)> on_build;
};

/// Builds and stores the wheel of each `wanted` distribution (results in the same order).
/// The error lists every failure; a failed build shows the backend's output.
std::expected<std::vector<PreparedWheel>, std::string> build_wheels(const std::vector<const WantedDistribution*>& wanted,
                                                                   const WheelStore& store,
                                                                   const fetch::ArtifactCache& artifacts,
                                                                   const SourceBuildSettings& settings);

} // namespace lockkit::install
