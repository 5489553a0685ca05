// The driver's candidate rules that the packse scenarios do not exercise: preferences (an
// existing lock's versions), exclude-newer per file, and the lowest resolution modes. Expected
// behaviour is uv's, as its candidate selector and version map implement it
// (uv-resolver/src/candidate_selector.rs `get_preferred`, version_map.rs `get_simple`;
// resolver-notes §1.6, §4.3, §4.7).

#include <lockkit/resolver/resolver.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

#include <map>

using namespace lockkit;
using namespace lockkit::resolver;

namespace {

/// Packages with one `py3-none-any` wheel and one sdist per version, uploaded at given times.
class MemoryProvider : public ResolverProvider {
public:
    struct Release {
        Release(std::string v, std::vector<std::string> deps = {}, std::int64_t wheel = 1000, std::int64_t sdist = 1000)
            : version(std::move(v)), requires_dist(std::move(deps)), wheel_time(wheel), sdist_time(sdist) {}
        std::string version;
        std::vector<std::string> requires_dist;
        std::int64_t wheel_time;
        std::int64_t sdist_time;
    };
    std::map<std::string, std::vector<Release>> packages;

    const PackageVersions& versions(const std::string& name) override {
        auto [it, inserted] = m_cache.try_emplace(name);
        if (!inserted) return it->second;
        auto p = packages.find(name);
        if (p == packages.end()) return it->second;
        it->second.status = PackageVersions::Status::Found;
        IndexVersions index;
        index.index_url = "https://example.invalid/simple/";
        for (const auto& r : p->second) {
            VersionFiles vf;
            vf.version = *pep440::Version::parse(r.version);
            DistributionFile wheel;
            wheel.filename = name + "-" + r.version + "-py3-none-any.whl";
            wheel.upload_time_ms = r.wheel_time;
            DistributionFile sdist;
            sdist.filename = name + "-" + r.version + ".tar.gz";
            sdist.upload_time_ms = r.sdist_time;
            vf.files = {wheel, sdist};
            index.versions.push_back(std::move(vf));
        }
        std::sort(index.versions.begin(), index.versions.end(),
                  [](const VersionFiles& a, const VersionFiles& b) { return a.version < b.version; });
        it->second.indexes.push_back(std::move(index));
        return it->second;
    }

    MetadataResult metadata(const std::string& name, const pep440::Version& version, const DistributionFile& file) override {
        MetadataResult out;
        last_metadata_file = file.filename;
        for (const auto& r : packages.at(name))
            if (*pep440::Version::parse(r.version) == version)
                for (const auto& d : r.requires_dist) out.metadata.requires_dist.push_back(*pep508::Requirement::parse(d));
        return out;
    }

    WheelTagVerdict wheel_tags(std::string_view) override { return {true, 1, TagIncompatibility::Invalid}; }

    std::string last_metadata_file;

private:
    std::map<std::string, PackageVersions> m_cache;
};

pep508::MarkerEnvironment linux312() {
    pep508::MarkerEnvironment env;
    env.implementation_name = "cpython";
    env.implementation_version = "3.12.9";
    env.os_name = "posix";
    env.platform_machine = "x86_64";
    env.platform_python_implementation = "CPython";
    env.platform_system = "Linux";
    env.python_full_version = "3.12.9";
    env.python_version = "3.12";
    env.sys_platform = "linux";
    return env;
}

std::map<std::string, std::string> solve(MemoryProvider& provider, Manifest manifest, ResolverOptions options = {}) {
    auto result = resolve(manifest, options, ResolverEnvironment::specific(linux312()),
                          PythonRequirement::from_interpreter(*pep440::Version::parse("3.12.9")), provider);
    std::map<std::string, std::string> out;
    if (!result) {
        out["<failure>"] = result.error().no_solution ? result.error().no_solution->report() : result.error().message;
        return out;
    }
    for (const auto& p : result->packages) out[p.name] = p.version.to_string();
    return out;
}

Manifest needs(std::initializer_list<const char*> reqs) {
    Manifest m;
    for (const char* r : reqs) m.requirements.push_back(*pep508::Requirement::parse(r));
    return m;
}

} // namespace

TEST_CASE("a locked version is kept while it fits", "[resolver][driver]") {
    MemoryProvider p;
    p.packages["a"] = {{"1.0"}, {"1.5"}, {"2.0"}};
    Manifest m = needs({"a"});
    m.preferences.push_back({"a", *pep440::Version::parse("1.5"), pep508::MarkerTree::always_true(), std::nullopt,
                             PreferenceSource::Lock});
    CHECK(solve(p, m) == std::map<std::string, std::string>{{"a", "1.5"}});
    // Out of range: the preference is ignored and the newest fitting version wins.
    Manifest m2 = needs({"a>=2"});
    m2.preferences = m.preferences;
    CHECK(solve(p, m2) == std::map<std::string, std::string>{{"a", "2.0"}});
}

TEST_CASE("a pre-release preference counts only when it came from a file", "[resolver][driver]") {
    MemoryProvider p;
    p.packages["a"] = {{"1.0"}, {"2.0a1"}};
    Manifest lock = needs({"a"});
    lock.preferences.push_back({"a", *pep440::Version::parse("2.0a1"), pep508::MarkerTree::always_true(), std::nullopt,
                                PreferenceSource::Lock});
    CHECK(solve(p, lock) == std::map<std::string, std::string>{{"a", "2.0a1"}});
    Manifest fork = needs({"a"});
    fork.preferences.push_back({"a", *pep440::Version::parse("2.0a1"), pep508::MarkerTree::always_true(), std::nullopt,
                                PreferenceSource::Resolver});
    CHECK(solve(p, fork) == std::map<std::string, std::string>{{"a", "1.0"}});
}

TEST_CASE("exclude-newer judges each file and hides versions with none left", "[resolver][driver]") {
    MemoryProvider p;
    // 2.0's wheel is too new but its sdist is old enough: 2.0 stays, from its sdist.
    p.packages["a"] = {{"1.0"}, {"2.0", {}, 5000, 1000}, {"3.0", {}, 5000, 5000}};
    ResolverOptions options;
    options.exclude_newer.global = 2000;
    CHECK(solve(p, needs({"a"}), options) == std::map<std::string, std::string>{{"a", "2.0"}});
    CHECK(p.last_metadata_file == "a-2.0.tar.gz");
    // A version with no file inside the cutoff does not exist, not even in the report.
    auto failed = solve(p, needs({"a>=3"}), options);
    REQUIRE(failed.contains("<failure>"));
    CHECK(failed["<failure>"] ==
          "Because only a<=2.0 is available and you require a>=3, we can conclude that your requirements are unsatisfiable.");
    // A per-package `false` turns the cutoff off for that package.
    options.exclude_newer.packages["a"] = std::nullopt;
    CHECK(solve(p, needs({"a"}), options) == std::map<std::string, std::string>{{"a", "3.0"}});
}

TEST_CASE("lowest and lowest-direct resolution", "[resolver][driver]") {
    MemoryProvider p;
    p.packages["a"] = {{"1.0", {"b"}}, {"2.0", {"b"}}};
    p.packages["b"] = {{"1.0"}, {"2.0"}};
    ResolverOptions lowest;
    lowest.resolution = ResolutionMode::Lowest;
    CHECK(solve(p, needs({"a"}), lowest) == std::map<std::string, std::string>{{"a", "1.0"}, {"b", "1.0"}});
    ResolverOptions direct;
    direct.resolution = ResolutionMode::LowestDirect;
    CHECK(solve(p, needs({"a"}), direct) == std::map<std::string, std::string>{{"a", "1.0"}, {"b", "2.0"}});
}

TEST_CASE("undecided packages whose versions are in get their candidate's metadata hinted", "[resolver][driver]") {
    // uv's pre-visit: after each propagation, every undecided package whose versions the
    // provider already has gets the file of its best candidate in the current range hinted,
    // before the solver decides anything; the range is respected (b<2 hints 1.0, not 2.0).
    struct HintingProvider : MemoryProvider {
        bool ready = true;
        std::vector<std::string> events;
        bool versions_ready(const std::string&) override { return ready; }
        void prefetch_metadata(const std::string&, const pep440::Version&, const DistributionFile& file) override {
            events.push_back("hint " + file.filename);
        }
        MetadataResult metadata(const std::string& name, const pep440::Version& version, const DistributionFile& file) override {
            events.push_back("read " + file.filename);
            return MemoryProvider::metadata(name, version, file);
        }
    };
    auto fill = [](HintingProvider& p) {
        p.packages["a"] = {{"1.0", {"c"}}};
        p.packages["b"] = {{"1.0"}, {"2.0"}};
        p.packages["c"] = {{"1.0"}};
    };
    HintingProvider p;
    fill(p);
    CHECK(solve(p, needs({"a", "b<2"})) == std::map<std::string, std::string>{{"a", "1.0"}, {"b", "1.0"}, {"c", "1.0"}});
    REQUIRE(p.events.size() >= 3);
    const std::vector<std::string> first(p.events.begin(), p.events.begin() + 2);
    CHECK(std::is_permutation(first.begin(), first.end(),
                              std::vector<std::string>{"hint a-1.0-py3-none-any.whl", "hint b-1.0-py3-none-any.whl"}.begin()));
    CHECK(std::find(p.events.begin(), p.events.end(), "hint b-2.0-py3-none-any.whl") == p.events.end());
    // c is known only once a's metadata is read, and is hinted before it is decided.
    auto read_a = std::find(p.events.begin(), p.events.end(), "read a-1.0-py3-none-any.whl");
    auto hint_c = std::find(p.events.begin(), p.events.end(), "hint c-1.0-py3-none-any.whl");
    auto read_c = std::find(p.events.begin(), p.events.end(), "read c-1.0-py3-none-any.whl");
    CHECK(read_a < hint_c);
    CHECK(hint_c < read_c);

    // A provider that cannot tell gets only the hints of decided packages: b's comes after a
    // is read.
    HintingProvider q;
    q.ready = false;
    fill(q);
    CHECK(solve(q, needs({"a", "b<2"})).size() == 3);
    REQUIRE(q.events.size() >= 2);
    CHECK(q.events[1].starts_with("read "));
}

TEST_CASE("a package whose versions arrive late is hinted at the next propagation", "[resolver][driver]") {
    // b's versions are not in when the root's dependencies are first looked at, and its range
    // never changes again; once they are in (here: when a's metadata is read), the next
    // propagation hints b's candidate, before the solver reads c (an exact pin, so decided
    // before b). Without that, b would be hinted only when decided, after c.
    struct LateProvider : MemoryProvider {
        std::set<std::string> ready{"a", "c"};
        std::vector<std::string> events;
        bool versions_ready(const std::string& name) override { return ready.contains(name); }
        void prefetch_metadata(const std::string&, const pep440::Version&, const DistributionFile& file) override {
            events.push_back("hint " + file.filename);
        }
        MetadataResult metadata(const std::string& name, const pep440::Version& version, const DistributionFile& file) override {
            events.push_back("read " + file.filename);
            if (name == "a") ready.insert("b");
            return MemoryProvider::metadata(name, version, file);
        }
    } p;
    p.packages["a"] = {{"1.0", {"c==1.0"}}};
    p.packages["b"] = {{"1.0"}};
    p.packages["c"] = {{"1.0"}};
    CHECK(solve(p, needs({"a", "b"})) == std::map<std::string, std::string>{{"a", "1.0"}, {"b", "1.0"}, {"c", "1.0"}});
    auto at = [&](const std::string& e) { return std::find(p.events.begin(), p.events.end(), e); };
    REQUIRE(at("read c-1.0-py3-none-any.whl") != p.events.end());
    CHECK(at("read a-1.0-py3-none-any.whl") < at("hint b-1.0-py3-none-any.whl"));
    CHECK(at("hint b-1.0-py3-none-any.whl") < at("read c-1.0-py3-none-any.whl"));
}

TEST_CASE("while the solver waits for metadata, packages whose versions arrive are hinted", "[resolver][driver]") {
    // a's metadata takes long (an sdist's build); b's versions arrive meanwhile. As uv's
    // fetcher goes on with its prefetches while a build runs, b's candidate is hinted before
    // a's metadata is read, not at the propagation after it.
    struct SlowProvider : MemoryProvider {
        std::set<std::string> ready{"a", "c"};
        int polls = 0;
        std::vector<std::string> events;
        bool versions_ready(const std::string& name) override { return ready.contains(name); }
        bool metadata_ready(const std::string& name, const pep440::Version&, const DistributionFile&) override {
            return name != "a" || polls >= 3;
        }
        void await_progress() override {
            if (++polls == 2) ready.insert("b");
            events.push_back("wait");
        }
        void prefetch_metadata(const std::string&, const pep440::Version&, const DistributionFile& file) override {
            events.push_back("hint " + file.filename);
        }
        MetadataResult metadata(const std::string& name, const pep440::Version& version, const DistributionFile& file) override {
            events.push_back("read " + file.filename);
            return MemoryProvider::metadata(name, version, file);
        }
    } p;
    p.packages["a"] = {{"1.0", {"c==1.0"}}};
    p.packages["b"] = {{"1.0"}};
    p.packages["c"] = {{"1.0"}};
    CHECK(solve(p, needs({"a", "b"})) == std::map<std::string, std::string>{{"a", "1.0"}, {"b", "1.0"}, {"c", "1.0"}});
    auto at = [&](const std::string& e) { return std::find(p.events.begin(), p.events.end(), e); };
    REQUIRE(at("read a-1.0-py3-none-any.whl") != p.events.end());
    CHECK(p.polls == 3);
    CHECK(at("hint b-1.0-py3-none-any.whl") < at("read a-1.0-py3-none-any.whl"));
}

TEST_CASE("backtracking through many versions hints the next candidates in batches", "[resolver][driver]") {
    // Every version of `a` but the oldest needs a version of `b` that does not exist, so the
    // solver reads the metadata of 12.0, 11.0, ... in turn. The batch prefetcher hints the next
    // candidates (as many as were tried, at least 5, wheels only) after 2, 5 and 10 tries (uv's
    // starts at 5).
    struct HintingProvider : MemoryProvider {
        std::vector<std::string> events;
        void prefetch_candidate_metadata(const std::string&, const pep440::Version&, const DistributionFile& file) override {
            events.push_back("hint " + file.filename);
        }
        MetadataResult metadata(const std::string& name, const pep440::Version& version, const DistributionFile& file) override {
            events.push_back("read " + file.filename);
            return MemoryProvider::metadata(name, version, file);
        }
    } p;
    p.packages["b"] = {{"1.0"}};
    p.packages["a"] = {{"1.0"}};
    for (int v = 2; v <= 12; ++v)
        p.packages["a"].push_back({std::to_string(v) + ".0", {"b==" + std::to_string(v) + ".0"}});
    CHECK(solve(p, needs({"a"})) == std::map<std::string, std::string>{{"a", "1.0"}});

    auto wheel = [](int v) { return "a-" + std::to_string(v) + ".0-py3-none-any.whl"; };
    std::vector<std::string> expected{"read " + wheel(12)};
    // The second try (11.0) is decided: before its metadata is read, the current range from
    // 11.0 down, five versions, is hinted.
    for (int v = 11; v >= 7; --v) expected.push_back("hint " + wheel(v));
    for (int v = 11; v >= 9; --v) expected.push_back("read " + wheel(v));
    // The fifth (8.0): five more from there.
    for (int v = 8; v >= 4; --v) expected.push_back("hint " + wheel(v));
    for (int v = 8; v >= 4; --v) expected.push_back("read " + wheel(v));
    // The tenth (3.0): ten asked for, three left.
    for (int v = 3; v >= 1; --v) expected.push_back("hint " + wheel(v));
    for (int v = 3; v >= 1; --v) expected.push_back("read " + wheel(v));
    std::vector<std::string> a_events;
    for (const auto& e : p.events)
        if (e.find(" a-") != std::string::npos) a_events.push_back(e);
    CHECK(a_events == expected);
}
