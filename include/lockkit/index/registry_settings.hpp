#pragma once
// The registry client's options from uv's merged settings, so that every command that
// reads indexes (`lock resolve`, build environments, the merge driver) reads the same ones:
// the indexes and find-links locations (index_locations.hpp), offline, the keyring provider,
// and the process environment (netrc, UV_INDEX_<NAME>_* credentials).

#include "lockkit/index/registry_client.hpp"
#include "lockkit/pyproject/settings.hpp"

#include <filesystem>
#include <map>
#include <string>

namespace lockkit::index {

/// `base_directory` resolves relative index paths (the workspace root); `cache_root` is the
/// lockkit cache.
RegistryOptions registry_options(const pyproject::Settings& settings, const std::filesystem::path& base_directory,
                                 const std::map<std::string, std::string>& environment,
                                 const std::filesystem::path& cache_root);

} // namespace lockkit::index
