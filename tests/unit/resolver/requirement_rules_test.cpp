// Overrides, excludes and static metadata as uv applies them to each package's requirements
// (uv-configuration/src/overrides.rs, excludes.rs; uv-resolver/src/resolver/mod.rs
// `requirements_for_extra`; resolver-notes §5.2, §7.3). Each expectation is what real uv
// 0.12.5 locked for the same project and packages (wheels made by tests/fixtures/wheelmaker.py,
// `uv lock --no-index --find-links`).

#include "memory_provider.hpp"

#include <lockkit/resolver/resolver.hpp>

#include <catch2/catch.hpp>

#include <map>

using namespace lockkit;
using namespace lockkit::resolver;
using lockkit::resolver::testing::DepsProvider;
using lockkit::resolver::testing::Release;

namespace {

/// name==version for every package of every fork.
std::set<std::string> lock(DepsProvider& provider, Manifest manifest, const std::vector<std::string>& requirements) {
    for (const auto& r : requirements) manifest.requirements.push_back(*pep508::Requirement::parse(r));
    const auto python = PythonRequirement::from_requires_python(
        *pep440::Version::parse("3.12.1"), RequiresPython::from_specifiers(*pep440::VersionSpecifiers::parse(">=3.12")));
    auto result = resolve(manifest, ResolverOptions{}, ResolverEnvironment::universal(), python, provider);
    REQUIRE(result);
    std::set<std::string> out;
    for (const auto& p : result->packages) out.insert(p.name + "==" + p.version.to_string());
    return out;
}

pep508::Requirement req(const std::string& text) { return *pep508::Requirement::parse(text); }

const std::map<std::string, std::vector<Release>> k_packages = {
    {"a", {{"1.0.0", {"b", "d"}, {"x"}}}},
    {"b", {{"1.0.0", {}, {}}, {"2.0.0", {}, {}}}},
    {"c", {{"1.0.0", {"b>=1"}, {}}}},
    {"d", {{"1.0.0", {}, {}}}},
    {"e", {{"1.0.0", {}, {}}}},
};

} // namespace

TEST_CASE("a scoped override replaces and adds requirements of one package", "[resolver][rules]") {
    DepsProvider provider(k_packages);
    Manifest manifest;
    manifest.scoped_overrides.push_back({"a", std::nullopt, {req("b<2"), req("e")}});
    CHECK(lock(provider, manifest, {"a", "c"}) ==
          std::set<std::string>{"a==1.0.0", "b==1.0.0", "c==1.0.0", "d==1.0.0", "e==1.0.0"});
}

TEST_CASE("a scoped override for another version does not apply", "[resolver][rules]") {
    DepsProvider provider(k_packages);
    Manifest manifest;
    manifest.scoped_overrides.push_back({"a", *pep440::Version::parse("2.0.0"), {req("b<2")}});
    CHECK(lock(provider, manifest, {"a", "c"}) == std::set<std::string>{"a==1.0.0", "b==2.0.0", "c==1.0.0", "d==1.0.0"});
}

TEST_CASE("excluded dependencies, scoped and global", "[resolver][rules]") {
    {
        DepsProvider provider(k_packages);
        Manifest manifest;
        manifest.scoped_excludes.push_back({"a", std::nullopt, {"b", "d"}});
        CHECK(lock(provider, manifest, {"a"}) == std::set<std::string>{"a==1.0.0"});
    }
    {
        DepsProvider provider(k_packages);
        Manifest manifest;
        manifest.excludes = {"d"};
        CHECK(lock(provider, manifest, {"a", "c"}) == std::set<std::string>{"a==1.0.0", "b==2.0.0", "c==1.0.0"});
    }
}

TEST_CASE("an override of a requirement behind an extra keeps the extra", "[resolver][rules]") {
    // uv locks a[x] -> b==1.0.0 with marker sys_platform == 'linux'.
    DepsProvider provider({{"a", {{"1.0.0", {"b ; extra == 'x'"}, {"x"}}}}, {"b", {{"1.0.0", {}, {}}, {"2.0.0", {}, {}}}}});
    Manifest manifest;
    manifest.overrides.push_back(req("b<2 ; sys_platform == 'linux'"));
    CHECK(lock(provider, manifest, {"a[x]"}) == std::set<std::string>{"a==1.0.0", "b==1.0.0"});
    // Without the extra, the override does not bring b in.
    DepsProvider plain({{"a", {{"1.0.0", {"b ; extra == 'x'"}, {"x"}}}}, {"b", {{"1.0.0", {}, {}}, {"2.0.0", {}, {}}}}});
    CHECK(lock(plain, manifest, {"a"}) == std::set<std::string>{"a==1.0.0"});
}

TEST_CASE("static dependency metadata replaces the package's", "[resolver][rules]") {
    DepsProvider provider(k_packages);
    Manifest manifest;
    StaticMetadata fixed;
    fixed.name = "a";
    fixed.requires_dist = {req("e")};
    manifest.dependency_metadata.push_back(fixed);
    CHECK(lock(provider, manifest, {"a"}) == std::set<std::string>{"a==1.0.0", "e==1.0.0"});
    CHECK(provider.metadata_requests == 1);  // e's; a's came from the manifest
    // An entry for the exact version wins over the entry for every version.
    DepsProvider exact(k_packages);
    StaticMetadata one = fixed;
    one.version = *pep440::Version::parse("1.0.0");
    one.requires_dist = {req("d")};
    manifest.dependency_metadata.push_back(one);
    CHECK(lock(exact, manifest, {"a"}) == std::set<std::string>{"a==1.0.0", "d==1.0.0"});
}

TEST_CASE("conflicting extras fork the resolution and mark the forks", "[resolver][conflicts]") {
    // The project's extras cpu and cu pin different versions of b and are declared conflicting.
    // uv 0.12.5 locks b 1.0.0 for `extra == 'extra-7-project-cpu'` and b 2.0.0 elsewhere
    // (c's edges: "extra == 'extra-7-project-cu' or extra != 'extra-7-project-cpu'").
    DepsProvider provider({{"project", {{"0.1.0", {"c", "b==1.0.0 ; extra == 'cpu'", "b==2.0.0 ; extra == 'cu'"}, {"cpu", "cu"}}}},
                           {"b", {{"1.0.0", {}, {}}, {"2.0.0", {}, {}}}},
                           {"c", {{"1.0.0", {"b"}, {}}}}});
    Manifest manifest;
    manifest.requirements.push_back(req("project[cpu,cu]"));
    manifest.conflicts = {{ConflictItem{"project", "cpu", std::nullopt}, ConflictItem{"project", "cu", std::nullopt}}};
    const auto python = PythonRequirement::from_requires_python(
        *pep440::Version::parse("3.12.1"), RequiresPython::from_specifiers(*pep440::VersionSpecifiers::parse(">=3.12")));
    auto result = resolve(manifest, ResolverOptions{}, ResolverEnvironment::universal(), python, provider);
    REQUIRE(result);
    std::map<std::string, std::string> b_by_fork;
    for (const auto& f : result->forks) {
        CHECK(f.markers.is_true());
        for (const auto& p : f.packages)
            if (p.name == "b") b_by_fork[f.universal_markers.to_string()] = p.version.to_string();
    }
    CHECK(b_by_fork == std::map<std::string, std::string>{
                           {"extra != 'extra-7-project-cpu' and extra != 'extra-7-project-cu'", "2.0.0"},
                           {"extra == 'extra-7-project-cpu' and extra != 'extra-7-project-cu'", "1.0.0"},
                           {"extra != 'extra-7-project-cpu' and extra == 'extra-7-project-cu'", "2.0.0"},
                       });
    // Without the declaration the extras cannot be resolved together.
    manifest.conflicts.clear();
    DepsProvider again({{"project", {{"0.1.0", {"c", "b==1.0.0 ; extra == 'cpu'", "b==2.0.0 ; extra == 'cu'"}, {"cpu", "cu"}}}},
                        {"b", {{"1.0.0", {}, {}}, {"2.0.0", {}, {}}}},
                        {"c", {{"1.0.0", {"b"}, {}}}}});
    CHECK_FALSE(resolve(manifest, ResolverOptions{}, ResolverEnvironment::universal(), python, again));
}

TEST_CASE("conflict items round-trip through their pseudo-extras", "[resolver][conflicts]") {
    const ConflictItem extra{"my-project", "cu124", std::nullopt};
    CHECK(extra.encoded() == "extra-10-my-project-cu124");
    CHECK(ConflictItem::decode("extra-10-my-project-cu124") == extra);
    CHECK(ConflictItem::decode("group-3-foo-dev") == ConflictItem{"foo", std::nullopt, "dev"});
    CHECK(ConflictItem::decode("project-3-foo") == ConflictItem{"foo", std::nullopt, std::nullopt});
    CHECK_FALSE(ConflictItem::decode("extra-99-foo-x"));
    auto rules = conflict_filter_rules(
        *pep508::MarkerTree::parse("sys_platform == 'linux' and extra == 'extra-3-foo-a' and extra != 'extra-3-foo-b'"));
    REQUIRE(rules);
    CHECK(rules->first == std::vector<ConflictItem>{{"foo", "a", std::nullopt}});
    CHECK(rules->second == std::vector<ConflictItem>{{"foo", "b", std::nullopt}});
}
