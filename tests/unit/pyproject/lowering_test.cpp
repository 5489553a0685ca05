// Lowering: each source kind, extras, per-marker source lists, groups, manifest, comparison.

#include "lockkit/pyproject/compare.hpp"
#include "lockkit/pyproject/lowering.hpp"
#include "../../temp_tree.hpp"

#include <catch2/catch.hpp>

using namespace lockkit;
using namespace lockkit::pyproject;

namespace {

const lockfile::Requirement* find(const std::vector<lockfile::Requirement>& v, std::string_view name,
                                  std::string_view marker = "\x01") {
    for (const auto& r : v) {
        if (r.name == name && (marker == "\x01" || r.marker == marker)) {
            return &r;
        }
    }
    return nullptr;
}

} // namespace

TEST_CASE("lowering: every source kind", "[pyproject]") {
    lockkit::testing::TempTree t;
    t.write("pyproject.toml", R"([project]
name = "app"
version = "0.1.0"
dependencies = [
  "lib",
  "virt",
  "noned",
  "httpx >=0.27 , <1",
  "localdir",
  "localed",
  "wheel",
  "gitdep",
  "urldep",
  "torch>=2",
  "pep508git @ git+https://github.com/o/p@v1.0#subdirectory=sub/dir",
  "pep508url @ https://example.com/pkg-1.0.tar.gz",
]
[project.optional-dependencies]
Fast = ["uvloop; sys_platform != 'win32'"]
[tool.uv.workspace]
members = ["packages/*"]
[tool.uv.sources]
lib = { workspace = true }
virt = { workspace = true }
noned = { workspace = true, editable = false }
localdir = { path = "../outside/dir" }
localed = { path = "vendor/ed", editable = true }
wheel = { path = "dist/wheel-1.0-py3-none-any.whl" }
gitdep = { git = "https://github.com/o/r", branch = "main/x", subdirectory = "py/pkg" }
urldep = { url = "https://example.com/u-1.0.tar.gz", subdirectory = "s" }
torch = [
  { index = "cpu", marker = "sys_platform == 'linux'" },
]
[[tool.uv.index]]
name = "cpu"
url = "https://download.pytorch.org/whl/cpu"
)");
    t.write("packages/lib/pyproject.toml", "[project]\nname = \"lib\"\n");
    t.write("packages/virt/pyproject.toml", "[project]\nname = \"virt\"\n[tool.uv]\npackage = false\n");
    t.write("packages/noned/pyproject.toml", "[project]\nname = \"noned\"\n[build-system]\n");
    t.mkdir("vendor/ed");

    auto ws = discover_workspace(t.root());
    REQUIRE(ws.has_value());
    const Member* app = ws->find("app");
    REQUIRE(app != nullptr);
    auto md = lower_metadata(*ws, *app);
    REQUIRE(md.has_value());
    REQUIRE(md->requires_dist.has_value());
    const auto& rd = *md->requires_dist;

    CHECK(find(rd, "lib")->editable == "packages/lib");
    CHECK(find(rd, "virt")->virtual_ == "packages/virt");
    CHECK(find(rd, "noned")->directory == "packages/noned");
    CHECK(find(rd, "httpx")->specifier == ">=0.27,<1");
    CHECK(find(rd, "localdir")->directory == "../outside/dir");
    CHECK(find(rd, "localed")->editable == "vendor/ed");
    CHECK(find(rd, "wheel")->path == "dist/wheel-1.0-py3-none-any.whl");
    CHECK(find(rd, "gitdep")->git == "https://github.com/o/r?subdirectory=py%2Fpkg&branch=main%2Fx");
    CHECK(find(rd, "urldep")->url == "https://example.com/u-1.0.tar.gz");
    CHECK(find(rd, "urldep")->subdirectory == "s");
    CHECK(find(rd, "pep508git")->git == "https://github.com/o/p?subdirectory=sub%2Fdir&rev=v1.0");
    CHECK(find(rd, "pep508url")->url == "https://example.com/pkg-1.0.tar.gz");

    // A per-marker source list: the source's entry, and the uncovered rest without it.
    const auto* torch_linux = find(rd, "torch", "sys_platform == 'linux'");
    REQUIRE(torch_linux != nullptr);
    CHECK(torch_linux->index == "https://download.pytorch.org/whl/cpu");
    CHECK(torch_linux->specifier == ">=2");
    const auto* torch_rest = find(rd, "torch", "sys_platform != 'linux'");
    REQUIRE(torch_rest != nullptr);
    CHECK_FALSE(torch_rest->index.has_value());

    const auto* uvloop = find(rd, "uvloop");
    REQUIRE(uvloop != nullptr);
    CHECK(uvloop->marker == "sys_platform != 'win32' and extra == 'fast'");
    REQUIRE(md->provides_extras.has_value());
    CHECK(*md->provides_extras == std::vector<std::string>{"fast"});

    auto mf = lower_manifest(*ws);
    REQUIRE(mf.has_value());
    CHECK(mf->members == std::vector<std::string>{"app", "lib", "noned", "virt"});
}

TEST_CASE("lowering: member sources win over root sources; group-scoped sources", "[pyproject]") {
    lockkit::testing::TempTree t;
    t.write("pyproject.toml", R"([tool.uv.workspace]
members = ["m"]
[tool.uv.sources]
dep = { git = "https://github.com/root/dep" }
[dependency-groups]
lint = ["ruff==0.5"]
empty = []
)");
    t.write("m/pyproject.toml", R"([project]
name = "m"
dependencies = ["dep"]
[dependency-groups]
test = ["pytest", "tool"]
nothing = []
[tool.uv.sources]
dep = { url = "https://example.com/dep-1.tar.gz" }
tool = { git = "https://github.com/o/tool", tag = "v2", group = "test" }
)");
    auto ws = discover_workspace(t.root());
    REQUIRE(ws.has_value());
    auto md = lower_metadata(*ws, ws->members[0]);
    REQUIRE(md.has_value());
    CHECK((*md->requires_dist)[0].url == "https://example.com/dep-1.tar.gz");
    REQUIRE(md->requires_dev.has_value());
    REQUIRE(md->requires_dev->size() == 2);
    CHECK((*md->requires_dev)[0].first == "nothing");  // sorted by name, empty kept
    CHECK((*md->requires_dev)[0].second.empty());
    CHECK(find((*md->requires_dev)[1].second, "tool")->git == "https://github.com/o/tool?tag=v2");

    auto mf = lower_manifest(*ws);
    REQUIRE(mf.has_value());
    CHECK(mf->members == std::vector<std::string>{"m"});
    REQUIRE(mf->dependency_groups.size() == 1);  // empty root groups are skipped
    CHECK(mf->dependency_groups[0].first == "lint");
    CHECK(mf->dependency_groups[0].second[0].specifier == "==0.5");
}

TEST_CASE("lowering: errors are located", "[pyproject]") {
    lockkit::testing::TempTree t;
    t.write("pyproject.toml", R"([project]
name = "app"
dependencies = [
  "torch",
]
[tool.uv.sources]
torch = { index = "missing" }
)");
    auto ws = discover_workspace(t.root());
    REQUIRE(ws.has_value());
    auto md = lower_metadata(*ws, ws->members[0]);
    REQUIRE_FALSE(md.has_value());
    CHECK(md.error().line == 4);
    CHECK(md.error().message.find("index `missing`") != std::string::npos);

    lockkit::testing::TempTree d;
    d.write("pyproject.toml", "[project]\nname = \"app\"\ndynamic = [\"dependencies\"]\n");
    auto dw = discover_workspace(d.root());
    REQUIRE(dw.has_value());
    auto dm = lower_metadata(*dw, dw->members[0]);
    REQUIRE_FALSE(dm.has_value());
    CHECK(dm.error().message.find("dynamic") != std::string::npos);
}

TEST_CASE("compare: sets after normalisation, differences in words", "[pyproject]") {
    lockfile::Requirement a;
    a.name = "httpx";
    a.specifier = "<1, >=0.28";
    a.marker = "python_version >= \"3.9\"";
    lockfile::Requirement b;
    b.name = "httpx";
    b.specifier = ">=0.28,<1";
    b.marker = "python_full_version >= '3.9'";
    lockfile::Requirement c;
    c.name = "anyio";
    c.extras = std::vector<std::string>{"trio", "doc"};
    lockfile::Requirement c2 = c;
    c2.extras = std::vector<std::string>{"doc", "trio"};
    CHECK(same_requirements({a, c}, {c2, b, b}));
    CHECK_FALSE(requirement_difference({a, c}, {c2, b}).has_value());

    lockfile::Requirement old = b;
    old.specifier = ">=0.27";
    old.marker.clear();
    lockfile::Requirement now = b;
    now.specifier = ">=0.28";
    now.marker.clear();
    CHECK_FALSE(same_requirements({now}, {old}));
    CHECK(requirement_difference({now}, {old}) ==
          std::optional<std::string>("pyproject.toml requires `httpx>=0.28`, uv.lock records `httpx>=0.27`"));
    CHECK(requirement_difference({now, c}, {now}) ==
          std::optional<std::string>("pyproject.toml requires `anyio[trio,doc]`, uv.lock does not record it"));
    CHECK(requirement_difference({now}, {now, c}) ==
          std::optional<std::string>("uv.lock records `anyio[trio,doc]`, which pyproject.toml does not require"));

    lockfile::Requirement e1;
    e1.name = "lib";
    e1.editable = "./packages/lib/";
    lockfile::Requirement e2;
    e2.name = "lib";
    e2.editable = "packages/lib";
    CHECK(same_requirements({e1}, {e2}));
}

TEST_CASE("lowering: no-sources takes requirements as written; the members stay what they are", "[pyproject]") {
    // uv 0.12.5 (uv-distribution's RequiresDist, NoSources::for_package): an ignored requirement
    // is not lowered at all, so a source that would be an error is not one.
    lockkit::testing::TempTree t;
    t.write("pyproject.toml", R"([project]
name = "app"
dependencies = ["lib", "leaf>=1", "gitdep", "torch", "pinned @ https://example.com/pinned-1.0.tar.gz"]
[dependency-groups]
dev = ["leaf<3"]
[tool.uv.workspace]
members = ["packages/*"]
[tool.uv]
constraint-dependencies = ["gitdep<2"]
[tool.uv.sources]
lib = { workspace = true }
leaf = { path = "leafsrc" }
gitdep = { git = "https://github.com/o/r" }
torch = { index = "missing" }
)");
    t.write("packages/lib/pyproject.toml", "[project]\nname = \"lib\"\ndependencies = [\"leaf\"]\n"
                                           "[tool.uv.sources]\nleaf = { path = \"../../leafsrc\" }\n");
    auto ws = discover_workspace(t.root());
    REQUIRE(ws.has_value());
    REQUIRE_FALSE(lower_metadata(*ws, *ws->find("app")));  // the undeclared index

    NoSources all;
    all.all = true;
    auto md = lower_metadata(*ws, *ws->find("app"), all);
    REQUIRE(md.has_value());
    const auto& rd = *md->requires_dist;
    CHECK(find(rd, "lib")->editable == std::nullopt);
    CHECK(find(rd, "leaf")->specifier == ">=1");
    CHECK_FALSE(find(rd, "leaf")->directory.has_value());
    CHECK_FALSE(find(rd, "gitdep")->git.has_value());
    CHECK_FALSE(find(rd, "torch")->index.has_value());
    CHECK(find(rd, "pinned")->url == "https://example.com/pinned-1.0.tar.gz");  // its own URL stays
    CHECK_FALSE(find((*md->requires_dev)[0].second, "leaf")->directory.has_value());
    auto lib = lower_metadata(*ws, *ws->find("lib"), all);
    REQUIRE(lib.has_value());
    CHECK_FALSE(find(*lib->requires_dist, "leaf")->directory.has_value());
    auto mf = lower_manifest(*ws, all);
    REQUIRE(mf.has_value());
    CHECK_FALSE(mf->constraints[0].git.has_value());
    CHECK(mf->members == std::vector<std::string>{"app", "lib"});

    // `no-sources-package`: only the named requirements.
    NoSources some;
    some.packages = {"leaf", "torch"};
    md = lower_metadata(*ws, *ws->find("app"), some);
    REQUIRE(md.has_value());
    CHECK(find(*md->requires_dist, "lib")->editable == "packages/lib");
    CHECK(find(*md->requires_dist, "gitdep")->git == "https://github.com/o/r");
    CHECK_FALSE(find(*md->requires_dist, "leaf")->directory.has_value());
}
