// Index locations from settings; see include/lockkit/index/index_locations.hpp.

#include "lockkit/index/index_locations.hpp"

#include "lockkit/fetch/downloader.hpp"
#include "lockkit/fetch/http_client.hpp"
#include "lockkit/index/url.hpp"

#include <algorithm>

namespace lockkit::index {

std::string IndexLocation::display() const {
    return name ? *name + " (" + url + ")" : url;
}

namespace {

/// The host of a URL, lower case, without port.
std::string host_of(std::string_view url) {
    std::string realm = fetch::url_realm(url);
    if (const auto scheme = realm.find("://"); scheme != std::string::npos) realm.erase(0, scheme + 3);
    if (const auto port = realm.rfind(':'); port != std::string::npos && realm.find(']', port) == std::string::npos) {
        realm.resize(port);
    }
    return realm;
}

} // namespace

StatusVerdict IndexLocation::page_status_verdict(long status, pyproject::IndexStrategy strategy) const {
    if (strategy != pyproject::IndexStrategy::FirstIndex) {
        // Every index is asked at once: an index that wants credentials it did not get has nothing to add.
        if (status == 401 || status == 403 || status == 404 || status == 407 || status == 511) return StatusVerdict::NotHere;
    } else if (ignore_error_codes) {
        if (std::ranges::find(*ignore_error_codes, status) != ignore_error_codes->end()) return StatusVerdict::NotHere;
    } else if (status == 403 && host_of(url) == "download.pytorch.org") {
        // PyTorch's index answers 403 for a project it does not have.
        return StatusVerdict::NotHere;
    }
    if (status == 404) return StatusVerdict::NotHere;
    if (status == 401 || status == 403) return StatusVerdict::Refused;
    return StatusVerdict::Error;
}

bool IndexLocation::ignores_error_code(long status) const {
    return ignore_error_codes && std::ranges::find(*ignore_error_codes, status) != ignore_error_codes->end();
}

const IndexLocation* IndexLocations::find(std::string_view wanted) const {
    for (const auto& index : indexes) {
        if (index.name && *index.name == wanted) return &index;
    }
    return nullptr;
}

IndexLocation make_location(std::string_view url_or_path, const std::filesystem::path& base_directory,
                            const std::map<std::string, std::string>& environment, std::optional<std::string> name) {
    IndexLocation location;
    location.name = std::move(name);
    if (url_or_path.starts_with("http://") || url_or_path.starts_with("https://")) {
        auto split = fetch::split_url_credentials(url_or_path);
        location.url = std::move(split.url);
        location.credentials = std::move(split.credentials);
    } else {
        std::filesystem::path path;
        if (auto from_url = fetch::file_url_path(url_or_path)) {
            path = *from_url;
        } else {
            path = std::filesystem::path(std::string(url_or_path));
            if (path.is_relative()) path = base_directory / path;
        }
        path = path.lexically_normal();
        location.path = path;
        location.url = file_url(path.string());
    }
    if (!location.credentials && location.name) {
        location.credentials = fetch::index_environment_credentials(*location.name, environment);
    }
    return location;
}

IndexLocations index_locations(const pyproject::Settings& settings, const std::filesystem::path& base_directory,
                               const std::map<std::string, std::string>& environment) {
    IndexLocations out;
    out.no_index = settings.no_index.value;
    out.strategy = settings.index_strategy.value;
    for (const auto& setting : settings.indexes) {
        IndexLocation location = make_location(setting.url, base_directory, environment, setting.name);
        location.flat = setting.flat;
        location.is_explicit = setting.is_explicit;
        location.is_default = setting.is_default;
        location.ignore_error_codes = setting.ignore_error_codes;
        out.indexes.push_back(std::move(location));
    }
    for (const auto& entry : settings.find_links) {
        IndexLocation location = make_location(entry, base_directory, environment);
        location.flat = true;
        out.find_links.push_back(std::move(location));
    }
    return out;
}

} // namespace lockkit::index
