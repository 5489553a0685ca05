#pragma once
// The registry client: what a resolver asks of package indexes, answered
// from the cache when it can and from the network when it must, many
// questions at once. Two questions:
//
//   project(name, pinned index)  the files each index lists for the package
//                                (one ProjectFiles per index that answered, in
//                                index order) and its `--find-links` files;
//   metadata(file)               the core metadata of one distribution file.
//
// Both return at once with a shared future, so a resolver can ask early
// (prefetch) and wait later; asking twice in a run returns the same future.
// The work runs on a pool of threads that wait on the HTTP client (one libcurl
// multi handle, HTTP/2, at most `max_concurrency` transfers).
//
// Indexes, as uv (registry_client.rs `simple_detail`):
//   * first-index: indexes one after the other; the first that has the
//     package is the only one used. 404 means "not here, ask the next", as do
//     the statuses an index lists in `ignore-error-codes` (and 403 from
//     download.pytorch.org, which answers so for a project it lacks). 401
//     and 403 stop the search quietly (a public index must not stand in for a
//     private one that refused: dependency confusion); the refusing index is
//     reported in `refused` for hints. Any other failure is an error.
//   * unsafe-first-match, unsafe-best-match: every index at once; 401, 403,
//     404, 407 and 511 mean "not here" (`ignore-error-codes` plays no part);
//     every index that has the package answers.
//   * explicit indexes only serve packages pinned to them; a pinned package
//     asks only its index and gets no find-links files.
//   * `format = "flat"` indexes take part like any other, listing the files of
//     the flat page or folder that carry the package's name.
//   * find-links locations are read once per run (each whole), and their
//     files of the package come with every unpinned answer; with no index
//     (--no-index) or when no index has the package they are the answer.
//
// Simple pages: `GET <index>/<name>/` with uv's Accept header (JSON, then
// HTML); the answer's Content-Type picks the reader, relative links resolve
// against the URL that answered (after redirects). Pages are cached parsed
// (page_codec.hpp) with their HTTP caching facts, used without a request
// while fresh, revalidated when stale (ETag / Last-Modified; a 304 keeps the
// page), refetched for the packages --refresh names. Offline, any cached page
// is used however old, a missing one counts as "not on this index", and a
// package found nowhere is reported Offline rather than NotFound.
//
// Wheel metadata, first that works:
//   1. the PEP 658/714 `.metadata` file, when the page offers one; its hash is
//      checked when the page publishes one. uv 0.12.5 reads `.metadata` only
//      when offered; PyPI as reached from these machines omits the
//      `core-metadata` key from its JSON pages altogether. So lockkit also
//      tries `.metadata` when the page said nothing either way (no key, no
//      attribute) and the wheel is on a host in `probe_metadata_hosts`
//      (PyPI's file host by default, which serves a `.metadata` file for nearly
//      every wheel). A page that says `false` is believed. A 404 for a
//      `.metadata` file (some answer 404 from here, offered or not) falls back
//      to the next way, as if it had not been asked; after two probes of one
//      project have answered 404, its other files are not probed in this run;
//   2. HTTP ranges: a HEAD (no content coding), then the zip's tail, its
//      central directory and the METADATA member (wheel_archive.hpp). Once a
//      file of the index has answered ranges at its own URL, a file whose page
//      gives its size (PEP 700) skips the HEAD; ranges that do not come back as
//      asked with that size fall back to the HEAD. A server
//      that does not serve ranges (no `Accept-Ranges: bytes`, HEAD refused
//      with 400/403/404/405, a range answered with the whole file) is
//      remembered for the rest of the run, per index;
//   3. the whole wheel, streamed and read until METADATA is in;
//   local wheels (`file://`) are read from disk.
// The metadata's `Name` must be the package's. Metadata is cached by the
// file's hash (`metadata-v1/`, only the header fields resolution reads), so it
// never goes stale; a file without a published hash is cached by URL and
// assumed immutable until --refresh, as uv treats flat-index files.
//
// Source distributions: downloaded into the artifact cache (checked against
// their hash; `download` does the same for any file), then static metadata if they have it (source_metadata.hpp),
// else the MetadataBuilder, else a NeedsBuild error.
//
// Every cache write is an atomic rename; nothing is cached for an answer that
// did not check out (a malformed page, a .metadata with the wrong hash, a zip
// that lies, a name that does not match).

#include "lockkit/fetch/http_client.hpp"
#include "lockkit/fetch/keyring.hpp"
#include "lockkit/index/index_locations.hpp"
#include "lockkit/index/project_files.hpp"
#include "lockkit/index/source_metadata.hpp"
#include "lockkit/metadata/core_metadata.hpp"
#include "lockkit/util/diagnostic.hpp"

#include <cstdint>
#include <expected>
#include <filesystem>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace lockkit::index {

struct RegistryOptions {
    IndexLocations locations;
    /// The lockkit cache root (fetch::ArtifactCache::default_root()).
    std::filesystem::path cache_root;
    /// --offline: no connection is ever opened.
    bool offline = false;
    /// --refresh: every cached page and metadata is checked again, once per run.
    bool refresh_all = false;
    /// --refresh-package: the same for these packages (normalized names).
    std::set<std::string> refresh_packages;
    /// Hosts whose wheels are asked for `.metadata` when their page says nothing (see above).
    std::vector<std::string> probe_metadata_hosts{"files.pythonhosted.org"};
    fetch::HttpClientOptions http;
    /// Flows running at once (each waits on the network most of its time).
    unsigned workers = 64;
    /// The process environment: HOME/NETRC for the netrc file.
    std::map<std::string, std::string> environment;
    /// Where passwords for index usernames are asked (keyring-provider = "subprocess":
    /// fetch::subprocess_keyring()); empty: no keyring (fetch/credentials.hpp says when it is asked).
    fetch::KeyringLookup keyring;
    /// Builds metadata that is not static (the PEP 517 builder); none: NeedsBuild.
    std::shared_ptr<MetadataBuilder> builder;
};

/// One index's answer.
struct IndexPage {
    const IndexLocation* index = nullptr;  ///< owned by the client
    std::shared_ptr<const ProjectFiles> files;
};

struct PackageListing {
    enum class Status : std::uint8_t {
        Found,     ///< an index or a find-links location has the package
        NotFound,  ///< none has it
        NoIndex,   ///< --no-index, and no find-links location has it
        Offline,   ///< offline, nothing cached, and no local location has it
    };
    Status status = Status::NotFound;
    /// Index order; empty when only find-links files were found.
    std::vector<IndexPage> pages;
    /// The package's find-links files (all locations, sorted by filename); null for a pinned package.
    std::shared_ptr<const ProjectFiles> find_links;
    /// The same files per location that lists the package, in location order (a lock names
    /// the location each file came from).
    std::vector<IndexPage> find_links_pages;
    /// Indexes that answered 401 or 403 (first-index stops there).
    std::vector<const IndexLocation*> refused;
};

/// A hash with its own text (IndexFile's views live only as long as their page).
struct OwnedHash {
    HashAlgorithm algorithm = HashAlgorithm::Sha256;
    std::string hex;
};

/// The distribution file to read metadata from.
struct DistributionRef {
    std::string name;      ///< normalized project name
    std::string filename;
    std::string url;       ///< http(s):// or file://
    std::vector<OwnedHash> hashes;
    std::optional<std::uint64_t> size;
    bool core_metadata = false;         ///< the page offers `<url>.metadata`
    bool core_metadata_stated = false;  ///< the page said anything about it
    std::vector<OwnedHash> core_metadata_hashes;
    const IndexLocation* index = nullptr;  ///< where it was listed, if from an index

    static DistributionRef from(const IndexFile& file, const IndexLocation* index);
};

struct MetadataError {
    enum class Kind : std::uint8_t {
        Offline,           ///< not cached and the network is off
        Network,           ///< the transfer failed, or an HTTP error status
        InvalidMetadata,   ///< METADATA / PKG-INFO does not parse
        NameMismatch,      ///< the metadata names another package
        VersionMismatch,   ///< an sdist's build gives another version than its filename
        InvalidArchive,    ///< not a readable wheel or sdist (a zip that lies, no METADATA)
        HashMismatch,      ///< a .metadata file or an sdist with another hash than published
        InvalidFilename,   ///< the filename is neither a wheel's nor an sdist's
        NeedsBuild,        ///< an sdist or tree without static metadata, and no builder
        BuildFailed,       ///< the build backend that should have given the metadata failed
    };
    Kind kind = Kind::Network;
    std::string message;  ///< names the file (URL without credentials) and what failed
    long status = 0;      ///< Network: the HTTP status that failed the request, if one came
    /// Network: the file's index lists `status` in `ignore-error-codes`, so the version is
    /// unusable (uv skips it) instead of an error that ends the run.
    bool ignored_by_index = false;
};

/// A whole distribution file in the artifact cache.
struct DownloadedArtifact {
    std::filesystem::path path;  ///< `artifacts-v1/sha256/..`, or the file itself for `file://`
    std::string sha256;          ///< hex
};

using ListingResult = std::expected<PackageListing, Diagnostic>;
using MetadataResult = std::expected<metadata::CoreMetadata, MetadataError>;
using DownloadResult = std::expected<DownloadedArtifact, MetadataError>;

class RegistryClient {
public:
    explicit RegistryClient(RegistryOptions options);
    ~RegistryClient();
    RegistryClient(const RegistryClient&) = delete;
    RegistryClient& operator=(const RegistryClient&) = delete;

    /// The files of `name` (normalized); `pinned_index` names an index (`tool.uv.sources`).
    std::shared_future<ListingResult> project(std::string_view name,
                                              std::optional<std::string_view> pinned_index = std::nullopt);
    /// The core metadata of a file.
    std::shared_future<MetadataResult> metadata(const DistributionRef& file);
    /// Whether asking `metadata(file)` ahead, on a guess, is worth it: a remote wheel with a
    /// `.metadata` file, or on an index that has not refused byte ranges. Not a whole wheel to
    /// download, and not a local file (read in place when asked anyway).
    bool metadata_is_cheap(const DistributionRef& file) const;
    /// Someone waits for `metadata(file)` now: if the file is an sdist whose metadata needs a
    /// build, that build goes before the builds of files only fetched ahead.
    void expedite(const DistributionRef& file);
    /// The whole file, downloaded into the artifact cache once and checked against its
    /// published hash. A file without a published hash (a direct URL) is remembered by URL,
    /// its content taken as fixed until --refresh; offline, only what is cached is found.
    std::shared_future<DownloadResult> download(const DistributionRef& file);

    const RegistryOptions& options() const;

    /// HTTP requests sent so far (not counting answers from the cache or from disk).
    std::uint64_t requests_sent() const;

    /// Lets every request under way or queued run to its end and stops the client's threads,
    /// as the destructor does first; what they fetched stays. For a caller that then leaves
    /// the client to the process exit (util/leave_for_exit.hpp) rather than destroying it.
    /// Work asked for afterwards still runs, on a thread of its own.
    void finish_work();

    struct State;  ///< shared with the flows (registry_client.cpp)

private:
    std::shared_ptr<State> m_state;
};

} // namespace lockkit::index
