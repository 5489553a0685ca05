#pragma once
// How the build of one package departs from a plain isolated build, as uv 0.12.5's
// build front end applies its build settings (pyproject/build_settings.hpp;
// crates/uv-build-frontend `SourceBuild::setup`, crates/uv-dispatch `setup_build`):
//
//   no isolation   the hooks run in a given environment: for `lock resolve` the
//                  interpreter's own (as `uv lock`), for `lock sync` the project's
//                  virtual environment (as `uv sync`). Nothing is installed and
//                  get_requires_for_build_* is not called: the environment is
//                  taken to hold the build requirements already.
//   extra deps     resolved and installed together with `build-system.requires` in
//                  the isolated environment (not used without isolation). A
//                  `match-runtime` one takes the version the synced environment
//                  gets (it may name no version itself); when locking there is
//                  none, so a bare name fails the build and a requirement with a
//                  version or URL is taken as it is, as in uv.
//   variables      set in every hook's environment; a `PATH` among them goes in
//                  front of the inherited PATH.
//
// The package is the one being built (its normalized name).

#include "lockkit/pyproject/build_settings.hpp"

#include <expected>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lockkit::build {

/// The environment builds without isolation run in.
struct SharedEnvironment {
    std::filesystem::path python;   ///< its interpreter
    std::filesystem::path root;     ///< its prefix (VIRTUAL_ENV)
    std::filesystem::path scripts;  ///< its scripts folder, first on PATH
};

struct PackageBuildOptions {
    pyproject::BuildIsolation isolation;
    /// Required when some build is not isolated.
    std::optional<SharedEnvironment> shared;
    pyproject::ExtraBuildDependencies extra_dependencies;
    pyproject::ExtraBuildVariables extra_variables;
    /// Package -> the version the environment being synced gets (for `match-runtime`);
    /// none when locking.
    std::optional<std::map<std::string, std::string>> runtime_versions;

    bool isolated(std::string_view package) const { return isolation.isolated(package); }
    /// The requirements added to `build-system.requires`; the error says why a `match-runtime`
    /// one cannot be pinned.
    std::expected<std::vector<std::string>, std::string> extra_requirements(std::string_view package) const;
    /// The variables the package's hooks get.
    std::map<std::string, std::string> variables(std::string_view package) const;
    /// What the build cache key must hold so that builds made under other options differ.
    std::string cache_key(std::string_view package) const;
};

} // namespace lockkit::build
