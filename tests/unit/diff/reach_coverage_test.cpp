// Per-group/extra reach, git compare links and wheel platform coverage.

#include "lockkit/diff/lock_diff.hpp"
#include "lockkit/diff/render.hpp"
#include "lock_text.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>

using namespace lockkit;
using lockkit::testing::parse_or_fail;

namespace {

/// app (editable) with main dep httpx, extra `http` -> h2, group `dev` -> pytest; pytest -> iniconfig;
/// h2 -> hpack; httpx -> anyio. `v` is the version every leaf gets, `hpack_via_main` adds hpack to httpx.
std::string grouped_lock(const std::string& v, bool hpack_via_main = false) {
    auto reg = [&](const std::string& name, const std::string& deps) {
        std::string out = "\n[[package]]\nname = \"" + name + "\"\nversion = \"" + v + "\"\nsource = { registry = \"https://pypi.org/simple\" }\n";
        if (!deps.empty()) out += "dependencies = [\n" + deps + "]\n";
        out += "sdist = { url = \"https://files.pythonhosted.org/packages/" + name + "-" + v + ".tar.gz\", hash = \"sha256:ff\", size = 1 }\n";
        return out;
    };
    std::string out = "version = 1\nrevision = 3\nrequires-python = \">=3.12\"\n";
    out += reg("anyio", "");
    out += "\n[[package]]\nname = \"app\"\nversion = \"0.1.0\"\nsource = { editable = \".\" }\n"
           "dependencies = [\n    { name = \"httpx\" },\n]\n\n"
           "[package.optional-dependencies]\nhttp = [\n    { name = \"h2\" },\n]\n\n"
           "[package.dev-dependencies]\ndev = [\n    { name = \"pytest\" },\n]\n";
    out += reg("h2", "    { name = \"hpack\" },\n");
    out += reg("hpack", "");
    out += reg("httpx", hpack_via_main ? "    { name = \"anyio\" },\n    { name = \"hpack\" },\n" : "    { name = \"anyio\" },\n");
    out += reg("iniconfig", "");
    out += reg("pytest", "    { name = \"iniconfig\" },\n");
    return out;
}

const diff::PackageChange& find(const diff::LockDiff& d, const std::string& name) {
    auto it = std::find_if(d.changes.begin(), d.changes.end(), [&](const auto& c) { return c.name == name; });
    REQUIRE(it != d.changes.end());
    return *it;
}

std::string registry_lock_with_wheels(const std::string& version, const std::vector<std::string>& wheels) {
    std::string out = "version = 1\nrevision = 3\nrequires-python = \">=3.9\"\n\n[[package]]\nname = \"app\"\nversion = \"0.1.0\"\n"
                      "source = { editable = \".\" }\ndependencies = [\n    { name = \"numpy\" },\n]\n\n"
                      "[[package]]\nname = \"numpy\"\nversion = \"" + version + "\"\nsource = { registry = \"https://pypi.org/simple\" }\n"
                      "sdist = { url = \"https://files.pythonhosted.org/numpy-" + version + ".tar.gz\", hash = \"sha256:ff\", size = 1 }\nwheels = [\n";
    for (const auto& w : wheels) {
        out += "    { url = \"https://files.pythonhosted.org/numpy-" + version + "-" + w + ".whl\", hash = \"sha256:" + w.substr(0, 2) +
               "\", size = 1 },\n";
    }
    return out + "]\n";
}

} // namespace

TEST_CASE("changes say which member group or extra reaches them", "[diff][reach]") {
    const auto d = diff::diff_locks(parse_or_fail(grouped_lock("1.0")), parse_or_fail(grouped_lock("1.1")));
    const auto& pytest = find(d, "pytest");
    CHECK(pytest.relation == diff::Relation::Direct);
    CHECK_FALSE(pytest.reached_from.main);
    CHECK(pytest.reached_from.groups == std::vector<std::string>{"dev"});
    CHECK(diff::describe_reach(pytest) == "dev group");

    const auto& ini = find(d, "iniconfig");
    CHECK(ini.relation == diff::Relation::Transitive);
    CHECK(diff::describe_location(ini) == "via pytest, dev group");

    const auto& hpack = find(d, "hpack");
    CHECK(hpack.reached_from.extras == std::vector<std::string>{"http"});
    CHECK(diff::describe_location(hpack) == "via h2, extra `http`");

    const auto& anyio = find(d, "anyio");
    CHECK(anyio.reached_from.main);
    CHECK(diff::describe_location(anyio) == "via httpx");  // main dependencies: no group named

    const auto text = diff::render_text(d);
    CHECK(text.find("^ pytest 1.0 -> 1.1 (minor) (dev group)") != std::string::npos);
    CHECK(text.find("^ hpack 1.0 -> 1.1 (minor) (via h2, extra `http`)") != std::string::npos);
    const auto json = nlohmann::json::parse(diff::render_json(d));
    for (const auto& p : json["packages"]) {
        if (p["name"] == "hpack") {
            CHECK(p["reached_from"] == nlohmann::json{{"main", false}, {"groups", nlohmann::json::array()}, {"extras", {"http"}}});
        }
    }
}

TEST_CASE("a package reached through main dependencies and an extra is not labelled", "[diff][reach]") {
    const auto d = diff::diff_locks(parse_or_fail(grouped_lock("1.0", true)), parse_or_fail(grouped_lock("1.1", true)));
    const auto& hpack = find(d, "hpack");
    CHECK(hpack.reached_from.main);
    CHECK(hpack.reached_from.extras == std::vector<std::string>{"http"});
    CHECK(diff::describe_reach(hpack).empty());
}

TEST_CASE("git commit moves on GitHub and GitLab get compare links", "[diff][compare]") {
    using lockfile::Source;
    using lockfile::SourceKind;
    const Source a{SourceKind::Git, "https://github.com/o/r?rev=main#1111111111111111111111111111111111111111", {}};
    const Source b{SourceKind::Git, "https://github.com/o/r?rev=main#2222222222222222222222222222222222222222", {}};
    CHECK(diff::git_compare_url(a, b) ==
          "https://github.com/o/r/compare/1111111111111111111111111111111111111111...2222222222222222222222222222222222222222");
    const Source ga{SourceKind::Git, "https://gitlab.com/g/sub/r.git?tag=v1#aaaa", {}};
    const Source gb{SourceKind::Git, "https://gitlab.com/g/sub/r.git?tag=v2#bbbb", {}};
    CHECK(diff::git_compare_url(ga, gb) == "https://gitlab.com/g/sub/r/-/compare/aaaa...bbbb");
    // Different repositories, other hosts, registry sides: no link.
    const Source other{SourceKind::Git, "https://github.com/o/fork#2222", {}};
    CHECK_FALSE(diff::git_compare_url(a, other));
    CHECK_FALSE(diff::git_compare_url(Source{SourceKind::Git, "https://example.org/r#1", {}}, Source{SourceKind::Git, "https://example.org/r#2", {}}));
    CHECK_FALSE(diff::git_compare_url(Source{SourceKind::Registry, "https://pypi.org/simple", {}}, b));
}

TEST_CASE("a git commit move shows its compare link in every format", "[diff][compare]") {
    auto lock = [](const std::string& commit) {
        return "version = 1\nrevision = 3\nrequires-python = \">=3.12\"\n\n[[package]]\nname = \"app\"\nversion = \"0.1.0\"\n"
               "source = { editable = \".\" }\ndependencies = [\n    { name = \"lib\" },\n]\n\n[[package]]\nname = \"lib\"\n"
               "version = \"1.0\"\nsource = { git = \"https://github.com/o/lib?branch=main#" + commit + "\" }\n";
    };
    const auto d = diff::diff_locks(parse_or_fail(lock("abc123")), parse_or_fail(lock("def456")));
    const auto& lib = find(d, "lib");
    CHECK(lib.source_changed);
    REQUIRE(lib.compare_url);
    CHECK(*lib.compare_url == "https://github.com/o/lib/compare/abc123...def456");
    CHECK(diff::render_markdown(d).find("[compare](https://github.com/o/lib/compare/abc123...def456)") != std::string::npos);
    CHECK(diff::render_text(d).find("compare https://github.com/o/lib/compare/abc123...def456") != std::string::npos);
    const auto json = nlohmann::json::parse(diff::render_json(d));
    CHECK(json["packages"][0]["compare_url"] == "https://github.com/o/lib/compare/abc123...def456");
}

TEST_CASE("platform tags get short labels", "[diff][coverage]") {
    CHECK(diff::platform_label("manylinux_2_17_x86_64") == "manylinux x86_64");
    CHECK(diff::platform_label("manylinux2014_aarch64") == "manylinux aarch64");
    CHECK(diff::platform_label("musllinux_1_2_x86_64") == "musllinux x86_64");
    CHECK(diff::platform_label("macosx_11_0_arm64") == "macOS arm64");
    CHECK(diff::platform_label("macosx_10_9_universal2") == "macOS universal2");
    CHECK(diff::platform_label("win_amd64") == "Windows amd64");
    CHECK(diff::platform_label("win32") == "Windows x86");
    CHECK(diff::platform_label("any") == "any");
}

TEST_CASE("wheel coverage is summarised by Python tag", "[diff][coverage]") {
    const auto a = registry_lock_with_wheels("2.0", {"cp39-cp39-manylinux_2_17_x86_64.manylinux2014_x86_64", "cp39-cp39-win_amd64",
                                                     "cp313-cp313-manylinux_2_17_x86_64.manylinux2014_x86_64", "cp313-cp313-win32"});
    const auto b = registry_lock_with_wheels("2.1", {"cp313-cp313-manylinux_2_17_x86_64.manylinux2014_x86_64",
                                                     "cp313-cp313-musllinux_1_2_aarch64", "cp314-cp314-manylinux_2_28_x86_64",
                                                     "cp314-cp314-macosx_11_0_arm64", "cp314-cp314t-macosx_11_0_arm64"});
    const auto d = diff::diff_locks(parse_or_fail(a), parse_or_fail(b));
    const auto& numpy = find(d, "numpy");
    CHECK(diff::describe_coverage(numpy) ==
          "wheels: -cp39; cp313 (+musllinux aarch64, -Windows x86); +cp314 (macOS arm64, manylinux x86_64); +cp314t (macOS arm64)");
    // Same coverage under a new version: nothing to say.
    const auto c = registry_lock_with_wheels("2.2", {"cp313-cp313-manylinux_2_17_x86_64.manylinux2014_x86_64",
                                                     "cp313-cp313-musllinux_1_2_aarch64", "cp314-cp314-manylinux_2_28_x86_64",
                                                     "cp314-cp314-macosx_11_0_arm64", "cp314-cp314t-macosx_11_0_arm64"});
    const auto e = diff::diff_locks(parse_or_fail(b), parse_or_fail(c));
    CHECK(find(e, "numpy").wheel_coverage.empty());
    const auto json = nlohmann::json::parse(diff::render_json(d));
    const auto& cov = json["packages"][0]["wheel_coverage"];
    REQUIRE(cov.size() == 4);
    CHECK(cov[0] == nlohmann::json{{"python", "cp39"}, {"change", "removed"}, {"platforms_added", nlohmann::json::array()},
                                   {"platforms_removed", {"Windows amd64", "manylinux x86_64"}}});
}

TEST_CASE("Python tags with more digits than any integer sort without failing", "[diff][coverage]") {
    // The PR bot runs lock-diff on untrusted locks: a tag is text, never trusted to fit a number.
    const auto a = registry_lock_with_wheels("2.0", {"cp99999999999999999999999-cp99999999999999999999999-win_amd64",
                                                     "cp310-cp310-win_amd64"});
    const auto b = registry_lock_with_wheels("2.1", {"cp9-cp9-win_amd64", "cp0010-cp0010-win32",
                                                     "cp99999999999999999999998-none-any", "py3-none-any"});
    const auto d = diff::diff_locks(parse_or_fail(a), parse_or_fail(b));
    const auto& numpy = find(d, "numpy");
    std::vector<std::string> order;
    for (const auto& c : numpy.wheel_coverage) order.push_back(c.python);
    // By interpreter, then by the number as written (leading zeros aside): 9 < 10 = 0010 < 10^23 - 2 < 10^23 - 1.
    CHECK(order == std::vector<std::string>{"cp9", "cp0010", "cp310", "cp99999999999999999999998",
                                            "cp99999999999999999999999", "py3"});
}
