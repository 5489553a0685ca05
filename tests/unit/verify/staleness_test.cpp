// stale-lock on constructed projects in temporary directories, and the new policy
// rules (paths inside the repository, --min-age), severity overrides and SARIF.

#include "../../temp_tree.hpp"
#include "lock_texts.hpp"
#include "lockkit/verify/pyproject_policy.hpp"
#include "lockkit/verify/report.hpp"
#include "lockkit/verify/staleness.hpp"
#include "lockkit/verify/verify.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace lockkit;
using namespace lockkit::verify;
using lockkit::verify::testing::k_clean_lock;

namespace {

constexpr const char* k_pyproject = R"([project]
name = "demo"
version = "0.1.0"
requires-python = ">=3.12"
dependencies = ["idna>=3.5", "python-dateutil>=2.8; sys_platform == 'linux'"]
)";

std::string replace(std::string text, const std::string& from, const std::string& to) {
    const auto pos = text.find(from);
    REQUIRE(pos != std::string::npos);
    return text.replace(pos, from.size(), to);
}

std::vector<Finding> stale(const std::string& pyproject, const std::string& lock_text = k_clean_lock) {
    lockkit::testing::TempTree tree;
    tree.write("pyproject.toml", pyproject);
    auto lock = lockfile::parse_lock(lock_text, "uv.lock");
    REQUIRE(lock.has_value());
    auto out = check_stale(*lock, tree.root());
    REQUIRE(out.has_value());
    return *out;
}

} // namespace

TEST_CASE("stale-lock: an up-to-date project has no finding", "[verify][stale]") {
    CHECK(stale(k_pyproject).empty());
}

TEST_CASE("stale-lock: a changed specifier names the requirement and both sides", "[verify][stale]") {
    const auto f = stale(replace(k_pyproject, "idna>=3.5", "idna>=3.7"));
    REQUIRE(f.size() == 1);
    CHECK(f[0].rule == "stale-lock");
    CHECK(f[0].severity == Severity::Error);
    CHECK(f[0].package == "demo");
    CHECK(f[0].line > 0);
    CHECK_THAT(f[0].message, Catch::Contains("requires-dist: `idna` changed: pyproject.toml requires `idna>=3.7`, "
                                             "uv.lock records `idna>=3.5`"));
    CHECK_THAT(f[0].fix, Catch::Contains("uv lock"));
}

TEST_CASE("stale-lock: added and removed requirements, extras, groups", "[verify][stale]") {
    auto f = stale(replace(k_pyproject, "\"idna>=3.5\", ", "\"idna>=3.5\", \"rich\", "));
    REQUIRE(f.size() == 1);
    CHECK_THAT(f[0].message, Catch::Contains("pyproject.toml requires `rich`, which uv.lock does not record"));

    f = stale(replace(k_pyproject, "\"idna>=3.5\", ", ""));
    REQUIRE(f.size() == 1);
    CHECK_THAT(f[0].message, Catch::Contains("uv.lock records `idna>=3.5`, which pyproject.toml no longer requires"));

    f = stale(std::string(k_pyproject) + "[project.optional-dependencies]\ncli = []\n[dependency-groups]\ndev = [\"pytest\"]\n");
    REQUIRE(f.size() == 2);
    CHECK_THAT(f[0].message, Catch::Contains("provides-extras: pyproject.toml declares extra `cli`"));
    CHECK_THAT(f[1].message, Catch::Contains("requires-dev: pyproject.toml declares dependency group `dev`"));
}

TEST_CASE("stale-lock: requires-python, version and members", "[verify][stale]") {
    auto f = stale(replace(k_pyproject, ">=3.12", ">=3.11"));
    REQUIRE(f.size() == 1);
    CHECK(f[0].package.empty());
    CHECK_THAT(f[0].message, Catch::Contains("requires-python: pyproject.toml declares `>=3.11`, uv.lock records `>=3.12`"));
    CHECK(stale(replace(k_pyproject, ">=3.12", ">=3.12.0")).empty());

    f = stale(replace(k_pyproject, "version = \"0.1.0\"", "version = \"0.2.0\""));
    REQUIRE(f.size() == 1);
    CHECK_THAT(f[0].message, Catch::Contains("version: pyproject.toml declares `0.2.0`, uv.lock records `0.1.0`"));

    f = stale(replace(k_pyproject, "name = \"demo\"", "name = \"other\""));
    REQUIRE(!f.empty());
    CHECK_THAT(f[0].message, Catch::Contains("workspace member `other`"));
}

TEST_CASE("stale-lock: a workspace member added", "[verify][stale]") {
    lockkit::testing::TempTree tree;
    tree.write("pyproject.toml", std::string(k_pyproject) + "[tool.uv.workspace]\nmembers = [\"packages/*\"]\n");
    tree.write("packages/lib/pyproject.toml", "[project]\nname = \"lib\"\nversion = \"1.0\"\n");
    auto lock = lockfile::parse_lock(k_clean_lock, "uv.lock");
    REQUIRE(lock.has_value());
    auto out = check_stale(*lock, tree.root());
    REQUIRE(out.has_value());
    bool member_named = false;
    for (const auto& f : *out) {
        member_named = member_named || f.message.find("`lib` is a workspace member") != std::string::npos;
    }
    CHECK(member_named);
}

TEST_CASE("requires-python ranges", "[verify][stale]") {
    CHECK(same_python_range(">=3.10,<4.0", ">=3.10, <4.0"));
    CHECK(same_python_range("==3.14.*", ">=3.14, <3.15"));
    CHECK(same_python_range(">= 3.9", ">=3.9.0"));
    CHECK_FALSE(same_python_range(">=3.9", ">=3.10"));
    CHECK_FALSE(same_python_range(">=3.9", ">=3.9,<4"));
    CHECK(same_python_range(">=3.12.[X]", ">=3.12"));  // unparsable: nothing said
}

TEST_CASE("path sources must stay inside the repository", "[verify][policy]") {
    const std::string text = replace(k_clean_lock, "source = { virtual = \".\" }", "source = { editable = \"../outside\" }");
    auto lock = lockfile::parse_lock(text, "uv.lock");
    REQUIRE(lock.has_value());
    VerifyOptions o;
    o.require_paths_inside_repo = true;
    o.lock_dir = "/repo/sub";
    o.repo_root = "/repo";
    CHECK(check_policy(*lock, o).empty());  // /repo/outside
    o.repo_root = "/repo/sub";
    auto f = check_policy(*lock, o);
    REQUIRE(f.size() == 1);
    CHECK(f[0].rule == "path-outside-repo");
    CHECK_THAT(f[0].message, Catch::Contains("`../outside`"));
}

TEST_CASE("--min-age from upload-time, with a fixed now", "[verify][policy]") {
    const std::string text = replace(k_clean_lock, "size = 175426 }", "size = 175426, upload-time = \"2026-11-20T10:00:00.5Z\" }");
    auto lock = lockfile::parse_lock(text, "uv.lock");
    REQUIRE(lock.has_value());
    VerifyOptions o;
    o.min_age_seconds = parse_duration("7d");
    o.now = parse_timestamp("2026-11-22T10:00:00Z");
    auto f = check_policy(*lock, o);
    REQUIRE(f.size() == 1);
    CHECK(f[0].rule == "too-new");
    CHECK(f[0].package == "idna");
    CHECK_THAT(f[0].message, Catch::Contains("2026-11-20T10:00:00.5Z (48 hours ago)") || Catch::Contains("2 days"));
    CHECK_THAT(f[0].fix, Catch::Contains("2026-11-27T10:00:00Z"));
    o.now = parse_timestamp("2026-11-28T00:00:00Z");
    CHECK(check_policy(*lock, o).empty());
}

TEST_CASE("durations and timestamps", "[verify][policy]") {
    CHECK(parse_duration("7d") == 7 * 86400);
    CHECK(parse_duration("1d12h") == 36 * 3600);
    CHECK(parse_duration("2w") == 14 * 86400);
    CHECK_FALSE(parse_duration("7"));
    CHECK_FALSE(parse_duration("d"));
    // Too long to represent: refused, not wrapped around.
    CHECK_FALSE(parse_duration("99999999999999999999d"));
    CHECK_FALSE(parse_duration("9223372036854775807w"));
    CHECK_FALSE(parse_duration("5000000000000000000s5000000000000000000s"));
    CHECK(parse_timestamp("1970-01-02T00:00:00Z") == 86400);
    CHECK(parse_timestamp("2024-03-01T01:00:00+01:00") == parse_timestamp("2024-03-01T00:00:00Z"));
    CHECK_FALSE(parse_timestamp("2024-03-01T00:00:00"));
    CHECK(format_timestamp(*parse_timestamp("2024-02-29T23:59:58Z")) == "2024-02-29T23:59:58Z");
}

TEST_CASE("per-rule severity from flags and [tool.lockkit.verify]", "[verify][policy]") {
    VerifyOptions o;
    o.severity["denied-package"] = Severity::Warning;  // a flag
    REQUIRE(apply_pyproject_policy("[tool.lockkit.verify]\ndeny = [\"idna\"]\nerror = [\"denied-package\"]\n"
                                   "warn = [\"missing-hash\"]\nmin-age = \"3d\"\n",
                                   "pyproject.toml", o));
    CHECK(o.severity.at("denied-package") == Severity::Warning);  // the flag wins
    CHECK(o.severity.at("missing-hash") == Severity::Warning);
    CHECK(o.min_age_seconds == 3 * 86400);
    auto lock = lockfile::parse_lock(k_clean_lock, "uv.lock");
    REQUIRE(lock.has_value());
    o.min_age_seconds.reset();
    auto f = verify_lock(*lock, o);
    REQUIRE(f.size() == 1);
    CHECK(f[0].severity == Severity::Warning);
    CHECK_FALSE(apply_pyproject_policy("[tool.lockkit.verify]\nwarn = [\"no-such-rule\"]\n", "pyproject.toml", o));
    CHECK_FALSE(apply_pyproject_policy("[tool.lockkit.verify]\nmin-age = \"soon\"\n", "pyproject.toml", o));
}

TEST_CASE("SARIF 2.1.0 structure", "[verify][report]") {
    Report r;
    r.lock_path = "uv.lock";
    Finding f;
    f.rule = "hash-mismatch";
    f.package = "idna";
    f.version = "3.6";
    f.message = "bad";
    f.fix = "fix it";
    f.line = 12;
    r.findings.push_back(f);
    f.rule = "stale-lock";
    f.severity = Severity::Warning;
    f.line = 0;
    r.findings.push_back(f);
    const auto doc = nlohmann::json::parse(render_sarif(r, "0.1.0"));
    CHECK(doc["version"] == "2.1.0");
    const auto& run = doc["runs"][0];
    CHECK(run["tool"]["driver"]["name"] == "lock-verify");
    CHECK(run["tool"]["driver"]["rules"].size() == 2);
    const auto& res = run["results"];
    REQUIRE(res.size() == 2);
    CHECK(res[0]["ruleId"] == "hash-mismatch");
    CHECK(res[0]["level"] == "error");
    CHECK(res[0]["ruleIndex"] == 0);
    CHECK(res[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "uv.lock");
    CHECK(res[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 12);
    CHECK(res[1]["level"] == "warning");
    CHECK_FALSE(res[1]["locations"][0]["physicalLocation"].contains("region"));
}
