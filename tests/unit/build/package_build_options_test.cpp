// One package's build options, as uv 0.12.5 applies them: extra build dependencies per
// package, `match-runtime` ones pinned to the synced version (uv-distribution-types
// `ExtraBuildRequires::match_runtime`) or refused when locking (uv-build-frontend
// `Error::UnmatchedRuntime`), variables per package, isolation per package.

#include "lockkit/build/package_build_options.hpp"

#include <catch2/catch.hpp>

using lockkit::build::PackageBuildOptions;
using lockkit::pyproject::BuildIsolation;

TEST_CASE("extra build dependencies: plain ones as written, match-runtime ones pinned at sync", "[build][options]") {
    PackageBuildOptions o;
    o.extra_dependencies["flash-attn"] = {{"setuptools>=60", false}, {"torch", true}};
    o.extra_variables["flash-attn"] = {{"SKIP", "TRUE"}};
    CHECK(o.extra_requirements("other")->empty());
    CHECK(o.variables("other").empty());
    CHECK(o.variables("flash-attn") == std::map<std::string, std::string>{{"SKIP", "TRUE"}});

    // Locking: no versions to match, so a bare name cannot be built.
    const auto locking = o.extra_requirements("flash-attn");
    REQUIRE(!locking);
    CHECK(locking.error() == "Extra build requirement `torch` was declared with `match-runtime = true`, but `flash-attn` "
                             "does not declare static metadata, making runtime-matching impossible");

    o.runtime_versions = std::map<std::string, std::string>{{"torch", "2.5.1"}};
    const auto syncing = o.extra_requirements("flash-attn");
    REQUIRE(syncing);
    CHECK(*syncing == std::vector<std::string>{"setuptools>=60", "torch==2.5.1"});

    o.runtime_versions->clear();
    CHECK(o.extra_requirements("flash-attn").error() ==
          "`torch` was declared as an extra build dependency with `match-runtime = true`, but was not found in the resolution");

    o.extra_dependencies["flash-attn"] = {{"torch>=2", true}};
    CHECK(!o.extra_requirements("flash-attn"));          // at sync: a version of its own is refused
    o.runtime_versions.reset();
    CHECK(*o.extra_requirements("flash-attn") == std::vector<std::string>{"torch>=2"});  // locking: taken as is
}

TEST_CASE("build options change a package's cache key only when they apply to it", "[build][options]") {
    PackageBuildOptions o;
    CHECK(o.cache_key("a").empty());
    o.isolation = BuildIsolation{BuildIsolation::Kind::SharedPackage, {"a"}};
    o.extra_variables["b"] = {{"X", "1"}};
    CHECK(!o.isolated("a"));
    CHECK(o.isolated("b"));
    CHECK(!o.cache_key("a").empty());
    CHECK(!o.cache_key("b").empty());
    CHECK(o.cache_key("c").empty());
    CHECK(o.cache_key("a") != o.cache_key("b"));
}
