// Metadata through the registry client: `.metadata` files and their hashes,
// the PyPI probe rule, byte ranges, whole wheels when ranges are refused (and
// that refusal remembered per index), local wheels, sdists, the metadata cache
// by hash, and the errors that leave no cache entry.

#include "../../temp_tree.hpp"
#include "fake_index.hpp"

#include "lockkit/index/registry_client.hpp"
#include "lockkit/util/atomic_file.hpp"
#include "lockkit/util/sha256.hpp"

#include <catch2/catch.hpp>

using namespace lockkit;
using namespace lockkit::index;
using lockkit::testing::FakeIndex;
using lockkit::testing::HttpTestRequest;
using lockkit::testing::HttpTestResponse;
using lockkit::testing::json_file;
using lockkit::testing::json_page_of;
using lockkit::testing::make_test_sdist;
using lockkit::testing::make_test_wheel;
using lockkit::testing::metadata_text;
using lockkit::testing::TempTree;
using lockkit::testing::ZipBuilder;

namespace {

RegistryOptions options_for(const TempTree& tree, const std::string& url) {
    RegistryOptions o;
    o.cache_root = tree.root() / "cache";
    o.http.retry.base_delay = std::chrono::milliseconds(1);
    o.http.retry.max_delay = std::chrono::milliseconds(2);
    o.workers = 8;
    o.probe_metadata_hosts = {};
    o.locations.indexes.push_back(make_location(url, tree.root(), {}, std::string("test")));
    return o;
}

/// The first file of `name` called `filename` on the index, as a DistributionRef.
DistributionRef ref(RegistryClient& client, const std::string& name, const std::string& filename) {
    const auto& listing = client.project(name).get();
    REQUIRE(listing);
    REQUIRE_FALSE(listing->pages.empty());
    for (const auto& f : listing->pages[0].files->files()) {
        if (f.filename == filename) return DistributionRef::from(f, listing->pages[0].index);
    }
    FAIL("no file " << filename);
    return {};
}

const std::string k_meta = metadata_text("demo-pkg", "1.0", "Requires-Dist: requests>=2\nRequires-Dist: idna ; extra == 'x'\nProvides-Extra: x\n");
const std::string k_wheel_name = "demo_pkg-1.0-py3-none-any.whl";

} // namespace

TEST_CASE("a .metadata file is read, its published hash checked, and it is cached by the wheel's hash",
          "[index][metadata]") {
    FakeIndex index;
    const std::string wheel = make_test_wheel("demo_pkg", "1.0", k_meta);
    index.file(k_wheel_name, wheel);
    index.file(k_wheel_name + ".metadata", k_meta);
    SECTION("matching hash") {
        index.json_page("demo-pkg", json_page_of({json_file(k_wheel_name, wheel,
                                                            ", \"core-metadata\": {\"sha256\": \"" + sha256_hex(k_meta) + "\"}")}));
        TempTree tree;
        {
            RegistryClient client(options_for(tree, index.url("/simple")));
            auto m = client.metadata(ref(client, "demo-pkg", k_wheel_name)).get();
            REQUIRE(m);
            CHECK(m->name == "demo-pkg");
            CHECK(m->requires_dist.size() == 2);
            CHECK(m->provides_extra == std::vector<std::string>{"x"});
        }
        CHECK(index.count("GET", ".metadata") == 1);
        CHECK(index.count("HEAD", ".whl") == 0);
        CHECK(tree.count_files("cache/metadata-v1") == 1);
        // Another run: the page is asked again (no caching headers), the metadata is not.
        index.clear_log();
        RegistryClient client(options_for(tree, index.url("/simple")));
        REQUIRE(client.metadata(ref(client, "demo-pkg", k_wheel_name)).get());
        CHECK(index.count("GET", ".metadata") == 0);
    }
    SECTION("wrong hash") {
        index.json_page("demo-pkg", json_page_of({json_file(k_wheel_name, wheel,
                                                            ", \"core-metadata\": {\"sha256\": \"" + std::string(64, '0') + "\"}")}));
        TempTree tree;
        RegistryClient client(options_for(tree, index.url("/simple")));
        auto m = client.metadata(ref(client, "demo-pkg", k_wheel_name)).get();
        REQUIRE_FALSE(m);
        CHECK(m.error().kind == MetadataError::Kind::HashMismatch);
        CHECK_THAT(m.error().message, Catch::Contains(k_wheel_name) && Catch::Contains(sha256_hex(k_meta)));
        CHECK(tree.count_files("cache/metadata-v1") == 0);
    }
}

TEST_CASE("without .metadata: byte ranges; without ranges: the whole wheel, remembered per index",
          "[index][metadata]") {
    FakeIndex index;
    std::vector<std::string> files;
    for (const char* version : {"1.0", "2.0", "3.0"}) {
        const std::string name = std::string("demo_pkg-") + version + "-py3-none-any.whl";
        const std::string wheel = make_test_wheel("demo_pkg", version, metadata_text("demo-pkg", version));
        index.file(name, wheel);
        files.push_back(json_file(name, wheel));
    }
    index.json_page("demo-pkg", json_page_of(files));
    TempTree tree;
    SECTION("ranges") {
        RegistryClient client(options_for(tree, index.url("/simple")));
        // Until the index refuses ranges, a guessed wheel's metadata is worth asking for.
        CHECK(client.metadata_is_cheap(ref(client, "demo-pkg", "demo_pkg-1.0-py3-none-any.whl")));
        auto m = client.metadata(ref(client, "demo-pkg", "demo_pkg-1.0-py3-none-any.whl")).get();
        REQUIRE(m);
        CHECK(m->version.to_string() == "1.0");
        CHECK(index.count("HEAD", ".whl") == 1);
        CHECK(index.count("GET", ".metadata") == 0);  // not offered, and not a probe host
        for (const auto& r : index.requests()) {
            if (r.method == "GET" && r.path.ends_with(".whl")) CHECK(r.headers.count("range") == 1);
        }
    }
    SECTION("no ranges") {
        index.ranges = false;
        RegistryClient client(options_for(tree, index.url("/simple")));
        for (const char* version : {"1.0", "2.0", "3.0"}) {
            auto m = client.metadata(ref(client, "demo-pkg", std::string("demo_pkg-") + version + "-py3-none-any.whl")).get();
            REQUIRE(m);
            CHECK(m->version.to_string() == version);
        }
        CHECK(index.count("HEAD", ".whl") == 1);  // the refusal is remembered for the index
        CHECK(index.count("GET", ".whl") == 3);
        // From then on only a `.metadata` file would make a guess cheap: a whole wheel is not.
        CHECK_FALSE(client.metadata_is_cheap(ref(client, "demo-pkg", "demo_pkg-1.0-py3-none-any.whl")));
        DistributionRef offered = ref(client, "demo-pkg", "demo_pkg-1.0-py3-none-any.whl");
        offered.core_metadata = true;
        CHECK(client.metadata_is_cheap(offered));
        for (const auto& r : index.requests()) CHECK(r.headers.count("range") == 0);
    }
    SECTION("HEAD refused with 405") {
        index.hook = [](const HttpTestRequest& r) -> std::optional<HttpTestResponse> {
            if (r.method != "HEAD") return std::nullopt;
            HttpTestResponse no;
            no.status = 405;
            return no;
        };
        RegistryClient client(options_for(tree, index.url("/simple")));
        REQUIRE(client.metadata(ref(client, "demo-pkg", "demo_pkg-2.0-py3-none-any.whl")).get());
        CHECK(index.count("GET", "demo_pkg-2.0-py3-none-any.whl") == 1);
    }
    SECTION("a .metadata answering 404 falls back to ranges") {
        const std::string wheel = make_test_wheel("demo_pkg", "1.0", metadata_text("demo-pkg", "1.0"));
        index.json_page("demo-pkg", json_page_of({json_file("demo_pkg-1.0-py3-none-any.whl", wheel, ", \"core-metadata\": true")}));
        RegistryClient client(options_for(tree, index.url("/simple")));
        REQUIRE(client.metadata(ref(client, "demo-pkg", "demo_pkg-1.0-py3-none-any.whl")).get());
        CHECK(index.count("GET", ".metadata") == 1);
        CHECK(index.count("HEAD", ".whl") == 1);
    }
}

TEST_CASE("a ZIP64 wheel's METADATA is read through byte ranges from the index", "[index][metadata][zip]") {
    lockkit::testing::ZipBuilder zip;
    zip.zip64 = true;
    zip.add({"demo_pkg/data.bin", std::string(300000, 'd'), false, false});
    zip.add({"demo_pkg-1.0.dist-info/METADATA", k_meta, true, false});
    zip.add({"demo_pkg-1.0.dist-info/WHEEL", "Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n", false, false});
    zip.add({"demo_pkg-1.0.dist-info/RECORD", "", false, false});
    // A long comment: the end records are not in the first tail read, so it takes another.
    zip.comment = std::string(30000, '#');
    const std::string wheel = zip.build();
    FakeIndex index;
    index.file(k_wheel_name, wheel);
    index.json_page("demo-pkg", json_page_of({json_file(k_wheel_name, wheel)}));
    TempTree tree;
    RegistryClient client(options_for(tree, index.url("/simple")));
    auto m = client.metadata(ref(client, "demo-pkg", k_wheel_name)).get();
    REQUIRE(m);
    CHECK(m->name == "demo-pkg");
    CHECK(m->requires_dist.size() == 2);
    CHECK(index.count("HEAD", ".whl") == 1);
    std::size_t ranged = 0;
    for (const auto& r : index.requests()) {
        if (r.method != "GET" || !r.path.ends_with(".whl")) continue;
        REQUIRE(r.headers.count("range") == 1);  // never the whole 300 KB
        ++ranged;
    }
    CHECK(ranged == 2);  // the first tail, then one long enough for the end records (it holds METADATA too)
}

TEST_CASE("the .metadata probe: tried on probe hosts when the page says nothing, never against a `false`",
          "[index][metadata]") {
    FakeIndex index;
    const std::string wheel = make_test_wheel("demo_pkg", "1.0", k_meta);
    index.file(k_wheel_name, wheel);
    index.file(k_wheel_name + ".metadata", k_meta);
    TempTree tree;
    auto options = options_for(tree, index.url("/simple"));
    options.probe_metadata_hosts = {"127.0.0.1"};
    SECTION("nothing said: probed") {
        index.json_page("demo-pkg", json_page_of({json_file(k_wheel_name, wheel)}));
        RegistryClient client(std::move(options));
        REQUIRE(client.metadata(ref(client, "demo-pkg", k_wheel_name)).get());
        CHECK(index.count("GET", ".metadata") == 1);
        CHECK(index.count("HEAD", ".whl") == 0);
    }
    SECTION("`false`: not probed") {
        index.json_page("demo-pkg", json_page_of({json_file(k_wheel_name, wheel, ", \"core-metadata\": false")}));
        RegistryClient client(std::move(options));
        REQUIRE(client.metadata(ref(client, "demo-pkg", k_wheel_name)).get());
        CHECK(index.count("GET", ".metadata") == 0);
        CHECK(index.count("HEAD", ".whl") == 1);
    }
}

TEST_CASE("the .metadata probe stops for a project after its files answer 404 twice", "[index][metadata]") {
    FakeIndex index;
    std::vector<std::string> demo_files;
    for (const char* version : {"1.0", "2.0", "3.0", "4.0"}) {
        const std::string name = std::string("demo_pkg-") + version + "-py3-none-any.whl";
        const std::string wheel = make_test_wheel("demo_pkg", version, metadata_text("demo-pkg", version));
        index.file(name, wheel);  // no `.metadata` beside it: the probe answers 404
        demo_files.push_back(json_file(name, wheel));
    }
    index.json_page("demo-pkg", json_page_of(demo_files));
    const std::string other_meta = metadata_text("other-pkg", "1.0");
    const std::string other_wheel = make_test_wheel("other_pkg", "1.0", other_meta);
    index.file("other_pkg-1.0-py3-none-any.whl", other_wheel);
    index.file("other_pkg-1.0-py3-none-any.whl.metadata", other_meta);
    index.json_page("other-pkg", json_page_of({json_file("other_pkg-1.0-py3-none-any.whl", other_wheel)}));
    TempTree tree;
    auto options = options_for(tree, index.url("/simple"));
    options.probe_metadata_hosts = {"127.0.0.1"};
    RegistryClient client(std::move(options));
    for (const char* version : {"4.0", "3.0", "2.0", "1.0"}) {
        auto m = client.metadata(ref(client, "demo-pkg", std::string("demo_pkg-") + version + "-py3-none-any.whl")).get();
        REQUIRE(m);
        CHECK(m->version.to_string() == version);  // every version still read, through ranges
    }
    CHECK(index.count("GET", "demo_pkg-4.0-py3-none-any.whl.metadata") == 1);
    CHECK(index.count("GET", "demo_pkg-3.0-py3-none-any.whl.metadata") == 1);
    CHECK(index.count("GET", "demo_pkg-2.0-py3-none-any.whl.metadata") == 0);
    CHECK(index.count("GET", "demo_pkg-1.0-py3-none-any.whl.metadata") == 0);
    // Another project on the same host is still probed, and the probe finds its file.
    REQUIRE(client.metadata(ref(client, "other-pkg", "other_pkg-1.0-py3-none-any.whl")).get());
    CHECK(index.count("GET", "other_pkg-1.0-py3-none-any.whl.metadata") == 1);
    CHECK(index.count("HEAD", "other_pkg-1.0-py3-none-any.whl") == 0);
}

TEST_CASE("byte ranges without a HEAD once the index has served them and the page gives the size",
          "[index][metadata]") {
    FakeIndex index;
    std::vector<std::string> files;
    for (const char* version : {"1.0", "2.0", "3.0"}) {
        const std::string name = std::string("demo_pkg-") + version + "-py3-none-any.whl";
        const std::string wheel = make_test_wheel("demo_pkg", version, metadata_text("demo-pkg", version));
        index.file(name, wheel);
        // 3.0's page states a wrong size: its ranges do not come back as asked, and the HEAD decides.
        std::string entry = json_file(name, wheel);
        if (std::string(version) == "3.0") {
            const std::string size = "\"size\": " + std::to_string(wheel.size());
            entry.replace(entry.find(size), size.size(), "\"size\": " + std::to_string(wheel.size() - 7));
        }
        files.push_back(entry);
    }
    index.json_page("demo-pkg", json_page_of(files));
    TempTree tree;
    RegistryClient client(options_for(tree, index.url("/simple")));
    for (const char* version : {"1.0", "2.0", "3.0"}) {
        auto m = client.metadata(ref(client, "demo-pkg", std::string("demo_pkg-") + version + "-py3-none-any.whl")).get();
        REQUIRE(m);
        CHECK(m->version.to_string() == version);
    }
    CHECK(index.count("HEAD", "demo_pkg-1.0-py3-none-any.whl") == 1);  // the first learns that ranges are served
    CHECK(index.count("HEAD", "demo_pkg-2.0-py3-none-any.whl") == 0);
    CHECK(index.count("HEAD", "demo_pkg-3.0-py3-none-any.whl") == 1);
    for (const auto& r : index.requests()) {
        if (r.method == "GET" && r.path.ends_with(".whl")) CHECK(r.headers.count("range") == 1);  // never a whole wheel
    }
}

TEST_CASE("metadata that does not check out is an error and is not cached", "[index][metadata]") {
    FakeIndex index;
    TempTree tree;
    std::vector<std::string> files;
    // A wheel whose METADATA names another package.
    const std::string other = make_test_wheel("demo_pkg", "1.0", metadata_text("other-pkg", "1.0"));
    index.file("demo_pkg-1.0-py3-none-any.whl", other);
    files.push_back(json_file("demo_pkg-1.0-py3-none-any.whl", other));
    // A wheel whose central directory lies (METADATA's entry points at another member).
    lockkit::testing::ZipBuilder zip;
    zip.add({"demo_pkg/__init__.py", "x = 1\n", true, false});
    zip.add({"demo_pkg-2.0.dist-info/METADATA", metadata_text("demo-pkg", "2.0"), true, false});
    std::string lying = zip.build();
    lockkit::testing::ZipBuilder::poke32(lying, zip.layout()[1].directory_entry + 42, 0);
    index.file("demo_pkg-2.0-py3-none-any.whl", lying);
    files.push_back(json_file("demo_pkg-2.0-py3-none-any.whl", lying));
    // Invalid METADATA (no Name).
    const std::string nameless = make_test_wheel("demo_pkg", "3.0", "Metadata-Version: 2.3\nVersion: 3.0\n\n");
    index.file("demo_pkg-3.0-py3-none-any.whl", nameless);
    files.push_back(json_file("demo_pkg-3.0-py3-none-any.whl", nameless));
    // A .metadata announcing 10 GB.
    HttpTestResponse huge;
    huge.content_length = "10737418240";
    index.route("/files/demo_pkg-4.0-py3-none-any.whl.metadata", huge);
    files.push_back(json_file("demo_pkg-4.0-py3-none-any.whl", "w4", ", \"core-metadata\": true"));
    index.json_page("demo-pkg", json_page_of(files));
    RegistryClient client(options_for(tree, index.url("/simple")));
    const std::vector<std::tuple<std::string, MetadataError::Kind, std::string>> cases = {
        {"demo_pkg-1.0-py3-none-any.whl", MetadataError::Kind::NameMismatch, "names the package `other-pkg`"},
        {"demo_pkg-2.0-py3-none-any.whl", MetadataError::Kind::InvalidArchive, "the central directory `demo_pkg-2.0.dist-info/METADATA`"},
        {"demo_pkg-3.0-py3-none-any.whl", MetadataError::Kind::InvalidMetadata, "Name"},
        {"demo_pkg-4.0-py3-none-any.whl", MetadataError::Kind::Network, "larger than the"},
    };
    for (const auto& [filename, kind, message] : cases) {
        auto m = client.metadata(ref(client, "demo-pkg", filename)).get();
        REQUIRE_FALSE(m);
        CHECK(m.error().kind == kind);
        CHECK_THAT(m.error().message, Catch::Contains(message) && Catch::Contains(filename));
    }
    // A filename that does not parse, and a redirect to file://.
    DistributionRef bad;
    bad.name = "demo-pkg";
    bad.filename = "demo_pkg-1.0-py3.whl";
    bad.url = index.url("/files/demo_pkg-1.0-py3.whl");
    auto m = client.metadata(bad).get();
    REQUIRE_FALSE(m);
    CHECK(m.error().kind == MetadataError::Kind::InvalidFilename);
    HttpTestResponse redirect;
    redirect.status = 302;
    redirect.headers = {{"Location", "file:///etc/passwd"}};
    index.route("/files/demo_pkg-5.0-py3-none-any.whl", redirect);
    DistributionRef redirected;
    redirected.name = "demo-pkg";
    redirected.filename = "demo_pkg-5.0-py3-none-any.whl";
    redirected.url = index.url("/files/demo_pkg-5.0-py3-none-any.whl");
    m = client.metadata(redirected).get();
    REQUIRE_FALSE(m);
    CHECK(m.error().kind == MetadataError::Kind::Network);
    CHECK(tree.count_files("cache/metadata-v1") == 0);
}

// uv 0.12.5, with the index's `.metadata` answering 403: an error (exit 2) without the list; with
// ignore-error-codes = [403] the version is unavailable and the resolution says so (exit 1).
TEST_CASE("a file refused with a status the index ignores is flagged, not only failed", "[index][metadata]") {
    FakeIndex index;
    index.file(k_wheel_name, make_test_wheel("demo_pkg", "1.0", k_meta));
    index.json_page("demo-pkg", json_page_of({json_file(k_wheel_name, "x", ", \"core-metadata\": true")}));
    HttpTestResponse refused;
    refused.status = 403;
    index.route("/files/" + k_wheel_name + ".metadata", refused);
    for (bool listed : {false, true}) {
        DYNAMIC_SECTION("listed " << listed) {
            TempTree tree;
            auto options = options_for(tree, index.url("/simple"));
            if (listed) options.locations.indexes[0].ignore_error_codes = std::vector<int>{403};
            RegistryClient client(std::move(options));
            auto md = client.metadata(ref(client, "demo-pkg", k_wheel_name)).get();
            REQUIRE_FALSE(md);
            CHECK(md.error().kind == MetadataError::Kind::Network);
            CHECK(md.error().status == 403);
            CHECK(md.error().ignored_by_index == listed);
            CHECK_THAT(md.error().message, Catch::Contains("HTTP 403"));
        }
    }
}

TEST_CASE("local wheels are read in place; offline, metadata not cached names the package", "[index][metadata]") {
    TempTree tree;
    tree.write("links/demo_pkg-1.0-py3-none-any.whl", make_test_wheel("demo_pkg", "1.0", k_meta));
    RegistryOptions options;
    options.cache_root = tree.root() / "cache";
    options.offline = true;
    options.locations.no_index = true;
    options.locations.find_links.push_back(make_location((tree.root() / "links").string(), tree.root(), {}));
    options.locations.find_links.back().flat = true;
    RegistryClient client(std::move(options));
    const auto& listing = client.project("demo-pkg").get();
    REQUIRE(listing);
    REQUIRE(listing->find_links);
    // Read in place when asked: nothing to gain from asking ahead.
    CHECK_FALSE(client.metadata_is_cheap(DistributionRef::from(listing->find_links->files()[0], nullptr)));
    auto m = client.metadata(DistributionRef::from(listing->find_links->files()[0], nullptr)).get();
    REQUIRE(m);
    CHECK(m->requires_dist.size() == 2);
    DistributionRef remote;
    remote.name = "other";
    remote.filename = "other-1.0-py3-none-any.whl";
    remote.url = "https://example.org/other-1.0-py3-none-any.whl";
    auto offline = client.metadata(remote).get();
    REQUIRE_FALSE(offline);
    CHECK(offline.error().kind == MetadataError::Kind::Offline);
    CHECK_THAT(offline.error().message, Catch::Contains("`other`") && Catch::Contains("offline"));
    CHECK(client.requests_sent() == 0);
}

namespace {

struct RecordingBuilder : MetadataBuilder {
    std::vector<BuildSource> asked;
    std::expected<metadata::CoreMetadata, std::string> build_metadata(const BuildSource& source) override {
        asked.push_back(source);
        metadata::CoreMetadata m;
        m.name = source.name;
        m.version = *source.version;
        return m;
    }
};

} // namespace

TEST_CASE("sdists: static metadata when there is some, else the builder, else NeedsBuild", "[index][metadata]") {
    FakeIndex index;
    const std::string static_sdist = make_test_sdist("demo_pkg-1.0", {
        {"PKG-INFO", "Metadata-Version: 2.2\nName: demo-pkg\nVersion: 1.0\nRequires-Dist: idna\n\n"},
        {"setup.py", "raise SystemExit"}});
    const std::string pyproject_sdist = make_test_sdist("demo_pkg-2.0", {
        {"pyproject.toml", "[project]\nname = 'demo-pkg'\nversion = '2.0'\ndependencies = ['six']\n"
                           "[project.optional-dependencies]\nfast = ['orjson>=3']\n"},
        {"PKG-INFO", "Metadata-Version: 2.1\nName: demo-pkg\nVersion: 2.0\n\n"}});
    const std::string dynamic_sdist = make_test_sdist("demo_pkg-3.0", {
        {"PKG-INFO", "Metadata-Version: 2.1\nName: demo-pkg\nVersion: 3.0\n\n"},
        {"pyproject.toml", "[project]\nname = 'demo-pkg'\nversion = '3.0'\ndynamic = ['dependencies']\n"}});
    index.file("demo_pkg-1.0.tar.gz", static_sdist);
    index.file("demo_pkg-2.0.tar.gz", pyproject_sdist);
    index.file("demo_pkg-3.0.tar.gz", dynamic_sdist);
    index.json_page("demo-pkg", json_page_of({json_file("demo_pkg-1.0.tar.gz", static_sdist),
                                              json_file("demo_pkg-2.0.tar.gz", pyproject_sdist),
                                              json_file("demo_pkg-3.0.tar.gz", dynamic_sdist)}));
    TempTree tree;
    {
        RegistryClient client(options_for(tree, index.url("/simple")));
        auto one = client.metadata(ref(client, "demo-pkg", "demo_pkg-1.0.tar.gz")).get();
        REQUIRE(one);
        CHECK(one->requires_dist.at(0).name == "idna");
        auto two = client.metadata(ref(client, "demo-pkg", "demo_pkg-2.0.tar.gz")).get();
        REQUIRE(two);
        REQUIRE(two->requires_dist.size() == 2);
        CHECK(two->requires_dist[1].to_string() == "orjson>=3 ; extra == 'fast'");
        CHECK(two->provides_extra == std::vector<std::string>{"fast"});
        auto three = client.metadata(ref(client, "demo-pkg", "demo_pkg-3.0.tar.gz")).get();
        REQUIRE_FALSE(three);
        CHECK(three.error().kind == MetadataError::Kind::NeedsBuild);
        CHECK_THAT(three.error().message, Catch::Contains("`project.dependencies` is dynamic") &&
                                              Catch::Contains("Metadata 2.2 or later (found 2.1)"));
    }
    // The downloads are in the artifact cache, checked against their hashes.
    CHECK(tree.count_files("cache/artifacts-v1") == 3);
    auto builder = std::make_shared<RecordingBuilder>();
    auto options = options_for(tree, index.url("/simple"));
    options.builder = builder;
    RegistryClient client(std::move(options));
    index.clear_log();
    auto built = client.metadata(ref(client, "demo-pkg", "demo_pkg-3.0.tar.gz")).get();
    REQUIRE(built);
    REQUIRE(builder->asked.size() == 1);
    CHECK(builder->asked[0].is_archive);
    CHECK(builder->asked[0].version->to_string() == "3.0");
    CHECK(index.count("GET", ".tar.gz") == 0);  // from the artifact cache
    // Cached since: static ones by their hash, the built one too.
    auto again = client.metadata(ref(client, "demo-pkg", "demo_pkg-2.0.tar.gz")).get();
    REQUIRE(again);
    CHECK(again->requires_dist.size() == 2);
}

TEST_CASE("an sdist whose bytes do not match its published hash is refused", "[index][metadata]") {
    FakeIndex index;
    const std::string sdist = make_test_sdist("demo_pkg-1.0", {{"PKG-INFO", "Metadata-Version: 2.2\nName: demo-pkg\nVersion: 1.0\n\n"}});
    index.file("demo_pkg-1.0.tar.gz", sdist + "tampered");
    index.json_page("demo-pkg", json_page_of({json_file("demo_pkg-1.0.tar.gz", sdist)}));
    TempTree tree;
    RegistryClient client(options_for(tree, index.url("/simple")));
    auto m = client.metadata(ref(client, "demo-pkg", "demo_pkg-1.0.tar.gz")).get();
    REQUIRE_FALSE(m);
    CHECK(m.error().kind == MetadataError::Kind::HashMismatch);
    CHECK(tree.count_files("cache/artifacts-v1") == 0);
    CHECK(tree.count_files("cache/metadata-v1") == 0);
}

TEST_CASE("a direct URL is downloaded once, hashed, and found again by its URL (offline too)", "[index][download]") {
    FakeIndex index;
    const std::string wheel = make_test_wheel("demo_pkg", "1.0", k_meta);
    index.file(k_wheel_name, wheel);
    TempTree tree;
    DistributionRef file;
    file.name = "demo-pkg";
    file.filename = k_wheel_name;
    file.url = index.url("/files/" + k_wheel_name);
    std::string first_hash;
    {
        RegistryClient client(options_for(tree, index.url("/simple")));
        auto got = client.download(file).get();
        REQUIRE(got);
        first_hash = got->sha256;
        CHECK(got->sha256 == sha256_hex(wheel));
        CHECK(read_file(got->path).value() == wheel);
        CHECK(client.download(file).get()->path == got->path);  // asked twice in a run: once
    }
    CHECK(index.count("GET", ".whl") == 1);
    auto offline = options_for(tree, index.url("/simple"));
    offline.offline = true;
    RegistryClient client(std::move(offline));
    auto again = client.download(file).get();
    REQUIRE(again);
    CHECK(again->sha256 == first_hash);
    CHECK(index.count("GET", ".whl") == 1);
    file.url = index.url("/files/other-1.0-py3-none-any.whl");
    auto missing = client.download(file).get();
    REQUIRE_FALSE(missing);
    CHECK(missing.error().kind == MetadataError::Kind::Offline);
}
