// The registry client's options from uv's settings; see include/lockkit/index/registry_settings.hpp.

#include "lockkit/index/registry_settings.hpp"

#include "lockkit/fetch/keyring.hpp"
#include "lockkit/index/index_locations.hpp"

namespace lockkit::index {

RegistryOptions registry_options(const pyproject::Settings& settings, const std::filesystem::path& base_directory,
                                 const std::map<std::string, std::string>& environment,
                                 const std::filesystem::path& cache_root) {
    RegistryOptions out;
    out.locations = index_locations(settings, base_directory, environment);
    out.cache_root = cache_root;
    out.offline = settings.offline.value;
    out.environment = environment;
    if (settings.keyring_provider.value == pyproject::KeyringProvider::Subprocess) out.keyring = fetch::subprocess_keyring();
    return out;
}

} // namespace lockkit::index
