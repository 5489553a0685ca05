// PEP 735 dependency groups: include-group expansion, dev-dependencies merge, cycles.

#include "lockkit/pyproject/dependency_groups.hpp"

#include <catch2/catch.hpp>

using namespace lockkit;
using namespace lockkit::pyproject;

namespace {
std::vector<std::string> names(const FlatGroup& g) {
    std::vector<std::string> out;
    for (const auto& d : g.requirements) {
        out.push_back(d.requirement.name);
    }
    return out;
}
} // namespace

TEST_CASE("groups: include-group is expanded in place", "[pyproject]") {
    auto p = parse_pyproject(R"([dependency-groups]
test = ["pytest", { include-group = "Typing" }]
typing = ["mypy", "types-requests"]
empty = []
all = [{ include-group = "test" }, "ruff"]

[tool.uv]
dev-dependencies = ["ipython"]
)",
                             "pyproject.toml");
    REQUIRE(p.has_value());
    auto flat = flatten_dependency_groups(*p);
    REQUIRE(flat.has_value());
    REQUIRE(flat->size() == 5);
    CHECK((*flat)[0].name == "test");
    CHECK(names((*flat)[0]) == std::vector<std::string>{"pytest", "mypy", "types-requests"});
    CHECK((*flat)[2].name == "empty");
    CHECK((*flat)[2].requirements.empty());
    CHECK(names((*flat)[3]) == std::vector<std::string>{"pytest", "mypy", "types-requests", "ruff"});
    CHECK((*flat)[4].name == "dev");
    CHECK(names((*flat)[4]) == std::vector<std::string>{"ipython"});
}

TEST_CASE("groups: legacy dev-dependencies merge into group dev", "[pyproject]") {
    auto p = parse_pyproject("[dependency-groups]\ndev = [\"a\"]\n[tool.uv]\ndev-dependencies = [\"b\"]\n",
                             "pyproject.toml");
    REQUIRE(p.has_value());
    auto flat = flatten_dependency_groups(*p);
    REQUIRE(flat.has_value());
    REQUIRE(flat->size() == 1);
    CHECK(names((*flat)[0]) == std::vector<std::string>{"a", "b"});
}

TEST_CASE("groups: a cycle is an error naming it", "[pyproject]") {
    auto p = parse_pyproject(R"([dependency-groups]
a = ["x", { include-group = "b" }]
b = [{ include-group = "c" }]
c = [{ include-group = "a" }]
)",
                             "pyproject.toml");
    REQUIRE(p.has_value());
    auto flat = flatten_dependency_groups(*p);
    REQUIRE_FALSE(flat.has_value());
    CHECK(flat.error().message == "dependency group cycle: `a` -> `b` -> `c` -> `a`");
    CHECK(flat.error().line == 4);
    CHECK(flat.error().file == "pyproject.toml");
}

TEST_CASE("groups: including an undeclared group is an error", "[pyproject]") {
    auto p = parse_pyproject("[dependency-groups]\na = [{ include-group = \"nope\" }]\n", "pyproject.toml");
    REQUIRE(p.has_value());
    auto flat = flatten_dependency_groups(*p);
    REQUIRE_FALSE(flat.has_value());
    CHECK(flat.error().message.find("`nope`, which is not declared") != std::string::npos);
}

TEST_CASE("groups: malformed items are located", "[pyproject]") {
    auto p = parse_pyproject("[dependency-groups]\na = [{ include = \"b\" }]\n", "pyproject.toml");
    REQUIRE_FALSE(p.has_value());
    CHECK(p.error().line == 2);
}
