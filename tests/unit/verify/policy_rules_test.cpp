// Source-policy rules: off by default, each enabled by one option.

#include "lock_texts.hpp"
#include "lockkit/verify/verify.hpp"

using namespace lockkit;
using namespace lockkit::verify;
using namespace lockkit::verify::testing;

namespace {

const std::string k_git_package = R"(
[[package]]
name = "gitdep"
version = "0.2.0"
source = { git = "https://github.com/example/gitdep?rev=main#0123456789abcdef0123456789abcdef01234567" }
)";

} // namespace

TEST_CASE("policy rules are off by default", "[verify][policy]") {
    const std::string text = replace(k_clean_lock, "https://pypi.org/simple", "http://pypi.org/simple");
    CHECK(check_policy(parse(text), {}).empty());
}

TEST_CASE("--https-only flags an http registry once per package", "[verify][policy]") {
    const std::string text = replace(k_clean_lock, "https://pypi.org/simple", "http://pypi.org/simple");
    VerifyOptions options;
    options.https_only = true;
    const auto findings = with_rule(check_policy(parse(text), options), rule::insecure_url);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].package == "idna");
    CHECK_THAT(findings[0].message, Catch::Contains("http://pypi.org/simple"));
}

TEST_CASE("--allow-host flags a swapped artifact host", "[verify][policy]") {
    const std::string text = replace(k_clean_lock, "https://files.pythonhosted.org/packages/c2/e7/idna",
                                     "https://evil.example.com:8443/packages/c2/e7/idna");
    VerifyOptions options;
    options.allowed_hosts = {"pypi.org", "FILES.pythonhosted.org"};
    const auto findings = with_rule(check_policy(parse(text), options), rule::disallowed_host);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].package == "idna");
    CHECK_THAT(findings[0].message, Catch::Contains("`evil.example.com`"));
    CHECK_THAT(findings[0].fix, Catch::Contains("--allow-host evil.example.com"));
}

TEST_CASE("--require-pinned-git wants a full 40-hex commit", "[verify][policy]") {
    VerifyOptions options;
    options.require_pinned_git = true;
    CHECK(check_policy(parse(std::string(k_clean_lock) + k_git_package), options).empty());

    const std::string unpinned = replace(std::string(k_clean_lock) + k_git_package, "#0123456789abcdef0123456789abcdef01234567", "#0123456");
    const auto findings = with_rule(check_policy(parse(unpinned), options), rule::unpinned_git);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].package == "gitdep");
    CHECK_THAT(findings[0].message, Catch::Contains("#0123456"));
}

TEST_CASE("--no-sdist-only and --deny", "[verify][policy]") {
    const std::string text = replace(k_clean_lock, R"(wheels = [
    { url = "https://files.pythonhosted.org/packages/c2/e7/idna-3.6-py3-none-any.whl", hash = "sha256:c05567e9c24a6b9faaa835c4821bad0590fbb9d5779e7caa6e1cc4978e7eb24f", size = 61567 },
]
)", "");
    VerifyOptions options;
    options.no_sdist_only = true;
    options.denied = {"Python_DateUtil"};
    const auto findings = check_policy(parse(text), options);
    REQUIRE(findings.size() == 2);
    CHECK(findings[0].rule == rule::sdist_only);
    CHECK(findings[0].package == "idna");
    CHECK(findings[1].rule == rule::denied_package);
    CHECK(findings[1].package == "python-dateutil");
}
