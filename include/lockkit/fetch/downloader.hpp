#pragma once
// Fetching distribution files into the artifact cache, many at once, checking
// each as it streams in. Every request names what the lock promises (SHA-256
// and, when known, size); the bytes are hashed while they arrive (OpenSSL EVP),
// so a 500 MB wheel is never read twice, and a download that does not keep the
// promise is deleted instead of published. A cache hit is re-hashed before it
// is trusted, so a corrupted cache heals itself rather than passing.
//
// Transfers run on a small pool of threads, one libcurl handle each (handles
// keep connections alive between files of the same host). Redirects are
// followed over http(s) only; proxies and ~/.netrc credentials work as in curl.
// Nothing here prints: progress is reported through a callback.

#include "lockkit/fetch/artifact_cache.hpp"
#include "lockkit/fetch/retry_policy.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace lockkit::fetch {

struct DownloadRequest {
    std::string url;                    ///< http(s):// or file://
    std::optional<std::string> sha256;  ///< 64 hex digits the content must hash to
    std::optional<std::uint64_t> size;  ///< exact byte count, when the lock records it
};

enum class DownloadStatus : std::uint8_t {
    Verified,      ///< content matches the hash (fresh download or re-hashed cache hit)
    Unverified,    ///< downloaded and cached, but the request named no hash
    HashMismatch,  ///< the content hashes to something else; nothing was cached
    SizeMismatch,  ///< the server sent more or fewer bytes than promised; nothing was cached
    Failed,        ///< no complete response after all retries (or a permanent error)
};

struct DownloadResult {
    DownloadStatus status = DownloadStatus::Failed;
    std::string actual_sha256;  ///< of the bytes received (empty when Failed)
    std::uint64_t bytes = 0;    ///< bytes received (of the last attempt)
    unsigned attempts = 0;      ///< 0 for a cache hit
    bool from_cache = false;
    std::filesystem::path path;  ///< the cache entry, for Verified and Unverified
    std::string error;           ///< for Failed: what went wrong on the last attempt
};

/// What the progress callback sees; called from worker threads, serialised.
struct DownloadProgress {
    std::size_t total = 0;            ///< requests
    std::size_t finished = 0;         ///< requests done, whatever the outcome
    std::size_t failed = 0;           ///< outcomes other than Verified/Unverified
    std::uint64_t bytes_received = 0; ///< over all transfers so far
};

struct DownloadOptions {
    unsigned connections = 8;  ///< parallel transfers
    RetryPolicy retry;
    std::chrono::seconds connect_timeout{30};
    /// A transfer slower than 1 byte/s for this long counts as stalled (transient).
    std::chrono::seconds stall_timeout{30};
    std::function<void(const DownloadProgress&)> on_progress;
};

/// Fetches every request (results in the same order). Network trouble and a
/// cache that cannot be written are per-request Failed results, never exceptions.
std::vector<DownloadResult> download_all(std::span<const DownloadRequest> requests, const ArtifactCache& cache,
                                         const DownloadOptions& options);

/// The URL with any `user:password@` removed, for messages and reports.
std::string redact_url(std::string_view url);

} // namespace lockkit::fetch
