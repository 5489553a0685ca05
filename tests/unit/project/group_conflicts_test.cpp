// The conflict sets uv infers from a root project's `include-group` (src/project/group_conflicts.hpp).
// The expected sets are what uv 0.12.5 wrote under `conflicts` for the same declarations; whole
// locks are compared with real uv in tests/conformance/test_lock_resolve_projects.py.

#include "../../../src/project/group_conflicts.hpp"

#include <catch2/catch.hpp>

using namespace lockkit;
using resolver::ConflictItem;
using resolver::ConflictSet;

namespace {

ConflictItem group(const char* package, const char* name) { return ConflictItem{package, std::nullopt, std::string(name)}; }

/// A group of requirements (their text does not matter here) and includes.
pyproject::DependencyGroup declared(const char* name, std::vector<std::string> includes) {
    pyproject::DependencyGroup g;
    g.name = name;
    g.items.push_back(pyproject::GroupItem{pyproject::Dependency{}, "", 0, 0});
    for (auto& i : includes) g.items.push_back(pyproject::GroupItem{std::nullopt, i, 0, 0});
    return g;
}

} // namespace

TEST_CASE("a group including a conflicting group gets the same conflicts", "[project][conflicts]") {
    const std::vector<ConflictSet> sets{{group("app", "dev"), group("app", "new")}};
    const std::vector<pyproject::DependencyGroup> groups{declared("all", {"dev"}), declared("dev", {}),
                                                         declared("lint", {}), declared("new", {})};
    auto added = project::detail::inferred_group_conflicts(sets, "app", groups);
    REQUIRE(added);
    REQUIRE(added->size() == 1);
    CHECK(added->front() == ConflictSet{group("app", "all"), group("app", "new")});
}

TEST_CASE("nothing is inferred without an include of a conflicting group", "[project][conflicts]") {
    const std::vector<ConflictSet> sets{{group("app", "dev"), group("app", "new")}};
    auto none = project::detail::inferred_group_conflicts(sets, "app", {declared("dev", {}), declared("new", {})});
    REQUIRE(none);
    CHECK(none->empty());
    auto unrelated = project::detail::inferred_group_conflicts(
        sets, "app", {declared("all", {"lint"}), declared("dev", {}), declared("lint", {}), declared("new", {})});
    REQUIRE(unrelated);
    CHECK(unrelated->empty());
}

TEST_CASE("groups are matched by name, whichever member declares the conflict", "[project][conflicts]") {
    // uv keys its include graph by group name: the root's `all` includes the root's `dev`, and
    // that stands for the member's `dev` too.
    const std::vector<ConflictSet> sets{{group("beta", "dev"), group("beta", "new")}};
    auto added = project::detail::inferred_group_conflicts(sets, "app", {declared("all", {"dev"}), declared("dev", {})});
    REQUIRE(added);
    REQUIRE(added->size() == 1);
    CHECK(added->front() == ConflictSet{group("app", "all"), group("beta", "new")});
}

TEST_CASE("several inferred sets come in uv's hash order", "[project][conflicts]") {
    const std::vector<ConflictSet> sets{{group("app", "dev"), group("app", "new")}};
    auto two = project::detail::inferred_group_conflicts(
        sets, "app", {declared("all", {"dev"}), declared("ci", {"dev"}), declared("dev", {}), declared("new", {})});
    REQUIRE(two);
    CHECK(*two == std::vector<ConflictSet>{{group("app", "all"), group("app", "new")},
                                           {group("app", "ci"), group("app", "new")}});

    // Two declared sets, groups including items of both (uv 0.12.5 wrote these eight sets, in
    // this order, for the same `[dependency-groups]`).
    const std::vector<ConflictSet> two_sets{{group("app", "dev"), group("app", "new")},
                                            {group("app", "old"), group("app", "fresh")}};
    auto eight = project::detail::inferred_group_conflicts(
        two_sets, "app",
        {declared("dev", {}), declared("new", {}), declared("old", {}), declared("fresh", {}),
         declared("all", {"dev", "old"}), declared("test", {"new"}), declared("docs", {"fresh", "dev"})});
    REQUIRE(eight);
    CHECK(*eight == std::vector<ConflictSet>{
                        {group("app", "all"), group("app", "fresh")}, {group("app", "all"), group("app", "docs")},
                        {group("app", "docs"), group("app", "old")},  {group("app", "dev"), group("app", "test")},
                        {group("app", "docs"), group("app", "test")}, {group("app", "all"), group("app", "new")},
                        {group("app", "all"), group("app", "test")},  {group("app", "docs"), group("app", "new")}});
}

TEST_CASE("a cycle of includes infers nothing (uv's topological sort gives up)", "[project][conflicts]") {
    const std::vector<ConflictSet> sets{{group("app", "dev"), group("app", "new")}};
    auto none = project::detail::inferred_group_conflicts(
        sets, "app", {declared("a", {"b"}), declared("b", {"a", "dev"}), declared("dev", {}), declared("new", {})});
    REQUIRE(none);
    CHECK(none->empty());
}
