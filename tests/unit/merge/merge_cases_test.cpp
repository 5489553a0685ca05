// Small constructed merges: one-sided changes, field-level merge of a member,
// version bumps on both sides (conflict, --prefer), tamper refusal, dropping
// unreachable packages, and the conflict rendering.

#include "lockkit/lockfile/reader.hpp"
#include "lockkit/lockfile/writer.hpp"
#include "lockkit/merge/conflict_render.hpp"
#include "lockkit/merge/merge.hpp"

#include <catch2/catch.hpp>

using namespace lockkit;
using namespace lockkit::merge;

namespace {

MergeOptions with_prefer(Prefer prefer) {
    MergeOptions options;
    options.prefer = prefer;
    return options;
}

std::string pkg(const std::string& name, const std::string& version, const std::string& hash = "aa") {
    return "\n[[package]]\nname = \"" + name + "\"\nversion = \"" + version +
           "\"\nsource = { registry = \"https://pypi.org/simple\" }\nsdist = { url = \"https://x/" + name + "-" + version +
           ".tar.gz\", hash = \"sha256:" + hash + "\", size = 1 }\n";
}

std::string project(const std::vector<std::string>& deps, const std::string& version = "0.1.0") {
    std::string s = "\n[[package]]\nname = \"proj\"\nversion = \"" + version + "\"\nsource = { editable = \".\" }\n";
    if (!deps.empty()) {
        s += "dependencies = [\n";
        for (const auto& d : deps) s += "    { name = \"" + d + "\" },\n";
        s += "]\n";
    }
    s += "\n[package.metadata]\nrequires-dist = [";
    for (std::size_t i = 0; i < deps.size(); ++i) {
        if (i != 0) s += ", ";
        s += "{ name = \"" + deps[i] + "\" }";
    }
    s += "]\n";
    return s;
}

lockfile::Lock lock(const std::string& packages) {
    const std::string text = "version = 1\nrevision = 3\nrequires-python = \">=3.12\"\n" + packages;
    auto l = lockfile::parse_lock(text, "test.lock");
    if (!l) FAIL(l.error().render());
    return *l;
}

} // namespace

TEST_CASE("one-sided additions on both sides merge cleanly", "[merge]") {
    const auto base = lock(pkg("a", "1.0") + project({"a"}));
    const auto ours = lock(pkg("a", "1.0") + pkg("b", "1.0") + project({"a", "b"}));
    const auto theirs = lock(pkg("a", "1.0") + pkg("c", "2.0") + project({"a", "c"}));
    const auto out = merge_locks(base, ours, theirs);
    REQUIRE(out.clean());
    const auto expected = lock(pkg("a", "1.0") + pkg("b", "1.0") + pkg("c", "2.0") + project({"a", "b", "c"}));
    CHECK(out.lock == expected);
    CHECK(lockfile::write_lock(out.lock) == lockfile::write_lock(expected));
}

TEST_CASE("a removal on one side drops the package nothing reaches", "[merge]") {
    const auto base = lock(pkg("a", "1.0") + pkg("b", "1.0") + project({"a", "b"}));
    const auto ours = lock(pkg("a", "1.0") + project({"a"}));
    const auto theirs = lock(pkg("a", "1.0") + pkg("b", "1.0") + pkg("c", "1.0") + project({"a", "b", "c"}));
    const auto out = merge_locks(base, ours, theirs);
    REQUIRE(out.clean());
    CHECK(out.lock == lock(pkg("a", "1.0") + pkg("c", "1.0") + project({"a", "c"})));
}

TEST_CASE("a package a side already kept unreachable stays; one the merge orphans goes", "[merge]") {
    // z is unreachable on every side, so it stays. b is reachable on both
    // sides (ours through c, theirs directly) but not after the merge (ours
    // dropped the member's edge to b, theirs removed c), so it goes.
    const std::string c_to_b = pkg("c", "1.0") + "dependencies = [\n    { name = \"b\" },\n]\n";
    const auto base = lock(pkg("a", "1.0") + pkg("b", "1.0") + c_to_b + pkg("z", "1.0") + project({"a", "b", "c"}));
    const auto ours = lock(pkg("a", "1.0") + pkg("b", "1.0") + c_to_b + pkg("z", "1.0") + project({"a", "c"}));
    const auto theirs = lock(pkg("a", "1.0") + pkg("b", "1.0") + pkg("z", "1.0") + project({"a", "b"}));
    const auto out = merge_locks(base, ours, theirs);
    REQUIRE(out.clean());
    CHECK(out.lock == lock(pkg("a", "1.0") + project({"a"}) + pkg("z", "1.0")));
    REQUIRE(out.report.dropped.size() == 1);
    CHECK(out.report.dropped[0].name == "b");
}

TEST_CASE("both sides bumping the same package conflict unless a policy is given", "[merge]") {
    const auto base = lock(pkg("a", "1.0") + project({"a"}));
    const auto ours = lock(pkg("a", "1.1") + project({"a"}));
    const auto theirs = lock(pkg("a", "1.2") + project({"a"}));
    const auto out = merge_locks(base, ours, theirs);
    REQUIRE(out.conflicts.size() == 1);
    CHECK(out.conflicts[0].package == "a");

    const std::string text = render_with_conflicts(out, ours, theirs);
    CHECK_THAT(text, Catch::Contains("<<<<<<< ours\n[[package]]\nname = \"a\"\nversion = \"1.1\""));
    CHECK_THAT(text, Catch::Contains("=======\n[[package]]\nname = \"a\"\nversion = \"1.2\""));
    CHECK_THAT(text, Catch::Contains(">>>>>>> theirs\n"));
    CHECK_THAT(text, Catch::Contains("name = \"proj\""));

    const auto newer = merge_locks(base, ours, theirs, with_prefer(Prefer::Newer));
    REQUIRE(newer.clean());
    CHECK(newer.lock == theirs);
    const auto prefer_ours = merge_locks(base, ours, theirs, with_prefer(Prefer::Ours));
    REQUIRE(prefer_ours.clean());
    CHECK(prefer_ours.lock == ours);
}

TEST_CASE("different changes to a registry package conflict", "[merge]") {
    const auto base = lock(pkg("a", "1.0") + pkg("b", "1.0") + project({"a", "b"}));
    const auto ours = lock(pkg("a", "1.0") + project({"a"}));
    auto theirs = lock(pkg("a", "1.0") + pkg("b", "1.0") + project({"a", "b"}));
    theirs.packages[1].resolution_markers.push_back("python_full_version >= '3.13'");
    const auto out = merge_locks(base, ours, theirs);
    REQUIRE(out.conflicts.size() == 1);
    CHECK(out.conflicts[0].package == "b");
}

TEST_CASE("the same identity with different hashes is refused", "[merge][tamper]") {
    const auto base = lock(project({}));
    const auto ours = lock(pkg("a", "1.0", "aa") + project({"a"}));
    const auto theirs = lock(pkg("a", "1.0", "bb") + project({"a"}));
    const auto out = merge_locks(base, ours, theirs);
    REQUIRE(out.refusals.size() == 1);
    CHECK(out.refusals[0].id.name == "a");
    CHECK_FALSE(out.clean());
}

TEST_CASE("a hash change on one side is taken but reported as a security note", "[merge][tamper]") {
    const auto base = lock(pkg("a", "1.0", "aa") + project({"a"}));
    const auto theirs = lock(pkg("a", "1.0", "bb") + project({"a"}));
    const auto out = merge_locks(base, base, theirs);
    REQUIRE(out.clean());
    CHECK(out.lock == theirs);
    REQUIRE(out.report.notes.size() == 1);
    CHECK_THAT(out.report.notes[0], Catch::StartsWith("security: theirs changed `a` 1.0 without a version change"));
    // Untouched packages produce no note.
    CHECK(merge_locks(base, base, base).report.notes.empty());
}

TEST_CASE("the member's own version moved on both sides: the higher wins", "[merge]") {
    const auto base = lock(pkg("a", "1.0") + project({"a"}, "0.1.0"));
    const auto ours = lock(pkg("a", "1.0") + pkg("b", "1.0") + project({"a", "b"}, "0.2.0"));
    const auto theirs = lock(pkg("a", "1.0") + project({"a"}, "0.10.0"));
    const auto out = merge_locks(base, ours, theirs);
    REQUIRE(out.clean());
    CHECK(out.lock == lock(pkg("a", "1.0") + pkg("b", "1.0") + project({"a", "b"}, "0.10.0")));
}

TEST_CASE("top-level fields merge three-way; the higher revision is kept", "[merge]") {
    auto base = lock(project({}));
    auto ours = base;
    ours.requires_python = ">=3.13";
    ours.revision = 2;
    auto theirs = base;
    const auto out = merge_locks(base, ours, theirs);
    REQUIRE(out.clean());
    CHECK(out.lock.requires_python == ">=3.13");
    CHECK(out.lock.revision == 3);
    theirs.requires_python = ">=3.11";
    const auto conflicted = merge_locks(base, ours, theirs);
    REQUIRE(conflicted.conflicts.size() == 1);
    CHECK(conflicted.conflicts[0].package.empty());
}
