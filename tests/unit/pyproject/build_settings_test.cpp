// uv 0.12.5's build settings: `no-build-isolation(-package)` per layer as uv's
// `BuildIsolation::from_args`, combined as its `combine` (crates/uv-configuration
// package_options.rs); `extra-build-dependencies` joined per package and
// `extra-build-variables` merged per variable (crates/uv-settings combine.rs).

#include "../../temp_tree.hpp"

#include "lockkit/pyproject/settings.hpp"

#include <catch2/catch.hpp>

using namespace lockkit::pyproject;
using lockkit::testing::TempTree;
using Kind = BuildIsolation::Kind;

namespace {

SettingsSources sources_in(const TempTree& tree, std::map<std::string, std::string> env = {}) {
    SettingsSources s;
    s.workspace_root = tree.root() / "project";
    env.emplace("HOME", (tree.root() / "home").string());
    env.emplace("XDG_CONFIG_DIRS", (tree.root() / "etc").string());
    s.environment = std::move(env);
    return s;
}

} // namespace

TEST_CASE("one layer's isolation: the flag decides when set, else a package list", "[pyproject][build-settings]") {
    CHECK(!BuildIsolation::from_settings(std::nullopt, {}));
    CHECK(BuildIsolation::from_settings(true, {"a"})->kind == Kind::Shared);
    // `no-build-isolation = false` drops the layer's own package list, as uv's from_args does.
    CHECK(BuildIsolation::from_settings(false, {"a"})->kind == Kind::Isolate);
    const auto some = BuildIsolation::from_settings(std::nullopt, {"a"});
    CHECK((some->kind == Kind::SharedPackage && some->packages == std::vector<std::string>{"a"}));
    CHECK(!some->isolated("a"));
    CHECK(some->isolated("b"));
}

TEST_CASE("isolation combines from the highest layer down, as uv combines it", "[pyproject][build-settings]") {
    const BuildIsolation isolate{Kind::Isolate, {}}, shared{Kind::Shared, {}};
    const BuildIsolation a{Kind::SharedPackage, {"a"}}, b{Kind::SharedPackage, {"b"}};
    CHECK(isolate.combine(shared) == isolate);  // all or nothing above wins
    CHECK(shared.combine(a) == shared);
    CHECK(a.combine(shared) == shared);          // a list over "all" is subsumed by it
    CHECK(a.combine(isolate) == a);
    CHECK(a.combine(b) == BuildIsolation{Kind::SharedPackage, {"a", "b"}});
}

TEST_CASE("build settings read from [tool.uv], the user's uv.toml and the command line", "[pyproject][build-settings]") {
    TempTree tree;
    tree.write("project/pyproject.toml",
               "[project]\nname = 'p'\n\n[tool.uv]\nno-build-isolation-package = ['Flash_Attn']\n"
               "extra-build-dependencies = { flash-attn = ['torch', { requirement = 'ninja', match-runtime = true }] }\n"
               "extra-build-variables = { flash-attn = { FLASH_ATTENTION_SKIP_CUDA_BUILD = 'TRUE', A = 'project' } }\n");
    tree.write("home/.config/uv/uv.toml",
               "no-build-isolation-package = ['other']\n"
               "extra-build-dependencies = { flash-attn = ['setuptools'], pkg = ['wheel'] }\n"
               "extra-build-variables = { flash-attn = { A = 'user', B = 'user' } }\n");
    auto sources = sources_in(tree);
    auto s = load_settings(sources);
    REQUIRE(s);
    CHECK(s->build_isolation.value == BuildIsolation{Kind::SharedPackage, {"flash-attn", "other"}});
    CHECK(s->build_isolation.origin.find("pyproject.toml:") != std::string::npos);
    CHECK(s->extra_build_dependencies.at("flash-attn") ==
          std::vector<ExtraBuildDependency>{{"torch", false}, {"ninja", true}, {"setuptools", false}});
    CHECK(s->extra_build_dependencies.at("pkg") == std::vector<ExtraBuildDependency>{{"wheel", false}});
    CHECK(s->extra_build_variables.at("flash-attn") ==
          std::map<std::string, std::string>{{"A", "project"}, {"B", "user"}, {"FLASH_ATTENTION_SKIP_CUDA_BUILD", "TRUE"}});

    // --no-build-isolation above every file; UV_NO_BUILD_ISOLATION too, and --build-isolation over it.
    sources.command_line.no_build_isolation = true;
    s = load_settings(sources);
    REQUIRE(s);
    CHECK(s->build_isolation.value.kind == Kind::Shared);
    sources.command_line.no_build_isolation = false;
    sources.environment["UV_NO_BUILD_ISOLATION"] = "1";
    s = load_settings(sources);
    REQUIRE(s);
    CHECK(s->build_isolation.value.kind == Kind::Isolate);
    sources.command_line.no_build_isolation.reset();
    s = load_settings(sources);
    REQUIRE(s);
    CHECK(s->build_isolation.value.kind == Kind::Shared);
    CHECK(s->build_isolation.origin == "UV_NO_BUILD_ISOLATION");
    // A false value is no setting at all (clap's flag is then unset): the files' value stays.
    sources.environment["UV_NO_BUILD_ISOLATION"] = "0";
    s = load_settings(sources);
    REQUIRE(s);
    CHECK(s->build_isolation.value.kind == Kind::SharedPackage);
    sources.environment["UV_NO_BUILD_ISOLATION"] = "maybe";
    CHECK(!load_settings(sources));
}

TEST_CASE("bad build settings fail a uv.toml and skip a [tool.uv]", "[pyproject][build-settings]") {
    TempTree tree;
    tree.write("project/uv.toml", "extra-build-dependencies = { a = ['ok'], A = ['twice'] }\n");
    auto s = load_settings(sources_in(tree));
    REQUIRE(!s);
    CHECK(s.error().message == "duplicate extra-build-dependencies for `a`");
    tree.write("project/uv.toml", "extra-build-dependencies = { a = ['not a requirement!'] }\n");
    CHECK(!load_settings(sources_in(tree)));
    tree.write("project/uv.toml", "extra-build-variables = { a = { X = 1 } }\n");
    CHECK(!load_settings(sources_in(tree)));
    tree.write("project/uv.toml", "extra-build-dependencies = { a = [{ requirement = 'x', match-runtime = true, y = 1 }] }\n");
    CHECK(!load_settings(sources_in(tree)));
}
