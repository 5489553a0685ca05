// The lock target of a workspace (root requirements, source trees, requires-python) and what an
// existing lock is still good for. The expected shapes follow uv's `do_lock` and
// `ValidatedLock::validate` (resolver-notes §5.1, §9); the byte-level agreement with uv is
// checked by tests/conformance/test_lock_resolve*.py against real uv.

#include "../../temp_tree.hpp"

#include <lockkit/lockfile/reader.hpp>
#include <lockkit/project/existing_lock.hpp>
#include <lockkit/project/lock_target.hpp>
#include <lockkit/pyproject/workspace.hpp>
#include <lockkit/resolver/python_requirement.hpp>
#include <lockkit/util/timestamp.hpp>

#include <catch2/catch.hpp>

using namespace lockkit;
using lockkit::testing::TempTree;

namespace {

constexpr const char* k_build = "\n[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n";

std::expected<project::LockTarget, Diagnostic> target_of(const TempTree& tree) {
    auto ws = pyproject::discover_workspace(tree.root());
    REQUIRE(ws);
    return project::lock_target(*ws);
}

std::string requires_python_of(std::vector<std::string> sets) {
    std::vector<pep440::VersionSpecifiers> parsed;
    for (const auto& s : sets) parsed.push_back(*pep440::VersionSpecifiers::parse(s));
    auto rp = resolver::RequiresPython::intersection(parsed);
    return rp ? rp->specifiers().to_string(", ") : "<empty>";
}

} // namespace

TEST_CASE("requires-python of a workspace is the members' intersection, re-derived as uv writes it", "[project]") {
    CHECK(requires_python_of({">=3.8", ">=3.10"}) == ">=3.10");
    CHECK(requires_python_of({">=3.8", "<4"}) == ">=3.8, <4");
    // One minor series becomes a star (uv-lock-format §2.4).
    CHECK(requires_python_of({">=3.11,<3.12"}) == "==3.11.*");
    // The user's release segments survive.
    CHECK(requires_python_of({">=3.10.0"}) == ">=3.10.0");
    CHECK(requires_python_of({">=3.12", "<3.10"}) == "<empty>");
}

TEST_CASE("upload times are written with milliseconds, trailing zeros trimmed", "[project]") {
    CHECK(format_timestamp_ms(1708331786842) == "2024-02-19T08:36:26.842Z");
    CHECK(format_timestamp_ms(1710063568330) == "2024-03-10T09:39:28.33Z");
    CHECK(format_timestamp_ms(1711238400000) == "2024-03-24T00:00:00Z");
    CHECK(format_timestamp_ms(1711238400100) == "2024-03-24T00:00:00.1Z");
    CHECK(format_timestamp_ms(1711238400005) == "2024-03-24T00:00:00.005Z");
    CHECK(format_timestamp_ms(0) == "1970-01-01T00:00:00Z");
    CHECK(format_timestamp_ms(-1) == "1969-12-31T23:59:59.999Z");
    CHECK(format_timestamp_ms(951782400000) == "2000-02-29T00:00:00Z");
    CHECK(format_timestamp_ms(253402300799000) == "9999-12-31T23:59:59Z");
    CHECK(format_timestamp_ms(253402300800000) == "10000-01-01T00:00:00Z");  // past four digits, as snprintf writes it
}

TEST_CASE("a workspace's root requirements: members with all extras, then with all groups", "[project]") {
    TempTree tree;
    tree.write("pyproject.toml", R"(
[project]
name = "app"
version = "1.0"
requires-python = ">=3.10"
dependencies = ["lib"]
[project.optional-dependencies]
zeta = ["idna"]
alpha = ["sniffio"]
[dependency-groups]
lint = ["ruff"]
[tool.uv]
dev-dependencies = ["pytest"]
[tool.uv.workspace]
members = ["libs/*"]
[tool.uv.sources]
lib = { workspace = true, editable = false }
)");
    tree.write("libs/lib/pyproject.toml", std::string("[project]\nname = \"lib\"\nversion = \"0.2\"\nrequires-python = \">=3.9\"\n"));
    auto t = target_of(tree);
    REQUIRE(t);
    CHECK(t->requires_python.specifiers().to_string(", ") == ">=3.10");
    const auto& reqs = t->manifest.requirements;
    REQUIRE(reqs.size() == 3);
    CHECK(reqs[0].name == "app");
    CHECK(reqs[0].extras == std::vector<std::string>{"alpha", "zeta"});  // sorted
    CHECK(reqs[1].name == "lib");
    CHECK(reqs[2].name == "app");
    CHECK(reqs[2].groups == std::vector<std::string>{"dev", "lint"});
    REQUIRE(reqs[0].url);
    // The root is virtual (no build system, not required); lib is required non-editable.
    CHECK(t->url_packages.at(*reqs[0].url).lock.source.kind == lockfile::SourceKind::Virtual);
    CHECK(t->url_packages.at(*reqs[1].url).lock.source.kind == lockfile::SourceKind::Directory);
    CHECK(t->url_packages.at(*reqs[1].url).lock.source.location == "libs/lib");
    CHECK(t->lock_manifest.members == std::vector<std::string>{"app", "lib"});
}

TEST_CASE("a package that needs a build is an error naming it", "[project]") {
    TempTree tree;
    tree.write("pyproject.toml", R"(
[project]
name = "app"
version = "1.0"
requires-python = ">=3.10"
dependencies = ["helper"]
[tool.uv.sources]
helper = { path = "helper" }
)");
    tree.write("helper/pyproject.toml",
               std::string("[project]\nname = \"helper\"\nversion = \"1.0\"\ndynamic = [\"dependencies\"]\n") + k_build);
    auto t = target_of(tree);
    REQUIRE_FALSE(t);
    CHECK(t.error().message.find("`helper` has dynamic dependencies: its metadata needs a build") != std::string::npos);
    CHECK(t.error().file.find("helper") != std::string::npos);
}

TEST_CASE("a source tree whose only dynamic field is its version needs no build", "[project]") {
    // uv omits such a package's version from the lock and a path requirement carries no
    // specifier, so its static requirements are all the lock needs (no builder is given here).
    TempTree tree;
    tree.write("pyproject.toml", R"(
[project]
name = "app"
version = "1.0"
requires-python = ">=3.10"
dependencies = ["helper"]
[tool.uv.sources]
helper = { path = "helper" }
)");
    tree.write("helper/pyproject.toml", std::string("[project]\nname = \"helper\"\ndynamic = [\"version\"]\n"
                                                    "dependencies = [\"idna>=3\"]\n"
                                                    "[project.optional-dependencies]\nfast = [\"orjson\"]\n") + k_build);
    auto t = target_of(tree);
    REQUIRE(t);
    const project::UrlPackage* found = nullptr;
    for (const auto& [url, pkg] : t->url_packages)
        if (pkg.name == "helper") found = &pkg;
    REQUIRE(found != nullptr);
    const auto& helper = *found;
    CHECK(helper.lock.dynamic_version);
    REQUIRE(helper.metadata.metadata.requires_dist.size() == 2);
    CHECK(helper.metadata.metadata.requires_dist[0].name == "idna");
    CHECK(helper.metadata.metadata.provides_extra == std::vector<std::string>{"fast"});
}

TEST_CASE("an unbuilt hatchling source tree lists its extras as hatchling writes them", "[project]") {
    // uv records a built tree's extras in its Provides-Extra order; hatchling sorts them (the
    // corpus shows it: livekit-agents' extras, written unsorted, are sorted in uv's lock).
    TempTree tree;
    tree.write("pyproject.toml", "[project]\nname = \"app\"\nversion = \"1.0\"\nrequires-python = \">=3.10\"\n"
                                 "dependencies = [\"helper\"]\n[tool.uv.sources]\nhelper = { path = \"helper\" }\n");
    const std::string helper = "[project]\nname = \"helper\"\ndynamic = [\"version\"]\n"
                               "[project.optional-dependencies]\nzeta = [\"idna\"]\nalpha = [\"sniffio\"]\n";
    auto extras_with = [&](const std::string& backend) {
        tree.write("helper/pyproject.toml", helper + "[build-system]\nrequires = [\"x\"]\nbuild-backend = \"" + backend + "\"\n");
        auto t = target_of(tree);
        REQUIRE(t);
        for (const auto& [url, pkg] : t->url_packages)
            if (pkg.name == "helper") return pkg.lock.metadata.provides_extras.value_or(std::vector<std::string>{});
        return std::vector<std::string>{};
    };
    CHECK(extras_with("hatchling.build") == std::vector<std::string>{"alpha", "zeta"});
    CHECK(extras_with("setuptools.build_meta") == std::vector<std::string>{"zeta", "alpha"});
}

TEST_CASE("an existing lock: what it is still good for", "[project]") {
    TempTree tree;
    tree.write("pyproject.toml", "[project]\nname = \"app\"\nversion = \"1.0\"\nrequires-python = \">=3.10\"\n"
                                 "dependencies = [\"idna\"]\n");
    auto t = target_of(tree);
    REQUIRE(t);
    auto lock = lockfile::parse_lock(R"(version = 1
revision = 3
requires-python = ">=3.10"

[[package]]
name = "app"
version = "1.0"
source = { virtual = "." }
dependencies = [
    { name = "idna" },
]

[package.metadata]
requires-dist = [{ name = "idna" }]

[[package]]
name = "idna"
version = "3.7"
source = { registry = "https://pypi.org/simple" }
)",
                                     "uv.lock");
    REQUIRE(lock);
    project::LockRequestFacts facts;
    CHECK(project::validate_lock(*lock, *t, facts).verdict == project::LockVerdict::Satisfies);

    auto with = [&](auto change) {
        project::LockRequestFacts f = facts;
        change(f);
        return project::validate_lock(*lock, *t, f).verdict;
    };
    CHECK(with([](auto& f) { f.options.resolution_mode = "lowest"; }) == project::LockVerdict::Unusable);
    CHECK(with([](auto& f) { f.upgrade = true; }) == project::LockVerdict::Unusable);
    CHECK(with([](auto& f) { f.options.exclude_newer = "2024-01-01T00:00:00Z"; }) == project::LockVerdict::Preferable);
    CHECK(with([](auto& f) { f.upgrade_packages = true; }) == project::LockVerdict::Preferable);
    CHECK(with([](auto& f) { f.options.prerelease_mode = "allow"; }) == project::LockVerdict::Preferable);
    // A registry no longer configured.
    CHECK(with([](auto& f) { f.registries = {"https://example.org/simple"}; }) == project::LockVerdict::Preferable);
    CHECK(with([](auto& f) { f.registries = {"https://pypi.org/simple/"}; }) == project::LockVerdict::Satisfies);

    // A changed requirement: re-resolve, keeping versions.
    tree.write("pyproject.toml", "[project]\nname = \"app\"\nversion = \"1.0\"\nrequires-python = \">=3.10\"\n"
                                 "dependencies = [\"idna<3.7\"]\n");
    auto changed = target_of(tree);
    REQUIRE(changed);
    const auto v = project::validate_lock(*lock, *changed, facts);
    CHECK(v.verdict == project::LockVerdict::Preferable);
    CHECK(v.reason.find("idna<3.7") != std::string::npos);
    const auto prefs = project::lock_preferences(*lock, {"idna"});
    REQUIRE(prefs.size() == 1);  // idna is upgraded, app stays preferred
    CHECK(prefs[0].name == "app");
}

TEST_CASE("a lowered git location reads back as the source to fetch", "[project][git]") {
    auto plain = project::parse_git_location("https://example.com/repo.git");
    CHECK(plain.url == "https://example.com/repo.git");
    CHECK(plain.reference.kind == git::GitReference::Kind::Default);
    CHECK_FALSE(plain.subdirectory);
    auto full = project::parse_git_location("file:///srv/repo?subdirectory=packages%2Fa+b&lfs=true&branch=feature%2Fx");
    CHECK(full.url == "file:///srv/repo");
    CHECK(full.subdirectory == std::optional<std::string>("packages/a b"));
    CHECK(full.reference.kind == git::GitReference::Kind::Branch);
    CHECK(full.reference.name == "feature/x");
    CHECK(project::parse_git_location("https://h/r?tag=v1").reference.kind == git::GitReference::Kind::Tag);
    auto rev = project::parse_git_location("https://h/r?rev=0123abc");
    CHECK(rev.reference.kind == git::GitReference::Kind::Rev);
    CHECK(rev.reference.name == "0123abc");
}
