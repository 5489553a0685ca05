// The registry client against loopback indexes (fake_index.hpp): content
// negotiation, uv's index strategies, explicit and pinned indexes, flat
// indexes and find-links, the page cache (fresh, revalidated, --refresh,
// offline), and the errors that must leave no cache entry behind.

#include "../../temp_tree.hpp"
#include "fake_index.hpp"

#include "lockkit/fetch/http_cache.hpp"
#include "lockkit/index/media_type.hpp"
#include "lockkit/index/registry_client.hpp"

#include <catch2/catch.hpp>

using namespace lockkit;
using namespace lockkit::index;
using lockkit::testing::FakeIndex;
using lockkit::testing::HttpTestRequest;
using lockkit::testing::HttpTestResponse;
using lockkit::testing::json_file;
using lockkit::testing::json_page_of;
using lockkit::testing::TempTree;

namespace {

RegistryOptions options_for(const TempTree& tree, std::vector<std::string> urls) {
    RegistryOptions o;
    o.cache_root = tree.root() / "cache";
    o.http.retry.base_delay = std::chrono::milliseconds(1);
    o.http.retry.max_delay = std::chrono::milliseconds(2);
    o.workers = 8;
    for (std::size_t i = 0; i < urls.size(); ++i) {
        o.locations.indexes.push_back(make_location(urls[i], tree.root(), {}, "index" + std::to_string(i)));
    }
    return o;
}

const std::string k_wheel = "a-1.0-py3-none-any.whl";

ListingResult list(RegistryClient& client, std::string_view name, std::optional<std::string_view> pin = std::nullopt) {
    return client.project(name, pin).get();
}

std::vector<std::string> filenames(const ProjectFiles& files) {
    std::vector<std::string> out;
    for (const auto& f : files.files()) out.emplace_back(f.filename);
    return out;
}

} // namespace

TEST_CASE("pages are asked for with uv's Accept header and read by their Content-Type", "[index][registry]") {
    FakeIndex json_index, html_index;
    json_index.json_page("a", json_page_of({json_file(k_wheel, "w"), json_file("a-1.0.tar.gz", "s")}));
    HttpTestResponse html;
    html.headers = {{"Content-Type", "text/html; charset=utf-8"}};
    html.body = "<a href='/files/b-2.0.tar.gz#sha256=ab' data-requires-python='&gt;=3.9'>b</a>";
    html_index.route("/simple/b/", html);
    TempTree tree;
    RegistryClient client(options_for(tree, {json_index.url("/simple"), html_index.url("/simple/")}));
    auto a = list(client, "a");
    REQUIRE(a);
    CHECK(a->status == PackageListing::Status::Found);
    REQUIRE(a->pages.size() == 1);
    CHECK(a->pages[0].index->url == json_index.url("/simple"));
    CHECK(filenames(*a->pages[0].files) == std::vector<std::string>{"a-1.0-py3-none-any.whl", "a-1.0.tar.gz"});
    CHECK(a->pages[0].files->files()[0].url == json_index.url("/files/a-1.0-py3-none-any.whl"));
    const auto requests = json_index.requests();
    REQUIRE(requests.size() == 1);
    CHECK(requests[0].path == "/simple/a/");
    CHECK(requests[0].headers.at("accept") == simple_accept_header());
    auto b = list(client, "b");
    REQUIRE(b);
    REQUIRE(b->pages.size() == 1);
    CHECK(b->pages[0].index->name == "index1");
    CHECK(b->pages[0].files->files()[0].requires_python->text == ">=3.9");
    CHECK(json_index.count("GET", "/simple/b/") == 1);  // first index asked, said 404
    // Asking again in the same run is the same answer, not another request.
    auto again = list(client, "a");
    CHECK(json_index.count("GET", "/simple/a/") == 1);
}

TEST_CASE("first-index: 404 asks the next index; 401 and 403 end the search quietly", "[index][registry]") {
    FakeIndex first, second;
    second.json_page("a", json_page_of({json_file(k_wheel, "w")}));
    TempTree tree;
    SECTION("404") {
        RegistryClient client(options_for(tree, {first.url("/simple"), second.url("/simple")}));
        auto a = list(client, "a");
        REQUIRE(a);
        REQUIRE(a->pages.size() == 1);
        CHECK(a->pages[0].index->name == "index1");
        CHECK(a->refused.empty());
    }
    for (int status : {401, 403}) {
        DYNAMIC_SECTION("status " << status) {
            HttpTestResponse refused;
            refused.status = status;
            first.route("/simple/a/", refused);
            RegistryClient client(options_for(tree, {first.url("/simple"), second.url("/simple")}));
            auto a = list(client, "a");
            REQUIRE(a);
            CHECK(a->status == PackageListing::Status::NotFound);
            CHECK(a->pages.empty());
            REQUIRE(a->refused.size() == 1);
            CHECK(a->refused[0]->name == "index0");
            CHECK(second.requests().empty());  // never fell through to the public index
        }
    }
    SECTION("500 is an error naming the page") {
        HttpTestResponse broken;
        broken.status = 500;
        first.route("/simple/a/", broken);
        RegistryClient client(options_for(tree, {first.url("/simple"), second.url("/simple")}));
        auto a = list(client, "a");
        REQUIRE_FALSE(a);
        CHECK_THAT(a.error().render(), Catch::Contains("/simple/a/") && Catch::Contains("HTTP 500") &&
                                           Catch::Contains("while looking for `a`"));
        CHECK(first.count("GET", "/simple/a/") == 4);  // retried three times
    }
}

// Checked against uv 0.12.5 (two local indexes, the first answering a fixed status for the
// project page): [403] or [401] let uv lock from the second index, as does [500] after its
// retries; without the setting 401 and 403 end the search (exit 1) and 410 is an error (exit 2);
// unsafe-best-match passes over 403 and 407 but fails on 500 even when it is listed.
TEST_CASE("ignore-error-codes: listed statuses mean \"not here\" under first-index only", "[index][registry]") {
    FakeIndex first, second;
    second.json_page("a", json_page_of({json_file(k_wheel, "w")}));
    TempTree tree;
    std::unique_ptr<RegistryClient> client;  // owns the index locations a listing points to
    auto with_status = [&](int status, std::optional<std::vector<int>> ignored,
                           pyproject::IndexStrategy strategy = pyproject::IndexStrategy::FirstIndex) {
        HttpTestResponse r;
        r.status = status;
        first.route("/simple/a/", r);
        first.clear_log();
        auto options = options_for(tree, {first.url("/simple"), second.url("/simple")});
        options.locations.indexes[0].ignore_error_codes = std::move(ignored);
        options.locations.strategy = strategy;
        client = std::make_unique<RegistryClient>(std::move(options));
        return list(*client, "a");
    };
    for (int status : {401, 403, 500}) {
        DYNAMIC_SECTION("listed " << status) {
            auto a = with_status(status, std::vector<int>{status});
            REQUIRE(a);
            REQUIRE(a->pages.size() == 1);
            CHECK(a->pages[0].index->name == "index1");
            CHECK(a->refused.empty());
        }
    }
    SECTION("404 stays \"not here\" whatever the list says") {
        auto a = with_status(404, std::vector<int>{403});
        REQUIRE(a);
        REQUIRE(a->pages.size() == 1);
        CHECK(a->pages[0].index->name == "index1");
    }
    SECTION("a status the list does not name keeps its default meaning") {
        auto refused = with_status(403, std::vector<int>{401});
        REQUIRE(refused);
        CHECK(refused->pages.empty());
        CHECK(refused->refused.size() == 1);
        auto gone = with_status(410, std::vector<int>{401});
        REQUIRE_FALSE(gone);
        CHECK_THAT(gone.error().render(), Catch::Contains("HTTP 410"));
    }
    SECTION("unsafe strategies pass over 407 and ignore the list") {
        auto proxy = with_status(407, std::nullopt, pyproject::IndexStrategy::UnsafeBestMatch);
        REQUIRE(proxy);
        REQUIRE(proxy->pages.size() == 1);
        CHECK(proxy->pages[0].index->name == "index1");
        auto broken = with_status(500, std::vector<int>{500}, pyproject::IndexStrategy::UnsafeBestMatch);
        REQUIRE_FALSE(broken);
        CHECK_THAT(broken.error().render(), Catch::Contains("HTTP 500"));
    }
}

TEST_CASE("status verdicts: uv's defaults, PyTorch's 403, and a list that replaces them", "[index][registry]") {
    using pyproject::IndexStrategy;
    IndexLocation plain = make_location("https://internal.example/simple", ".", {});
    CHECK(plain.page_status_verdict(404, IndexStrategy::FirstIndex) == StatusVerdict::NotHere);
    CHECK(plain.page_status_verdict(401, IndexStrategy::FirstIndex) == StatusVerdict::Refused);
    CHECK(plain.page_status_verdict(403, IndexStrategy::FirstIndex) == StatusVerdict::Refused);
    CHECK(plain.page_status_verdict(407, IndexStrategy::FirstIndex) == StatusVerdict::Error);
    CHECK(plain.page_status_verdict(500, IndexStrategy::FirstIndex) == StatusVerdict::Error);
    for (long status : {401L, 403L, 404L, 407L, 511L}) {
        CHECK(plain.page_status_verdict(status, IndexStrategy::UnsafeFirstMatch) == StatusVerdict::NotHere);
    }
    CHECK(plain.page_status_verdict(500, IndexStrategy::UnsafeBestMatch) == StatusVerdict::Error);
    IndexLocation torch = make_location("https://download.pytorch.org/whl/cu118", ".", {});
    CHECK(torch.page_status_verdict(403, IndexStrategy::FirstIndex) == StatusVerdict::NotHere);
    CHECK(torch.page_status_verdict(401, IndexStrategy::FirstIndex) == StatusVerdict::Refused);
    torch.ignore_error_codes = std::vector<int>{401};
    CHECK(torch.page_status_verdict(403, IndexStrategy::FirstIndex) == StatusVerdict::Refused);
    CHECK(torch.page_status_verdict(401, IndexStrategy::FirstIndex) == StatusVerdict::NotHere);
    CHECK(torch.ignores_error_code(401));
    CHECK_FALSE(torch.ignores_error_code(403));
    CHECK_FALSE(plain.ignores_error_code(404));  // only a list makes a file's status ignorable
}

TEST_CASE("unsafe strategies ask every index and ignore refusals", "[index][registry]") {
    FakeIndex first, second, third;
    first.json_page("a", json_page_of({json_file("a-1.0.tar.gz", "1")}));
    HttpTestResponse refused;
    refused.status = 401;
    second.route("/simple/a/", refused);
    third.json_page("a", json_page_of({json_file("a-2.0.tar.gz", "2")}));
    TempTree tree;
    auto options = options_for(tree, {first.url("/simple"), second.url("/simple"), third.url("/simple")});
    options.locations.strategy = pyproject::IndexStrategy::UnsafeBestMatch;
    RegistryClient client(std::move(options));
    auto a = list(client, "a");
    REQUIRE(a);
    REQUIRE(a->pages.size() == 2);
    CHECK(a->pages[0].index->name == "index0");
    CHECK(a->pages[1].index->name == "index2");
    CHECK(a->refused.empty());
}

TEST_CASE("explicit indexes serve only packages pinned to them", "[index][registry]") {
    FakeIndex pub, priv;
    pub.json_page("a", json_page_of({json_file("a-1.0.tar.gz", "1")}));
    priv.json_page("a", json_page_of({json_file("a-9.0.tar.gz", "9")}));
    TempTree tree;
    tree.write("links/a-5.0.tar.gz", "x");
    auto options = options_for(tree, {priv.url("/simple"), pub.url("/simple")});
    options.locations.indexes[0].name = "private";
    options.locations.indexes[0].is_explicit = true;
    options.locations.find_links.push_back(make_location((tree.root() / "links").string(), tree.root(), {}));
    options.locations.find_links.back().flat = true;
    RegistryClient client(std::move(options));
    auto unpinned = list(client, "a");
    REQUIRE(unpinned);
    REQUIRE(unpinned->pages.size() == 1);
    CHECK(filenames(*unpinned->pages[0].files) == std::vector<std::string>{"a-1.0.tar.gz"});
    REQUIRE(unpinned->find_links);
    CHECK(filenames(*unpinned->find_links) == std::vector<std::string>{"a-5.0.tar.gz"});
    CHECK(priv.requests().empty());
    auto pinned = list(client, "a", "private");
    REQUIRE(pinned);
    REQUIRE(pinned->pages.size() == 1);
    CHECK(filenames(*pinned->pages[0].files) == std::vector<std::string>{"a-9.0.tar.gz"});
    CHECK_FALSE(pinned->find_links);  // a pinned package ignores find-links
    auto unknown = list(client, "a", "nope");
    REQUIRE_FALSE(unknown);
    CHECK_THAT(unknown.error().render(), Catch::Contains("no index has that name"));
}

TEST_CASE("find-links files join every unpinned answer, and stand alone without indexes", "[index][registry]") {
    FakeIndex pub, links;
    pub.json_page("a", json_page_of({json_file("a-1.0.tar.gz", "1")}));
    HttpTestResponse page;
    page.headers = {{"Content-Type", "text/html"}};
    page.body = "<a href='/dl/a-3.0-py3-none-any.whl'>a</a><a href='/dl/b-1.0.tar.gz'>b</a>";
    links.route("/links/", page);
    TempTree tree;
    tree.write("folder/a-2.0.tar.gz", "x");
    tree.write("folder/README.txt", "not a distribution");
    auto options = options_for(tree, {pub.url("/simple")});
    for (const auto& where : {(tree.root() / "folder").string(), links.url("/links/")}) {
        options.locations.find_links.push_back(make_location(where, tree.root(), {}));
        options.locations.find_links.back().flat = true;
    }
    SECTION("with an index") {
        RegistryClient client(std::move(options));
        auto a = list(client, "a");
        REQUIRE(a);
        REQUIRE(a->find_links);
        CHECK(filenames(*a->find_links) == std::vector<std::string>{"a-2.0.tar.gz", "a-3.0-py3-none-any.whl"});
        // Per location too, in location order (a lock names the location of each file).
        REQUIRE(a->find_links_pages.size() == 2);
        CHECK(a->find_links_pages[0].index->is_local());
        CHECK(filenames(*a->find_links_pages[0].files) == std::vector<std::string>{"a-2.0.tar.gz"});
        CHECK(filenames(*a->find_links_pages[1].files) == std::vector<std::string>{"a-3.0-py3-none-any.whl"});
        auto b = list(client, "b");  // on no index: the find-links files are the answer
        REQUIRE(b);
        CHECK(b->status == PackageListing::Status::Found);
        CHECK(b->pages.empty());
        CHECK(filenames(*b->find_links) == std::vector<std::string>{"b-1.0.tar.gz"});
        list(client, "c");
        CHECK(links.count("GET", "/links/") == 1);  // one read per run, whatever the number of packages
    }
    SECTION("--no-index") {
        options.locations.indexes.clear();
        options.locations.no_index = true;
        RegistryClient client(std::move(options));
        auto c = list(client, "c");
        REQUIRE(c);
        CHECK(c->status == PackageListing::Status::NoIndex);
        CHECK(list(client, "a")->status == PackageListing::Status::Found);
        CHECK(pub.requests().empty());
    }
}

TEST_CASE("a flat index takes part in the index order", "[index][registry]") {
    FakeIndex pub;
    pub.json_page("a", json_page_of({json_file("a-1.0.tar.gz", "1")}));
    TempTree tree;
    tree.write("flat/a-7.0.tar.gz", "x");
    auto options = options_for(tree, {(tree.root() / "flat").string(), pub.url("/simple")});
    options.locations.indexes[0].flat = true;
    RegistryClient client(std::move(options));
    auto a = list(client, "a");
    REQUIRE(a);
    REQUIRE(a->pages.size() == 1);
    CHECK(filenames(*a->pages[0].files) == std::vector<std::string>{"a-7.0.tar.gz"});
    CHECK(pub.requests().empty());
    CHECK(list(client, "b")->status == PackageListing::Status::NotFound);
}

TEST_CASE("fresh pages need no request, stale ones are revalidated, --refresh-package asks again",
          "[index][registry][cache]") {
    FakeIndex index;
    std::atomic<int> conditional{0};
    index.hook = [&](const HttpTestRequest& r) -> std::optional<HttpTestResponse> {
        if (r.headers.count("if-none-match") && r.headers.at("if-none-match") == "\"v1\"") {
            ++conditional;
            HttpTestResponse not_modified;
            not_modified.status = 304;
            not_modified.headers = {{"ETag", "\"v1\""}, {"Cache-Control", r.path == "/simple/stale/" ? "max-age=0" : "max-age=600"}};
            return not_modified;
        }
        return std::nullopt;
    };
    index.json_page("fresh", json_page_of({json_file("fresh-1.0.tar.gz", "1")}),
                    {{"Cache-Control", "max-age=600"}, {"ETag", "\"v1\""}});
    index.json_page("stale", json_page_of({json_file("stale-1.0.tar.gz", "1")}),
                    {{"Cache-Control", "max-age=0"}, {"ETag", "\"v1\""}});
    index.json_page("nocache", json_page_of({json_file("nocache-1.0.tar.gz", "1")}), {{"Cache-Control", "no-store"}});
    TempTree tree;
    const auto url = index.url("/simple");
    {
        RegistryClient client(options_for(tree, {url}));
        for (const char* name : {"fresh", "stale", "nocache"}) REQUIRE(list(client, name));
    }
    CHECK(index.requests().size() == 3);
    index.clear_log();
    {
        RegistryClient client(options_for(tree, {url}));
        for (const char* name : {"fresh", "stale", "nocache"}) {
            auto page = list(client, name);
            REQUIRE(page);
            REQUIRE(page->pages.size() == 1);
            CHECK(page->pages[0].files->files()[0].name == name);
        }
        CHECK(client.requests_sent() == 2);  // fresh from the cache; stale revalidated; no-store fetched
    }
    CHECK(index.count("GET", "/simple/fresh/") == 0);
    CHECK(conditional == 1);
    index.clear_log();
    {
        auto options = options_for(tree, {url});
        options.refresh_packages = {"fresh"};
        RegistryClient client(std::move(options));
        auto page = list(client, "fresh");
        REQUIRE(page);
        CHECK(page->pages[0].files->files().size() == 1);
        CHECK(index.count("GET", "/simple/fresh/") == 1);  // revalidated although fresh
        CHECK(conditional == 2);
    }
}

TEST_CASE("Vary: a fresh page is revalidated when the request differs from the one that fetched it",
          "[index][registry][cache]") {
    FakeIndex index;
    std::atomic<int> conditional{0};
    index.hook = [&](const HttpTestRequest& r) -> std::optional<HttpTestResponse> {
        if (r.headers.count("if-none-match") && r.headers.at("if-none-match") == "\"v1\"") {
            ++conditional;
            HttpTestResponse not_modified;
            not_modified.status = 304;
            not_modified.headers = {{"ETag", "\"v1\""}, {"Cache-Control", "max-age=600"}, {"Vary", "Accept"}};
            return not_modified;
        }
        return std::nullopt;
    };
    index.json_page("star", json_page_of({json_file("star-1.0.tar.gz", "1")}),
                    {{"Cache-Control", "max-age=600"}, {"ETag", "\"v1\""}, {"Vary", "*"}});
    index.json_page("accept", json_page_of({json_file("accept-1.0.tar.gz", "1")}),
                    {{"Cache-Control", "max-age=600"}, {"ETag", "\"v1\""}, {"Vary", "Accept"}});
    TempTree tree;
    const auto url = index.url("/simple");
    {
        RegistryClient client(options_for(tree, {url}));
        for (const char* name : {"star", "accept"}) REQUIRE(list(client, name));
    }
    // Another request for `accept` stored it: its Accept differed from ours.
    const fetch::HttpCache cache(tree.root() / "cache" / "simple-v1");
    const std::string key = "simple " + url + "/accept/";
    auto entry = cache.read(key);
    REQUIRE(entry);
    REQUIRE(entry->policy.vary == std::vector<fetch::VaryField>{{"accept", std::string(simple_accept_header())}});
    index.clear_log();
    {
        RegistryClient client(options_for(tree, {url}));
        REQUIRE(list(client, "accept"));
        CHECK(client.requests_sent() == 0);  // same Accept: fresh, no request
        auto star = list(client, "star");
        REQUIRE(star);
        CHECK(star->pages[0].files->files()[0].name == "star");
        CHECK(client.requests_sent() == 1);  // Vary: * never matches: revalidated, 304
        CHECK(conditional == 1);
    }
    entry->policy.vary = {{"accept", "text/html"}};
    REQUIRE(cache.write(key, *entry));
    {
        RegistryClient client(options_for(tree, {url}));
        auto page = list(client, "accept");
        REQUIRE(page);
        CHECK(page->pages[0].files->files()[0].name == "accept");
        CHECK(client.requests_sent() == 1);
        CHECK(conditional == 2);
    }
    // The 304's Vary, with our Accept, is what the entry holds now: fresh again without a request.
    CHECK(cache.read(key)->policy.vary == std::vector<fetch::VaryField>{{"accept", std::string(simple_accept_header())}});
    {
        RegistryClient client(options_for(tree, {url}));
        REQUIRE(list(client, "accept"));
        CHECK(client.requests_sent() == 0);
    }
}

TEST_CASE("offline: any cached page, no connection, and a miss is Offline", "[index][registry][cache]") {
    FakeIndex index;
    index.json_page("a", json_page_of({json_file("a-1.0.tar.gz", "1")}), {{"Cache-Control", "max-age=0"}});
    TempTree tree;
    {
        RegistryClient client(options_for(tree, {index.url("/simple")}));
        REQUIRE(list(client, "a"));
    }
    index.clear_log();
    auto options = options_for(tree, {index.url("/simple")});
    options.offline = true;
    RegistryClient client(std::move(options));
    auto a = list(client, "a");
    REQUIRE(a);
    CHECK(a->status == PackageListing::Status::Found);
    auto b = list(client, "b");
    REQUIRE(b);
    CHECK(b->status == PackageListing::Status::Offline);
    CHECK(index.requests().empty());
    CHECK(client.requests_sent() == 0);
}

TEST_CASE("bad pages are clear errors and leave no cache entry", "[index][registry][cache]") {
    FakeIndex index;
    HttpTestResponse r;
    r.headers = {{"Content-Type", "application/vnd.pypi.simple.v1+json"}};
    r.body = "{\"files\": [{\"filename\": \"a-1.0.tar.gz\"";
    index.route("/simple/json/", r);
    r.headers = {{"Content-Type", "text/html"}};
    r.body = "<html><a href=\"x.tar.gz";
    index.route("/simple/html/", r);
    r.headers = {};
    r.body = "{}";
    index.route("/simple/untyped/", r);
    r.headers = {{"Content-Type", "application/json"}};
    index.route("/simple/unknown/", r);
    r.headers = {{"Content-Type", "text/html"}};
    r.body = "";
    r.content_length = "10737418240";  // 10 GB announced
    index.route("/simple/huge/", r);
    HttpTestResponse redirect;
    redirect.status = 302;
    redirect.headers = {{"Location", "file:///etc/passwd"}};
    index.route("/simple/redirect/", redirect);
    TempTree tree;
    RegistryClient client(options_for(tree, {index.url("/simple")}));
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"json", "invalid PEP 691 project page"},
        {"html", "invalid HTML index page"},
        {"untyped", "without a Content-Type"},
        {"unknown", "application/json"},
        {"huge", "larger than the"},
        {"redirect", "cannot fetch the page"},
    };
    for (const auto& [name, message] : cases) {
        auto page = list(client, name);
        REQUIRE_FALSE(page);
        CHECK_THAT(page.error().render(), Catch::Contains(message));
        CHECK_THAT(page.error().render(), Catch::Contains("/simple/" + name + "/"));
    }
    CHECK(tree.count_files("cache/simple-v1") == 0);
}
