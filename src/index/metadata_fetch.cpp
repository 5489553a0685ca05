// The metadata of one distribution file: the cache, `.metadata`, byte ranges,
// a streamed wheel, a downloaded sdist; see include/lockkit/index/registry_client.hpp.

#include "registry_state.hpp"

#include "lockkit/fetch/downloader.hpp"
#include "lockkit/index/wheel_archive.hpp"
#include "lockkit/tags/dist_filename.hpp"
#include "lockkit/util/sha256.hpp"

#include <charconv>

namespace lockkit::index::detail {

namespace {

using Kind = MetadataError::Kind;

std::unexpected<MetadataError> error(Kind kind, std::string message) {
    return std::unexpected(MetadataError{kind, std::move(message)});
}

std::string describe(const DistributionRef& file) {
    return "`" + file.filename + "` (" + fetch::redact_url(file.url) + ")";
}

/// The metadata cache key: the file's content hash when published, else its URL.
std::string metadata_key(const DistributionRef& file) {
    const OwnedHash* best = nullptr;
    for (const auto& hash : file.hashes) {
        if (best == nullptr || hash.algorithm == HashAlgorithm::Sha256) best = &hash;
    }
    if (best != nullptr) return std::string(hash_algorithm_name(best->algorithm)) + ":" + best->hex;
    return "url:" + fetch::redact_url(file.url);
}

bool host_matches(std::string_view url, const std::vector<std::string>& hosts) {
    const auto scheme = url.find("://");
    if (scheme == std::string_view::npos) return false;
    auto host = url.substr(scheme + 3);
    host = host.substr(0, host.find_first_of("/:?#"));
    for (const auto& h : hosts) {
        if (host == h) return true;
    }
    return false;
}

/// Parses metadata and checks it names the package.
MetadataResult checked(std::string_view text, const DistributionRef& file, std::string_view source) {
    auto parsed = metadata::parse_core_metadata(text, source);
    if (!parsed) return error(Kind::InvalidMetadata, "the metadata of " + describe(file) + " is invalid: " +
                                                     parsed.error().render());
    if (parsed->name != file.name) {
        return error(Kind::NameMismatch, "the metadata of " + describe(file) + " names the package `" + parsed->name +
                                             "`, not `" + file.name + "`");
    }
    return std::move(*parsed);
}

/// What the network said, for a message.
std::string failure(const fetch::HttpResponse& response) {
    if (!response.error.empty()) return response.error;
    return "HTTP " + std::to_string(response.status);
}

/// A request for the file that failed; an HTTP status its index lists in `ignore-error-codes`
/// marks the version unusable rather than failing the run (uv's resolver provider).
std::unexpected<MetadataError> network_error(const DistributionRef& file, const fetch::HttpResponse& response,
                                             std::string message) {
    MetadataError e{Kind::Network, std::move(message) + ": " + failure(response)};
    if (response.error.empty()) {
        e.status = response.status;
        e.ignored_by_index = file.index != nullptr && file.index->ignores_error_code(response.status);
    }
    return std::unexpected(std::move(e));
}

/// `.metadata`: the text, nothing when the server has none (so the next way is tried), or an error.
std::expected<std::optional<std::string>, MetadataError> dot_metadata(RegistryClient::State& state,
                                                                      const DistributionRef& file) {
    fetch::HttpRequest request{file.url + ".metadata"};
    if (const auto q = file.url.find_first_of("?#"); q != std::string::npos) {
        request.url = file.url.substr(0, q) + ".metadata" + file.url.substr(q);
    }
    request.max_body_bytes = k_max_metadata_size;
    auto response = state.net.send(std::move(request));
    if (response.status == 404 || response.status == 410 || (!file.core_metadata && !response.ok())) {
        return std::optional<std::string>();
    }
    if (!response.ok()) {
        return network_error(file, response, "cannot fetch the metadata of " + describe(file));
    }
    if (file.core_metadata) {
        for (const auto& published : file.core_metadata_hashes) {
            const auto actual = hash_hex(published.algorithm, response.body);
            if (actual != published.hex) {
                return error(Kind::HashMismatch, "the metadata file of " + describe(file) + " has " +
                                                     std::string(hash_algorithm_name(published.algorithm)) + " " +
                                                     actual + ", but the index publishes " + published.hex);
            }
        }
    }
    return std::optional<std::string>(std::move(response.body));
}

/// METADATA read through byte ranges of `url`, a file of `size` bytes: the text, nothing when
/// the server did not answer the ranges as asked, or an error.
std::expected<std::optional<std::string>, MetadataError> read_ranges(RegistryClient::State& state,
                                                                     const DistributionRef& file,
                                                                     const std::string& url, std::uint64_t size) {
    std::optional<MetadataError> network;
    const ReadRange read = [&](std::uint64_t offset, std::uint64_t length) -> std::expected<std::string, WheelReadError> {
        fetch::HttpRequest request{url};
        request.range = std::pair<std::int64_t, std::int64_t>(static_cast<std::int64_t>(offset),
                                                              static_cast<std::int64_t>(offset + length - 1));
        request.max_body_bytes = length;
        auto r = state.net.send(std::move(request));
        if (r.status == 0 && !r.error.empty() && r.body_bytes == 0 && r.error.find("limit") == std::string::npos) {
            network = MetadataError{Kind::Network, "cannot read " + describe(file) + ": " + r.error};
            return std::unexpected(WheelReadError{r.error, true});
        }
        const std::string expected_range =
            "bytes " + std::to_string(offset) + "-" + std::to_string(offset + length - 1) + "/" + std::to_string(size);
        const auto content_range = r.header("content-range");
        if (!r.error.empty() || r.status != 206 || !content_range || *content_range != expected_range ||
            r.body.size() != length) {
            return std::unexpected(WheelReadError{"the server did not answer the byte range as asked", true});
        }
        return std::move(r.body);
    };
    auto text = read_wheel_metadata(size, read, file.name);
    if (network) return std::unexpected(*network);
    if (!text) {
        if (text.error().source_failed) return std::optional<std::string>();
        return error(Kind::InvalidArchive, describe(file) + " is not a readable wheel: " + text.error().message);
    }
    return std::optional<std::string>(std::move(*text));
}

/// Byte ranges: the text, nothing when the server does not serve ranges, or an error.
std::expected<std::optional<std::string>, MetadataError> ranged_metadata(RegistryClient::State& state,
                                                                         const DistributionRef& file) {
    // The HEAD only tells the size and that ranges are served: with the size on the page
    // (PEP 700) and an index that has served ranges already, the ranges are asked at once. If
    // they do not come back as asked (a page with a wrong size), the HEAD decides as usual.
    if (file.size && *file.size > 0 && state.ranges_served(file.index)) {
        auto text = read_ranges(state, file, file.url, *file.size);
        if (!text || *text) return text;
    }
    fetch::HttpRequest head{file.url};
    head.head = true;
    head.identity_encoding = true;
    auto response = state.net.send(std::move(head));
    if (response.error.empty() &&
        (response.status == 400 || response.status == 403 || response.status == 404 || response.status == 405)) {
        return std::optional<std::string>();  // HEAD not supported: some registries say so this way
    }
    if (!response.ok()) {
        return network_error(file, response, "cannot reach " + describe(file));
    }
    const auto accept = response.header("accept-ranges");
    const auto length_text = response.header("content-length");
    std::uint64_t size = 0;
    if (!accept || *accept != "bytes" || !length_text ||
        std::from_chars(length_text->data(), length_text->data() + length_text->size(), size).ec != std::errc()) {
        return std::optional<std::string>();
    }
    auto text = read_ranges(state, file, response.url.empty() ? file.url : response.url, size);
    // Only a file that answered at its own URL vouches for asking there without a HEAD.
    if (text && *text && (response.url.empty() || response.url == file.url)) state.serve_ranges(file.index);
    return text;
}

/// The whole wheel, streamed until METADATA is read.
std::expected<std::string, MetadataError> streamed_metadata(RegistryClient::State& state, const DistributionRef& file) {
    auto reader = std::make_shared<WheelStreamReader>(file.name);
    fetch::HttpRequest request{file.url};
    request.identity_encoding = true;
    request.on_body = [reader](std::string_view bytes) { return reader->feed(bytes); };
    request.on_restart = [reader] { reader->reset(); };
    auto response = state.net.send(std::move(request));
    if (!response.stopped && !response.ok()) {
        return network_error(file, response, "cannot download " + describe(file));
    }
    auto text = reader->finish();
    if (!text) return error(Kind::InvalidArchive, describe(file) + " is not a readable wheel: " + text.error().message);
    return std::move(*text);
}

std::expected<std::string, MetadataError> remote_wheel_metadata(RegistryClient::State& state,
                                                                 const DistributionRef& file) {
    const bool probe = !file.core_metadata_stated && host_matches(file.url, state.options.probe_metadata_hosts) &&
                       state.probe_worthwhile(file.name);
    if (file.core_metadata || probe) {
        auto text = dot_metadata(state, file);
        if (!text) return std::unexpected(text.error());
        if (*text) return std::move(**text);
        if (!file.core_metadata) state.probe_missed(file.name);
    }
    if (!state.ranges_refused(file.index)) {
        auto text = ranged_metadata(state, file);
        if (!text) return std::unexpected(text.error());
        if (*text) return std::move(**text);
        state.refuse_ranges(file.index);
    }
    return streamed_metadata(state, file);
}

/// The cache key that remembers which artifact a URL without a published hash gave.
std::string url_artifact_key(const DistributionRef& file) {
    return "artifact url:" + fetch::redact_url(file.url);
}

/// The file in the artifact cache (downloaded and checked against its hash if not yet there);
/// a local file is used in place, hashed only when `hash_local`.
DownloadResult artifact(RegistryClient::State& state, const DistributionRef& file, bool hash_local) {
    if (auto path = fetch::file_url_path(file.url)) {
        std::string hex;
        if (hash_local) {
            auto digest = sha256_file(*path);
            if (!digest) return error(Kind::InvalidArchive, describe(file) + ": " + digest.error());
            hex = std::move(*digest);
        }
        return DownloadedArtifact{std::filesystem::path(*path), std::move(hex)};
    }
    std::optional<std::string> sha256;
    for (const auto& hash : file.hashes) {
        if (hash.algorithm == HashAlgorithm::Sha256) sha256 = hash.hex;
    }
    if (sha256) {
        if (auto found = state.artifacts.find(*sha256)) return DownloadedArtifact{*found, *sha256};
    } else if (auto known = state.metadata_cache.read(url_artifact_key(file))) {
        // A URL's content is taken as fixed; --refresh asks again once per run.
        const bool fresh = !state.refreshes(file.name) || state.options.offline ||
                           known->policy.response_time >= state.run_start;
        if (fresh && fetch::is_sha256_hex(known->payload)) {
            if (auto found = state.artifacts.find(known->payload)) return DownloadedArtifact{*found, known->payload};
        }
    }
    if (state.options.offline) {
        return error(Kind::Offline, "`" + file.filename + "` of `" + file.name +
                                        "` is not in the cache, and network access is disabled (offline)");
    }
    auto pending = state.artifacts.begin();
    if (!pending) return error(Kind::Network, "cannot write to the cache: " + pending.error());
    struct Sink {
        fetch::PendingEntry entry;
        Sha256 hasher;
        bool failed = false;
    };
    auto sink = std::make_shared<Sink>();
    sink->entry = std::move(*pending);
    fetch::HttpRequest request{file.url};
    request.identity_encoding = true;
    request.on_body = [sink](std::string_view bytes) {
        sink->hasher.update(bytes.data(), bytes.size());
        if (!sink->entry.write(bytes.data(), bytes.size())) sink->failed = true;
        return !sink->failed;
    };
    request.on_restart = [sink] {
        sink->hasher.reset();
        sink->failed = !sink->entry.reset();
    };
    auto response = state.net.send(std::move(request));
    if (sink->failed) return error(Kind::Network, "cannot write " + describe(file) + " to the cache");
    if (!response.ok()) return network_error(file, response, "cannot download " + describe(file));
    const std::string actual = sink->hasher.finish_hex();
    if (sha256 && actual != *sha256) {
        return error(Kind::HashMismatch, describe(file) + " has sha256 " + actual + ", but the index publishes " + *sha256);
    }
    auto guard = state.artifacts.lock_entry(actual, fs::LockMode::Exclusive);
    if (!guard) return error(Kind::Network, "cannot write " + describe(file) + " to the cache: " + guard.error().message);
    auto published = state.artifacts.publish(std::move(sink->entry), actual, *guard);
    if (!published) return error(Kind::Network, "cannot write " + describe(file) + " to the cache: " + published.error());
    if (!sha256) {
        fetch::CachePolicy policy;
        policy.status = 200;
        policy.response_time = static_cast<std::int64_t>(std::time(nullptr));
        policy.immutable = true;
        const std::string key = url_artifact_key(file);
        if (auto lock = lock_cache_entry(state.metadata_cache.path_of(key))) {
            (void)state.metadata_cache.write(key, fetch::CacheEntry{policy, actual});
        }
    }
    return DownloadedArtifact{*published, actual};
}

constexpr std::string_view k_needs_build = "lockkit-needs-build 1\n";

MetadataResult sdist_metadata(RegistryClient::State& state, const DistributionRef& file,
                              const tags::SourceDistFilename& sdist, const std::string& key, std::string* text) {
    const auto needs_build = [&](const std::string& why) {
        return error(Kind::NeedsBuild, "`" + file.name + "` " + sdist.version.to_string() +
                                           " needs a build to give its metadata (" + why + ")");
    };
    // Whether an archive has static metadata depends on its bytes only: the verdict is cached
    // with the metadata, so a warm run does not unpack a large sdist again to learn it has none.
    const std::string verdict_key = "no-static " + key;
    std::optional<std::string> known_reason;
    if (auto verdict = state.metadata_cache.read(verdict_key); verdict && verdict->payload.starts_with(k_needs_build)) {
        known_reason = verdict->payload.substr(k_needs_build.size());
        if (!state.options.builder) return needs_build(*known_reason);
    }
    auto downloaded = artifact(state, file, false);
    if (!downloaded) return std::unexpected(downloaded.error());
    const std::filesystem::path* archive = &downloaded->path;
    std::string reason;
    if (known_reason) {
        reason = *known_reason;
    } else {
        auto found = read_sdist_metadata(*archive, file.name, sdist.version);
        if (found) {
            *text = metadata::format_core_metadata(*found);
            return std::move(*found);
        }
        if (found.error().kind == StaticMetadataError::Kind::Invalid) {
            return error(Kind::InvalidMetadata, describe(file) + ": " + found.error().message);
        }
        if (found.error().kind == StaticMetadataError::Kind::Unreadable) {
            return error(Kind::InvalidArchive, describe(file) + ": " + found.error().message);
        }
        reason = found.error().message;
        if (key.rfind("url:", 0) != 0) {
            fetch::CachePolicy policy;
            policy.status = 200;
            policy.response_time = static_cast<std::int64_t>(std::time(nullptr));
            if (auto guard = lock_cache_entry(state.metadata_cache.path_of(verdict_key))) {
                (void)state.metadata_cache.write(verdict_key, fetch::CacheEntry{policy, std::string(k_needs_build) + reason});
            }
        }
    }
    if (!state.options.builder) return needs_build(reason);
    auto built = state.options.builder->build_metadata(BuildSource{*archive, true, file.name, sdist.version, {}});
    if (!built) {
        // A build's report starts as uv's does ("Failed to build ..."); where the sdist came from follows it.
        if (built.error().starts_with("Failed to build ")) {
            std::string report = built.error();
            const auto hint = report.find("\nhint: ");
            report.insert(hint == std::string::npos ? report.size() : hint, "\n  source distribution " + describe(file));
            return error(Kind::BuildFailed, std::move(report));
        }
        return error(Kind::BuildFailed, "building the metadata of " + describe(file) + " failed: " + built.error());
    }
    if (built->name != file.name) {
        return error(Kind::NameMismatch, "the built metadata of " + describe(file) + " names `" + built->name + "`");
    }
    // A build that disagrees with the filename's version makes that version unusable, as in uv
    // (a local label is tolerated); static metadata that disagrees was never trusted above.
    if (built->version != sdist.version && built->version.without_local() != sdist.version) {
        return error(Kind::VersionMismatch, "the built metadata of " + describe(file) + " gives version " +
                                                built->version.to_string() + ", not " + sdist.version.to_string());
    }
    *text = metadata::format_core_metadata(*built);
    return std::move(*built);
}

} // namespace

DownloadResult download_artifact(RegistryClient::State& state, const DistributionRef& file) {
    return artifact(state, file, true);
}

bool metadata_is_cheap(RegistryClient::State& state, const DistributionRef& file) {
    if (fetch::file_url_path(file.url) || !file.filename.ends_with(".whl")) return false;
    const bool probe = !file.core_metadata_stated && host_matches(file.url, state.options.probe_metadata_hosts);
    return file.core_metadata || probe || !state.ranges_refused(file.index);
}

MetadataResult fetch_metadata(RegistryClient::State& state, const DistributionRef& file) {
    auto dist = tags::DistFilename::parse(file.filename, file.name);
    if (!dist) return error(Kind::InvalidFilename, describe(file) + ": " + dist.error());
    const auto local = fetch::file_url_path(file.url);
    if (local && dist->is_wheel()) {
        // A local wheel is read in place every time: its tail, directory and METADATA only.
        auto text = read_wheel_metadata_file(*local, file.name);
        if (!text) {
            return error(text.error().source_failed ? Kind::Network : Kind::InvalidArchive,
                         describe(file) + " is not a readable wheel: " + text.error().message);
        }
        return checked(metadata::metadata_headers(*text), file, *local + "/METADATA");
    }
    std::string key = metadata_key(file);
    if (!dist->is_wheel() && state.options.builder) {
        // A build under other build settings (extra build variables, say) may give other metadata.
        if (const std::string salt = state.options.builder->cache_salt(file.name); !salt.empty()) {
            key += " build " + sha256_hex(salt);
        }
    }
    const bool refresh = state.refreshes(file.name);
    if (auto entry = state.metadata_cache.read(key)) {
        if (!refresh || state.options.offline || entry->policy.response_time >= state.run_start) {
            if (auto found = checked(entry->payload, file, "cached metadata"); found) return found;
        }
    }
    if (state.options.offline && !local) {
        const bool sdist_cached = !dist->is_wheel() && std::any_of(file.hashes.begin(), file.hashes.end(), [&](const OwnedHash& h) {
            return h.algorithm == HashAlgorithm::Sha256 && state.artifacts.find(h.hex);
        });
        if (!sdist_cached) {
            return error(Kind::Offline, "the metadata of `" + file.name + "` (" + file.filename +
                                            ") is not in the cache, and network access is disabled (offline)");
        }
    }
    std::string text;
    MetadataResult result;
    if (dist->is_wheel()) {
        auto fetched = remote_wheel_metadata(state, file);
        if (!fetched) return std::unexpected(fetched.error());
        text = std::string(metadata::metadata_headers(*fetched));
        result = checked(text, file, fetch::redact_url(file.url) + " METADATA");
    } else {
        result = sdist_metadata(state, file, *dist->sdist(), key, &text);
    }
    if (!result) return result;  // nothing is cached for an answer that did not check out
    fetch::CachePolicy policy;
    policy.status = 200;
    policy.response_time = static_cast<std::int64_t>(std::time(nullptr));
    policy.immutable = true;
    if (auto guard = lock_cache_entry(state.metadata_cache.path_of(key))) {
        (void)state.metadata_cache.write(key, fetch::CacheEntry{policy, text});
    }
    return result;
}

} // namespace lockkit::index::detail
