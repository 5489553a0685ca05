// Text and JSON rendering and the exit code.

#include "lockkit/verify/report.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace lockkit::verify;

namespace {
Report sample() {
    Report r;
    r.lock_path = "uv.lock";
    r.findings.push_back({"unpinned-git", Severity::Error, "gitdep", "0.2.0", "not pinned", "re-lock"});
    r.findings.push_back({"invalid-marker", Severity::Warning, "", std::nullopt, "odd marker", "fix it"});
    return r;
}
} // namespace

TEST_CASE("text output names severity, rule, package and fix", "[verify][report]") {
    const std::string text = render_text(sample());
    CHECK_THAT(text, Catch::Contains("error[unpinned-git] gitdep==0.2.0: not pinned\n  fix: re-lock\n"));
    CHECK_THAT(text, Catch::Contains("warning[invalid-marker]: odd marker"));
    CHECK(render_summary(sample()) == "uv.lock: 1 error, 1 warning\n");
}

TEST_CASE("json output follows schema_version 1", "[verify][report]") {
    const auto doc = nlohmann::json::parse(render_json(sample()));
    CHECK(doc["schema_version"] == 1);
    CHECK(doc["lock"] == "uv.lock");
    REQUIRE(doc["findings"].size() == 2);
    CHECK(doc["findings"][0]["rule"] == "unpinned-git");
    CHECK(doc["findings"][0]["severity"] == "error");
    CHECK(doc["findings"][0]["package"]["name"] == "gitdep");
    CHECK(doc["findings"][0]["package"]["version"] == "0.2.0");
    CHECK(doc["findings"][1]["package"].is_null());
    CHECK(doc["summary"]["errors"] == 1);
    CHECK(doc["summary"]["warnings"] == 1);
}

TEST_CASE("exit codes: errors fail, warnings only with --strict", "[verify][report]") {
    Report r = sample();
    CHECK(exit_code_for(r, false) == 1);
    r.findings.erase(r.findings.begin());
    CHECK(exit_code_for(r, false) == 0);
    CHECK(exit_code_for(r, true) == 1);
    CHECK(exit_code_for(Report{}, true) == 0);
}

TEST_CASE("every rule has a description for SARIF", "[verify][report]") {
    for (const auto id : all_rules()) {
        INFO(id);
        CHECK(is_known_rule(id));
        CHECK_FALSE(rule_description(id).empty());
    }
    CHECK(rule_description("no-such-rule").empty());
    CHECK(all_rules().size() == 33);
}
