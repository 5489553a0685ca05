// The registry client driven from a JSON request, for the pytest suites that
// check it against the local test index (tests/fixtures/packse_index.py) and
// against PyPI. Reads the request on stdin, writes the answer on stdout.
//
// Request:
//   {"indexes": [{"url": ..., "name": ..., "flat": false, "explicit": false, "default": false,
//                 "ignore_error_codes": [...]}],
//    "project": DIR (instead of indexes/find_links/no_index/strategy: uv's settings read there),
//    "keyring": "subprocess" (or keyring-provider in the project's settings),
//    "find_links": [...], "no_index": false, "strategy": "first-index", "offline": false,
//    "cache": DIR, "refresh": false, "refresh_packages": [...], "probe_hosts": [...],
//    "packages": [{"name": ..., "pin": null, "metadata": "all" | "none" | [filename, ...]}]}
// Answer:
//   {"packages": {name: {"status": ..., "error": ..., "refused": [url, ...],
//                        "pages": [{"index": url, "files": [file, ...]}], "find_links": [file, ...],
//                        "metadata": {filename: {"name", "version", "requires_dist", "requires_python",
//                                                "provides_extra"} | {"error_kind", "error", "status",
//                                                "ignored_by_index"}}}},
//    "requests": N}

#include "lockkit/fetch/artifact_cache.hpp"
#include "lockkit/index/registry_client.hpp"
#include "lockkit/pyproject/settings.hpp"

#include <nlohmann/json.hpp>

#include <iostream>

using namespace lockkit;
using nlohmann::json;

namespace {

const char* status_name(index::PackageListing::Status s) {
    switch (s) {
    case index::PackageListing::Status::Found: return "found";
    case index::PackageListing::Status::NotFound: return "not-found";
    case index::PackageListing::Status::NoIndex: return "no-index";
    case index::PackageListing::Status::Offline: return "offline";
    }
    return "?";
}

const char* error_kind(index::MetadataError::Kind k) {
    using K = index::MetadataError::Kind;
    switch (k) {
    case K::Offline: return "offline";
    case K::Network: return "network";
    case K::InvalidMetadata: return "invalid-metadata";
    case K::NameMismatch: return "name-mismatch";
    case K::InvalidArchive: return "invalid-archive";
    case K::HashMismatch: return "hash-mismatch";
    case K::InvalidFilename: return "invalid-filename";
    case K::NeedsBuild: return "needs-build";
    case K::VersionMismatch: return "version-mismatch";
    case K::BuildFailed: return "build-failed";
    }
    return "?";
}

json file_json(const index::IndexFile& f) {
    json out = {{"filename", f.filename},
                {"version", f.version->to_string()},
                {"kind", f.is_wheel() ? "wheel" : "sdist"},
                {"url", f.url},
                {"yanked", f.yanked.yanked},
                {"core_metadata", f.core_metadata.available}};
    if (auto sha = index::find_hash(f.hashes, index::HashAlgorithm::Sha256)) out["sha256"] = *sha;
    if (f.size) out["size"] = *f.size;
    if (f.upload_time_ms) out["upload_time_ms"] = *f.upload_time_ms;
    if (f.requires_python) out["requires_python"] = f.requires_python->text;
    if (f.yanked.yanked) out["yank_reason"] = f.yanked.reason;
    return out;
}

} // namespace

int main() {
    json request;
    try {
        request = json::parse(std::cin);
    } catch (const std::exception& e) {
        std::cerr << "bad request: " << e.what() << "\n";
        return 2;
    }
    const auto environment = pyproject::environment_map();
    index::RegistryOptions options;
    options.cache_root = request.value("cache", std::string());
    if (options.cache_root.empty()) options.cache_root = fetch::ArtifactCache::default_root().value_or("/tmp/lockkit-cache");
    options.offline = request.value("offline", false);
    options.refresh_all = request.value("refresh", false);
    for (const auto& p : request.value("refresh_packages", json::array())) options.refresh_packages.insert(p.get<std::string>());
    if (request.contains("probe_hosts")) options.probe_metadata_hosts = request["probe_hosts"].get<std::vector<std::string>>();
    options.environment = environment;
    options.http.retry.base_delay = std::chrono::milliseconds(request.value("retry_delay_ms", 250));
    auto& locations = options.locations;
    for (const auto& i : request.value("indexes", json::array())) {
        std::optional<std::string> name;
        if (i.contains("name") && i["name"].is_string()) name = i["name"].get<std::string>();
        auto location = index::make_location(i["url"].get<std::string>(), std::filesystem::current_path(), environment, name);
        location.flat = i.value("flat", false);
        location.is_explicit = i.value("explicit", false);
        location.is_default = i.value("default", false);
        if (i.contains("ignore_error_codes")) location.ignore_error_codes = i["ignore_error_codes"].get<std::vector<int>>();
        locations.indexes.push_back(std::move(location));
    }
    for (const auto& f : request.value("find_links", json::array())) {
        auto location = index::make_location(f.get<std::string>(), std::filesystem::current_path(), environment);
        location.flat = true;
        locations.find_links.push_back(std::move(location));
    }
    locations.no_index = request.value("no_index", false);
    const std::string strategy = request.value("strategy", std::string("first-index"));
    locations.strategy = strategy == "unsafe-best-match"    ? pyproject::IndexStrategy::UnsafeBestMatch
                         : strategy == "unsafe-first-match" ? pyproject::IndexStrategy::UnsafeFirstMatch
                                                            : pyproject::IndexStrategy::FirstIndex;
    if (request.contains("project")) {
        pyproject::SettingsSources sources;
        sources.workspace_root = request["project"].get<std::string>();
        sources.environment = environment;
        auto settings = pyproject::load_settings(sources);
        if (!settings) {
            std::cerr << settings.error().render() << "\n";
            return 2;
        }
        locations = index::index_locations(*settings, sources.workspace_root, environment);
        if (settings->keyring_provider.value == pyproject::KeyringProvider::Subprocess) {
            options.keyring = fetch::subprocess_keyring();
        }
    }
    if (request.value("keyring", std::string()) == "subprocess") options.keyring = fetch::subprocess_keyring();
    index::RegistryClient client(std::move(options));

    // Ask everything first (the client works on all of it at once), then collect.
    struct Asked {
        std::string name;
        json metadata_spec;
        std::shared_future<index::ListingResult> listing;
    };
    std::vector<Asked> asked;
    for (const auto& p : request.value("packages", json::array())) {
        std::optional<std::string> pin;
        if (p.contains("pin") && p["pin"].is_string()) pin = p["pin"].get<std::string>();
        const auto name = p["name"].get<std::string>();
        asked.push_back({name, p.value("metadata", json("none")), client.project(name, pin)});
    }
    json out = {{"packages", json::object()}};
    std::vector<std::tuple<std::string, std::string, std::shared_future<index::MetadataResult>>> metadata;
    for (auto& a : asked) {
        json entry;
        const auto& listing = a.listing.get();
        if (!listing) {
            entry["error"] = listing.error().render();
            out["packages"][a.name] = entry;
            continue;
        }
        entry["status"] = status_name(listing->status);
        entry["refused"] = json::array();
        for (const auto* index : listing->refused) entry["refused"].push_back(index->url);
        entry["pages"] = json::array();
        auto wanted = [&](std::string_view filename) {
            if (a.metadata_spec.is_string()) return a.metadata_spec == "all";
            for (const auto& f : a.metadata_spec) {
                if (f == filename) return true;
            }
            return false;
        };
        auto visit = [&](const index::ProjectFiles& files, const index::IndexLocation* index, json& list) {
            for (const auto& f : files.files()) {
                list.push_back(file_json(f));
                if (wanted(f.filename)) {
                    metadata.emplace_back(a.name, std::string(f.filename),
                                          client.metadata(index::DistributionRef::from(f, index)));
                }
            }
        };
        for (const auto& page : listing->pages) {
            json files = json::array();
            visit(*page.files, page.index, files);
            entry["pages"].push_back({{"index", page.index->url}, {"files", files}});
        }
        entry["find_links"] = json::array();
        if (listing->find_links) visit(*listing->find_links, nullptr, entry["find_links"]);
        entry["metadata"] = json::object();
        out["packages"][a.name] = entry;
    }
    for (auto& [name, filename, future] : metadata) {
        const auto& result = future.get();
        json m;
        if (result) {
            m["name"] = result->name;
            m["version"] = result->version.to_string();
            m["requires_dist"] = json::array();
            for (const auto& r : result->requires_dist) m["requires_dist"].push_back(r.to_string());
            if (result->requires_python) m["requires_python"] = result->requires_python->to_string();
            m["provides_extra"] = result->provides_extra;
        } else {
            m["error_kind"] = error_kind(result.error().kind);
            m["error"] = result.error().message;
            m["status"] = result.error().status;
            m["ignored_by_index"] = result.error().ignored_by_index;
        }
        out["packages"][name]["metadata"][filename] = m;
    }
    out["requests"] = client.requests_sent();
    std::cout << out.dump(1) << "\n";
    return 0;
}
