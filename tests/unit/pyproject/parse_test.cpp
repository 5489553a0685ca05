// Reading pyproject.toml: fields, sources of every kind, and located errors.

#include "lockkit/pyproject/pyproject.hpp"

#include <catch2/catch.hpp>

using namespace lockkit;
using namespace lockkit::pyproject;

TEST_CASE("parse: [project] fields", "[pyproject]") {
    auto p = parse_pyproject(R"([project]
name = "My_Project"
version = "1.0"
dynamic = ["readme"]
requires-python = ">=3.9"
dependencies = ["httpx >=0.27, <1", "anyio[trio]; python_version < '3.11'"]

[project.optional-dependencies]
zeta = ["rich"]
Alpha = ["click>=8"]

[build-system]
requires = ["hatchling"]
)",
                             "pyproject.toml");
    REQUIRE(p.has_value());
    REQUIRE(p->project.has_value());
    CHECK(p->project->name == "my-project");
    CHECK(p->project->name_as_written == "My_Project");
    CHECK(p->project->version == "1.0");
    CHECK(p->project->is_dynamic("readme"));
    CHECK(p->project->requires_python == ">=3.9");
    REQUIRE(p->project->dependencies.size() == 2);
    CHECK(p->project->dependencies[0].requirement.name == "httpx");
    CHECK(p->project->dependencies[0].line == 6);
    REQUIRE(p->project->optional_dependencies.size() == 2);
    CHECK(p->project->optional_dependencies[0].first == "zeta");  // declaration order
    CHECK(p->project->optional_dependencies[1].first == "alpha");
    CHECK(p->has_build_system);
    CHECK(p->is_package());
}

TEST_CASE("parse: tool.uv", "[pyproject]") {
    auto p = parse_pyproject(R"([project]
name = "app"
version = "0.1.0"

[tool.uv]
package = false
dev-dependencies = ["pytest"]
constraint-dependencies = ["urllib3<2"]
override-dependencies = ["idna==3.6"]
build-constraint-dependencies = ["setuptools<70"]
environments = ["sys_platform == 'linux'"]
required-environments = ["sys_platform == 'darwin'"]
default-groups = ["dev", "Lint"]
conflicts = [[{ extra = "cpu" }, { extra = "gpu" }]]

[tool.uv.workspace]
members = ["packages/*"]
exclude = ["packages/skip"]

[tool.uv.sources]
member = { workspace = true }
local = { path = "../local", editable = true }
gitdep = { git = "https://github.com/o/r", tag = "v1", subdirectory = "py", lfs = true }
urldep = { url = "https://example.com/x-1.0.tar.gz", subdirectory = "sub" }
torch = [
  { index = "cpu", marker = "sys_platform != 'darwin'" },
  { index = "pypi", marker = "sys_platform == 'darwin'" },
]

[[tool.uv.index]]
name = "cpu"
url = "https://download.pytorch.org/whl/cpu"
explicit = true
)",
                             "pyproject.toml");
    REQUIRE(p.has_value());
    const ToolUv& uv = p->tool_uv;
    CHECK(uv.package == false);
    CHECK_FALSE(p->is_package());
    REQUIRE(uv.dev_dependencies.has_value());
    CHECK(uv.dev_dependencies->size() == 1);
    CHECK(uv.constraint_dependencies.size() == 1);
    CHECK(uv.override_dependencies.size() == 1);
    CHECK(uv.build_constraint_dependencies.size() == 1);
    CHECK(uv.environments.size() == 1);
    CHECK(uv.required_environments.size() == 1);
    REQUIRE(uv.default_groups.has_value());
    CHECK((*uv.default_groups)[1] == "lint");
    REQUIRE(uv.conflicts.size() == 1);
    CHECK(uv.conflicts[0][1].kind == "extra");
    CHECK(uv.conflicts[0][1].name == "gpu");
    REQUIRE(uv.workspace.has_value());
    CHECK(uv.workspace->members == std::vector<std::string>{"packages/*"});
    CHECK(uv.workspace->exclude == std::vector<std::string>{"packages/skip"});
    REQUIRE(uv.sources.size() == 5);
    CHECK(uv.sources[0].name == "member");
    CHECK(uv.sources[0].sources[0].kind == Source::Kind::Workspace);
    CHECK(uv.sources[1].sources[0].kind == Source::Kind::Path);
    CHECK(uv.sources[1].sources[0].editable == true);
    const Source& g = uv.sources[2].sources[0];
    CHECK(g.kind == Source::Kind::Git);
    CHECK(g.tag == "v1");
    CHECK(g.subdirectory == "py");
    CHECK(g.lfs == true);
    CHECK(uv.sources[3].sources[0].kind == Source::Kind::Url);
    REQUIRE(uv.sources[4].sources.size() == 2);
    CHECK(uv.sources[4].sources[0].kind == Source::Kind::Registry);
    CHECK(uv.sources[4].sources[0].marker.to_string() == "sys_platform != 'darwin'");
    REQUIRE(uv.indexes.size() == 1);
    CHECK(uv.indexes[0].name == "cpu");
    CHECK(uv.indexes[0].is_explicit);
    CHECK(p->sources_for("gitdep") != nullptr);
}

TEST_CASE("parse: TOML syntax errors carry file:line:column", "[pyproject]") {
    auto p = parse_pyproject("[project]\nname = \"x\"\nversion = \n", "demo/pyproject.toml");
    REQUIRE_FALSE(p.has_value());
    CHECK(p.error().file == "demo/pyproject.toml");
    CHECK(p.error().line == 3);
    CHECK(p.error().column > 0);
    CHECK(p.error().message.find("invalid TOML") != std::string::npos);
    CHECK(p.error().render().find("demo/pyproject.toml:3:") != std::string::npos);
}

TEST_CASE("parse: type errors name the key and point at the value", "[pyproject]") {
    auto p = parse_pyproject("[project]\nname = \"x\"\ndependencies = \"httpx\"\n", "pyproject.toml");
    REQUIRE_FALSE(p.has_value());
    CHECK(p.error().message == "`project.dependencies` must be an array of strings");
    CHECK(p.error().line == 3);
    CHECK(p.error().column == 16);

    auto q = parse_pyproject("[project]\nname = \"x\"\ndependencies = [\"ok\", 3]\n", "pyproject.toml");
    REQUIRE_FALSE(q.has_value());
    CHECK(q.error().message == "`project.dependencies` must be an array of strings");
    CHECK(q.error().line == 3);
    CHECK(q.error().column == 23);

    auto r = parse_pyproject("[project]\nname = \"x\"\ndependencies = [\"bad name!!\"]\n", "pyproject.toml");
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().message.find("invalid requirement") != std::string::npos);
    CHECK(r.error().line == 3);

    auto s = parse_pyproject("[tool.uv.sources]\nx = { git = \"https://g/r\", tag = \"a\", rev = \"b\" }\n",
                             "pyproject.toml");
    REQUIRE_FALSE(s.has_value());
    CHECK(s.error().message.find("only specify one of") != std::string::npos);
    CHECK(s.error().line == 2);

    auto t = parse_pyproject("[tool.uv]\npackage = \"yes\"\n", "pyproject.toml");
    REQUIRE_FALSE(t.has_value());
    CHECK(t.error().message == "`tool.uv.package` must be a boolean");
}
