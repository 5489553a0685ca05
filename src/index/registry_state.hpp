#pragma once
// The registry client's shared state and the flows that run on its pool
// (registry_client.cpp orchestrates; simple_pages.cpp, flat_locations.cpp and
// metadata_fetch.cpp do one kind of fetch each).

#include "cache_write_lock.hpp"
#include "index_http.hpp"
#include "task_pool.hpp"

#include "lockkit/fetch/artifact_cache.hpp"
#include "lockkit/fetch/credentials.hpp"
#include "lockkit/fetch/http_cache.hpp"
#include "lockkit/fetch/http_client.hpp"
#include "lockkit/index/registry_client.hpp"
#include "lockkit/util/huge_page_arena.hpp"

#include <atomic>
#include <ctime>
#include <map>
#include <memory>
#include <mutex>
#include <set>

namespace lockkit::index {

namespace detail {

/// What one index said about one package.
struct PageAnswer {
    enum class Outcome : std::uint8_t { Found, NotFound, Refused, OfflineMiss };
    Outcome outcome = Outcome::NotFound;
    std::shared_ptr<const ProjectFiles> files;
    long status = 0;
};

/// A flat location read once per run: its files grouped by project.
struct FlatLocation {
    std::map<std::string, std::shared_ptr<const ProjectFiles>, std::less<>> projects;
    bool offline_miss = false;  ///< remote, offline and not cached: nothing is known
};

} // namespace detail

struct RegistryClient::State {
    explicit State(RegistryOptions o);

    RegistryOptions options;
    std::int64_t run_start = static_cast<std::int64_t>(std::time(nullptr));
    fetch::HttpClient http;
    fetch::CredentialStore credentials;
    detail::IndexHttp net;
    fetch::HttpCache simple_cache;
    fetch::HttpCache flat_cache;
    fetch::HttpCache metadata_cache;
    fetch::ArtifactCache artifacts;
    /// The file lists of pages parsed and not stored, and of cached pages whose files() is asked
    /// for whole (util/huge_page_arena.hpp); a cached page's files are otherwise its records.
    std::shared_ptr<HugePageArena> page_memory = std::make_shared<HugePageArena>();

    std::mutex mutex;
    std::map<std::string, std::shared_future<ListingResult>> listings;
    std::map<std::string, std::shared_future<MetadataResult>> metadata;
    std::map<std::string, std::shared_future<DownloadResult>> downloads;
    std::map<const IndexLocation*, std::shared_future<std::expected<detail::FlatLocation, Diagnostic>>> flat;
    std::set<const IndexLocation*> no_ranges;  ///< indexes found not to serve byte ranges
    std::set<const IndexLocation*> ranges_ok;  ///< indexes whose files answered ranges at their own URL
    std::map<std::string, unsigned, std::less<>> probe_misses;  ///< `.metadata` probes answered 404, per project

    /// Whether --refresh or --refresh-package applies to `name`.
    bool refreshes(std::string_view name) const;
    /// How cached entries for `name` are used.
    fetch::CacheMode cache_mode(std::string_view name) const;
    bool ranges_refused(const IndexLocation* index);
    void refuse_ranges(const IndexLocation* index);
    /// Whether a file of `index` has answered byte ranges at its own URL (so, given its size,
    /// the next can skip the HEAD).
    bool ranges_served(const IndexLocation* index);
    void serve_ranges(const IndexLocation* index);
    /// Whether `.metadata` is still worth probing for a file of `name` whose page said nothing:
    /// a project's files are usually uploaded alike, so after a few misses the rest of its
    /// versions go straight to byte ranges (each miss is one more wait in a backtracking chain).
    bool probe_worthwhile(std::string_view name);
    static constexpr unsigned k_probe_misses_per_project = 2;
    void probe_missed(std::string_view name);

    // Declared last, destroyed first: every flow ends before the state it uses.
    detail::TaskPool pool;
};

namespace detail {

/// One index's page for `name` (simple_pages.cpp).
std::expected<PageAnswer, Diagnostic> fetch_simple_page(RegistryClient::State& state, const IndexLocation& index,
                                                        std::string_view name);
/// A flat location, read once per run (flat_locations.cpp).
std::expected<FlatLocation, Diagnostic> load_flat_location(RegistryClient::State& state, const IndexLocation& location);
/// The files of `name` in a flat location (single-flight over load_flat_location).
std::expected<std::shared_ptr<const ProjectFiles>, Diagnostic> flat_files(RegistryClient::State& state,
                                                                          const IndexLocation& location,
                                                                          std::string_view name, bool* offline_miss);
/// The files of several pages in one ProjectFiles, sorted by filename (stable: location order on ties).
std::shared_ptr<const ProjectFiles> merge_files(std::string_view project,
                                                const std::vector<std::shared_ptr<const ProjectFiles>>& parts);
/// Metadata of one file (metadata_fetch.cpp).
MetadataResult fetch_metadata(RegistryClient::State& state, const DistributionRef& file);
/// Whether metadata is worth asking ahead (RegistryClient::metadata_is_cheap): a remote wheel
/// with a `.metadata` file (published or probed for) or byte ranges the index has not refused
/// (metadata_fetch.cpp).
bool metadata_is_cheap(RegistryClient::State& state, const DistributionRef& file);
/// One whole file in the artifact cache (metadata_fetch.cpp).
DownloadResult download_artifact(RegistryClient::State& state, const DistributionRef& file);

/// `<base>/<name>/` for a simple index URL.
std::string project_page_url(std::string_view index_url, std::string_view name);

} // namespace detail

} // namespace lockkit::index
