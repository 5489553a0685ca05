// The asynchronous HTTP client against a real socket server on 127.0.0.1
// (tests/http_test_server.hpp) and through file:// URLs: bodies and headers,
// retries of transient answers, size limits (announced and actual), byte
// ranges, redirects that may not leave http(s), offline refusal, and many
// requests at once.

#include "../../http_test_server.hpp"
#include "../../temp_tree.hpp"

#include "lockkit/fetch/http_client.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <cstdlib>
#include <optional>

using namespace lockkit::fetch;
using lockkit::testing::HttpTestRequest;
using lockkit::testing::HttpTestResponse;
using lockkit::testing::HttpTestServer;

namespace {

HttpClientOptions quick() {
    HttpClientOptions o;
    o.retry.base_delay = std::chrono::milliseconds(1);
    o.retry.max_delay = std::chrono::milliseconds(5);
    return o;
}

} // namespace

TEST_CASE("a GET returns status, body and lower-cased headers", "[fetch][http]") {
    HttpTestServer server([](const HttpTestRequest& r) {
        HttpTestResponse out;
        out.headers = {{"ETag", "\"v1\""}, {"Content-Type", "application/vnd.pypi.simple.v1+json"}};
        out.body = "page for " + r.path + " accept=" + (r.headers.count("accept") ? r.headers.at("accept") : "");
        return out;
    });
    HttpClient client(quick());
    HttpRequest req{server.url("/simple/foo/")};
    req.headers.push_back("Accept: application/vnd.pypi.simple.v1+json");
    const auto r = client.get(req).get();
    REQUIRE(r.ok());
    CHECK(r.status == 200);
    CHECK(r.body == "page for /simple/foo/ accept=application/vnd.pypi.simple.v1+json");
    CHECK(r.header("etag") == "\"v1\"");
    CHECK(r.header("content-type") == "application/vnd.pypi.simple.v1+json");
    CHECK(r.attempts == 1);
}

TEST_CASE("500 then 200 is retried; 404 is not", "[fetch][http]") {
    std::atomic<int> calls{0};
    HttpTestServer server([&](const HttpTestRequest& r) {
        HttpTestResponse out;
        if (r.path == "/flaky" && calls++ == 0) {
            out.status = 500;
            out.body = "oops";
        } else if (r.path == "/missing") {
            out.status = 404;
        } else {
            out.body = "fine";
        }
        return out;
    });
    HttpClient client(quick());
    const auto flaky = client.get({server.url("/flaky")}).get();
    CHECK(flaky.ok());
    CHECK(flaky.body == "fine");
    CHECK(flaky.attempts == 2);
    const auto missing = client.get({server.url("/missing")}).get();
    CHECK(missing.status == 404);
    CHECK(missing.error.empty());
    CHECK(missing.attempts == 1);
}

TEST_CASE("a body cut short is retried and then reported", "[fetch][http]") {
    HttpTestServer server([](const HttpTestRequest&) {
        HttpTestResponse out;
        out.body = std::string(1000, 'x');
        out.truncate_at = 10;
        return out;
    });
    auto options = quick();
    options.retry.retries = 2;
    HttpClient client(options);
    const auto r = client.get({server.url("/t")}).get();
    CHECK_FALSE(r.ok());
    CHECK_FALSE(r.error.empty());
    CHECK(r.attempts == 3);
    CHECK(server.requests() == 3);
}

TEST_CASE("a response over the limit ends the transfer, announced or not", "[fetch][http]") {
    HttpTestServer server([](const HttpTestRequest& r) {
        HttpTestResponse out;
        if (r.path == "/huge") {
            out.content_length = "10737418240";  // 10 GB announced
            out.body = "short";
        } else {
            out.body = std::string(4096, 'y');
        }
        return out;
    });
    HttpClient client(quick());
    HttpRequest huge{server.url("/huge")};
    const auto announced = client.get(huge).get();
    CHECK_FALSE(announced.ok());
    CHECK_THAT(announced.error, Catch::Contains("limit"));
    CHECK(announced.attempts == 1);  // not transient
    HttpRequest big{server.url("/big")};
    big.max_body_bytes = 1000;
    const auto actual = client.get(big).get();
    CHECK_FALSE(actual.ok());
    CHECK_THAT(actual.error, Catch::Contains("1000-byte limit"));
}

TEST_CASE("byte ranges are sent as Range headers", "[fetch][http]") {
    const std::string content = "0123456789abcdef";
    HttpTestServer server([&](const HttpTestRequest& r) {
        HttpTestResponse out;
        const std::string range = r.headers.count("range") ? r.headers.at("range") : "";
        if (range == "bytes=-4") {
            out.status = 206;
            out.body = content.substr(content.size() - 4);
        } else if (range == "bytes=2-5") {
            out.status = 206;
            out.body = content.substr(2, 4);
        } else {
            out.body = content;
        }
        return out;
    });
    HttpClient client(quick());
    HttpRequest tail{server.url("/w.whl")};
    tail.range = std::pair<std::int64_t, std::int64_t>{-4, 0};
    HttpRequest middle{server.url("/w.whl")};
    middle.range = std::pair<std::int64_t, std::int64_t>{2, 5};
    const auto results = client.get_all({tail, middle});
    CHECK(results[0].status == 206);
    CHECK(results[0].body == "cdef");
    CHECK(results[1].body == "2345");
}

TEST_CASE("redirects are followed over http only, never to file://", "[fetch][http]") {
    lockkit::testing::TempTree dir;
    dir.write("secret", "local file");
    HttpTestServer server([&](const HttpTestRequest& r) {
        HttpTestResponse out;
        if (r.path == "/to-file") {
            out.status = 302;
            out.headers = {{"Location", "file://" + (dir.root() / "secret").string()}};
        } else if (r.path == "/moved") {
            out.status = 301;
            out.headers = {{"Location", "/here"}};
        } else {
            out.body = "here";
        }
        return out;
    });
    HttpClient client(quick());
    const auto moved = client.get({server.url("/moved")}).get();
    CHECK(moved.ok());
    CHECK(moved.body == "here");
    CHECK(moved.url == server.url("/here"));
    const auto to_file = client.get({server.url("/to-file")}).get();
    CHECK_FALSE(to_file.ok());
    CHECK(to_file.body.find("local file") == std::string::npos);
}

TEST_CASE("file:// URLs are read from disk, ranges and directories included", "[fetch][http]") {
    lockkit::testing::TempTree dir;
    dir.write("simple/foo/index.html", "<a href='foo-1.0.tar.gz'>foo</a>");
    dir.write("w.bin", "0123456789");
    HttpClient client(quick());
    const auto page = client.get({"file://" + (dir.root() / "simple/foo/").string()}).get();
    CHECK(page.ok());
    CHECK(page.body == "<a href='foo-1.0.tar.gz'>foo</a>");
    HttpRequest tail{"file://" + (dir.root() / "w.bin").string()};
    tail.range = std::pair<std::int64_t, std::int64_t>{-3, 0};
    const auto t = client.get(tail).get();
    CHECK(t.status == 206);
    CHECK(t.body == "789");
    CHECK(t.header("content-range") == "bytes 7-9/10");
    const auto missing = client.get({"file://" + (dir.root() / "simple/bar/").string()}).get();
    CHECK(missing.status == 404);
    CHECK(file_url_path("file:///a%20b/c") == "/a b/c");
    CHECK_FALSE(file_url_path("https://x/"));
}

TEST_CASE("offline, no connection is opened", "[fetch][http]") {
    HttpTestServer server([](const HttpTestRequest&) { return HttpTestResponse{}; });
    auto options = quick();
    options.offline = true;
    HttpClient client(options);
    const auto r = client.get({server.url("/simple/foo/")}).get();
    CHECK(r.offline);
    CHECK_FALSE(r.ok());
    CHECK_THAT(r.error, Catch::Contains("offline"));
    CHECK(server.requests() == 0);
}

TEST_CASE("many requests at once all complete, bounded by the concurrency", "[fetch][http]") {
    std::atomic<int> in_flight{0}, peak{0};
    HttpTestServer server([&](const HttpTestRequest& r) {
        const int now = ++in_flight;
        int seen = peak.load();
        while (now > seen && !peak.compare_exchange_weak(seen, now)) {
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        --in_flight;
        HttpTestResponse out;
        out.body = r.path;
        return out;
    });
    auto options = quick();
    options.max_concurrency = 4;
    HttpClient client(options);
    std::vector<HttpRequest> requests;
    for (int i = 0; i < 40; ++i) requests.push_back({server.url("/p/" + std::to_string(i))});
    const auto results = client.get_all(requests);
    for (int i = 0; i < 40; ++i) {
        CHECK(results[static_cast<std::size_t>(i)].body == "/p/" + std::to_string(i));
    }
    CHECK(peak.load() <= 4);
    CHECK(peak.load() >= 2);
}

TEST_CASE("a client destroyed with requests in flight cancels them", "[fetch][http]") {
    HttpTestServer server([](const HttpTestRequest&) {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        return HttpTestResponse{};
    });
    std::future<HttpResponse> pending;
    {
        HttpClient client(quick());
        pending = client.get({server.url("/slow")});
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    const auto r = pending.get();
    CHECK(r.error == "cancelled");
}

namespace {

/// Sets an environment variable for the lifetime of the object (unset: nullopt).
class ScopedEnv {
public:
    ScopedEnv(const char* name, std::optional<std::string> value) : m_name(name) {
        if (const char* old = std::getenv(name)) m_old = old;
        if (value) {
            ::setenv(name, value->c_str(), 1);
        } else {
            ::unsetenv(name);
        }
    }
    ~ScopedEnv() {
        if (m_old) {
            ::setenv(m_name, m_old->c_str(), 1);
        } else {
            ::unsetenv(m_name);
        }
    }

private:
    const char* m_name;
    std::optional<std::string> m_old;
};

} // namespace

// Proxies come from the environment as for uv (http_proxy / https_proxy / all_proxy, no_proxy).
TEST_CASE("a proxy named in the environment carries the requests", "[fetch][http]") {
    HttpTestServer proxy([](const HttpTestRequest& r) {
        HttpTestResponse out;
        out.body = "proxied " + r.method + " " + r.path;
        return out;
    });
    ScopedEnv no_proxy_lower("no_proxy", std::nullopt), no_proxy_upper("NO_PROXY", std::nullopt);
    ScopedEnv all_lower("all_proxy", std::nullopt), all_upper("ALL_PROXY", std::nullopt);
    ScopedEnv http_proxy("http_proxy", proxy.url(""));
    HttpClient client(quick());
    const auto r = client.get(HttpRequest{"http://index.lockkit-test.invalid/simple/a/"}).get();
    REQUIRE(r.ok());
    // An HTTP proxy gets the whole URL in the request line.
    CHECK(r.body == "proxied GET http://index.lockkit-test.invalid/simple/a/");
    {
        ScopedEnv bypass("no_proxy", std::string("lockkit-test.invalid"));
        HttpClient direct(quick());
        const auto d = direct.get(HttpRequest{"http://index.lockkit-test.invalid/simple/a/"}).get();
        CHECK_FALSE(d.ok());  // straight to a host that does not exist
    }
}
