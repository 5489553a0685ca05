// Authentication through the registry client, against an index that wants
// HTTP Basic credentials: from the index URL, from UV_INDEX_<NAME>_USERNAME /
// _PASSWORD, from a netrc file after a refusal; remembered for the realm; and
// never shown in any URL, message or error.

#include "../../temp_tree.hpp"
#include "fake_index.hpp"

#include "lockkit/index/registry_client.hpp"

#include <catch2/catch.hpp>

using namespace lockkit;
using namespace lockkit::index;
using lockkit::testing::FakeIndex;
using lockkit::testing::json_file;
using lockkit::testing::json_page_of;
using lockkit::testing::make_test_wheel;
using lockkit::testing::metadata_text;
using lockkit::testing::TempTree;

namespace {

const std::string k_wheel_name = "demo_pkg-1.0-py3-none-any.whl";

void publish(FakeIndex& index) {
    const std::string wheel = make_test_wheel("demo_pkg", "1.0", metadata_text("demo-pkg", "1.0"));
    index.file(k_wheel_name, wheel);
    index.json_page("demo-pkg", json_page_of({json_file(k_wheel_name, wheel)}));
    index.basic_auth = "alice:s3cr3t-pw";
}

RegistryOptions options(const TempTree& tree, const std::string& url, std::map<std::string, std::string> env = {}) {
    RegistryOptions o;
    o.cache_root = tree.root() / "cache";
    o.probe_metadata_hosts = {};
    o.http.retry.base_delay = std::chrono::milliseconds(1);
    o.environment = env;
    o.locations.indexes.push_back(make_location(url, tree.root(), env, std::string("private-idx")));
    return o;
}

/// Lists and reads the package; returns everything it printed or would print.
std::string exercise(RegistryClient& client) {
    std::string said;
    const auto& listing = client.project("demo-pkg").get();
    if (!listing) return listing.error().render();
    for (const auto* refused : listing->refused) said += refused->display() + "\n";
    for (const auto& page : listing->pages) {
        said += page.index->display() + "\n";
        for (const auto& f : page.files->files()) {
            said += std::string(f.url) + "\n";
            auto m = client.metadata(DistributionRef::from(f, page.index)).get();
            said += m ? "metadata of " + m->name + "\n" : "error: " + m.error().message + "\n";
        }
    }
    return said;
}

} // namespace

TEST_CASE("credentials in the index URL are sent from the first request and never shown", "[index][auth]") {
    FakeIndex index;
    publish(index);
    TempTree tree;
    const std::string url = "http://alice:s3cr3t-pw@" + index.url("/simple").substr(7);
    RegistryClient client(options(tree, url));
    const std::string said = exercise(client);
    CHECK_THAT(said, Catch::Contains("metadata of demo-pkg"));
    CHECK(said.find("s3cr3t") == std::string::npos);
    CHECK(client.options().locations.indexes[0].url.find("alice") == std::string::npos);
    CHECK(index.count("GET", "/simple/demo-pkg/") == 1);  // no refused first attempt for the index
    // The wheel's host is the index's realm: its requests carry the credentials that worked.
    for (const auto& r : index.requests()) CHECK(r.headers.count("authorization") == 1);
    // Nothing of the secret in the cache either.
    for (const auto& entry : std::filesystem::recursive_directory_iterator(tree.root() / "cache")) {
        if (entry.is_regular_file()) CHECK(tree.read(entry.path()).find("s3cr3t") == std::string::npos);
    }
}

TEST_CASE("UV_INDEX_<NAME>_USERNAME and _PASSWORD belong to the named index", "[index][auth]") {
    FakeIndex index;
    publish(index);
    TempTree tree;
    RegistryClient client(options(tree, index.url("/simple"),
                                  {{"UV_INDEX_PRIVATE_IDX_USERNAME", "alice"}, {"UV_INDEX_PRIVATE_IDX_PASSWORD", "s3cr3t-pw"}}));
    CHECK_THAT(exercise(client), Catch::Contains("metadata of demo-pkg"));
    CHECK(index.count("GET", "/simple/demo-pkg/") == 1);
}

TEST_CASE("netrc credentials are tried after a refusal, then kept for the realm", "[index][auth]") {
    FakeIndex index;
    publish(index);
    TempTree tree;
    tree.write("netrc", "# test\nmachine 127.0.0.1\n  login alice\n  password s3cr3t-pw\n");
    RegistryClient client(options(tree, index.url("/simple"), {{"NETRC", (tree.root() / "netrc").string()}}));
    CHECK_THAT(exercise(client), Catch::Contains("metadata of demo-pkg"));
    const auto requests = index.requests();
    REQUIRE(requests.size() >= 3);
    // First bare (refused), then with the netrc entry; later requests carry it from the start.
    CHECK(requests[0].headers.count("authorization") == 0);
    CHECK(requests[1].headers.count("authorization") == 1);
    for (std::size_t i = 2; i < requests.size(); ++i) CHECK(requests[i].headers.count("authorization") == 1);
}

TEST_CASE("wrong credentials: the index refuses, quietly for pages, and no secret is shown", "[index][auth]") {
    FakeIndex index;
    publish(index);
    TempTree tree;
    const std::string url = "http://alice:wrong-s3cr3t@" + index.url("/simple").substr(7);
    RegistryClient client(options(tree, url));
    const auto& listing = client.project("demo-pkg").get();
    REQUIRE(listing);
    CHECK(listing->status == PackageListing::Status::NotFound);
    REQUIRE(listing->refused.size() == 1);
    CHECK(listing->refused[0]->display().find("s3cr3t") == std::string::npos);
    DistributionRef file;
    file.name = "demo-pkg";
    file.filename = k_wheel_name;
    file.url = "http://alice:wrong-s3cr3t@" + index.url("/files/" + k_wheel_name).substr(7);
    auto m = client.metadata(file).get();
    REQUIRE_FALSE(m);
    CHECK_THAT(m.error().message, Catch::Contains("HTTP 401"));
    CHECK(m.error().message.find("s3cr3t") == std::string::npos);
}

// uv 0.12.5 with keyring-provider = "subprocess" and a logging `keyring` script: `alice@` in the index
// URL, or UV_INDEX_<NAME>_USERNAME alone, makes uv run `keyring get <index URL> alice` once for the
// whole run, and every request then carries the password it printed; an index URL without a username
// never runs keyring.
TEST_CASE("keyring: a username without password is completed once per index, before the first request",
          "[index][auth][keyring]") {
    FakeIndex index;
    publish(index);
    TempTree tree;
    std::vector<std::string> asked;
    std::mutex asked_mutex;
    auto keyring = [&](std::string_view service, std::string_view username) -> std::optional<std::string> {
        std::lock_guard lock(asked_mutex);
        asked.push_back(std::string(service) + " " + std::string(username));
        if (username == "alice" && service == index.url("/simple")) return std::string("s3cr3t-pw");
        return std::nullopt;
    };
    SECTION("username in the index URL") {
        auto o = options(tree, "http://alice@" + index.url("/simple").substr(7));
        o.keyring = keyring;
        RegistryClient client(std::move(o));
        const std::string said = exercise(client);
        CHECK_THAT(said, Catch::Contains("metadata of demo-pkg"));
        CHECK(said.find("s3cr3t") == std::string::npos);
        CHECK(asked == std::vector<std::string>{index.url("/simple") + " alice"});
        CHECK(index.count("GET", "/simple/demo-pkg/") == 1);
    }
    SECTION("UV_INDEX_<NAME>_USERNAME alone") {
        auto o = options(tree, index.url("/simple"), {{"UV_INDEX_PRIVATE_IDX_USERNAME", "alice"}});
        o.keyring = keyring;
        RegistryClient client(std::move(o));
        CHECK_THAT(exercise(client), Catch::Contains("metadata of demo-pkg"));
        CHECK(asked == std::vector<std::string>{index.url("/simple") + " alice"});
    }
    SECTION("no username: the keyring is not asked, and the index refuses") {
        auto o = options(tree, index.url("/simple"));
        o.keyring = keyring;
        RegistryClient client(std::move(o));
        const auto& listing = client.project("demo-pkg").get();
        REQUIRE(listing);
        CHECK(listing->refused.size() == 1);
        CHECK(asked.empty());
    }
}
