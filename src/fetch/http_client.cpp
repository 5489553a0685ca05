// The asynchronous HTTP client; see include/lockkit/fetch/http_client.hpp.
//
// Threading: `get` may be called from any thread. It queues a Transfer under
// the loop's mutex and wakes the loop thread (curl_multi_wakeup). Only the
// loop thread touches libcurl handles. A finished transfer fulfils its
// promise on the loop thread; a transient failure waits in `retrying` until
// its back-off has passed and is then sent again with a fresh handle state.

#include "lockkit/fetch/http_client.hpp"

#include "libcurl_api.hpp"
#include "lockkit/fetch/downloader.hpp"
#include "lockkit/util/strings.hpp"
#include "lockkit_config.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <condition_variable>
#include <deque>
#include <fstream>
#include <mutex>
#include <thread>

namespace lockkit::fetch {

std::optional<std::string_view> HttpResponse::header(std::string_view name) const {
    for (const auto& [key, value] : headers) {
        if (key == name) return std::string_view(value);
    }
    return std::nullopt;
}

std::optional<std::string> file_url_path(std::string_view url) {
    if (!url.starts_with("file://")) return std::nullopt;
    std::string_view rest = url.substr(7);
    if (rest.starts_with("localhost/")) rest.remove_prefix(9);
    if (const auto q = rest.find_first_of("?#"); q != std::string_view::npos) rest = rest.substr(0, q);
    std::string path;
    for (std::size_t i = 0; i < rest.size(); ++i) {
        if (rest[i] == '%' && i + 2 < rest.size() && hex_digit_value(rest[i + 1]) >= 0 &&
            hex_digit_value(rest[i + 2]) >= 0) {
            path += static_cast<char>(hex_digit_value(rest[i + 1]) * 16 + hex_digit_value(rest[i + 2]));
            i += 2;
        } else {
            path += rest[i];
        }
    }
    return path;
}

namespace {

using Clock = std::chrono::steady_clock;

/// A file:// request, answered from disk: 200 with the bytes, 404 when the
/// file (or a directory's index.html) does not exist.
HttpResponse read_file_url(const HttpRequest& request, std::uint64_t limit) {
    HttpResponse r;
    r.url = request.url;
    std::filesystem::path path = *file_url_path(request.url);
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) path /= "index.html";
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        r.status = 404;
        return r;
    }
    in.seekg(0, std::ios::end);
    const auto size = static_cast<std::uint64_t>(in.tellg());
    if (size > limit) {
        r.error = "file " + path.string() + " is larger than the " + std::to_string(limit) + "-byte limit";
        return r;
    }
    std::uint64_t first = 0, last = size == 0 ? 0 : size - 1;
    if (request.range) {
        auto [a, b] = *request.range;
        if (a < 0) {
            first = size > static_cast<std::uint64_t>(-a) ? size - static_cast<std::uint64_t>(-a) : 0;
        } else {
            first = static_cast<std::uint64_t>(a);
            last = std::min<std::uint64_t>(static_cast<std::uint64_t>(b), last);
        }
        if (first >= size) {
            r.status = 416;
            return r;
        }
    }
    if (!request.head && size > 0) {
        r.body.resize(last - first + 1);
        in.seekg(static_cast<std::streamoff>(first));
        in.read(r.body.data(), static_cast<std::streamsize>(r.body.size()));
        if (!in) {
            r.body.clear();
            r.error = "cannot read " + path.string();
            return r;
        }
    }
    r.status = request.range ? 206 : 200;
    r.headers.emplace_back("content-length", std::to_string(request.head ? size : r.body.size()));
    if (request.range) {
        r.headers.emplace_back("content-range",
                               "bytes " + std::to_string(first) + "-" + std::to_string(last) + "/" + std::to_string(size));
    }
    return r;
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) s.remove_suffix(1);
    return std::string(s);
}

std::optional<std::chrono::seconds> retry_after_of(const HttpResponse& r) {
    const auto value = r.header("retry-after");
    if (!value) return std::nullopt;
    long seconds = 0;
    const auto [end, ec] = std::from_chars(value->data(), value->data() + value->size(), seconds);
    if (ec != std::errc() || seconds < 0) return std::nullopt;
    return std::chrono::seconds(seconds);
}

} // namespace

/// One request in flight (or waiting for its retry).
struct Transfer {
    HttpRequest request;
    std::promise<HttpResponse> promise;
    HttpResponse response;
    std::uint64_t limit = 0;
    bool overflow = false;
    bool stopped = false;  ///< on_body asked to stop
    curl_slist* header_list = nullptr;
    const detail::CurlApi* curl = nullptr;
    CURL* handle = nullptr;
    char error[CURL_ERROR_SIZE] = {};
    Clock::time_point due;
};

struct HttpClient::Loop {
    explicit Loop(const detail::CurlApi& api, const HttpClientOptions& options) : curl(api), options(options) {
        multi = curl.multi_init();
        // Multiplex HTTP/2 streams over one connection per host, as curl --parallel does.
        curl.multi_setopt(multi, CURLMOPT_PIPELINING, static_cast<long>(CURLPIPE_MULTIPLEX));
        thread = std::thread([this] { run(); });
    }
    ~Loop() {
        {
            std::lock_guard lock(mutex);
            stopping = true;
        }
        curl.multi_wakeup(multi);
        thread.join();
        for (CURL* h : idle) curl.easy_cleanup(h);
        curl.multi_cleanup(multi);
    }

    void submit(std::unique_ptr<Transfer> t) {
        {
            std::lock_guard lock(mutex);
            if (stopping) {
                t->response.error = "cancelled";
                t->promise.set_value(std::move(t->response));
                return;
            }
            queued.push_back(std::move(t));
        }
        curl.multi_wakeup(multi);
    }

    static std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
        auto* t = static_cast<Transfer*>(user);
        const std::size_t n = size * count;
        if (t->response.body_bytes + n > t->limit) {
            t->overflow = true;
            return 0;  // aborts the transfer
        }
        t->response.body_bytes += n;
        if (t->request.on_body) {
            // Only a successful answer's body is the consumer's; an error page is kept as usual.
            long status = 0;
            t->curl->easy_getinfo(t->handle, CURLINFO_RESPONSE_CODE, &status);
            if (status >= 200 && status < 300) {
                if (!t->request.on_body(std::string_view(data, n))) {
                    t->stopped = true;
                    return 0;
                }
                return n;
            }
        }
        t->response.body.append(data, n);
        return n;
    }

    static std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
        auto* t = static_cast<Transfer*>(user);
        const std::size_t n = size * count;
        const std::string_view line(data, n);
        if (line.starts_with("HTTP/")) {
            t->response.headers.clear();  // a new response (after a redirect or 100-continue)
            return n;
        }
        const auto colon = line.find(':');
        if (colon == std::string_view::npos) return n;
        std::string name = lower(line.substr(0, colon));
        std::string value = trim(line.substr(colon + 1));
        // Refuse an announced body over the limit before any of it arrives.
        if (name == "content-length") {
            std::uint64_t length = 0;
            const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), length);
            if (ec == std::errc() && length > t->limit && !t->request.head) {
                t->overflow = true;
                return 0;
            }
            // Room for the whole body at once: growing by doubling would copy a 2 MB page twice over.
            if (ec == std::errc() && !t->request.head && !t->request.on_body) t->response.body.reserve(length);
        }
        t->response.headers.emplace_back(std::move(name), std::move(value));
        return n;
    }

    void start(std::unique_ptr<Transfer> t) {
        CURL* h = nullptr;
        if (!idle.empty()) {
            h = idle.back();
            idle.pop_back();
            curl.easy_reset(h);
        } else {
            h = curl.easy_init();
        }
        if (t->response.attempts > 0 && t->request.on_restart) t->request.on_restart();
        t->response.body.clear();
        t->response.body_bytes = 0;
        t->response.headers.clear();
        t->response.status = 0;
        t->overflow = false;
        t->stopped = false;
        t->curl = &curl;
        t->handle = h;
        t->error[0] = '\0';
        ++t->response.attempts;
        curl.easy_setopt(h, CURLOPT_URL, t->request.url.c_str());
        curl.easy_setopt(h, CURLOPT_PRIVATE, t.get());
        curl.easy_setopt(h, CURLOPT_WRITEFUNCTION, &Loop::on_body);
        curl.easy_setopt(h, CURLOPT_WRITEDATA, t.get());
        curl.easy_setopt(h, CURLOPT_HEADERFUNCTION, &Loop::on_header);
        curl.easy_setopt(h, CURLOPT_HEADERDATA, t.get());
        curl.easy_setopt(h, CURLOPT_ERRORBUFFER, t->error);
        curl.easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
        curl.easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
        curl.easy_setopt(h, CURLOPT_MAXREDIRS, 10L);
        curl.easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
        curl.easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
        curl.easy_setopt(h, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
        // Over TLS (HTTP/2 by ALPN) wait to multiplex rather than open another
        // connection; plain http is HTTP/1.1, where waiting would serialise.
        if (t->request.url.starts_with("https://")) curl.easy_setopt(h, CURLOPT_PIPEWAIT, 1L);
        curl.easy_setopt(h, CURLOPT_CONNECTTIMEOUT, static_cast<long>(options.connect_timeout.count()));
        curl.easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
        curl.easy_setopt(h, CURLOPT_LOW_SPEED_TIME, static_cast<long>(options.stall_timeout.count()));
        curl.easy_setopt(h, CURLOPT_NETRC,
                         static_cast<long>(t->request.netrc ? CURL_NETRC_OPTIONAL : CURL_NETRC_IGNORED));
        curl.easy_setopt(h, CURLOPT_USERAGENT, "lockkit/" LOCKKIT_VERSION);
        if (t->request.range || t->request.identity_encoding) {
            // Byte ranges index the stored bytes: ask for no content coding.
            curl.easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "identity");
        }
        if (t->request.range) {
            const auto [a, b] = *t->request.range;
            const std::string range = a < 0 ? std::to_string(a) : std::to_string(a) + "-" + std::to_string(b);
            curl.easy_setopt(h, CURLOPT_RANGE, range.c_str());  // copied by libcurl
        } else if (!t->request.identity_encoding) {
            curl.easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");  // every coding libcurl can decode
        }
        if (t->request.head) curl.easy_setopt(h, CURLOPT_NOBODY, 1L);
        if (t->header_list != nullptr) {
            curl.slist_free_all(t->header_list);
            t->header_list = nullptr;
        }
        for (const auto& line : t->request.headers) t->header_list = curl.slist_append(t->header_list, line.c_str());
        if (t->header_list != nullptr) curl.easy_setopt(h, CURLOPT_HTTPHEADER, t->header_list);
        curl.multi_add_handle(multi, h);
        attached.push_back(h);
        ++active;
        t.release();  // owned through CURLOPT_PRIVATE until finish()
    }

    void finish(CURL* h, CURLcode code) {
        Transfer* raw = nullptr;
        curl.easy_getinfo(h, CURLINFO_PRIVATE, &raw);
        std::unique_ptr<Transfer> t(raw);
        long status = 0;
        curl.easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
        char* effective = nullptr;
        curl.easy_getinfo(h, CURLINFO_EFFECTIVE_URL, &effective);
        curl.multi_remove_handle(multi, h);
        std::erase(attached, h);
        idle.push_back(h);
        --active;
        HttpResponse& r = t->response;
        r.status = status;
        r.url = effective != nullptr ? effective : t->request.url;
        bool transient = false;
        r.stopped = t->stopped;
        if (t->stopped) {
            r.error.clear();  // the consumer had what it wanted
        } else if (t->overflow) {
            r.error = "the response from " + redact_url(r.url) + " is larger than the " + std::to_string(t->limit) +
                      "-byte limit";
        } else if (code != CURLE_OK) {
            r.error = redact_url(t->request.url) + ": " + (t->error[0] != '\0' ? t->error : curl.easy_strerror(code));
            transient = detail::is_transient_curl_error(code);
        } else {
            r.error.clear();
            transient = is_transient_http_status(status);
        }
        if (transient && r.attempts <= options.retry.retries) {
            const auto wait = options.retry.delay_after(r.attempts, retry_after_of(r));
            t->due = Clock::now() + wait;
            retrying.push_back(std::move(t));
            return;
        }
        if (t->header_list != nullptr) curl.slist_free_all(t->header_list);
        t->promise.set_value(std::move(r));
    }

    void run() {
        for (;;) {
            {
                std::lock_guard lock(mutex);
                if (stopping) break;
                while (!queued.empty() && active < std::max(1u, options.max_concurrency)) {
                    auto t = std::move(queued.front());
                    queued.pop_front();
                    start(std::move(t));
                }
            }
            const auto now = Clock::now();
            for (auto it = retrying.begin(); it != retrying.end() && active < std::max(1u, options.max_concurrency);) {
                if ((*it)->due <= now) {
                    start(std::move(*it));
                    it = retrying.erase(it);
                } else {
                    ++it;
                }
            }
            int running = 0;
            curl.multi_perform(multi, &running);
            int left = 0;
            while (CURLMsg* msg = curl.multi_info_read(multi, &left)) {
                if (msg->msg == CURLMSG_DONE) finish(msg->easy_handle, msg->data.result);
            }
            // Sleep until there is network activity, a wake-up, or a retry is due.
            int timeout_ms = 1000;
            for (const auto& t : retrying) {
                const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t->due - Clock::now()).count();
                timeout_ms = std::clamp<int>(static_cast<int>(ms), 0, timeout_ms);
            }
            {
                std::lock_guard lock(mutex);
                if (!queued.empty() && active < std::max(1u, options.max_concurrency)) continue;
            }
            curl.multi_poll(multi, nullptr, 0, timeout_ms, nullptr);
        }
        // Stopping: every transfer still here ends as cancelled.
        auto cancel = [](std::unique_ptr<Transfer>& t) {
            t->response.error = "cancelled";
            t->promise.set_value(std::move(t->response));
        };
        for (auto& t : retrying) cancel(t);
        {
            std::lock_guard lock(mutex);
            for (auto& t : queued) cancel(t);
            queued.clear();
        }
        // Handles still attached to the multi handle hold their transfers.
        for (CURL* h : attached) {
            Transfer* raw = nullptr;
            curl.easy_getinfo(h, CURLINFO_PRIVATE, &raw);
            curl.multi_remove_handle(multi, h);
            std::unique_ptr<Transfer> t(raw);
            if (t->header_list != nullptr) curl.slist_free_all(t->header_list);
            cancel(t);
            curl.easy_cleanup(h);
        }
        attached.clear();
    }

    const detail::CurlApi& curl;
    const HttpClientOptions& options;
    CURLM* multi = nullptr;
    std::thread thread;
    std::mutex mutex;
    std::deque<std::unique_ptr<Transfer>> queued;  // guarded by mutex
    bool stopping = false;                         // guarded by mutex
    // Loop thread only:
    std::vector<std::unique_ptr<Transfer>> retrying;
    std::vector<CURL*> idle;
    std::vector<CURL*> attached;  ///< handles in the multi handle, each owning its Transfer
    unsigned active = 0;
};

HttpClient::HttpClient(HttpClientOptions options) : m_options(std::move(options)) {}

HttpClient::~HttpClient() = default;

std::future<HttpResponse> HttpClient::get(HttpRequest request) {
    std::promise<HttpResponse> promise;
    auto future = promise.get_future();
    const std::uint64_t limit = request.max_body_bytes != 0 ? request.max_body_bytes : m_options.max_body_bytes;
    if (file_url_path(request.url)) {
        HttpResponse r = read_file_url(request, limit);
        r.body_bytes = r.body.size();
        if (request.on_body && r.ok() && !request.head) {
            r.stopped = !request.on_body(r.body);
            r.body.clear();
        }
        promise.set_value(std::move(r));
        return future;
    }
    HttpResponse refused;
    refused.url = request.url;
    if (m_options.offline) {
        refused.offline = true;
        refused.error = "network access is disabled (offline), and " + redact_url(request.url) + " is not cached";
        promise.set_value(std::move(refused));
        return future;
    }
    if (!request.url.starts_with("http://") && !request.url.starts_with("https://")) {
        refused.error = "unsupported URL (only http, https and file): " + redact_url(request.url);
        promise.set_value(std::move(refused));
        return future;
    }
    {
        static std::mutex starting;
        std::lock_guard lock(starting);
        if (!m_loop) {
            auto api = detail::curl_api();
            if (!api) {
                refused.error = api.error();
                promise.set_value(std::move(refused));
                return future;
            }
            m_loop = std::make_unique<Loop>(**api, m_options);
        }
    }
    auto t = std::make_unique<Transfer>();
    t->request = std::move(request);
    t->limit = limit;
    t->promise = std::move(promise);
    m_loop->submit(std::move(t));
    return future;
}

std::vector<HttpResponse> HttpClient::get_all(std::vector<HttpRequest> requests) {
    std::vector<std::future<HttpResponse>> futures;
    futures.reserve(requests.size());
    for (auto& r : requests) futures.push_back(get(std::move(r)));
    std::vector<HttpResponse> out;
    out.reserve(futures.size());
    for (auto& f : futures) out.push_back(f.get());
    return out;
}

} // namespace lockkit::fetch
