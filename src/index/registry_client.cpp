// The registry client: listings across indexes and find-links locations, and
// metadata, as futures over a pool of flows; see
// include/lockkit/index/registry_client.hpp.

#include "registry_state.hpp"

#include "lockkit/fetch/downloader.hpp"
#include "lockkit/tags/dist_filename.hpp"

#include <algorithm>

namespace lockkit::index {

bool RegistryClient::State::ranges_served(const IndexLocation* index) {
    std::lock_guard lock(mutex);
    return index != nullptr && ranges_ok.contains(index) && !no_ranges.contains(index);
}

void RegistryClient::State::serve_ranges(const IndexLocation* index) {
    if (index == nullptr) return;
    std::lock_guard lock(mutex);
    ranges_ok.insert(index);
}

bool RegistryClient::State::probe_worthwhile(std::string_view name) {
    std::lock_guard lock(mutex);
    const auto found = probe_misses.find(name);
    return found == probe_misses.end() || found->second < k_probe_misses_per_project;
}

void RegistryClient::State::probe_missed(std::string_view name) {
    std::lock_guard lock(mutex);
    auto found = probe_misses.find(name);
    if (found == probe_misses.end()) found = probe_misses.emplace(std::string(name), 0).first;
    ++found->second;
}

namespace {

fetch::HttpClientOptions with_offline(fetch::HttpClientOptions http, bool offline) {
    http.offline = offline;
    return http;
}

std::vector<OwnedHash> own(const HashDigests& hashes) {
    std::vector<OwnedHash> out;
    for (const auto& digest : hashes) out.push_back(OwnedHash{digest.algorithm, std::string(digest.hex)});
    return out;
}

} // namespace

DistributionRef DistributionRef::from(const IndexFile& file, const IndexLocation* index) {
    DistributionRef ref;
    ref.name = std::string(file.name);
    ref.filename = std::string(file.filename);
    ref.url = std::string(file.url);
    ref.hashes = own(file.hashes);
    ref.size = file.size;
    ref.core_metadata = file.core_metadata.available;
    ref.core_metadata_stated = file.core_metadata.stated;
    ref.core_metadata_hashes = own(file.core_metadata.hashes);
    ref.index = index;
    return ref;
}

RegistryClient::State::State(RegistryOptions o)
    : options(std::move(o)), http(with_offline(options.http, options.offline)), net(http, credentials),
      simple_cache(options.cache_root / "simple-v1"), flat_cache(options.cache_root / "flat-v1"),
      metadata_cache(options.cache_root / "metadata-v1"), artifacts(options.cache_root), pool(options.workers) {
    // Netrc is read once per run; an unreadable one is ignored (uv warns and goes on).
    if (auto netrc = fetch::Netrc::load(options.environment); netrc && *netrc) {
        credentials.set_netrc(std::move(**netrc));
    }
    if (options.keyring) credentials.set_keyring(options.keyring);
    for (const auto* list : {&options.locations.indexes, &options.locations.find_links}) {
        for (const auto& location : *list) {
            if (location.credentials && !location.is_local()) credentials.add_index(location.url, *location.credentials);
        }
    }
}

bool RegistryClient::State::refreshes(std::string_view name) const {
    return options.refresh_all || options.refresh_packages.contains(std::string(name));
}

fetch::CacheMode RegistryClient::State::cache_mode(std::string_view name) const {
    if (options.offline) return fetch::CacheMode::AllowStale;
    return refreshes(name) ? fetch::CacheMode::MustRevalidate : fetch::CacheMode::Normal;
}

bool RegistryClient::State::ranges_refused(const IndexLocation* index) {
    std::lock_guard lock(mutex);
    return no_ranges.contains(index);
}

void RegistryClient::State::refuse_ranges(const IndexLocation* index) {
    // Without an index (a direct URL) there is nothing to remember it for.
    if (index == nullptr) return;
    std::lock_guard lock(mutex);
    no_ranges.insert(index);
}

namespace {

using detail::PageAnswer;

/// The find-links files of `name` across all locations, merged and per location.
std::expected<std::shared_ptr<const ProjectFiles>, Diagnostic> find_links_files(RegistryClient::State& state,
                                                                                std::string_view name,
                                                                                bool* offline_miss,
                                                                                std::vector<IndexPage>& per_location) {
    std::vector<std::shared_ptr<const ProjectFiles>> parts;
    for (const auto& location : state.options.locations.find_links) {
        auto files = detail::flat_files(state, location, name, offline_miss);
        if (!files) return std::unexpected(std::move(files.error()));
        if (*files && (*files)->file_count() != 0) per_location.push_back(IndexPage{&location, *files});
        parts.push_back(std::move(*files));
    }
    return detail::merge_files(name, parts);
}

/// One index's answer: a simple page, or a flat location's files of the package.
std::expected<PageAnswer, Diagnostic> ask_index(RegistryClient::State& state, const IndexLocation& index,
                                                std::string_view name) {
    if (!index.flat) return detail::fetch_simple_page(state, index, name);
    bool offline_miss = false;
    auto files = detail::flat_files(state, index, name, &offline_miss);
    if (!files) return std::unexpected(std::move(files.error()));
    if (*files && (*files)->file_count() != 0) return PageAnswer{PageAnswer::Outcome::Found, *files, 200};
    return PageAnswer{offline_miss ? PageAnswer::Outcome::OfflineMiss : PageAnswer::Outcome::NotFound, nullptr, 404};
}

ListingResult list_package(RegistryClient::State& state, const std::string& name,
                           const std::optional<std::string>& pinned) {
    const auto& locations = state.options.locations;
    PackageListing listing;
    bool offline_miss = false;
    std::vector<const IndexLocation*> indexes;
    if (pinned) {
        const IndexLocation* index = locations.find(*pinned);
        if (index == nullptr) {
            Diagnostic d;
            d.message = "`" + name + "` is pinned to the index `" + *pinned + "`, but no index has that name";
            d.hints.push_back("define it with [[tool.uv.index]] name = \"" + *pinned + "\"");
            return std::unexpected(std::move(d));
        }
        indexes.push_back(index);
    } else if (!locations.no_index) {
        for (const auto& index : locations.indexes) {
            if (!index.is_explicit) indexes.push_back(&index);
        }
    }
    auto record = [&](const IndexLocation* index, const PageAnswer& answer) {
        switch (answer.outcome) {
        case PageAnswer::Outcome::Found: listing.pages.push_back(IndexPage{index, answer.files}); break;
        case PageAnswer::Outcome::Refused: listing.refused.push_back(index); break;
        case PageAnswer::Outcome::OfflineMiss: offline_miss = true; break;
        case PageAnswer::Outcome::NotFound: break;
        }
    };
    if (locations.strategy == pyproject::IndexStrategy::FirstIndex || indexes.size() <= 1) {
        for (const auto* index : indexes) {
            auto answer = ask_index(state, *index, name);
            if (!answer) return std::unexpected(std::move(answer.error()).with_context("while looking for `" + name + "`"));
            record(index, *answer);
            // The first index that has the package is the only one; one that refuses ends the search.
            if (answer->outcome == PageAnswer::Outcome::Found || answer->outcome == PageAnswer::Outcome::Refused) break;
        }
    } else {
        // Every index at once; a refusal only means this index has nothing to say.
        std::vector<std::future<std::expected<PageAnswer, Diagnostic>>> answers;
        for (const auto* index : indexes) {
            answers.push_back(std::async(std::launch::async, [&state, index, &name] { return ask_index(state, *index, name); }));
        }
        for (std::size_t i = 0; i < indexes.size(); ++i) {
            auto answer = answers[i].get();
            if (!answer) return std::unexpected(std::move(answer.error()).with_context("while looking for `" + name + "`"));
            if (answer->outcome != PageAnswer::Outcome::Refused) record(indexes[i], *answer);
        }
    }
    if (!pinned) {
        auto files = find_links_files(state, name, &offline_miss, listing.find_links_pages);
        if (!files) return std::unexpected(std::move(files.error()).with_context("while looking for `" + name + "`"));
        listing.find_links = std::move(*files);
    }
    if (!listing.pages.empty() || listing.find_links) {
        listing.status = PackageListing::Status::Found;
    } else if (offline_miss || (state.options.offline && !indexes.empty() && listing.refused.empty())) {
        // uv: offline, a package no index had is "not found in the cache", even when the
        // indexes were local and said so (uv-client registry_client.rs, simple_detail).
        listing.status = PackageListing::Status::Offline;
    } else if (locations.no_index && !pinned) {
        listing.status = PackageListing::Status::NoIndex;
    } else {
        listing.status = PackageListing::Status::NotFound;
    }
    return listing;
}

template <typename T, typename F>
std::shared_future<T> run_once(RegistryClient::State& state, std::map<std::string, std::shared_future<T>>& memo,
                               std::string key, F work) {
    std::shared_ptr<std::promise<T>> promise;
    std::shared_future<T> future;
    {
        std::lock_guard lock(state.mutex);
        if (auto it = memo.find(key); it != memo.end()) return it->second;
        promise = std::make_shared<std::promise<T>>();
        future = promise->get_future().share();
        memo.emplace(std::move(key), future);
    }
    state.pool.submit([promise, work = std::move(work)]() mutable {
        try {
            promise->set_value(work());
        } catch (...) {
            promise->set_exception(std::current_exception());
        }
    });
    return future;
}

} // namespace

RegistryClient::RegistryClient(RegistryOptions options) : m_state(std::make_shared<State>(std::move(options))) {}

RegistryClient::~RegistryClient() = default;

const RegistryOptions& RegistryClient::options() const {
    return m_state->options;
}

std::uint64_t RegistryClient::requests_sent() const {
    return m_state->net.sent();
}

void RegistryClient::finish_work() {
    m_state->pool.finish();
}

std::shared_future<ListingResult> RegistryClient::project(std::string_view name, std::optional<std::string_view> pinned) {
    std::string key(name);
    key += '\n';
    if (pinned) key += *pinned;
    State& state = *m_state;
    return run_once(state, state.listings, std::move(key),
                    [&state, name = std::string(name), pinned = pinned ? std::optional<std::string>(*pinned) : std::nullopt] {
                        return list_package(state, name, pinned);
                    });
}

std::shared_future<MetadataResult> RegistryClient::metadata(const DistributionRef& file) {
    State& state = *m_state;
    return run_once(state, state.metadata, file.name + "\n" + fetch::redact_url(file.url),
                    [&state, file] { return detail::fetch_metadata(state, file); });
}

bool RegistryClient::metadata_is_cheap(const DistributionRef& file) const {
    return detail::metadata_is_cheap(*m_state, file);
}

void RegistryClient::expedite(const DistributionRef& file) {
    if (!m_state->options.builder) return;
    auto dist = tags::DistFilename::parse(file.filename, file.name);
    if (!dist || dist->is_wheel()) return;
    m_state->options.builder->expedite(file.name, dist->sdist()->version);
}

std::shared_future<DownloadResult> RegistryClient::download(const DistributionRef& file) {
    State& state = *m_state;
    return run_once(state, state.downloads, fetch::redact_url(file.url),
                    [&state, file] { return detail::download_artifact(state, file); });
}

} // namespace lockkit::index
