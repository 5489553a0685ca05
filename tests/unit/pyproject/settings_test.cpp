// Settings layers as uv's docs describe them (docs/concepts/configuration-files.md
// and docs/concepts/indexes.md of uv 0.12.5): command line over environment over
// project over user over system; uv.toml over pyproject.toml's [tool.uv] in one
// directory; scalars from the highest layer, lists concatenated highest first;
// [[index]] entries before the default index, PyPI when none is given.

#include "../../temp_tree.hpp"

#include "lockkit/pyproject/settings.hpp"

#include <catch2/catch.hpp>

using namespace lockkit::pyproject;
using lockkit::testing::TempTree;

namespace {

SettingsSources sources_in(const TempTree& tree, std::map<std::string, std::string> env = {}) {
    SettingsSources s;
    s.workspace_root = tree.root() / "project";
    env.emplace("HOME", (tree.root() / "home").string());
    env.emplace("XDG_CONFIG_DIRS", (tree.root() / "etc").string());
    s.environment = std::move(env);
    return s;
}

std::vector<std::string> urls(const Settings& s) {
    std::vector<std::string> out;
    for (const auto& i : s.indexes) out.push_back(i.url);
    return out;
}

} // namespace

TEST_CASE("defaults: PyPI, highest, if-necessary, requires-python fork strategy", "[pyproject][settings]") {
    TempTree tree;
    tree.mkdir("project");
    const auto s = load_settings(sources_in(tree));
    REQUIRE(s);
    CHECK(urls(*s) == std::vector<std::string>{"https://pypi.org/simple"});
    CHECK(s->resolution.value == ResolutionMode::Highest);
    CHECK(s->prerelease.value == PrereleaseMode::IfNecessary);
    CHECK(s->fork_strategy.value == ForkStrategy::RequiresPython);
    CHECK(s->index_strategy.value == IndexStrategy::FirstIndex);
    CHECK(s->resolution.origin == "default");
    CHECK(s->files.empty());
}

TEST_CASE("project [tool.uv], then user and system uv.toml, merged by precedence", "[pyproject][settings]") {
    TempTree tree;
    tree.write("project/pyproject.toml", "[project]\nname = 'p'\n\n[tool.uv]\nresolution = 'lowest-direct'\n"
                                         "find-links = ['project-links']\n\n[[tool.uv.index]]\nname = 'internal'\n"
                                         "url = 'https://internal.example/simple'\n");
    tree.write("home/.config/uv/uv.toml", "resolution = 'lowest'\nprerelease = 'allow'\nfind-links = ['user-links']\n");
    tree.write("etc/uv/uv.toml", "fork-strategy = 'fewest'\nprerelease = 'disallow'\n");
    const auto s = load_settings(sources_in(tree));
    REQUIRE(s);
    CHECK(s->resolution.value == ResolutionMode::LowestDirect);  // project over user
    CHECK(s->prerelease.value == PrereleaseMode::Allow);         // user over system
    CHECK(s->fork_strategy.value == ForkStrategy::Fewest);       // only the system sets it
    CHECK(s->find_links == std::vector<std::string>{"project-links", "user-links"});
    CHECK(urls(*s) == std::vector<std::string>{"https://internal.example/simple", "https://pypi.org/simple"});
    CHECK_THAT(s->resolution.origin, Catch::Contains("pyproject.toml:5:"));
    CHECK(s->files.size() == 3);
}

TEST_CASE("uv.toml beside pyproject.toml wins, and [tool.uv] is ignored", "[pyproject][settings]") {
    TempTree tree;
    tree.write("project/pyproject.toml", "[tool.uv]\nresolution = 'lowest'\nprerelease = 'allow'\n");
    tree.write("project/uv.toml", "resolution = 'highest'\n");
    const auto s = load_settings(sources_in(tree));
    REQUIRE(s);
    CHECK(s->resolution.value == ResolutionMode::Highest);
    CHECK(s->prerelease.value == PrereleaseMode::IfNecessary);  // pyproject's not read at all
}

TEST_CASE("environment over files, command line over environment", "[pyproject][settings]") {
    TempTree tree;
    tree.write("project/uv.toml", "resolution = 'lowest'\nexclude-newer = '2024-01-01T00:00:00Z'\n");
    auto src = sources_in(tree, {{"UV_RESOLUTION", "lowest-direct"}, {"UV_EXCLUDE_NEWER", "7 days"},
                                 {"UV_INDEX", "first=https://a.example/simple https://b.example/simple"},
                                 {"UV_OFFLINE", "1"}});
    auto s = load_settings(src);
    REQUIRE(s);
    CHECK(s->resolution.value == ResolutionMode::LowestDirect);
    CHECK(s->resolution.origin == "UV_RESOLUTION");
    REQUIRE(s->exclude_newer);
    CHECK(s->exclude_newer->value.kind == ExcludeNewerSetting::Kind::Span);
    CHECK(s->offline.value);
    CHECK(urls(*s) == std::vector<std::string>{"https://a.example/simple", "https://b.example/simple", "https://pypi.org/simple"});
    CHECK(s->indexes[0].name == "first");
    src.command_line.resolution = ResolutionMode::Highest;
    src.command_line.where["resolution"] = "--resolution";
    s = load_settings(src);
    REQUIRE(s);
    CHECK(s->resolution.value == ResolutionMode::Highest);
    CHECK(s->resolution.origin == "--resolution");
}

TEST_CASE("--no-config / UV_NO_CONFIG skip every file; --config-file replaces them", "[pyproject][settings]") {
    TempTree tree;
    tree.write("project/uv.toml", "resolution = 'lowest'\n");
    tree.write("home/.config/uv/uv.toml", "prerelease = 'allow'\n");
    tree.write("other.toml", "fork-strategy = 'fewest'\n");
    auto none = load_settings(sources_in(tree, {{"UV_NO_CONFIG", "1"}}));
    REQUIRE(none);
    CHECK(none->resolution.value == ResolutionMode::Highest);
    CHECK(none->prerelease.value == PrereleaseMode::IfNecessary);
    auto src = sources_in(tree);
    src.config_file = tree.root() / "other.toml";
    auto one = load_settings(src);
    REQUIRE(one);
    CHECK(one->resolution.value == ResolutionMode::Highest);
    CHECK(one->fork_strategy.value == ForkStrategy::Fewest);
}

TEST_CASE("the default index: --default-index over index-url; --no-index drops it", "[pyproject][settings]") {
    TempTree tree;
    tree.write("project/uv.toml", "index-url = 'https://mirror.example/simple'\n"
                                  "extra-index-url = ['https://extra.example/simple']\n");
    auto s = load_settings(sources_in(tree));
    REQUIRE(s);
    CHECK(urls(*s) == std::vector<std::string>{"https://extra.example/simple", "https://mirror.example/simple"});
    s = load_settings(sources_in(tree, {{"UV_DEFAULT_INDEX", "https://env.example/simple"}}));
    REQUIRE(s);
    CHECK(urls(*s) == std::vector<std::string>{"https://extra.example/simple", "https://env.example/simple"});
    // uv 0.12.5 has no UV_NO_INDEX (only `--no-index`): the variable changes nothing.
    s = load_settings(sources_in(tree, {{"UV_NO_INDEX", "1"}}));
    REQUIRE(s);
    CHECK(urls(*s) == std::vector<std::string>{"https://extra.example/simple", "https://mirror.example/simple"});
    auto src = sources_in(tree);
    src.command_line.no_index = true;
    s = load_settings(src);
    REQUIRE(s);
    CHECK(urls(*s) == std::vector<std::string>{"https://extra.example/simple"});
}

TEST_CASE("boolean variables: uv's booleans, false as unset, uv's errors", "[pyproject][settings]") {
    TempTree tree;
    tree.write("project/uv.toml", "no-build = true\noffline = true\n");
    for (const char* yes : {"1", "TRUE", "Yes", "on", "t", "Y"}) {
        auto s = load_settings(sources_in(tree, {{"UV_NO_BINARY", yes}, {"UV_NO_SOURCES", yes}}));
        REQUIRE(s);
        CHECK(s->no_binary.value);
        CHECK(s->no_binary.origin == "UV_NO_BINARY");
        CHECK(s->no_sources.value);
    }
    // Set false, a variable leaves the files' value in force (uv reads it as an absent flag).
    auto s = load_settings(sources_in(tree, {{"UV_NO_BUILD", "0"}, {"UV_OFFLINE", "off"}}));
    REQUIRE(s);
    CHECK(s->no_build.value);
    CHECK(s->no_build.origin.ends_with("uv.toml:1:12"));
    CHECK(s->offline.value);
    // A value that is no boolean, an empty one too, is an error in uv's words: the option
    // parser's for a flag's variable, the settings' for the environment's own.
    auto bad = load_settings(sources_in(tree, {{"UV_NO_BUILD", ""}}));
    REQUIRE_FALSE(bad);
    CHECK(bad.error().message == "invalid value '' for '--no-build': value was not a boolean");
    bad = load_settings(sources_in(tree, {{"UV_OFFLINE", "maybe"}}));
    REQUIRE_FALSE(bad);
    CHECK(bad.error().message == "Failed to parse environment variable `UV_OFFLINE` with invalid value `maybe`: expected a boolish value");
    // Checked even when lockkit has no use for it, as uv checks it for every command; the
    // parser's errors come first.
    bad = load_settings(sources_in(tree, {{"UV_FROZEN", "2"}, {"UV_NO_SOURCES", "x"}}));
    REQUIRE_FALSE(bad);
    CHECK(bad.error().file == "UV_NO_SOURCES");
    bad = load_settings(sources_in(tree, {{"UV_FROZEN", "2"}}));
    REQUIRE_FALSE(bad);
    CHECK(bad.error().file == "UV_FROZEN");
    // `uv lock` has no --compile-bytecode: only an installing command checks its variable.
    CHECK(load_settings(sources_in(tree, {{"UV_COMPILE_BYTECODE", "x"}})));
    CHECK_FALSE(check_environment_flags({{"UV_COMPILE_BYTECODE", "x"}}, /*installs=*/true));
    CHECK(check_environment_flags({{"UV_COMPILE_BYTECODE", "x"}}, /*installs=*/false));
}

TEST_CASE("[[index]] ignore-error-codes: a list of statuses, checked as uv checks them", "[pyproject][settings]") {
    TempTree tree;
    tree.write("project/uv.toml", "[[index]]\nname = 'a'\nurl = 'https://a.example/simple'\nignore-error-codes = [401, 403, 999]\n"
                                  "[[index]]\nname = 'b'\nurl = 'https://b.example/simple'\n");
    auto s = load_settings(sources_in(tree));
    REQUIRE(s);
    REQUIRE(s->indexes.size() == 3);
    CHECK(s->indexes[0].ignore_error_codes == std::vector<int>{401, 403, 999});
    CHECK_FALSE(s->indexes[1].ignore_error_codes);
    // uv 0.12.5: "42 is not a valid HTTP status code", the same for 1000; a string or a bare number is a type error.
    for (const char* bad : {"[42]", "[1000]", "['403']", "403"}) {
        tree.write("project/uv.toml", std::string("[[index]]\nurl = 'https://a.example/simple'\nignore-error-codes = ") + bad + "\n");
        auto e = load_settings(sources_in(tree));
        REQUIRE_FALSE(e);
        CHECK(e.error().line == 3);
        CHECK_THAT(e.error().message, Catch::Contains("is not a valid HTTP status code") ||
                                          Catch::Contains("must be an array of HTTP status codes"));
    }
}

TEST_CASE("bad values are errors with file, line and column", "[pyproject][settings]") {
    TempTree tree;
    tree.write("project/uv.toml", "\nresolution = 'newest'\n");
    auto s = load_settings(sources_in(tree));
    REQUIRE_FALSE(s);
    CHECK(s.error().line == 2);
    CHECK(s.error().column == 14);
    CHECK_THAT(s.error().message, Catch::Contains("unknown variant `newest`, expected one of `highest`, `lowest`, `lowest-direct`"));
    tree.write("project/uv.toml", "[[index]]\nname = 'x'\n");
    s = load_settings(sources_in(tree));
    REQUIRE_FALSE(s);
    CHECK_THAT(s.error().message, Catch::Contains("url"));
    auto env = load_settings(sources_in(tree, {{"UV_PRERELEASE", "sometimes"}}));
    REQUIRE_FALSE(env);
    CHECK_THAT(env.error().message, Catch::Contains("UV_PRERELEASE"));
}

TEST_CASE("a bad exclude-newer value is an error at its file, line and column", "[pyproject][settings]") {
    TempTree tree;
    tree.write("project/uv.toml", "[exclude-newer-package]\nfoo = '2024-01-01'\nbar = 'soon'\n");
    auto s = load_settings(sources_in(tree));
    REQUIRE_FALSE(s);
    CHECK(s.error().file == (tree.root() / "project" / "uv.toml").string());
    CHECK(s.error().line == 3);
    CHECK(s.error().column == 7);
    CHECK_THAT(s.error().message, Catch::Contains("`bar`") && Catch::Contains("`soon` is neither a timestamp nor a span"));
    tree.write("project/uv.toml", "exclude-newer = '3 fortnights'\n");
    s = load_settings(sources_in(tree));
    REQUIRE_FALSE(s);
    CHECK(s.error().line == 1);
    CHECK(s.error().column == 17);
    tree.write("project/uv.toml", "exclude-newer = '7 days'\n[exclude-newer-package]\nfoo = 'P2W'\nbar = false\n"
                                  "baz = '2024-03-25T00:00:00Z'\n");
    REQUIRE(load_settings(sources_in(tree)));
}

TEST_CASE("a [tool.uv] that does not read is skipped with uv's warning; the search goes on upwards", "[pyproject][settings]") {
    // uv 0.12.5 (tests/conformance/test_lock_resolve_settings.py compares with it): an unknown
    // key or a bad value in [tool.uv] ignores every setting of that table, and a uv.toml or
    // [tool.uv] further up applies instead.
    TempTree tree;
    tree.write("project/pyproject.toml", "[project]\nname = 'p'\n\n[tool.uv]\nresolution = 'lowest'\nbogus-key = 1\n");
    auto s = load_settings(sources_in(tree));
    REQUIRE(s);
    CHECK(s->resolution.value == ResolutionMode::Highest);
    REQUIRE(s->warnings.size() == 1);
    CHECK_THAT(s->warnings[0], Catch::StartsWith("Failed to parse `") && Catch::Contains("pyproject.toml` during settings discovery:\n"
                                                                                         "  TOML parse error at line 6, column 1\n"
                                                                                         "    |\n"
                                                                                         "  6 | bogus-key = 1\n"
                                                                                         "    | ^^^^^^^^^\n"
                                                                                         "  unknown field `bogus-key`, expected one of `required-version`, `system-certs`, "));
    tree.write("uv.toml", "prerelease = 'allow'\n");
    s = load_settings(sources_in(tree));
    REQUIRE(s);
    CHECK(s->prerelease.value == PrereleaseMode::Allow);
    CHECK(s->resolution.value == ResolutionMode::Highest);
    // A [tool.uv] that reads stops the search, even with no setting in it.
    tree.write("project/pyproject.toml", "[project]\nname = 'p'\n\n[tool.uv]\nconstraint-dependencies = []\n");
    s = load_settings(sources_in(tree));
    REQUIRE(s);
    CHECK(s->warnings.empty());
    CHECK(s->prerelease.value == PrereleaseMode::IfNecessary);
}

TEST_CASE("a uv.toml with an unknown or project-only key is an error", "[pyproject][settings]") {
    TempTree tree;
    tree.write("project/uv.toml", "resolution = 'lowest'\nbogus-key = 1\n");
    auto s = load_settings(sources_in(tree));
    REQUIRE_FALSE(s);
    CHECK(s.error().line == 2);
    CHECK(s.error().column == 1);
    CHECK_THAT(s.error().message, Catch::StartsWith("unknown field `bogus-key`, expected one of `required-version`, "));
    tree.write("project/uv.toml", "[sources]\nfoo = { path = 'foo' }\n");
    s = load_settings(sources_in(tree));
    REQUIRE_FALSE(s);
    CHECK_THAT(s.error().message, Catch::Contains("`sources` is not allowed in a uv.toml file"));
    // The user's uv.toml is read the same way.
    tree.write("project/uv.toml", "");
    tree.write("home/.config/uv/uv.toml", "no-such-setting = true\n");
    s = load_settings(sources_in(tree));
    REQUIRE_FALSE(s);
    CHECK_THAT(s.error().message, Catch::StartsWith("unknown field `no-such-setting`, expected one of `required-version`, "));
}

TEST_CASE("exclude-newer-package: merged key by key, higher layers winning, in uv's hash order", "[pyproject][settings]") {
    TempTree tree;
    tree.write("project/pyproject.toml", "[project]\nname = 'p'\n\n[tool.uv.exclude-newer-package]\n"
                                         "zeta = '2024-01-01T00:00:00Z'\nalpha = '2024-01-01T00:00:00Z'\nmid = false\n"
                                         "beta = '2024-02-01T00:00:00Z'\ngamma = '2024-01-01T00:00:00Z'\n");
    tree.write("home/.config/uv/uv.toml", "exclude-newer-package = { six = '2022-01-01T00:00:00Z', "
                                          "gamma = '2023-01-01T00:00:00Z', attrs = false }\n");
    SettingsSources sources = sources_in(tree);
    sources.command_line.exclude_newer_package = {{"beta", exclude_newer_setting("false")},
                                                  {"click", exclude_newer_setting("2021-05-05T00:00:00Z")}};
    const auto s = load_settings(sources);
    REQUIRE(s);
    // uv 0.12.5 wrote this `[options.exclude-newer-package]` for the same three layers.
    const std::vector<std::pair<std::string, std::string>> expected{
        {"attrs", "false"}, {"alpha", "2024-01-01T00:00:00Z"}, {"beta", "false"}, {"click", "2021-05-05T00:00:00Z"},
        {"six", "2022-01-01T00:00:00Z"}, {"gamma", "2024-01-01T00:00:00Z"}, {"mid", "false"}, {"zeta", "2024-01-01T00:00:00Z"}};
    std::vector<std::pair<std::string, std::string>> got;
    for (const auto& [name, value] : s->exclude_newer_package) got.emplace_back(name, value.value);
    CHECK(got == expected);
}

TEST_CASE("an unknown key in [tool.uv.pip] skips the [tool.uv] table; in a uv.toml's [pip] it is an error", "[pyproject][settings]") {
    // uv 0.12.5 reads `pip` as a struct with deny_unknown_fields too (test_lock_resolve_settings.py).
    TempTree tree;
    tree.write("project/pyproject.toml", "[project]\nname = 'p'\n\n[tool.uv]\nresolution = 'lowest'\n\n[tool.uv.pip]\nbogus = 1\n");
    auto s = load_settings(sources_in(tree));
    REQUIRE(s);
    CHECK(s->resolution.value == ResolutionMode::Highest);
    REQUIRE(s->warnings.size() == 1);
    CHECK_THAT(s->warnings[0], Catch::Contains("  TOML parse error at line 8, column 1\n") &&
                                   Catch::Contains("  unknown field `bogus`, expected one of `python`, `system`, ") &&
                                   Catch::EndsWith("`reinstall-package`, `torch-backend`\n"));
    tree.write("project/pyproject.toml", "[project]\nname = 'p'\n\n[tool.uv]\nresolution = 'lowest'\npip = 1\n");
    s = load_settings(sources_in(tree));
    REQUIRE(s);
    CHECK(s->resolution.value == ResolutionMode::Highest);
    REQUIRE(s->warnings.size() == 1);
    CHECK_THAT(s->warnings[0], Catch::EndsWith("  invalid type: integer `1`, expected struct PipOptions\n"));
    // Known pip keys are accepted (and unused).
    tree.write("project/pyproject.toml", "[project]\nname = 'p'\n\n[tool.uv]\nresolution = 'lowest'\n[tool.uv.pip]\nuniversal = true\n");
    s = load_settings(sources_in(tree));
    REQUIRE(s);
    CHECK(s->warnings.empty());
    CHECK(s->resolution.value == ResolutionMode::Lowest);
    tree.write("project/uv.toml", "[pip]\nstrict = true\nbogus = 1\n");
    s = load_settings(sources_in(tree));
    REQUIRE_FALSE(s);
    CHECK(s.error().line == 3);
    CHECK(s.error().column == 1);
}

TEST_CASE("a uv.toml beside a [tool.uv] masks its settings with uv's warning, naming them in uv's order", "[pyproject][settings]") {
    TempTree tree;
    tree.write("project/pyproject.toml", "[project]\nname = 'p'\n\n[tool.uv]\nconstraint-dependencies = ['x']\n"
                                         "cache-keys = []\nsources = {}\nresolution = 'lowest'\n");
    tree.write("project/uv.toml", "prerelease = 'allow'\n");
    auto s = load_settings(sources_in(tree));
    REQUIRE(s);
    CHECK(s->resolution.value == ResolutionMode::Highest);
    REQUIRE(s->warnings.size() == 1);
    CHECK(s->warnings[0] == "Found both a `uv.toml` file and a `[tool.uv]` section in an adjacent `pyproject.toml`. The "
                            "following fields from `[tool.uv]` will be ignored in favor of the `uv.toml` file:\n"
                            "- resolution\n- cache_keys\n- constraint-dependencies");
    // Project tables only, or a [tool.uv] that does not read: no warning.
    for (const char* table : {"sources = {}\n", "sources = {}\nbogus = 1\n"}) {
        tree.write("project/pyproject.toml", std::string("[project]\nname = 'p'\n\n[tool.uv]\n") + table);
        s = load_settings(sources_in(tree));
        REQUIRE(s);
        CHECK(s->warnings.empty());
    }
}

TEST_CASE("the user's uv.toml comes from one folder; UV_NO_SYSTEM_CONFIG skips the system's", "[pyproject][settings]") {
    // uv 0.12.5 (uv-dirs user_config_dir, system_config_file; test_lock_resolve_settings.py).
    TempTree tree;
    tree.mkdir("project");
    tree.mkdir("xdg");
    tree.write("home/.config/uv/uv.toml", "resolution = 'lowest'\n");
    tree.write("etc/uv/uv.toml", "prerelease = 'allow'\n");
    auto s = load_settings(sources_in(tree, {{"XDG_CONFIG_HOME", (tree.root() / "xdg").string()}}));
    REQUIRE(s);
    CHECK(s->resolution.value == ResolutionMode::Highest);  // ~/.config is no fallback
    CHECK(s->prerelease.value == PrereleaseMode::Allow);
    s = load_settings(sources_in(tree, {{"XDG_CONFIG_HOME", "relative/xdg"}}));
    REQUIRE(s);
    CHECK(s->resolution.value == ResolutionMode::Lowest);  // a relative XDG_CONFIG_HOME is ignored
    s = load_settings(sources_in(tree, {{"UV_NO_SYSTEM_CONFIG", "1"}}));
    REQUIRE(s);
    CHECK(s->resolution.value == ResolutionMode::Lowest);
    CHECK(s->prerelease.value == PrereleaseMode::IfNecessary);
    CHECK(user_config_dir({{"HOME", "/h"}}) == std::filesystem::path("/h/.config/uv"));
    CHECK(user_config_dir({{"HOME", "/h"}, {"XDG_CONFIG_HOME", "/x"}}) == std::filesystem::path("/x/uv"));
}

TEST_CASE("link-mode: reflink is clone, as in uv; clone by default", "[pyproject][settings]") {
    TempTree tree;
    tree.mkdir("project");
    auto s = load_settings(sources_in(tree));
    REQUIRE(s);
    CHECK(s->link_mode.value == LinkMode::Clone);
    tree.write("project/uv.toml", "link-mode = \"reflink\"\n");
    s = load_settings(sources_in(tree));
    REQUIRE(s);
    CHECK(s->link_mode.value == LinkMode::Clone);
    CHECK(std::string(setting_name(s->link_mode.value)) == "clone");
    s = load_settings(sources_in(tree, {{"UV_LINK_MODE", "copy"}}));
    REQUIRE(s);
    CHECK(s->link_mode.value == LinkMode::Copy);
    CHECK(s->link_mode.origin == "UV_LINK_MODE");
    tree.write("project/uv.toml", "link-mode = \"hardlink\"\n");
    s = load_settings(sources_in(tree, {{"UV_LINK_MODE", "reflink"}}));
    REQUIRE(s);
    CHECK(s->link_mode.value == LinkMode::Clone);
    // serde's message lists the alias; clap's (the option and its variable) does not.
    tree.write("project/uv.toml", "link-mode = \"wormhole\"\n");
    auto bad = load_settings(sources_in(tree));
    REQUIRE_FALSE(bad);
    CHECK(bad.error().message == "unknown variant `wormhole`, expected one of `clone`, `reflink`, `copy`, `hardlink`, `symlink`");
    tree.write("project/uv.toml", "");
    bad = load_settings(sources_in(tree, {{"UV_LINK_MODE", "wormhole"}}));
    REQUIRE_FALSE(bad);
    CHECK(bad.error().file == "UV_LINK_MODE");
    CHECK(bad.error().message == "invalid value 'wormhole' for '--link-mode <LINK_MODE>'\n"
                                 "  [possible values: clone, copy, hardlink, symlink]");
    CHECK(link_mode_argument("reflink") == LinkMode::Clone);
    CHECK(link_mode_argument("symlink") == LinkMode::Symlink);
    CHECK_FALSE(link_mode_argument("Clone"));
}

TEST_CASE("compile-bytecode: the command line, UV_COMPILE_BYTECODE, then the files", "[pyproject][settings]") {
    TempTree tree;
    tree.write("project/pyproject.toml", "[project]\nname = \"p\"\n[tool.uv]\ncompile-bytecode = true\n");
    auto s = load_settings(sources_in(tree));
    REQUIRE(s);
    CHECK(s->compile_bytecode.value);
    CHECK(s->compile_bytecode.origin.ends_with("pyproject.toml:4:20"));
    auto src = sources_in(tree);
    src.command_line.compile_bytecode = false;  // --no-compile-bytecode
    s = load_settings(src);
    REQUIRE(s);
    CHECK_FALSE(s->compile_bytecode.value);
    tree.write("project/pyproject.toml", "[project]\nname = \"p\"\n");
    for (const char* yes : {"1", "yes", "ON"}) {
        s = load_settings(sources_in(tree, {{"UV_COMPILE_BYTECODE", yes}}));
        REQUIRE(s);
        CHECK(s->compile_bytecode.value);
        CHECK(s->compile_bytecode.origin == "UV_COMPILE_BYTECODE");
    }
    s = load_settings(sources_in(tree, {{"UV_COMPILE_BYTECODE", "0"}}));
    REQUIRE(s);
    CHECK_FALSE(s->compile_bytecode.value);
}

TEST_CASE("lock flags: the command line over UV_LOCKED / UV_FROZEN, conflicts in uv's words", "[pyproject][settings]") {
    using Env = std::map<std::string, std::string>;
    auto setting = [](LockCheckFlags flags, Env env) { return lock_check_setting(flags, env); };
    auto is = [](const std::expected<LockCheckSetting, lockkit::Diagnostic>& s, LockCheck value, std::string by) {
        return s && s->value == value && s->provided_by == by;
    };
    CHECK(is(setting({}, {}), LockCheck::Default, ""));
    CHECK(is(setting({}, {{"UV_LOCKED", "1"}}), LockCheck::Locked, "`UV_LOCKED=1`"));
    CHECK(is(setting({}, {{"UV_LOCKED", "true"}, {"UV_FROZEN", "0"}}), LockCheck::Locked, "`UV_LOCKED=1`"));
    CHECK(is(setting({}, {{"UV_FROZEN", "yes"}}), LockCheck::Frozen, "`UV_FROZEN=1`"));
    CHECK(is(setting({.locked = true}, {{"UV_LOCKED", "1"}}), LockCheck::Locked, "`--locked`"));
    CHECK(is(setting({.check = true}, {{"UV_LOCKED", "1"}}), LockCheck::Locked, "`--check`"));
    CHECK(is(setting({.frozen = true}, {}), LockCheck::Frozen, "`--frozen`"));
    // `uv lock --check` with UV_FROZEN: the check is not `--locked`, so no conflict, and frozen wins.
    CHECK(is(setting({.check = true}, {{"UV_FROZEN", "1"}}), LockCheck::Frozen, "`UV_FROZEN=1`"));
    auto bad = setting({}, {{"UV_LOCKED", "1"}, {"UV_FROZEN", "1"}});
    REQUIRE_FALSE(bad);
    CHECK(bad.error().render() ==
          "error: the argument `UV_LOCKED` (environment variable) cannot be used with `UV_FROZEN` (environment variable)\n");
    bad = setting({.locked = true}, {{"UV_FROZEN", "1"}});
    REQUIRE_FALSE(bad);
    CHECK(bad.error().message == "the argument `--locked` cannot be used with `UV_FROZEN` (environment variable)");
    bad = setting({.frozen = true}, {{"UV_LOCKED", "on"}});
    REQUIRE_FALSE(bad);
    CHECK(bad.error().message == "the argument `UV_LOCKED` (environment variable) cannot be used with `--frozen`");
    bad = setting({}, {{"UV_FROZEN", "maybe"}});
    REQUIRE_FALSE(bad);
    CHECK(bad.error().file == "UV_FROZEN");
    // Read only for a command that has the flags.
    TempTree tree;
    tree.mkdir("project");
    auto src = sources_in(tree, {{"UV_LOCKED", "1"}, {"UV_FROZEN", "1"}});
    CHECK(load_settings(src));
    CHECK(load_settings(src)->lock_check.value == LockCheck::Default);
    src.lock_flags = LockCheckFlags{};
    CHECK_FALSE(load_settings(src));
}
