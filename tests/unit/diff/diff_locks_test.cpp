// diff_locks on constructed locks: one test per finding type.

#include "lockkit/diff/lock_diff.hpp"
#include "lock_text.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace lockkit;
using lockkit::testing::lock_text;
using lockkit::testing::parse_or_fail;
using lockkit::testing::PkgSpec;

namespace {

diff::LockDiff diff_texts(const std::string& a, const std::string& b) {
    return diff::diff_locks(parse_or_fail(a), parse_or_fail(b));
}

const diff::PackageChange* find(const diff::LockDiff& d, const std::string& name) {
    auto it = std::find_if(d.changes.begin(), d.changes.end(), [&](const auto& c) { return c.name == name; });
    return it == d.changes.end() ? nullptr : &*it;
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

} // namespace

TEST_CASE("identical locks give an empty diff", "[diff]") {
    const auto t = lock_text({"httpx"}, {{.name = "httpx", .version = "0.27.0"}});
    const auto d = diff_texts(t, t);
    CHECK(d.empty());
    CHECK(d.cosmetic_packages == 0);
    CHECK_FALSE(d.revision);
}

TEST_CASE("an upgrade of a direct dependency is classified", "[diff]") {
    const auto a = lock_text({"httpx"}, {{.name = "httpx", .version = "0.27.0"}});
    const auto b = lock_text({"httpx"}, {{.name = "httpx", .version = "0.28.1"}});
    const auto d = diff_texts(a, b);
    REQUIRE(d.changes.size() == 1);
    const auto& c = d.changes[0];
    CHECK(c.name == "httpx");
    CHECK(c.kind == diff::ChangeKind::Upgraded);
    CHECK(c.bump == diff::BumpKind::Minor);
    CHECK(c.old_version == "0.27.0");
    CHECK(c.new_version == "0.28.1");
    CHECK(c.relation == diff::Relation::Direct);
    CHECK(c.via.empty());
    CHECK_FALSE(c.source_changed);
    CHECK(c.artifact_changes.empty());  // other version: files are expected to differ
}

TEST_CASE("a downgrade is reported as such", "[diff]") {
    const auto a = lock_text({"idna"}, {{.name = "idna", .version = "3.10"}});
    const auto b = lock_text({"idna"}, {{.name = "idna", .version = "2.8"}});
    const auto d = diff_texts(a, b);
    REQUIRE(find(d, "idna"));
    CHECK(find(d, "idna")->kind == diff::ChangeKind::Downgraded);
    CHECK(find(d, "idna")->bump == diff::BumpKind::Major);
    CHECK(d.has_downgrade());
}

TEST_CASE("added transitive packages carry the path that pulls them in", "[diff]") {
    const auto a = lock_text({}, {});
    const auto b = lock_text({"httpx"}, {{.name = "httpx", .version = "0.27.0", .deps = {"httpcore"}},
                                         {.name = "httpcore", .version = "1.0.5", .deps = {"h11"}},
                                         {.name = "h11", .version = "0.14.0"}});
    const auto d = diff_texts(a, b);
    const auto* httpx = find(d, "httpx");
    const auto* h11 = find(d, "h11");
    REQUIRE(httpx);
    REQUIRE(h11);
    CHECK(httpx->kind == diff::ChangeKind::Added);
    CHECK(httpx->relation == diff::Relation::Direct);
    CHECK(h11->kind == diff::ChangeKind::Added);
    CHECK(h11->relation == diff::Relation::Transitive);
    CHECK(h11->via == std::vector<std::string>{"httpx", "httpcore"});
    // The root gained an edge.
    const auto* app = find(d, "app");
    REQUIRE(app);
    CHECK(app->relation == diff::Relation::Member);
    CHECK(contains(app->dependencies_added, "httpx"));
}

TEST_CASE("removed packages are located in the old lock", "[diff]") {
    const auto a = lock_text({"typer"}, {{.name = "typer", .version = "0.12.0", .deps = {"shellingham"}},
                                         {.name = "shellingham", .version = "1.5.4"}});
    const auto b = lock_text({}, {});
    const auto d = diff_texts(a, b);
    const auto* s = find(d, "shellingham");
    REQUIRE(s);
    CHECK(s->kind == diff::ChangeKind::Removed);
    CHECK(s->relation == diff::Relation::Transitive);
    CHECK(s->via == std::vector<std::string>{"typer"});
    CHECK(d.count(diff::ChangeKind::Removed) == 2);
}

TEST_CASE("a hash change without a version change is a security finding", "[diff]") {
    const auto a = lock_text({"six"}, {{.name = "six", .version = "1.16.0", .hash = "sha256:aa"}});
    const auto b = lock_text({"six"}, {{.name = "six", .version = "1.16.0", .hash = "sha256:bb"}});
    const auto d = diff_texts(a, b);
    REQUIRE(d.changes.size() == 1);
    const auto& c = d.changes[0];
    CHECK(c.kind == diff::ChangeKind::Unchanged);
    REQUIRE(c.artifact_changes.size() == 1);
    CHECK(c.artifact_changes[0].kind == diff::ArtifactChange::Kind::HashChanged);
    CHECK(c.artifact_changes[0].filename == "six-1.16.0-py3-none-any.whl");
    CHECK(c.artifact_changes[0].old_value == "sha256:aa");
    CHECK(c.has_security_findings());
    CHECK(d.has_artifact_change());
}

TEST_CASE("URL and size changes of the same file are security findings", "[diff]") {
    const auto a = lock_text({"six"}, {{.name = "six", .version = "1.16.0"}});
    const auto b = lock_text({"six"}, {{.name = "six", .version = "1.16.0", .url_host = "https://evil.example/packages", .size = "1234"}});
    const auto d = diff_texts(a, b);
    const auto* c = find(d, "six");
    REQUIRE(c);
    std::vector<diff::ArtifactChange::Kind> kinds;
    for (const auto& x : c->artifact_changes) kinds.push_back(x.kind);
    CHECK(std::count(kinds.begin(), kinds.end(), diff::ArtifactChange::Kind::UrlChanged) == 2);  // sdist and wheel
    CHECK(std::count(kinds.begin(), kinds.end(), diff::ArtifactChange::Kind::SizeChanged) == 1);
    CHECK(c->has_security_findings());
}

TEST_CASE("a hash added where there was none is reported but not as a security finding", "[diff]") {
    const auto a = lock_text({"torch"}, {{.name = "torch", .version = "2.5.0", .hash = ""}});
    const auto b = lock_text({"torch"}, {{.name = "torch", .version = "2.5.0", .hash = "sha256:cc"}});
    const auto d = diff_texts(a, b);
    const auto* c = find(d, "torch");
    REQUIRE(c);
    REQUIRE(c->artifact_changes.size() == 1);
    CHECK(c->artifact_changes[0].kind == diff::ArtifactChange::Kind::HashAdded);
    CHECK_FALSE(c->has_security_findings());
    CHECK_FALSE(d.has_artifact_change());
}

TEST_CASE("a package that lost its wheels became sdist-only", "[diff]") {
    const auto a = lock_text({"six"}, {{.name = "six", .version = "1.16.0"}});
    const auto b = lock_text({"six"}, {{.name = "six", .version = "1.16.0", .wheel = false}});
    const auto d = diff_texts(a, b);
    const auto* c = find(d, "six");
    REQUIRE(c);
    CHECK(c->became_sdist_only);
    CHECK(c->wheels_removed == std::vector<std::string>{"six-1.16.0-py3-none-any.whl"});
}

TEST_CASE("a source change keeps the package paired", "[diff]") {
    const auto a = lock_text({"fakeredis"}, {{.name = "fakeredis", .version = "2.26.0"}});
    const auto b = lock_text({"fakeredis"}, {{.name = "fakeredis", .version = "2.26.0",
                                               .source = "{ git = \"https://github.com/cunla/fakeredis-py?rev=main#0123456789abcdef0123456789abcdef01234567\" }"}});
    const auto d = diff_texts(a, b);
    REQUIRE(d.changes.size() == 1);
    const auto& c = d.changes[0];
    CHECK(c.source_changed);
    CHECK(c.kind == diff::ChangeKind::Unchanged);
    REQUIRE(c.old_source);
    REQUIRE(c.new_source);
    CHECK(c.old_source->kind == lockfile::SourceKind::Registry);
    CHECK(c.new_source->kind == lockfile::SourceKind::Git);
    CHECK(d.has_source_change());
    CHECK(diff::describe_source(*c.old_source) == "registry+https://pypi.org/simple");
}

TEST_CASE("requires-python changes are lock-level changes", "[diff]") {
    const auto a = lock_text({}, {}, ">=3.9");
    const auto b = lock_text({}, {}, ">=3.10");
    const auto d = diff_texts(a, b);
    REQUIRE(d.lock_changes.size() == 1);
    CHECK(d.lock_changes[0].field == "requires-python");
    CHECK(d.lock_changes[0].old_value == ">=3.9");
    CHECK(d.lock_changes[0].new_value == ">=3.10");
    CHECK(d.changes.empty());
}

TEST_CASE("upload-time only changes are folded into a count", "[diff]") {
    const auto a = lock_text({"six", "idna"}, {{.name = "six", .version = "1.16.0"}, {.name = "idna", .version = "3.10"}});
    const auto b = lock_text({"six", "idna"}, {{.name = "six", .version = "1.16.0", .upload_time = "2024-01-01T00:00:00Z"},
                                               {.name = "idna", .version = "3.10", .upload_time = "2024-01-01T00:00:00Z"}});
    const auto d = diff_texts(a, b);
    CHECK(d.empty());
    CHECK(d.cosmetic_packages == 2);
}

TEST_CASE("a revision bump is recorded but is not a change", "[diff]") {
    auto a = lock_text({}, {});
    auto b = a;
    b.replace(b.find("revision = 3"), 12, "revision = 2");
    const auto d = diff_texts(a, b);
    CHECK(d.empty());
    REQUIRE(d.revision);
    CHECK(d.revision->first == 3);
    CHECK(d.revision->second == 2);
}

TEST_CASE("forks of one name are paired by version and markers", "[diff]") {
    const std::string lo = "python_full_version < '3.10'";
    const std::string hi = "python_full_version >= '3.10'";
    const auto a = lock_text({}, {{.name = "numpy", .version = "1.26.4", .markers = {lo}},
                                         {.name = "numpy", .version = "2.1.0", .markers = {hi}}});
    SECTION("each fork is compared on its own") {
        const auto b = lock_text({}, {{.name = "numpy", .version = "1.26.4", .markers = {lo}},
                                             {.name = "numpy", .version = "2.2.1", .markers = {hi}}});
        const auto d = diff_texts(a, b);
        REQUIRE(d.changes.size() == 1);
        CHECK(d.changes[0].old_version == "2.1.0");
        CHECK(d.changes[0].new_version == "2.2.1");
        CHECK(d.changes[0].kind == diff::ChangeKind::Upgraded);
    }
    SECTION("a collapsed fork is a removal, the surviving one stays") {
        const auto b = lock_text({}, {{.name = "numpy", .version = "2.1.0"}});
        const auto d = diff_texts(a, b);
        const auto removed = d.count(diff::ChangeKind::Removed);
        CHECK(removed == 1);
        const auto* r = find(d, "numpy");
        REQUIRE(r);
        CHECK(std::any_of(d.changes.begin(), d.changes.end(), [](const auto& c) {
            return c.kind == diff::ChangeKind::Removed && c.old_version == "1.26.4";
        }));
        CHECK(std::any_of(d.changes.begin(), d.changes.end(), [](const auto& c) {
            return c.kind == diff::ChangeKind::Unchanged && c.old_version == "2.1.0" && c.markers_changed;
        }));
    }
    SECTION("both forks move: the highest pair up") {
        const auto b = lock_text({}, {{.name = "numpy", .version = "1.26.5", .markers = {lo + " and sys_platform == 'linux'"}},
                                             {.name = "numpy", .version = "2.2.0", .markers = {hi + " and sys_platform == 'linux'"}}});
        const auto d = diff_texts(a, b);
        REQUIRE(d.changes.size() == 2);
        CHECK(d.changes[0].old_version == "1.26.4");
        CHECK(d.changes[0].new_version == "1.26.5");
        CHECK(d.changes[0].bump == diff::BumpKind::Patch);
        CHECK(d.changes[1].old_version == "2.1.0");
        CHECK(d.changes[1].new_version == "2.2.0");
    }
}

TEST_CASE("dependency edges added and removed on an existing package", "[diff]") {
    const auto a = lock_text({"httpx"}, {{.name = "httpx", .version = "0.27.0", .deps = {"idna"}}, {.name = "idna", .version = "3.10"},
                                         {.name = "sniffio", .version = "1.3.1"}});
    const auto b = lock_text({"httpx"}, {{.name = "httpx", .version = "0.27.0", .deps = {"sniffio"}}, {.name = "idna", .version = "3.10"},
                                         {.name = "sniffio", .version = "1.3.1"}});
    const auto d = diff_texts(a, b);
    const auto* c = find(d, "httpx");
    REQUIRE(c);
    CHECK(c->dependencies_added == std::vector<std::string>{"sniffio"});
    CHECK(c->dependencies_removed == std::vector<std::string>{"idna"});
    CHECK(c->kind == diff::ChangeKind::Unchanged);
}

TEST_CASE("exclude-newer-package: changed entries are reported, its order is not", "[diff]") {
    const auto base = lock_text({"httpx"}, {{.name = "httpx", .version = "0.27.0"}});
    auto with = [&](const std::string& table) {
        const std::string header = "requires-python = \">=3.12\"\n";
        std::string t = base;
        t.insert(t.find(header) + header.size(), "\n[options]\n\n[options.exclude-newer-package]\n" + table);
        return t;
    };
    const auto a = with("zeta = \"2024-01-01T00:00:00Z\"\nalpha = false\n");
    CHECK(diff_texts(a, with("alpha = false\nzeta = \"2024-01-01T00:00:00Z\"\n")).empty());
    const auto d = diff_texts(a, with("alpha = \"2024-05-01T00:00:00Z\"\nbeta = false\n"));
    REQUIRE(d.lock_changes.size() == 3);
    CHECK(d.lock_changes[0].field == "options.exclude-newer-package.alpha");
    CHECK(d.lock_changes[0].old_value == "false");
    CHECK(d.lock_changes[0].new_value == "2024-05-01T00:00:00Z");
    CHECK(d.lock_changes[1].field == "options.exclude-newer-package.beta");
    CHECK(d.lock_changes[1].old_value.empty());
    CHECK(d.lock_changes[2].field == "options.exclude-newer-package.zeta");
    CHECK(d.lock_changes[2].new_value.empty());
}
