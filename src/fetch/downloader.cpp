#include "lockkit/fetch/downloader.hpp"

#include "libcurl_api.hpp"
#include "lockkit/util/sha256.hpp"
#include "lockkit_config.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

namespace lockkit::fetch {

namespace {

/// Shared progress state; workers report through it under one mutex.
class ProgressSink {
public:
    ProgressSink(std::size_t total, const std::function<void(const DownloadProgress&)>& callback)
        : callback_(callback) {
        state_.total = total;
    }
    void add_bytes(std::uint64_t n) {
        if (!callback_) {
            return;
        }
        std::lock_guard lock(mutex_);
        state_.bytes_received += n;
        // Report every MiB, not every 16 KiB chunk, to keep the lock cold.
        if (state_.bytes_received - last_reported_ >= (1u << 20)) {
            last_reported_ = state_.bytes_received;
            callback_(state_);
        }
    }
    void finished(bool ok) {
        if (!callback_) {
            return;
        }
        std::lock_guard lock(mutex_);
        ++state_.finished;
        if (!ok) {
            ++state_.failed;
        }
        callback_(state_);
    }

private:
    const std::function<void(const DownloadProgress&)>& callback_;
    std::mutex mutex_;
    DownloadProgress state_;
    std::uint64_t last_reported_ = 0;
};

/// One attempt's sink: the bytes go to the pending cache file and the hash.
struct Transfer {
    PendingEntry* entry = nullptr;
    Sha256* hash = nullptr;
    std::optional<std::uint64_t> limit;
    std::uint64_t bytes = 0;
    bool overflow = false;
    int write_errno = 0;
    ProgressSink* progress = nullptr;
};

std::size_t on_data(char* data, std::size_t size, std::size_t count, void* user) {
    auto* t = static_cast<Transfer*>(user);
    const std::size_t n = size * count;
    // Stop reading the moment a response outgrows its promised size: a hostile
    // or broken server cannot fill the disk.
    if (t->limit && t->bytes + n > *t->limit) {
        t->overflow = true;
        return 0;
    }
    if (!t->entry->write(data, n)) {
        t->write_errno = errno;
        return 0;
    }
    t->hash->update(data, n);
    t->bytes += n;
    t->progress->add_bytes(n);
    return n;
}

class Worker {
public:
    Worker(const detail::CurlApi& curl, const ArtifactCache& cache, const DownloadOptions& options,
           ProgressSink& progress)
        : curl_(curl), cache_(cache), options_(options), progress_(progress), handle_(curl.easy_init()),
          hash_() {}
    ~Worker() {
        if (handle_ != nullptr) {
            curl_.easy_cleanup(handle_);
        }
    }
    Worker(const Worker&) = delete;
    Worker& operator=(const Worker&) = delete;

    DownloadResult run(const DownloadRequest& request) {
        if (!request.sha256) {
            return fetch(request, nullptr);  // the entry is known, and locked, once the bytes are hashed
        }
        const std::string& hex = *request.sha256;
        {
            auto reading = cache_.lock_entry(hex, fs::LockMode::Shared);
            if (!reading) {
                return failure(reading.error().describe());
            }
            if (auto hit = cached(hex)) {
                return std::move(*hit);
            }
        }
        // A miss, or a damaged entry: exclusive from here to the publish, so
        // another process wanting the same file waits and then finds it cached.
        auto writing = cache_.lock_entry(hex, fs::LockMode::Exclusive);
        if (!writing) {
            return failure(writing.error().describe());
        }
        if (auto hit = cached(hex)) {
            return std::move(*hit);  // published by someone else while we waited
        }
        cache_.remove(hex);  // a damaged entry: fetch it afresh
        return fetch(request, &*writing);
    }

private:
    static DownloadResult failure(std::string error) {
        DownloadResult result;
        result.error = std::move(error);
        return result;
    }

    /// The cache entry for `hex` if it is there and still hashes to `hex`.
    std::optional<DownloadResult> cached(const std::string& hex) const {
        auto hit = cache_.find(hex);
        if (!hit) {
            return std::nullopt;
        }
        if (const auto actual = sha256_file(*hit); !actual || *actual != hex) {
            return std::nullopt;
        }
        DownloadResult result;
        result.status = DownloadStatus::Verified;
        result.actual_sha256 = hex;
        result.from_cache = true;
        result.path = *hit;
        std::error_code ec;
        result.bytes = std::filesystem::file_size(*hit, ec);
        return result;
    }

    /// Downloads into a pending entry and publishes it; `entry_lock` is the
    /// entry's exclusive lock when the hash was known up front.
    DownloadResult fetch(const DownloadRequest& request, const fs::FileLock* entry_lock) {
        DownloadResult result;
        if (handle_ == nullptr) {
            result.error = "cannot initialise libcurl";
            return result;
        }
        auto entry = cache_.begin();
        if (!entry) {
            result.error = entry.error();
            return result;
        }
        const unsigned max_attempts = options_.retry.retries + 1;
        for (unsigned attempt = 1;; ++attempt) {
            result.attempts = attempt;
            if (!entry->reset()) {
                result.error = "cannot reuse " + entry->path().string() + ": " + std::strerror(errno);
                return result;
            }
            hash_.reset();
            Transfer transfer;
            transfer.entry = &*entry;
            transfer.hash = &hash_;
            transfer.limit = request.size;
            transfer.progress = &progress_;
            std::array<char, CURL_ERROR_SIZE> error_buffer{};
            configure(request.url, transfer, error_buffer.data());
            const CURLcode code = curl_.easy_perform(handle_);
            result.bytes = transfer.bytes;
            if (code == CURLE_OK) {
                break;
            }
            if (transfer.overflow) {
                result.status = DownloadStatus::SizeMismatch;
                result.error = "the server sent more than the " + std::to_string(*request.size) +
                               " bytes the lock records; stopped reading";
                return result;
            }
            if (transfer.write_errno != 0) {
                result.error = "cannot write " + entry->path().string() + ": " + std::strerror(transfer.write_errno);
                return result;
            }
            long status = 0;
            curl_.easy_getinfo(handle_, CURLINFO_RESPONSE_CODE, &status);
            bool transient = false;
            if (code == CURLE_HTTP_RETURNED_ERROR) {
                result.error = "HTTP " + std::to_string(status);
                transient = is_transient_http_status(status);
            } else {
                result.error = error_buffer[0] != '\0' ? std::string(error_buffer.data()) : curl_.easy_strerror(code);
                transient = detail::is_transient_curl_error(code);
            }
            if (!transient || attempt >= max_attempts) {
                if (attempt > 1) {
                    result.error += " (after " + std::to_string(attempt) + " attempts)";
                }
                return result;
            }
            curl_off_t retry_after = 0;
            curl_.easy_getinfo(handle_, CURLINFO_RETRY_AFTER, &retry_after);
            std::optional<std::chrono::seconds> asked;
            if (retry_after > 0) {
                asked = std::chrono::seconds(retry_after);
            }
            std::this_thread::sleep_for(options_.retry.delay_after(attempt, asked));
        }

        result.actual_sha256 = hash_.finish_hex();
        if (request.size && result.bytes != *request.size) {
            result.status = DownloadStatus::SizeMismatch;
            result.error = "received " + std::to_string(result.bytes) + " bytes, the lock records " +
                           std::to_string(*request.size);
            return result;
        }
        if (request.sha256 && result.actual_sha256 != *request.sha256) {
            result.status = DownloadStatus::HashMismatch;
            return result;  // the pending entry is deleted: never cache what failed its check
        }
        std::expected<fs::FileLock, fs::LockError> late_lock;
        if (entry_lock == nullptr) {
            late_lock = cache_.lock_entry(result.actual_sha256, fs::LockMode::Exclusive);
            if (!late_lock) {
                result.status = DownloadStatus::Failed;
                result.error = late_lock.error().describe();
                return result;
            }
            entry_lock = &*late_lock;
        }
        auto published = cache_.publish(std::move(*entry), result.actual_sha256, *entry_lock);
        if (!published) {
            result.status = DownloadStatus::Failed;
            result.error = published.error();
            return result;
        }
        result.path = *published;
        result.status = request.sha256 ? DownloadStatus::Verified : DownloadStatus::Unverified;
        return result;
    }

    void configure(const std::string& url, Transfer& transfer, char* error_buffer) {
        CURL* h = handle_;
        // Reset keeps the connection cache, so later files from the same host reuse it.
        curl_.easy_reset(h);
        curl_.easy_setopt(h, CURLOPT_URL, url.c_str());
        curl_.easy_setopt(h, CURLOPT_WRITEFUNCTION, &on_data);
        curl_.easy_setopt(h, CURLOPT_WRITEDATA, &transfer);
        curl_.easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer);
        curl_.easy_setopt(h, CURLOPT_NOSIGNAL, 1L);  // required with threads
        curl_.easy_setopt(h, CURLOPT_FAILONERROR, 1L);
        curl_.easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
        curl_.easy_setopt(h, CURLOPT_MAXREDIRS, 10L);
        // A redirect must never turn an http(s) URL into a local file read.
        curl_.easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https,file");
        curl_.easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
        curl_.easy_setopt(h, CURLOPT_CONNECTTIMEOUT, static_cast<long>(options_.connect_timeout.count()));
        curl_.easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
        curl_.easy_setopt(h, CURLOPT_LOW_SPEED_TIME, static_cast<long>(options_.stall_timeout.count()));
        curl_.easy_setopt(h, CURLOPT_NETRC, static_cast<long>(CURL_NETRC_OPTIONAL));
        curl_.easy_setopt(h, CURLOPT_USERAGENT, "lockkit/" LOCKKIT_VERSION);
    }

    const detail::CurlApi& curl_;
    const ArtifactCache& cache_;
    const DownloadOptions& options_;
    ProgressSink& progress_;
    CURL* handle_;
    Sha256 hash_;
};

} // namespace

std::vector<DownloadResult> download_all(std::span<const DownloadRequest> requests, const ArtifactCache& cache,
                                         const DownloadOptions& options) {
    std::vector<DownloadResult> results(requests.size());
    const auto curl = detail::curl_api();
    if (!curl) {
        for (auto& result : results) {
            result.error = curl.error();
        }
        return results;
    }
    ProgressSink progress(requests.size(), options.on_progress);
    std::atomic<std::size_t> next{0};
    auto work = [&] {
        Worker worker(**curl, cache, options, progress);
        for (std::size_t i = next++; i < requests.size(); i = next++) {
            results[i] = worker.run(requests[i]);
            const auto status = results[i].status;
            progress.finished(status == DownloadStatus::Verified || status == DownloadStatus::Unverified);
        }
    };
    const std::size_t threads =
        std::clamp<std::size_t>(options.connections, 1, std::max<std::size_t>(requests.size(), 1));
    std::vector<std::jthread> pool;
    for (std::size_t t = 1; t < threads; ++t) {
        pool.emplace_back(work);
    }
    work();
    pool.clear();  // join before `results` is handed out
    return results;
}

std::string redact_url(std::string_view url) {
    const auto scheme = url.find("://");
    if (scheme == std::string_view::npos) {
        return std::string(url);
    }
    const std::size_t start = scheme + 3;
    const std::size_t end = std::min(url.find_first_of("/?#", start), url.size());
    const auto at = url.substr(start, end - start).rfind('@');
    if (at == std::string_view::npos) {
        return std::string(url);
    }
    std::string out(url.substr(0, start));
    out += url.substr(start + at + 1);
    return out;
}

} // namespace lockkit::fetch
