// Workspace discovery: member globs, excludes, hidden directories, errors.

#include "lockkit/pyproject/workspace.hpp"
#include "../../temp_tree.hpp"

#include <catch2/catch.hpp>

using namespace lockkit;
using namespace lockkit::pyproject;

TEST_CASE("glob: segment matching", "[pyproject]") {
    CHECK(glob_segment_match("*", "abc"));
    CHECK(glob_segment_match("a*c", "abbbc"));
    CHECK(glob_segment_match("a?c", "abc"));
    CHECK_FALSE(glob_segment_match("a?c", "ac"));
    CHECK(glob_segment_match("pkg-*", "pkg-"));
    CHECK_FALSE(glob_segment_match("pkg-*", "lib-a"));
    CHECK(glob_match("libs/*/python", "libs/a/python"));
    CHECK_FALSE(glob_match("libs/*/python", "libs/a/b/python"));
    CHECK(glob_match("./packages/*", "packages/x"));
}

TEST_CASE("workspace: members from globs minus excludes, sorted by name", "[pyproject]") {
    lockkit::testing::TempTree t;
    t.write("pyproject.toml", R"([project]
name = "root"
version = "0.1.0"
[tool.uv.workspace]
members = ["packages/*", "libs/*/python"]
exclude = ["packages/skip*"]
)");
    t.write("packages/zed/pyproject.toml", "[project]\nname = \"Zed\"\nversion = \"1\"\n");
    t.write("packages/alpha/pyproject.toml", "[project]\nname = \"alpha\"\nversion = \"1\"\n");
    t.write("packages/skipped/pyproject.toml", "[project]\nname = \"skipped\"\n");
    t.mkdir("packages/.hidden");
    t.write("libs/core/python/pyproject.toml", "[project]\nname = \"core\"\n");
    t.mkdir("libs/other");  // no python/ below: not matched

    auto ws = discover_workspace(t.root());
    REQUIRE(ws.has_value());
    REQUIRE(ws->members.size() == 4);
    CHECK(ws->members[0].name == "alpha");
    CHECK(ws->members[0].path == "packages/alpha");
    CHECK(ws->members[1].name == "core");
    CHECK(ws->members[1].path == "libs/core/python");
    CHECK(ws->members[2].name == "root");
    CHECK(ws->members[2].path == ".");
    CHECK(ws->members[3].name == "zed");
    CHECK(ws->root_is_project());
    CHECK_FALSE(ws->is_single_project());
    CHECK(ws->find("core") != nullptr);
}

TEST_CASE("workspace: a single project and a virtual root", "[pyproject]") {
    lockkit::testing::TempTree t;
    t.write("pyproject.toml", "[project]\nname = \"solo\"\nversion = \"1\"\n");
    auto ws = discover_workspace(t.root());
    REQUIRE(ws.has_value());
    CHECK(ws->is_single_project());

    lockkit::testing::TempTree v;
    v.write("pyproject.toml", "[tool.uv.workspace]\nmembers = [\"a\"]\n[dependency-groups]\nlint = [\"ruff\"]\n");
    v.write("a/pyproject.toml", "[project]\nname = \"a\"\n");
    auto vw = discover_workspace(v.root());
    REQUIRE(vw.has_value());
    CHECK_FALSE(vw->root_is_project());
    REQUIRE(vw->members.size() == 1);
    CHECK(vw->members[0].path == "a");
}

TEST_CASE("workspace: errors", "[pyproject]") {
    lockkit::testing::TempTree t;
    t.write("pyproject.toml", "[tool.uv.workspace]\nmembers = [\"m/*\"]\n");
    t.mkdir("m/empty");
    auto ws = discover_workspace(t.root());
    REQUIRE_FALSE(ws.has_value());
    CHECK(ws.error().message.find("has no pyproject.toml") != std::string::npos);

    lockkit::testing::TempTree b;
    b.write("pyproject.toml", "[tool.uv.workspace]\nmembers = [\"m\"]\n");
    b.write("m/pyproject.toml", "[project]\nname = 3\n");
    auto bw = discover_workspace(b.root());
    REQUIRE_FALSE(bw.has_value());
    CHECK(bw.error().line == 2);
    CHECK(bw.error().file.ends_with("m/pyproject.toml"));
}

TEST_CASE("workspace: an overlay stands in for files on disk, including a member only it has", "[pyproject]") {
    lockkit::testing::TempTree t;
    t.write("pyproject.toml", "[project]\nname = \"root\"\nversion = \"0.1.0\"\n");
    t.write("packages/old/pyproject.toml", "[project]\nname = \"old\"\nversion = \"0.1.0\"\n");
    SourceOverlay overlay;
    overlay.put(t.root() / "pyproject.toml", std::string("[project]\nname = \"root\"\nversion = \"0.2.0\"\n"
                                                          "[tool.uv.workspace]\nmembers = [\"packages/*\"]\n"));
    overlay.put(t.root() / "packages/new/pyproject.toml", std::string("[project]\nname = \"new\"\nversion = \"1.0\"\n"));
    overlay.put(t.root() / "packages/old/pyproject.toml", std::nullopt);  // the merge deletes it
    auto ws = discover_workspace(t.root(), &overlay);
    // `old` is still a directory on disk, but the overlaid merge deletes its pyproject.toml: git
    // removes the member after the merge driver has run, so it is not a member of the result.
    REQUIRE(ws.has_value());
    REQUIRE(ws->members.size() == 2);
    CHECK(ws->members[0].name == "new");
    CHECK(ws->members[1].name == "root");
    // A matched directory without a pyproject.toml that the overlay does not delete is an error,
    // as uv says ("Workspace member ... is missing a `pyproject.toml`").
    t.write("packages/stray/leftover.txt", "");
    ws = discover_workspace(t.root(), &overlay);
    REQUIRE_FALSE(ws.has_value());
    CHECK(ws.error().message.find("packages/stray") != std::string::npos);
    std::filesystem::remove_all(t.root() / "packages/stray");
    overlay.put(t.root() / "pyproject.toml", std::string("[project]\nname = \"root\"\nversion = \"0.2.0\"\n"
                                                          "[tool.uv.workspace]\nmembers = [\"packages/new\"]\n"));
    ws = discover_workspace(t.root(), &overlay);
    REQUIRE(ws.has_value());
    REQUIRE(ws->members.size() == 2);
    CHECK(ws->members[0].name == "new");
    CHECK(ws->members[1].name == "root");
    CHECK(ws->root_pyproject.project->version == "0.2.0");
    // Without the overlay, the disk: no workspace table, one member.
    ws = discover_workspace(t.root());
    REQUIRE(ws.has_value());
    CHECK(ws->members.size() == 1);
}
