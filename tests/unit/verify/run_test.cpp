// verify::run, the whole of a lock-verify run without the program: the project
// found beside the lock, the policy it declares, a lock that does not read
// reported as findings, and the run's own failures as errors.

#include "../../temp_tree.hpp"
#include "lock_texts.hpp"
#include "lockkit/verify/run.hpp"

using namespace lockkit;
using namespace lockkit::verify;
using namespace lockkit::verify::testing;

TEST_CASE("run: a clean lock beside its project", "[verify][run]") {
    lockkit::testing::TempTree tree;
    tree.write("uv.lock", k_clean_lock);
    RunOptions o;
    o.lock_path = tree.root() / "uv.lock";
    o.staleness = RunOptions::Staleness::Off;
    auto report = run(o);
    REQUIRE(report.has_value());
    CHECK(report->findings.empty());
    CHECK(report->lock_readable);
    CHECK(report->lock_path == (tree.root() / "uv.lock").string());
}

TEST_CASE("run: the policy in the pyproject.toml beside the lock applies", "[verify][run]") {
    lockkit::testing::TempTree tree;
    tree.write("uv.lock", k_clean_lock);
    tree.write("pyproject.toml", "[tool.lockkit.verify]\ndeny = [\"IDNA\"]\n");
    RunOptions o;
    o.lock_path = tree.root() / "uv.lock";
    o.staleness = RunOptions::Staleness::Off;
    auto report = run(o);
    REQUIRE(report.has_value());
    REQUIRE(report->findings.size() == 1);
    CHECK(report->findings[0].rule == rule::denied_package);
    // A typo in the policy is the run failing, not a finding.
    tree.write("pyproject.toml", "[tool.lockkit.verify]\ndenny = [\"idna\"]\n");
    auto failed = run(o);
    REQUIRE_FALSE(failed.has_value());
    CHECK_THAT(failed.error(), Catch::StartsWith("error: ") && Catch::Contains("denny"));
}

TEST_CASE("run: a lock that does not read is findings, and nothing else runs", "[verify][run]") {
    lockkit::testing::TempTree tree;
    const std::string broken = replace(k_clean_lock, "    { name = \"idna\" },\n", "    { name = \"idna\" },\n    { name = \"gone\" },\n");
    tree.write("uv.lock", "<<<<<<< HEAD\n=======\n>>>>>>> topic\n" + broken);
    tree.mkdir("wheels");
    RunOptions o;
    o.lock_path = tree.root() / "uv.lock";
    o.artifacts = tree.root() / "wheels";
    o.staleness = RunOptions::Staleness::Required;  // would fail: no pyproject.toml; never reached
    o.verify.severity[std::string(rule::dangling_dependency)] = Severity::Warning;
    auto report = run(o);
    REQUIRE(report.has_value());
    CHECK_FALSE(report->lock_readable);
    CHECK(report->artifacts_checked == 0);
    REQUIRE(report->findings.size() == 2);
    CHECK(report->findings[0].rule == rule::conflict_markers);
    CHECK(report->findings[0].line == 1);
    CHECK(report->findings[0].end_line == 3);
    CHECK(report->findings[1].rule == rule::dangling_dependency);
    CHECK(report->findings[1].severity == Severity::Warning);  // --warn applies to these rules too
    CHECK(report->findings[1].column == 5);
}

TEST_CASE("run: what keeps it from running is an error", "[verify][run]") {
    lockkit::testing::TempTree tree;
    RunOptions o;
    o.lock_path = tree.root() / "missing.lock";
    auto missing = run(o);
    REQUIRE_FALSE(missing.has_value());
    CHECK_THAT(missing.error(), Catch::StartsWith("error: ") && Catch::Contains("missing.lock"));
    tree.write("uv.lock", k_clean_lock);
    o.lock_path = tree.root() / "uv.lock";
    o.staleness = RunOptions::Staleness::Required;
    auto no_project = run(o);
    REQUIRE_FALSE(no_project.has_value());
    CHECK_THAT(no_project.error(), Catch::Contains("no pyproject.toml beside"));
    o.staleness = RunOptions::Staleness::Off;
    o.artifacts = tree.root() / "absent";
    CHECK_FALSE(run(o).has_value());
}

TEST_CASE("run: the repository root is the nearest folder with .git", "[verify][run]") {
    lockkit::testing::TempTree tree;
    tree.mkdir(".git");
    const std::string outside = replace(k_clean_lock, "source = { virtual = \".\" }", "source = { virtual = \"../../elsewhere\" }");
    tree.write("sub/uv.lock", outside);
    RunOptions o;
    o.lock_path = tree.root() / "sub" / "uv.lock";
    o.staleness = RunOptions::Staleness::Off;
    o.verify.require_paths_inside_repo = true;
    auto report = run(o);
    REQUIRE(report.has_value());
    REQUIRE(report->findings.size() == 1);
    CHECK(report->findings[0].rule == rule::path_outside_repo);
    // One level up stays inside the repository.
    tree.write("sub/uv.lock", replace(k_clean_lock, "source = { virtual = \".\" }", "source = { virtual = \"..\" }"));
    report = run(o);
    REQUIRE(report.has_value());
    CHECK(report->findings.empty());
}
