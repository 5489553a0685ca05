// Version maps over listings whose files are made on first use (provider.hpp `FileSource`):
// exclude-newer is answered from the upload times alone, a version's files are made once and
// keep their addresses, and the answers are those of the same listing given eagerly.

#include <lockkit/resolver/version_map.hpp>

#include <catch2/catch.hpp>

using namespace lockkit;
using namespace lockkit::resolver;

namespace {

pep440::Version v(const char* text) { return *pep440::Version::parse(text); }

DistributionFile sdist(const std::string& version, std::optional<std::int64_t> uploaded) {
    DistributionFile f;
    f.filename = "pkg-" + version + ".tar.gz";
    f.url = "https://files.example/" + f.filename;
    f.upload_time_ms = uploaded;
    return f;
}

/// Versions 1.0 (uploaded at 100), 2.0 (at 300) and 3.0 (no upload time): one sdist each.
std::vector<std::vector<DistributionFile>> listed_files() {
    return {{sdist("1.0", 100)}, {sdist("2.0", 300)}, {sdist("3.0", std::nullopt)}};
}

/// Hands out `listed_files()` and counts how often it was asked.
class CountingSource : public FileSource {
public:
    mutable int made = 0;
    std::vector<DistributionFile> files(std::size_t i) const override {
        ++made;
        return listed_files()[i];
    }
    UploadTimes upload_times(std::size_t i) const override {
        UploadTimes t;
        const auto all = listed_files();
        for (const auto& f : all[i]) {
            if (f.upload_time_ms) t.earliest = f.upload_time_ms;
            else t.untimed = true;
        }
        return t;
    }
};

IndexVersions lazy_listing(std::shared_ptr<CountingSource> source) {
    IndexVersions index;
    index.index_url = "https://index.example/simple";
    for (const char* text : {"1.0", "2.0", "3.0"}) index.versions.push_back(VersionFiles{v(text), {}});
    index.source = std::move(source);
    return index;
}

IndexVersions eager_listing() {
    IndexVersions index;
    index.index_url = "https://index.example/simple";
    const auto files = listed_files();
    int i = 0;
    for (const char* text : {"1.0", "2.0", "3.0"}) index.versions.push_back(VersionFiles{v(text), files[i++]});
    return index;
}

FileJudge judge_with_cutoff(std::int64_t cutoff) {
    FileJudge judge;
    judge.name = "pkg";
    judge.cutoff = cutoff;
    return judge;
}

} // namespace

TEST_CASE("exclude-newer reads upload times without making files", "[version_map]") {
    auto source = std::make_shared<CountingSource>();
    const IndexVersions index = lazy_listing(source);
    const VersionMap map(index, judge_with_cutoff(200));
    CHECK(map.included_versions() == std::vector<pep440::Version>{v("1.0")});
    const auto excluded = map.excluded_versions();
    REQUIRE(excluded.size() == 2);
    CHECK(excluded[0] == std::pair{v("2.0"), std::optional<std::int64_t>(300)});
    CHECK(excluded[1] == std::pair{v("3.0"), std::optional<std::int64_t>()});
    CHECK(map.is_materializable(0));
    CHECK_FALSE(map.is_materializable(1));
    CHECK(map.is_materializable(2));  // a file without an upload time can still be reported
    CHECK(source->made == 0);
}

TEST_CASE("a version's files are made once, when first looked at", "[version_map]") {
    auto source = std::make_shared<CountingSource>();
    const IndexVersions index = lazy_listing(source);
    const VersionMap map(index, judge_with_cutoff(1000));
    const PrioritizedDist* first = map.dist(1);
    REQUIRE(first != nullptr);
    CHECK(source->made == 1);
    const DistributionFile* file = &map.files(1).front();
    CHECK(map.dist(1) == first);
    CHECK(&map.files(1).front() == file);
    CHECK(source->made == 1);
    REQUIRE(first->get().has_value());
    CHECK(&first->get()->for_resolution() == file);
    CHECK(file->filename == "pkg-2.0.tar.gz");
    // Once made, the upload times come from the files themselves.
    CHECK(index.upload_times(1).earliest == std::optional<std::int64_t>(300));
}

TEST_CASE("a lazy listing answers as the same listing given eagerly", "[version_map]") {
    for (std::int64_t cutoff : {50, 100, 200, 301, 1000}) {
        const IndexVersions lazy = lazy_listing(std::make_shared<CountingSource>());
        const IndexVersions eager = eager_listing();
        const VersionMap a(lazy, judge_with_cutoff(cutoff)), b(eager, judge_with_cutoff(cutoff));
        CAPTURE(cutoff);
        CHECK(a.included_versions() == b.included_versions());
        CHECK(a.excluded_versions() == b.excluded_versions());
        for (std::size_t i = 0; i < 3; ++i) {
            CHECK(a.is_materializable(i) == b.is_materializable(i));
            CHECK((a.dist(i) == nullptr) == (b.dist(i) == nullptr));
            if (a.dist(i) && b.dist(i)) CHECK(a.dist(i)->get().has_value() == b.dist(i)->get().has_value());
        }
    }
}
