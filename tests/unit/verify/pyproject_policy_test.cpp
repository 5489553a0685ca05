// [tool.lockkit.verify] in pyproject.toml tightens the policy; typos are errors.

#include "lockkit/verify/pyproject_policy.hpp"

#include <catch2/catch.hpp>

using namespace lockkit::verify;

TEST_CASE("[tool.lockkit.verify] sets policy options", "[verify][pyproject]") {
    VerifyOptions options;
    options.denied = {"from-flag"};
    const auto r = apply_pyproject_policy(R"(
[project]
name = "demo"

[tool.lockkit.verify]
https-only = true
allow-hosts = ["pypi.org"]
require-pinned-git = true
no-sdist-only = false
deny = ["pycrypto"]
)", "pyproject.toml", options);
    REQUIRE(r);
    CHECK(options.https_only);
    CHECK(options.require_pinned_git);
    CHECK_FALSE(options.no_sdist_only);
    CHECK(options.allowed_hosts == std::vector<std::string>{"pypi.org"});
    CHECK(options.denied == std::vector<std::string>{"from-flag", "pycrypto"});
}

TEST_CASE("a flag cannot be switched off by pyproject.toml", "[verify][pyproject]") {
    VerifyOptions options;
    options.https_only = true;
    REQUIRE(apply_pyproject_policy("[tool.lockkit.verify]\nhttps-only = false\n", "pyproject.toml", options));
    CHECK(options.https_only);
}

TEST_CASE("no table changes nothing; bad keys and types are errors", "[verify][pyproject]") {
    VerifyOptions options;
    REQUIRE(apply_pyproject_policy("[project]\nname = \"x\"\n", "pyproject.toml", options));
    CHECK_FALSE(options.https_only);

    auto r = apply_pyproject_policy("[tool.lockkit.verify]\nhttps_only = true\n", "pyproject.toml", options);
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error(), Catch::Contains("unknown key `https_only`"));
    r = apply_pyproject_policy("[tool.lockkit.verify]\ndeny = \"x\"\n", "pyproject.toml", options);
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error(), Catch::Contains("array of strings"));
    r = apply_pyproject_policy("[tool.lockkit.verify\n", "pyproject.toml", options);
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error(), Catch::Contains("pyproject.toml:1"));
}
