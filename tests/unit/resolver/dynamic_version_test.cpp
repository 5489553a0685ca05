// Source trees whose version is a stand-in (declared dynamic, not built): the driver asks the
// provider's `url_version` for the real one only when a requirement constrains the package,
// up front when the lookahead already sees that requirement, else when a registry package's
// requirement narrows the range. uv builds every such tree (uv-distribution source/mod.rs
// `source_tree_metadata`) and compares its version in `choose_version_url`; these cases hold
// lockkit to the same versions without a build where none can change the answer.

#include <lockkit/resolver/resolver.hpp>

#include "memory_provider.hpp"

#include <catch2/catch.hpp>

#include <map>

using namespace lockkit;
using namespace lockkit::resolver;
using testing::DepsProvider;
using testing::Release;

namespace {

const std::string k_sdk = "file:///work/sdk";
const std::string k_cli = "file:///work/cli";

/// DepsProvider plus two source trees: `sdk` (a stand-in version 0, really `real_version`) and
/// `cli` 0.3.0, which requires `cli_requires`.
class TreeProvider : public DepsProvider {
public:
    TreeProvider(std::map<std::string, std::vector<Release>> packages, std::string cli_requires)
        : DepsProvider(std::move(packages)), m_cli_requires(std::move(cli_requires)) {}

    std::expected<UrlMetadata, std::string> url_metadata(const std::string& name, const std::string& url) override {
        UrlMetadata out;
        if (name == "sdk" && url == k_sdk) {
            out.version = *pep440::Version::parse("0");
            out.version_is_stand_in = true;
            out.metadata.provides_extra = {"fast"};
            out.metadata.requires_dist.push_back(*pep508::Requirement::parse("leaf; extra == 'fast'"));
            return out;
        }
        if (name == "cli" && url == k_cli) {
            out.version = *pep440::Version::parse("0.3.0");
            if (!m_cli_requires.empty()) out.metadata.requires_dist.push_back(*pep508::Requirement::parse(m_cli_requires));
            return out;
        }
        return std::unexpected("unknown " + url);
    }

    std::expected<pep440::Version, std::string> url_version(const std::string& name, const std::string& url) override {
        ++builds;
        if (name != "sdk" || url != k_sdk) return std::unexpected("not a tree: " + url);
        if (!build_error.empty()) return std::unexpected(build_error);
        return *pep440::Version::parse(real_version);
    }

    int builds = 0;
    std::string real_version = "0.2.0";
    std::string build_error;

private:
    std::string m_cli_requires;
};

std::expected<std::map<std::string, std::string>, ResolveFailure> solve(TreeProvider& provider,
                                                                         std::initializer_list<std::string> reqs) {
    Manifest m;
    for (const auto& r : reqs) m.requirements.push_back(*pep508::Requirement::parse(r));
    const auto python = PythonRequirement::from_requires_python(
        *pep440::Version::parse("3.12"), RequiresPython::from_specifiers(*pep440::VersionSpecifiers::parse(">=3.12")));
    auto result = resolve(m, ResolverOptions{}, ResolverEnvironment::universal(), python, provider);
    if (!result) return std::unexpected(std::move(result.error()));
    std::map<std::string, std::string> out;
    for (const auto& p : result->packages) out[p.name] = p.version.to_string();
    return out;
}

const std::map<std::string, std::vector<Release>> k_index = {
    {"leaf", {{"1.0", {}, {}}}},
    // Only api 1.0 fits sdk 0.2.0; neither fits the stand-in version 0.
    {"api", {{"1.0", {"sdk>=0.1"}, {}}, {"2.0", {"sdk>=5"}, {}}}},
};

} // namespace

TEST_CASE("an unconstrained dynamic version is never built", "[resolver][dynamic-version]") {
    TreeProvider p(k_index, "sdk");
    auto r = solve(p, {"sdk[fast] @ " + k_sdk, "cli @ " + k_cli});
    REQUIRE(r.has_value());
    CHECK(p.builds == 0);
    // The extra's proxy pins its base to the stand-in: that pin is no requirement either.
    CHECK(*r == std::map<std::string, std::string>{{"cli", "0.3.0"}, {"leaf", "1.0"}, {"sdk", "0"}});
}

TEST_CASE("a constraint the lookahead sees builds the tree before solving", "[resolver][dynamic-version]") {
    TreeProvider p(k_index, "sdk>=0.1.0");
    auto r = solve(p, {"sdk @ " + k_sdk, "cli @ " + k_cli});
    REQUIRE(r.has_value());
    CHECK(p.builds == 1);
    CHECK(r->at("sdk") == "0.2.0");
}

TEST_CASE("a registry package's constraint builds the tree when it meets it", "[resolver][dynamic-version]") {
    TreeProvider p(k_index, "");
    auto r = solve(p, {"sdk @ " + k_sdk, "api"});
    REQUIRE(r.has_value());
    CHECK(p.builds == 1);
    CHECK(*r == std::map<std::string, std::string>{{"api", "1.0"}, {"sdk", "0.2.0"}});
}

TEST_CASE("every fork ends with the built version", "[resolver][dynamic-version]") {
    // On Linux nothing constrains sdk (other 1.0); elsewhere other 2.0 pulls api, whose
    // requirement needs the build. Whichever fork is solved first, sdk has one version.
    auto index = k_index;
    index["other"] = {{"1.0", {}, {}}, {"2.0", {"api"}, {}}};
    TreeProvider p(index, "");
    Manifest m;
    for (const std::string& r : {"sdk @ " + k_sdk, std::string("other==1.0; sys_platform == 'linux'"),
                                std::string("other==2.0; sys_platform != 'linux'")})
        m.requirements.push_back(*pep508::Requirement::parse(r));
    const auto python = PythonRequirement::from_requires_python(
        *pep440::Version::parse("3.12"), RequiresPython::from_specifiers(*pep440::VersionSpecifiers::parse(">=3.12")));
    auto r = resolve(m, ResolverOptions{}, ResolverEnvironment::universal(), python, p);
    REQUIRE(r.has_value());
    CHECK(r->forks.size() == 2);
    CHECK(p.builds == 1);
    std::vector<std::string> sdk;
    for (const auto& f : r->forks)
        for (const auto& q : f.packages)
            if (q.name == "sdk") sdk.push_back(q.version.to_string());
    CHECK(sdk == std::vector<std::string>{"0.2.0", "0.2.0"});
}

TEST_CASE("a built version outside the constraint has no solution", "[resolver][dynamic-version]") {
    // The stand-in 0 would meet `<0.1`; the real 0.2.0 does not.
    TreeProvider p(k_index, "sdk<0.1");
    auto r = solve(p, {"sdk @ " + k_sdk, "cli @ " + k_cli});
    REQUIRE(!r.has_value());
    REQUIRE(r.error().no_solution.has_value());
    CHECK(r.error().no_solution->report().find("sdk<0.1") != std::string::npos);
}

TEST_CASE("a build that cannot happen ends the resolution with its reason", "[resolver][dynamic-version]") {
    SECTION("seen by the lookahead") {
        TreeProvider p(k_index, "sdk>=0.1.0");
        p.build_error = "`sdk` cannot be built";
        auto r = solve(p, {"sdk @ " + k_sdk, "cli @ " + k_cli});
        REQUIRE(!r.has_value());
        CHECK(!r.error().no_solution.has_value());
        CHECK(r.error().message == "`sdk` cannot be built");
    }
    SECTION("met while solving") {
        TreeProvider p(k_index, "");
        p.build_error = "`sdk` cannot be built";
        auto r = solve(p, {"sdk @ " + k_sdk, "api"});
        REQUIRE(!r.has_value());
        CHECK(!r.error().no_solution.has_value());
        CHECK(r.error().message == "`sdk` cannot be built");
    }
}
