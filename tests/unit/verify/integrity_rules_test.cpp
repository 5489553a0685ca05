// The offline integrity rules, each shown on a clean lock with one defect added.

#include "lock_texts.hpp"
#include "lockkit/verify/verify.hpp"

using namespace lockkit;
using namespace lockkit::verify;
using namespace lockkit::verify::testing;

TEST_CASE("a clean lock has no findings", "[verify]") {
    const auto findings = verify_lock(parse(k_clean_lock));
    for (const auto& f : findings) {
        UNSCOPED_INFO(f.rule << ": " << f.message);
    }
    CHECK(findings.empty());
}

TEST_CASE("a version edited without its wheels is a filename mismatch", "[verify]") {
    const std::string text = replace(k_clean_lock, "name = \"idna\"\nversion = \"3.6\"", "name = \"idna\"\nversion = \"3.7\"");
    const auto findings = with_rule(verify_lock(parse(text)), rule::filename_mismatch);
    REQUIRE(findings.size() == 2);  // the sdist and the wheel
    CHECK(findings[0].package == "idna");
    CHECK(findings[0].version == "3.7");
    CHECK(findings[0].severity == Severity::Error);
    CHECK_THAT(findings[0].message, Catch::Contains("idna-3.6-py3-none-any.whl") && Catch::Contains("idna==3.7"));
    CHECK_THAT(findings[1].message, Catch::Contains("idna-3.6.tar.gz"));
    CHECK_FALSE(findings[0].fix.empty());
}

TEST_CASE("a wheel of another package is a filename mismatch", "[verify]") {
    const std::string text = replace(k_clean_lock, "c2/e7/idna-3.6-py3", "c2/e7/idnb-3.6-py3");
    const auto findings = with_rule(verify_lock(parse(text)), rule::filename_mismatch);
    REQUIRE(findings.size() == 1);
    CHECK_THAT(findings[0].message, Catch::Contains("idnb==3.6"));
}

TEST_CASE("a missing registry hash is an error, a malformed one too", "[verify]") {
    std::string text = replace(k_clean_lock, "hash = \"sha256:c05567e9c24a6b9faaa835c4821bad0590fbb9d5779e7caa6e1cc4978e7eb24f\", ", "");
    auto findings = with_rule(verify_lock(parse(text)), rule::missing_hash);
    REQUIRE(findings.size() == 1);
    CHECK_THAT(findings[0].message, Catch::Contains("idna-3.6-py3-none-any.whl") && Catch::Contains("no hash"));

    text = replace(k_clean_lock, "sha256:c05567e9c24a6b9faaa835c4821bad0590fbb9d5779e7caa6e1cc4978e7eb24f", "sha256:c055");
    findings = with_rule(verify_lock(parse(text)), rule::bad_hash);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].severity == Severity::Error);
}

TEST_CASE("a url source without a hash is reported", "[verify]") {
    const std::string text = std::string(k_clean_lock) + R"(
[[package]]
name = "extra-thing"
version = "1.0"
source = { url = "https://example.com/extra_thing-1.0.tar.gz" }
)";
    const auto findings = with_rule(verify_lock(parse(text)), rule::missing_hash);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].package == "extra-thing");
}

TEST_CASE("markers that do not parse are reported; unknown variables only warn", "[verify]") {
    std::string text = replace(k_clean_lock, "marker = \"sys_platform == 'linux'\" }", "marker = \"sys_platform == \" }");
    auto findings = with_rule(verify_lock(parse(text)), rule::invalid_marker);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].severity == Severity::Error);
    CHECK_THAT(findings[0].message, Catch::Contains("demo==0.1.0 -> python-dateutil"));

    text = replace(k_clean_lock, "marker = \"sys_platform == 'linux'\" }", "marker = \"variant_label == 'cu12'\" }");
    findings = with_rule(verify_lock(parse(text)), rule::invalid_marker);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].severity == Severity::Warning);
}

TEST_CASE("a package no member reaches is unreachable", "[verify]") {
    const std::string text = replace(k_clean_lock, "    { name = \"idna\" },\n    { name = \"python-dateutil\"",
                                     "    { name = \"python-dateutil\"");
    const auto findings = with_rule(verify_lock(parse(text)), rule::unreachable_package);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].package == "idna");
    CHECK_THAT(findings[0].message, Catch::Contains("not reachable"));
}

TEST_CASE("a requirement whose package the lock lost is unsatisfied", "[verify]") {
    // What a merge leaves when one side narrowed `idna>=3.5` and the other removed idna:
    // the requirement stays, the edge and the package are gone.
    std::string text = replace(k_clean_lock, "{ name = \"idna\", specifier = \">=3.5\" }",
                               "{ name = \"idna\", specifier = \">=3.5,<4\" }");
    text = replace(text, "    { name = \"idna\" },\n", "");
    text = text.substr(0, text.find("[[package]]\nname = \"idna\"")) +
           text.substr(text.find("[[package]]\nname = \"python-dateutil\""));
    auto findings = with_rule(verify_lock(parse(text)), rule::unsatisfied_requirement);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].package == "demo");
    CHECK(findings[0].severity == Severity::Error);
    CHECK(findings[0].message == "demo==0.1.0 requires-dist requires `idna>=3.5,<4`, but the lock has no `idna` package");

    // A marker that cannot hold under requires-python: uv locks nothing for it, and that is right.
    std::string never = replace(text, "{ name = \"idna\", specifier = \">=3.5,<4\" }",
                                "{ name = \"idna\", marker = \"python_full_version < '3.10'\", specifier = \">=3.5\" }");
    CHECK(with_rule(verify_lock(parse(never)), rule::unsatisfied_requirement).empty());
    // Nor outside the environments the lock is restricted to (tool.uv.environments).
    std::string windows = replace(text, "{ name = \"idna\", specifier = \">=3.5,<4\" }",
                                  "{ name = \"idna\", marker = \"sys_platform == 'win32'\" }");
    windows = replace(windows, "requires-python = \">=3.12\"\n",
                      "requires-python = \">=3.12\"\nsupported-markers = [\n    \"sys_platform == 'linux'\",\n]\n");
    CHECK(with_rule(verify_lock(parse(windows)), rule::unsatisfied_requirement).empty());
    // But a member's extras are all locked: a requirement under one is still owed a package.
    std::string extra = replace(text, "{ name = \"idna\", specifier = \">=3.5,<4\" }",
                                "{ name = \"idna\", marker = \"extra == 'net'\" }");
    extra = replace(extra, "source = { virtual = \".\" }", "source = { editable = \".\" }");
    CHECK(with_rule(verify_lock(parse(extra)), rule::unsatisfied_requirement).size() == 1);
    // A name `[manifest] excludes` removes from the resolution is never locked.
    std::string excluded = replace(text, "requires-python = \">=3.12\"\n",
                                   "requires-python = \">=3.12\"\n\n[manifest]\nexcludes = [\"idna\"]\n");
    CHECK(with_rule(verify_lock(parse(excluded)), rule::unsatisfied_requirement).empty());
}

TEST_CASE("a locked version outside a member's recorded specifier", "[verify]") {
    std::string text = replace(k_clean_lock, "{ name = \"idna\", specifier = \">=3.5\" }", "{ name = \"idna\", specifier = \">=3.7\" }");
    auto findings = with_rule(verify_lock(parse(text)), rule::unsatisfied_requirement);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].package == "idna");
    CHECK_THAT(findings[0].message, Catch::Contains("idna>=3.7") && Catch::Contains("idna==3.6"));

    // A requirement whose marker cannot hold under requires-python is not checked.
    text = replace(k_clean_lock, "{ name = \"idna\", specifier = \">=3.5\" }",
                   "{ name = \"idna\", marker = \"python_full_version < '3.10'\", specifier = \">=3.7\" }");
    CHECK(with_rule(verify_lock(parse(text)), rule::unsatisfied_requirement).empty());
}
