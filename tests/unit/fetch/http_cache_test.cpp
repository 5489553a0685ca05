// The private-cache rules uv applies to index pages (RFC 9111 subset, with
// uv's 600 s Last-Modified heuristic), and the entry store: round trip,
// atomic replacement, and entries that do not read back counting as misses.

#include "../../temp_tree.hpp"

#include "lockkit/fetch/http_cache.hpp"

#include <catch2/catch.hpp>

#include <fstream>

using namespace lockkit::fetch;

namespace {

HttpResponse response(long status, std::vector<std::pair<std::string, std::string>> headers) {
    HttpResponse r;
    r.status = status;
    r.headers = std::move(headers);
    return r;
}

constexpr std::int64_t k_now = 1'700'000'000;

} // namespace

TEST_CASE("HTTP dates in the three RFC 9110 forms", "[fetch][cache]") {
    // RFC 9110 5.6.7's example instant, 1994-11-06T08:49:37Z.
    CHECK(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT") == 784111777);
    CHECK(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT") == 784111777);
    CHECK(parse_http_date("Sun Nov  6 08:49:37 1994") == 784111777);
    CHECK_FALSE(parse_http_date("yesterday"));
}

TEST_CASE("freshness: max-age, Expires - Date, the Last-Modified heuristic, else none", "[fetch][cache]") {
    // PyPI's simple pages: max-age=600.
    const auto pypi = CachePolicy::from_response(response(200, {{"cache-control", "max-age=600, public"}}), k_now);
    CHECK(pypi.storable());
    CHECK(pypi.freshness_lifetime() == 600);
    CHECK(pypi.fresh(k_now + 599));
    CHECK_FALSE(pypi.fresh(k_now + 600));  // equality is stale
    const auto expires = CachePolicy::from_response(
        response(200, {{"date", "Sun, 06 Nov 1994 08:49:37 GMT"}, {"expires", "Sun, 06 Nov 1994 08:59:37 GMT"}}), k_now);
    CHECK(expires.freshness_lifetime() == 600);
    const auto heuristic =
        CachePolicy::from_response(response(200, {{"last-modified", "Sun, 06 Nov 1994 08:49:37 GMT"}}), k_now);
    CHECK(heuristic.freshness_lifetime() == 600);
    const auto none = CachePolicy::from_response(response(200, {{"etag", "\"x\""}}), k_now);
    CHECK(none.freshness_lifetime() == 0);
    CHECK_FALSE(none.fresh(k_now));
    CHECK(none.storable());  // 200 is heuristically cacheable: stored, revalidated each time
}

TEST_CASE("Age and the apparent age count against freshness", "[fetch][cache]") {
    const auto aged = CachePolicy::from_response(response(200, {{"cache-control", "max-age=600"}, {"age", "590"}}), k_now);
    CHECK(aged.fresh(k_now + 9));
    CHECK_FALSE(aged.fresh(k_now + 10));
}

TEST_CASE("what may be stored", "[fetch][cache]") {
    CHECK_FALSE(CachePolicy::from_response(response(200, {{"cache-control", "no-store"}}), k_now).storable());
    CHECK_FALSE(CachePolicy::from_response(response(206, {{"cache-control", "max-age=9"}}), k_now).storable());
    CHECK_FALSE(CachePolicy::from_response(response(304, {}), k_now).storable());
    CHECK_FALSE(CachePolicy::from_response(response(500, {}), k_now).storable());
    CHECK(CachePolicy::from_response(response(404, {}), k_now).storable());
    CHECK(CachePolicy::from_response(response(500, {{"cache-control", "max-age=5"}}), k_now).storable());
}

TEST_CASE("modes: normal, --refresh, offline", "[fetch][cache]") {
    const auto fresh = CachePolicy::from_response(response(200, {{"cache-control", "max-age=600"}}), k_now);
    const auto files = CachePolicy::from_response(response(200, {{"cache-control", "max-age=365000000, immutable"}}), k_now);
    const auto stale = CachePolicy::from_response(response(200, {{"cache-control", "max-age=0"}}), k_now);
    CHECK(usable_without_request(fresh, CacheMode::Normal, k_now + 1));
    CHECK_FALSE(usable_without_request(fresh, CacheMode::MustRevalidate, k_now + 1));
    CHECK(usable_without_request(files, CacheMode::MustRevalidate, k_now + 1));
    CHECK_FALSE(usable_without_request(stale, CacheMode::Normal, k_now));
    CHECK(usable_without_request(stale, CacheMode::AllowStale, k_now + 1'000'000));
    const auto no_cache = CachePolicy::from_response(response(200, {{"cache-control", "no-cache, max-age=600"}}), k_now);
    CHECK_FALSE(usable_without_request(no_cache, CacheMode::Normal, k_now));
}

TEST_CASE("revalidation headers and a 304's refresh", "[fetch][cache]") {
    const auto stored = CachePolicy::from_response(
        response(200, {{"etag", "\"abc\""}, {"last-modified", "Sun, 06 Nov 1994 08:49:37 GMT"}, {"cache-control", "max-age=60"}}),
        k_now);
    CHECK(stored.revalidation_headers() ==
          std::vector<std::string>{"If-None-Match: \"abc\"", "If-Modified-Since: Sun, 06 Nov 1994 08:49:37 GMT"});
    CHECK_FALSE(stored.fresh(k_now + 100));
    const auto refreshed = stored.refreshed_by(response(304, {{"cache-control", "max-age=120"}}), k_now + 100);
    CHECK(refreshed.fresh(k_now + 219));
    CHECK_FALSE(refreshed.fresh(k_now + 220));
    CHECK(refreshed.etag == "\"abc\"");
}

// uv-client's httpcache: the Vary names with the request's values are stored; a request whose value
// differs (or a `Vary: *`) is not served from the entry but revalidated; allow-stale skips the check.
TEST_CASE("Vary: a request with other values for the named headers revalidates", "[fetch][cache]") {
    const std::vector<std::string> json{"Accept: application/vnd.pypi.simple.v1+json"};
    const std::vector<std::string> html{"accept:   text/html"};
    const auto policy = CachePolicy::from_response(
        response(200, {{"cache-control", "max-age=600"}, {"vary", "Accept, Accept-Encoding"}, {"vary", "X-Missing"}}),
        k_now, json);
    CHECK(policy.vary == std::vector<VaryField>{{"accept", "application/vnd.pypi.simple.v1+json"},
                                                {"accept-encoding", ""},
                                                {"x-missing", ""}});
    CHECK(usable_without_request(policy, CacheMode::Normal, k_now + 1, json));
    CHECK_FALSE(usable_without_request(policy, CacheMode::Normal, k_now + 1, html));
    CHECK_FALSE(usable_without_request(policy, CacheMode::Normal, k_now + 1, {}));  // no Accept at all differs too
    CHECK_FALSE(usable_without_request(policy, CacheMode::Normal, k_now + 1,
                                       {json[0], "X-Missing: now-set"}));
    CHECK(usable_without_request(policy, CacheMode::AllowStale, k_now + 1, html));
    // Header names compare without case, values after trimming.
    CHECK(policy.vary_matches({"ACCEPT:application/vnd.pypi.simple.v1+json  "}));

    const auto star = CachePolicy::from_response(response(200, {{"cache-control", "max-age=600"}, {"vary", "accept, *"}}), k_now, json);
    CHECK(star.vary == std::vector<VaryField>{{"*", ""}});
    CHECK_FALSE(usable_without_request(star, CacheMode::Normal, k_now + 1, json));
    CHECK(star.revalidation_headers().empty());  // no validators: the revalidation is a plain GET

    // A 304's Vary replaces the stored one.
    const auto refreshed = policy.refreshed_by(response(304, {{"vary", "Accept"}}), k_now + 5, html);
    CHECK(refreshed.vary == std::vector<VaryField>{{"accept", "text/html"}});
    CHECK(policy.refreshed_by(response(304, {}), k_now + 5, html).vary.empty());
}

TEST_CASE("entries round-trip; anything else reads as a miss", "[fetch][cache]") {
    lockkit::testing::TempTree dir;
    const HttpCache cache(dir.root() / "simple-v1");
    CacheEntry entry;
    entry.policy = CachePolicy::from_response(
        response(200, {{"etag", "\"v1\""}, {"cache-control", "max-age=600, immutable"}, {"date", "Sun, 06 Nov 1994 08:49:37 GMT"},
                       {"vary", "Accept, Accept-Encoding"}}),
        k_now, {"Accept: text/html; q=0.1"});
    REQUIRE(entry.policy.vary.size() == 2);
    entry.payload = std::string("binary\0payload\nwith lines", 25);
    CHECK_FALSE(cache.read("https://pypi.org/simple/foo/"));
    REQUIRE(cache.write("https://pypi.org/simple/foo/", entry));
    const auto back = cache.read("https://pypi.org/simple/foo/");
    REQUIRE(back);
    CHECK(*back == entry);
    CHECK_FALSE(cache.read("https://pypi.org/simple/bar/"));

    // Replaced atomically; no temporary file left behind.
    entry.payload = "second";
    REQUIRE(cache.write("https://pypi.org/simple/foo/", entry));
    CHECK(cache.read("https://pypi.org/simple/foo/")->payload == "second");
    CHECK(dir.count_files("simple-v1") == 1);

    const auto path = cache.path_of("https://pypi.org/simple/foo/");
    const std::string good = dir.read(path);
    auto corrupt = [&](const std::string& text) {
        std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
        return cache.read("https://pypi.org/simple/foo/");
    };
    CHECK_FALSE(corrupt(good.substr(0, good.size() - 1)));             // truncated payload
    CHECK_FALSE(corrupt(good + "x"));                                   // longer than it says
    CHECK_FALSE(corrupt("lockkit-http-cache 1\n" + good.substr(21)));   // an older version (no Vary fields)
    CHECK_FALSE(corrupt("lockkit-http-cache 3\n" + good.substr(21)));   // a version we do not know
    CHECK_FALSE(corrupt(""));
    std::string other_key = good;
    other_key.replace(other_key.find("simple/foo/"), 11, "simple/baz/");
    CHECK_FALSE(corrupt(other_key));                                    // a hash collision or a moved file
    CHECK(corrupt(good));
}
