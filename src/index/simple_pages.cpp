// One index's project page: from disk, from the cache, or over HTTP with
// revalidation; see include/lockkit/index/registry_client.hpp.

#include "registry_state.hpp"

#include "lockkit/fetch/downloader.hpp"
#include "lockkit/index/html_page.hpp"
#include "lockkit/index/json_page.hpp"
#include "lockkit/index/local_index.hpp"
#include "lockkit/index/media_type.hpp"
#include "lockkit/index/page_codec.hpp"

namespace lockkit::index::detail {

std::string project_page_url(std::string_view index_url, std::string_view name) {
    while (index_url.ends_with('/')) index_url.remove_suffix(1);
    return std::string(index_url) + "/" + std::string(name) + "/";
}

namespace {

Diagnostic page_error(std::string_view url, std::string message) {
    Diagnostic d;
    d.file = fetch::redact_url(url);
    d.message = std::move(message);
    return d;
}

std::shared_ptr<const ProjectFiles> shared(ProjectFiles files) {
    return std::make_shared<const ProjectFiles>(std::move(files));
}

/// The page in a response, read with the reader its Content-Type names; a JSON page keeps
/// the body and points into it.
std::expected<ProjectFiles, Diagnostic> parse_response(fetch::HttpResponse& response, std::string_view name,
                                               const std::shared_ptr<std::pmr::memory_resource>& memory) {
    const auto content_type = response.header("content-type");
    if (!content_type) {
        return std::unexpected(page_error(response.url, "the index sent the page without a Content-Type"));
    }
    const auto format = page_format(*content_type);
    if (!format) return std::unexpected(page_error(response.url, format.error()));
    const std::string base = fetch::redact_url(response.url);
    if (*format == PageFormat::Html) return parse_html_project_page(response.body, base, name);
    auto body = std::make_shared<std::string>(std::move(response.body));
    const std::string_view text = *body;
    return parse_json_project_page(std::shared_ptr<const char>(body, body->data()), text, base, name, memory);
}

} // namespace

std::expected<PageAnswer, Diagnostic> fetch_simple_page(RegistryClient::State& state, const IndexLocation& index,
                                                        std::string_view name) {
    if (index.is_local()) {
        // A file:// index is read from disk every time (uv keeps no cache for it either).
        auto page = read_local_project_page(*index.path, name);
        if (!page) return std::unexpected(std::move(page.error()));
        if (!*page) return PageAnswer{PageAnswer::Outcome::NotFound, nullptr, 404};
        return PageAnswer{PageAnswer::Outcome::Found, shared(std::move(**page)), 200};
    }
    const std::string url = project_page_url(index.url, name);
    const std::string key = "simple " + url;
    const auto mode = state.cache_mode(name);
    const auto now = static_cast<std::int64_t>(std::time(nullptr));
    // The request's own headers: what a stored answer's Vary is compared with.
    const std::vector<std::string> headers{"Accept: " + std::string(simple_accept_header())};
    std::optional<fetch::CacheEntryView> cached = state.simple_cache.read_view(key);
    if (cached && fetch::usable_without_request(cached->policy, mode, now, headers)) {
        const std::string_view payload = cached->payload;
        if (auto page = decode_project_files(std::move(cached->buffer), payload, state.page_memory)) {
            return PageAnswer{PageAnswer::Outcome::Found, shared(std::move(*page)), 200};
        }
        cached.reset();  // a damaged entry: fetch again
    }
    if (state.options.offline) return PageAnswer{PageAnswer::Outcome::OfflineMiss, nullptr, 0};

    fetch::HttpRequest request{url};
    request.headers = headers;
    if (cached) {
        for (auto& line : cached->policy.revalidation_headers()) request.headers.push_back(std::move(line));
    }
    auto response = state.net.send(std::move(request));
    if (!response.error.empty()) return std::unexpected(page_error(url, "cannot fetch the page: " + response.error));
    const auto answered = static_cast<std::int64_t>(std::time(nullptr));
    if (response.status == 304 && cached) {
        const auto policy = cached->policy.refreshed_by(response, answered, headers);
        const std::string_view payload = cached->payload;
        fetch::CacheEntry entry{policy, std::string(payload)};
        auto page = decode_project_files(std::move(cached->buffer), payload, state.page_memory);
        if (page) {
            if (auto guard = lock_cache_entry(state.simple_cache.path_of(key))) {
                (void)state.simple_cache.write(key, entry);
            }
            return PageAnswer{PageAnswer::Outcome::Found, shared(std::move(*page)), 200};
        }
        return std::unexpected(page_error(url, "the cached page could not be read back after a 304"));
    }
    if (!response.ok()) {
        switch (index.page_status_verdict(response.status, state.options.locations.strategy)) {
        case StatusVerdict::NotHere: return PageAnswer{PageAnswer::Outcome::NotFound, nullptr, response.status};
        case StatusVerdict::Refused: return PageAnswer{PageAnswer::Outcome::Refused, nullptr, response.status};
        case StatusVerdict::Error: break;
        }
        return std::unexpected(page_error(url, "the index answered HTTP " + std::to_string(response.status)));
    }
    const auto policy = fetch::CachePolicy::from_response(response, answered, headers);
    // A page that will be stored is answered from its stored form, as a warm run reads it: a
    // mapped file of which the resolver touches a few versions' worth, instead of the whole
    // JSON body the parsed page points into (held for the run, often with twice its size
    // reserved while it arrived). So that parse goes to the heap, not the run's arena.
    const bool storable = policy.storable();
    auto page = parse_response(response, name, storable ? nullptr : state.page_memory);
    if (!page) return std::unexpected(std::move(page.error()));
    if (storable) {
        // A cache that cannot be written (or locked) costs speed, not correctness: the answer stands.
        bool written = false;
        {
            const PageEncoding encoding(*page);
            if (auto guard = lock_cache_entry(state.simple_cache.path_of(key)))
                written = state.simple_cache
                              .write(key, policy, encoding.size(),
                                     [&encoding](const fetch::HttpCache::PayloadSink& sink) { return encoding.write(sink); })
                              .has_value();
        }
        if (written) {
            if (auto stored = state.simple_cache.read_view(key)) {
                const std::string_view payload = stored->payload;
                if (auto reread = decode_project_files(std::move(stored->buffer), payload, state.page_memory))
                    return PageAnswer{PageAnswer::Outcome::Found, shared(std::move(*reread)), 200};
            }
        }
    }
    return PageAnswer{PageAnswer::Outcome::Found, shared(std::move(*page)), 200};
}

} // namespace lockkit::index::detail
