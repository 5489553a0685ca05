#pragma once
// An asynchronous HTTP client for index pages and package metadata.
//
// One libcurl multi handle, driven by one background thread, carries every
// request of a process, so that a resolver asking for many pages and metadata
// files keeps the network busy while it thinks: `get` returns at once with a
// future. HTTP/2 multiplexes the requests to one host over one connection (the
// way `curl --parallel` does), and at most `max_concurrency` transfers run at
// a time (uv's default is 50). Transient failures (timeouts, resets, 408, 429,
// 5xx) are retried after the RetryPolicy's back-off, without blocking other
// transfers. Redirects are followed over http(s) only; proxies come from the
// environment and credentials from the URL or ~/.netrc, as in curl.
//
// Responses are held in memory: a body larger than its request's limit (or a
// `Content-Length` announcing one) ends the transfer with an error instead of
// filling memory. `file://` URLs are read from disk without libcurl (local
// indexes and find-links directories). An offline client answers every
// network request at once with `offline = true` and opens no connection.
//
// libcurl itself is loaded with dlopen on the first network request
// (libcurl_api.hpp), so a client that only ever reads `file://` never loads it.

#include "lockkit/fetch/retry_policy.hpp"

#include <chrono>
#include <cstdint>
#include <expected>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lockkit::fetch {

/// Built as `HttpRequest{url}` with the rest set by name: every member has a default
/// initializer, so leaving one out is intended and g++ has nothing to warn about.
struct HttpRequest {
    std::string url{};                   ///< http(s):// or file://
    std::vector<std::string> headers{};  ///< extra "Name: value" lines (Accept, If-None-Match, ...)
    /// Inclusive byte range (`Range: bytes=first-last`); a negative `first`
    /// asks for the last `-first` bytes (`bytes=-N`).
    std::optional<std::pair<std::int64_t, std::int64_t>> range{};
    bool head = false;                   ///< a HEAD request (no body)
    std::uint64_t max_body_bytes = 0;    ///< 0: the client's limit
    /// Ask for the stored bytes, with no content coding (`Accept-Encoding: identity`):
    /// zip offsets and lengths index those, not a re-encoded stream.
    bool identity_encoding = false;
    /// Let libcurl add credentials from ~/.netrc. The registry client turns it off and
    /// looks credentials up itself, so that it can ask without them first, as uv does.
    bool netrc = true;
    /// Receives the body piece by piece instead of `HttpResponse::body` (a wheel read
    /// as it streams). Returning false stops the transfer; the response then has
    /// `stopped` set and no error. Called on the client's loop thread: keep it short.
    std::function<bool(std::string_view)> on_body{};
    /// Called before a retried attempt delivers the body to `on_body` again.
    std::function<void()> on_restart{};
};

struct HttpResponse {
    long status = 0;            ///< the final HTTP status; 0 when none arrived (or file:// failed)
    std::string body;
    std::string url;            ///< the URL that answered, after redirects
    /// Headers of the final response, names lower-cased, in order.
    std::vector<std::pair<std::string, std::string>> headers;
    std::string error;          ///< why no usable response arrived (transport, limit, offline)
    unsigned attempts = 0;      ///< requests sent (0 for file:// and offline)
    bool offline = false;       ///< refused without a connection: the client is offline
    bool stopped = false;       ///< `on_body` asked to stop before the end
    std::uint64_t body_bytes = 0;  ///< body bytes received (also when given to `on_body`)

    /// The first header of that (lower-case) name.
    std::optional<std::string_view> header(std::string_view name) const;
    /// A 2xx answer with no transport error.
    bool ok() const { return error.empty() && status >= 200 && status < 300; }
};

struct HttpClientOptions {
    unsigned max_concurrency = 50;
    RetryPolicy retry;
    std::chrono::seconds connect_timeout{30};
    /// A transfer slower than 1 byte/s for this long counts as stalled (transient).
    std::chrono::seconds stall_timeout{30};
    std::uint64_t max_body_bytes = std::uint64_t{512} << 20;
    bool offline = false;
};

class HttpClient {
public:
    /// A client whose loop thread starts on the first network request.
    explicit HttpClient(HttpClientOptions options = {});
    /// Stops the loop; requests still running end with error "cancelled".
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    /// Sends `request` (or reads the file); thread-safe.
    std::future<HttpResponse> get(HttpRequest request);
    /// All of them at once; results in the same order.
    std::vector<HttpResponse> get_all(std::vector<HttpRequest> requests);

    const HttpClientOptions& options() const { return m_options; }

    struct Loop;  ///< the multi handle and its thread (http_client.cpp)

private:
    HttpClientOptions m_options;
    std::unique_ptr<Loop> m_loop;
};

/// The file a `file://` URL names (percent-decoded), or nothing for another scheme.
std::optional<std::string> file_url_path(std::string_view url);

} // namespace lockkit::fetch
