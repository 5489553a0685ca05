// Flat locations (`--find-links` folders and pages, `format = "flat"` indexes),
// each read once per run and split by project; see registry_client.hpp.

#include "registry_state.hpp"

#include "lockkit/fetch/downloader.hpp"
#include "lockkit/index/html_page.hpp"
#include "lockkit/index/local_index.hpp"
#include "lockkit/index/page_codec.hpp"
#include "lockkit/index/url.hpp"
#include "lockkit/util/atomic_file.hpp"

namespace lockkit::index::detail {

namespace {

Diagnostic location_error(std::string_view where, std::string message) {
    Diagnostic d;
    d.file = fetch::redact_url(where);
    d.message = std::move(message);
    return d;
}

FlatLocation split_by_project(const ProjectFiles& all) {
    std::map<std::string, ProjectFiles, std::less<>> projects;
    for (std::size_t i = 0; i < all.file_count(); ++i) {
        const IndexFile file = all.file(i);
        auto it = projects.find(file.name);
        if (it == projects.end()) it = projects.emplace(std::string(file.name), ProjectFiles(std::string(file.name))).first;
        it->second.add_copy(file);
    }
    FlatLocation out;
    for (auto& [name, files] : projects) {
        files.sort_files();
        out.projects.emplace(name, std::make_shared<const ProjectFiles>(std::move(files)));
    }
    return out;
}

/// The page of a remote flat location (uv asks for HTML only), through the cache.
std::expected<std::optional<ProjectFiles>, Diagnostic> fetch_flat_page(RegistryClient::State& state,
                                                                       const IndexLocation& location) {
    const std::string& url = location.url;
    const std::string key = "flat " + url;
    const auto now = static_cast<std::int64_t>(std::time(nullptr));
    const auto mode = state.options.offline ? fetch::CacheMode::AllowStale
                      : state.options.refresh_all ? fetch::CacheMode::MustRevalidate
                                                  : fetch::CacheMode::Normal;
    // The request's own headers: what a stored answer's Vary is compared with.
    const std::vector<std::string> headers{"Accept: text/html"};
    std::optional<fetch::CacheEntryView> cached = state.flat_cache.read_view(key);
    if (cached && fetch::usable_without_request(cached->policy, mode, now, headers)) {
        const std::string_view payload = cached->payload;
        if (auto page = decode_project_files(std::move(cached->buffer), payload, state.page_memory)) return std::move(*page);
        cached.reset();
    }
    if (state.options.offline) return std::optional<ProjectFiles>();
    fetch::HttpRequest request{url};
    request.headers = headers;
    if (cached) {
        for (auto& line : cached->policy.revalidation_headers()) request.headers.push_back(std::move(line));
    }
    auto response = state.net.send(std::move(request));
    if (!response.error.empty()) return std::unexpected(location_error(url, "cannot fetch the find-links page: " + response.error));
    const auto answered = static_cast<std::int64_t>(std::time(nullptr));
    if (response.status == 304 && cached) {
        const std::string_view payload = cached->payload;
        fetch::CacheEntry entry{cached->policy.refreshed_by(response, answered, headers), std::string(payload)};
        if (auto page = decode_project_files(std::move(cached->buffer), payload, state.page_memory)) {
            if (auto guard = lock_cache_entry(state.flat_cache.path_of(key))) {
                (void)state.flat_cache.write(key, entry);
            }
            return std::move(*page);
        }
        return std::unexpected(location_error(url, "the cached find-links page could not be read back after a 304"));
    }
    if (!response.ok()) {
        return std::unexpected(location_error(url, "the find-links page answered HTTP " + std::to_string(response.status)));
    }
    auto page = parse_flat_html_page(response.body, fetch::redact_url(response.url));
    if (!page) return std::unexpected(std::move(page.error()));
    const auto policy = fetch::CachePolicy::from_response(response, answered, headers);
    if (policy.storable()) {
        const PageEncoding encoding(*page);
        if (auto guard = lock_cache_entry(state.flat_cache.path_of(key))) (void)state.flat_cache.write(key, policy, encoding.size(), [&encoding](const fetch::HttpCache::PayloadSink& sink) { return encoding.write(sink); });
    }
    return std::move(*page);
}

} // namespace

std::expected<FlatLocation, Diagnostic> load_flat_location(RegistryClient::State& state, const IndexLocation& location) {
    if (location.is_local()) {
        const auto& path = *location.path;
        std::error_code ec;
        if (std::filesystem::is_directory(path, ec)) {
            auto files = list_find_links_directory(path);
            if (!files) return std::unexpected(std::move(files.error()));
            return split_by_project(*files);
        }
        if (!std::filesystem::exists(path, ec)) {
            return std::unexpected(location_error(path.string(), "the find-links location does not exist"));
        }
        auto text = read_file(path);
        if (!text) return std::unexpected(location_error(path.string(), text.error()));
        auto files = parse_flat_html_page(*text, location.url);
        if (!files) return std::unexpected(std::move(files.error()));
        return split_by_project(*files);
    }
    auto page = fetch_flat_page(state, location);
    if (!page) return std::unexpected(std::move(page.error()));
    if (!*page) {
        FlatLocation nothing;
        nothing.offline_miss = true;
        return nothing;
    }
    return split_by_project(**page);
}

std::expected<std::shared_ptr<const ProjectFiles>, Diagnostic> flat_files(RegistryClient::State& state,
                                                                          const IndexLocation& location,
                                                                          std::string_view name, bool* offline_miss) {
    std::shared_future<std::expected<FlatLocation, Diagnostic>> loaded;
    std::optional<std::promise<std::expected<FlatLocation, Diagnostic>>> leader;
    {
        std::lock_guard lock(state.mutex);
        auto it = state.flat.find(&location);
        if (it == state.flat.end()) {
            leader.emplace();
            it = state.flat.emplace(&location, leader->get_future().share()).first;
        }
        loaded = it->second;
    }
    // The first flow to need the location reads it; the others wait for that one reading.
    if (leader) {
        try {
            leader->set_value(load_flat_location(state, location));
        } catch (...) {
            leader->set_exception(std::current_exception());  // the waiters see it too, rather than hang
        }
    }
    const auto& result = loaded.get();
    if (!result) return std::unexpected(result.error());
    if (offline_miss != nullptr && result->offline_miss) *offline_miss = true;
    const auto it = result->projects.find(name);
    return it == result->projects.end() ? nullptr : it->second;
}

std::shared_ptr<const ProjectFiles> merge_files(std::string_view project,
                                                const std::vector<std::shared_ptr<const ProjectFiles>>& parts) {
    std::vector<std::shared_ptr<const ProjectFiles>> present;
    for (const auto& part : parts) {
        if (part && part->file_count() != 0) present.push_back(part);
    }
    if (present.empty()) return nullptr;
    if (present.size() == 1) return present.front();
    ProjectFiles merged{std::string(project)};
    for (const auto& part : present) {
        for (std::size_t i = 0; i < part->file_count(); ++i) merged.add_copy(part->file(i));
    }
    merged.sort_files();
    return std::make_shared<const ProjectFiles>(std::move(merged));
}

} // namespace lockkit::index::detail
