// Credential sources and bookkeeping (fetch/credentials.hpp): URL user
// information, realms, uv's per-index environment variables, netrc files,
// the Authorization header, and which credentials a request carries when.

#include "lockkit/fetch/credentials.hpp"

#include <catch2/catch.hpp>

using namespace lockkit::fetch;

TEST_CASE("credentials come out of a URL, percent-decoded", "[fetch][credentials]") {
    auto split = split_url_credentials("https://us%40er:p%3Ass@example.org:8443/simple/");
    CHECK(split.url == "https://example.org:8443/simple/");
    REQUIRE(split.credentials);
    CHECK(split.credentials->username == "us@er");
    CHECK(split.credentials->password == "p:ss");
    auto username_only = split_url_credentials("https://token@example.org/simple");
    CHECK(username_only.credentials->username == "token");
    CHECK_FALSE(username_only.credentials->password);
    CHECK_FALSE(split_url_credentials("https://example.org/a@b").credentials);  // `@` in the path is not user info
    CHECK(split_url_credentials("https://example.org/a@b").url == "https://example.org/a@b");
}

TEST_CASE("realms are scheme, host and port, the default port left out", "[fetch][credentials]") {
    CHECK(url_realm("https://Example.ORG/simple/") == "https://example.org");
    CHECK(url_realm("https://example.org:443/x") == "https://example.org");
    CHECK(url_realm("http://example.org:8080/x") == "http://example.org:8080");
    CHECK(url_realm("https://u:p@example.org/x") == "https://example.org");
}

TEST_CASE("UV_INDEX_<NAME>_* upper-cases the name and writes other characters as _", "[fetch][credentials]") {
    const std::map<std::string, std::string> env = {{"UV_INDEX_MY_INDEX_2_USERNAME", "u"},
                                                    {"UV_INDEX_MY_INDEX_2_PASSWORD", "p"},
                                                    {"UV_INDEX_TOKEN_ONLY_PASSWORD", "t"}};
    auto both = index_environment_credentials("my-index.2", env);
    REQUIRE(both);
    CHECK(both->username == "u");
    CHECK(both->password == "p");
    auto password_only = index_environment_credentials("token_only", env);
    REQUIRE(password_only);
    CHECK(password_only->username.empty());
    CHECK_FALSE(index_environment_credentials("other", env));
}

TEST_CASE("netrc files: machines, default, macdef and comments", "[fetch][credentials]") {
    auto netrc = Netrc::parse("# mine\nmachine a.example.org login alice password one\n"
                              "macdef init\ncd /tmp\nput x\n\n"
                              "machine B.example.org\n\tlogin bob\n\tpassword \"two words\"\ndefault login anon password guest\n");
    REQUIRE(netrc);
    CHECK(netrc->lookup("a.example.org")->password == "one");
    CHECK(netrc->lookup("b.example.org")->password == "two words");
    CHECK(netrc->lookup("c.example.org")->username == "anon");
    CHECK_FALSE(Netrc::parse("login x").has_value());
    CHECK_FALSE(Netrc::parse("machine").has_value());
    CHECK_THAT(Netrc::parse("machine a frobnicate b").error(), Catch::Contains("frobnicate"));
}

TEST_CASE("the Authorization header is Basic base64(user:password)", "[fetch][credentials]") {
    CHECK(Credentials{"Aladdin", "open sesame"}.authorization_header() == "Authorization: Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
    CHECK(Credentials{"token", std::nullopt}.authorization_header() == "Authorization: Basic dG9rZW46");
}

TEST_CASE("which credentials a request carries, and when", "[fetch][credentials]") {
    auto netrc = Netrc::parse("machine files.example.org login n password np");
    CredentialStore store(std::move(*netrc));
    store.add_index("https://example.org/simple", Credentials{"i", "ip"});
    CHECK(store.before_request("https://example.org/simple/a/")->username == "i");
    CHECK(store.before_request("https://example.org/simple")->username == "i");
    CHECK_FALSE(store.before_request("https://example.org/simpler/"));       // not under the index URL
    CHECK_FALSE(store.before_request("https://files.example.org/a.whl"));   // netrc only after a refusal
    CHECK(store.after_refusal("https://files.example.org/a.whl")->username == "n");
    store.remember("https://files.example.org/a.whl", Credentials{"n", "np"});
    CHECK(store.before_request("https://files.example.org/b.whl")->username == "n");
}

// The service names and their order are uv 0.12.5's, seen through a logging `keyring` script:
// `get http://127.0.0.1:P/simple bob`, then `get 127.0.0.1:P bob`, then `get http://127.0.0.1:P bob`.
TEST_CASE("a username alone is completed from the realm, netrc with that login, then the keyring",
          "[fetch][credentials][keyring]") {
    std::vector<std::pair<std::string, std::string>> asked;
    std::map<std::string, std::string> stored{{"https://idx.example/simple|alice", "from-keyring"},
                                              {"other.example:8080|carol", "host-level"},
                                              {"http://plain.example|dave", "scheme-and-host"}};
    CredentialStore store;
    store.add_index("https://idx.example/simple", Credentials{"alice", std::nullopt});
    store.set_keyring([&](std::string_view service, std::string_view username) -> std::optional<std::string> {
        asked.emplace_back(service, username);
        const auto it = stored.find(std::string(service) + "|" + std::string(username));
        if (it == stored.end()) return std::nullopt;
        return it->second;
    });
    SECTION("under an index: its URL as written, once per run") {
        CHECK(store.complete("https://idx.example/simple/demo/", {"alice", std::nullopt}).password == "from-keyring");
        CHECK(store.complete("https://idx.example/simple/other/", {"alice", std::nullopt}).password == "from-keyring");
        CHECK(asked == std::vector<std::pair<std::string, std::string>>{{"https://idx.example/simple", "alice"}});
    }
    SECTION("outside any index: the URL, then host:port; https adds no scheme form") {
        CHECK(store.complete("https://other.example:8080/f.whl", {"carol", std::nullopt}).password == "host-level");
        CHECK(asked == std::vector<std::pair<std::string, std::string>>{{"https://other.example:8080/f.whl", "carol"},
                                                                        {"other.example:8080", "carol"}});
    }
    SECTION("plain http: the URL, the host, then scheme://host; a miss is remembered too") {
        const Credentials none{"dave", std::nullopt};
        CHECK(store.complete("http://plain.example/x", none).password == "scheme-and-host");
        CHECK(asked.size() == 3);
        CHECK(asked[1].first == "plain.example");
        CHECK(asked[2].first == "http://plain.example");
        const Credentials eve{"eve", std::nullopt};
        CHECK_FALSE(store.complete("http://plain.example/x", eve).password);
        CHECK_FALSE(store.complete("http://plain.example/y", eve).password);
        CHECK(asked.size() == 6);  // eve asked under three names once, not again
    }
    SECTION("the realm's and netrc's passwords come first, for the same username only") {
        auto netrc = Netrc::parse("machine idx.example login alice password from-netrc\n");
        REQUIRE(netrc);
        store.set_netrc(*netrc);
        CHECK(store.complete("https://idx.example/simple/demo/", {"alice", std::nullopt}).password == "from-netrc");
        store.remember("https://idx.example/simple/", Credentials{"alice", "worked-before"});
        CHECK(store.complete("https://idx.example/simple/demo/", {"alice", std::nullopt}).password == "worked-before");
        CHECK(asked.empty());
        CHECK_FALSE(store.complete("https://idx.example/simple/demo/", {"zed", std::nullopt}).password);
        CHECK(asked.size() == 2);  // netrc's and the realm's are alice's: the keyring, under the index URL and the host
    }
    SECTION("credentials with a password are left as they are; without a keyring nothing is asked") {
        CHECK(store.complete("https://idx.example/simple/", {"alice", "given"}).password == "given");
        CredentialStore bare;
        CHECK_FALSE(bare.complete("https://idx.example/simple/", {"alice", std::nullopt}).password);
        CHECK(asked.empty());
    }
}
