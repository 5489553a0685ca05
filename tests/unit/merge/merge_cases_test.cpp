// Small constructed merges: one-sided changes, field-level merge of a member,
// version bumps on both sides (conflict, --prefer), tamper refusal, dropping
// unreachable packages, and the conflict rendering.

#include "lockkit/lockfile/canonical.hpp"
#include "lockkit/lockfile/reader.hpp"
#include "lockkit/lockfile/writer.hpp"
#include "lockkit/merge/conflict_render.hpp"
#include "lockkit/merge/driver.hpp"
#include "lockkit/merge/merge.hpp"
#include "lockkit/merge/merged_project.hpp"
#include "../../temp_tree.hpp"

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

TEST_CASE("--prefer never settles a tamper refusal", "[merge][tamper]") {
    // Both sides add `a` 1.0 with different hashes; theirs also forks it with
    // 2.0, so the version sets differ and --prefer would otherwise decide `a`.
    const auto base = lock(project({}));
    const auto ours = lock(pkg("a", "1.0", "aa") + project({"a"}));
    auto theirs = lock(pkg("a", "1.0", "bb") + project({"a"}));
    theirs.packages.push_back(lock(pkg("a", "2.0", "cc")).packages[0]);
    for (const Prefer prefer : {Prefer::None, Prefer::Ours, Prefer::Theirs, Prefer::Newer}) {
        const auto out = merge_locks(base, ours, theirs, with_prefer(prefer));
        REQUIRE(out.refusals.size() == 1);
        CHECK(out.refusals[0].id.name == "a");
        CHECK(out.refusals[0].id.version == "1.0");
        CHECK_FALSE(out.clean());
    }
}

TEST_CASE("a refused merge leaves %A with markers around the refused package", "[merge][tamper][driver]") {
    testing::TempTree tree;
    tree.write("base", "version = 1\nrevision = 3\nrequires-python = \">=3.12\"\n" + project({}));
    const std::string ours = "version = 1\nrevision = 3\nrequires-python = \">=3.12\"\n" + pkg("a", "1.0", "aa") +
                             pkg("b", "1.0") + project({"a", "b"});
    tree.write("ours", ours);
    tree.write("theirs", "version = 1\nrevision = 3\nrequires-python = \">=3.12\"\n" + pkg("a", "1.0", "bb") +
                             pkg("c", "1.0") + project({"a", "c"}));
    DriverInput in;
    in.base = tree.root() / "base";
    in.ours = tree.root() / "ours";
    in.theirs = tree.root() / "theirs";
    in.use_pyproject = false;
    const auto r = run_merge_driver(in);
    CHECK(r.exit_code == 2);
    REQUIRE(r.content.has_value());
    CHECK(*r.content != ours);
    const auto open = r.content->find("<<<<<<< ours\n[[package]]\nname = \"a\"");
    REQUIRE(open != std::string::npos);
    const auto mid = r.content->find("=======\n[[package]]\nname = \"a\"", open);
    REQUIRE(mid != std::string::npos);
    CHECK(r.content->find(">>>>>>> theirs\n", mid) != std::string::npos);
    CHECK_THAT(r.content->substr(open, mid - open), Catch::Contains("sha256:aa"));
    CHECK_THAT(r.content->substr(mid), Catch::Contains("sha256:bb"));
    CHECK_THAT(r.messages, Catch::Contains("refus"));
}

namespace {

std::string member(const std::string& body) {
    return "\n[[package]]\nname = \"proj\"\nversion = \"0.1.0\"\nsource = { editable = \".\" }\n" + body;
}

} // namespace

TEST_CASE("a requirement and its edge are one decision", "[merge]") {
    // ours narrows a's specifier; theirs removes a: the merged member must not
    // keep the requirement without the edge (or the reverse).
    const auto base = lock(pkg("a", "1.0") + member("dependencies = [\n    { name = \"a\" },\n]\n\n[package.metadata]\n"
                                                   "requires-dist = [{ name = \"a\", specifier = \">=1\" }]\n"));
    const auto ours = lock(pkg("a", "1.0") + member("dependencies = [\n    { name = \"a\" },\n]\n\n[package.metadata]\n"
                                                   "requires-dist = [{ name = \"a\", specifier = \">=1,<3\" }]\n"));
    const auto theirs = lock(member("\n[package.metadata]\nrequires-dist = []\n"));
    const auto out = merge_locks(base, ours, theirs);
    REQUIRE(out.conflicts.size() == 1);
    CHECK(out.conflicts[0].package == "proj");
    CHECK_THAT(out.conflicts[0].reason, Catch::Contains("dependency on a"));
    // Swapped sides: the same decision.
    const auto swapped = merge_locks(base, theirs, ours);
    REQUIRE(swapped.conflicts.size() == 1);
    CHECK(swapped.conflicts[0].package == "proj");
}

TEST_CASE("two requirements on one name that neither side touched merge", "[merge]") {
    const std::string dev = "\n[package.metadata.requires-dev]\ndev = [\n    { name = \"c\", specifier = \"==1.0\" },\n"
                            "    { name = \"c\", specifier = \">=0.5\" },\n]\n";
    auto side = [&](const std::vector<std::string>& deps) {
        std::string edges = "dependencies = [\n";
        std::string reqs;
        for (const auto& d : deps) {
            edges += "    { name = \"" + d + "\" },\n";
            reqs += std::string(reqs.empty() ? "" : ", ") + "{ name = \"" + d + "\" }";
        }
        std::string packages;
        for (const auto& d : deps) packages += pkg(d, "1.0");
        return lock(packages + pkg("c", "1.0") +
                    member(edges + "]\n\n[package.dev-dependencies]\ndev = [\n    { name = \"c\" },\n]\n\n[package.metadata]\n"
                                   "requires-dist = [" + reqs + "]\n" + dev));
    };
    const auto out = merge_locks(side({"a"}), side({"a", "b"}), side({"a", "d"}));
    REQUIRE(out.clean());
    auto expected = side({"a", "b", "d"});
    lockfile::canonicalize(expected);
    CHECK(lockfile::write_lock(out.lock) == lockfile::write_lock(expected));
}

TEST_CASE("a group deleted on one side and edited on the other conflicts", "[merge]") {
    auto with_dev = [&](const std::vector<std::string>& dev, bool has_group) {
        std::string packages = pkg("a", "1.0");
        std::string body = "dependencies = [\n    { name = \"a\" },\n]\n";
        std::string reqs;
        if (has_group) {
            body += "\n[package.dev-dependencies]\ndev = [\n";
            for (const auto& d : dev) {
                packages += pkg(d, "1.0");
                body += "    { name = \"" + d + "\" },\n";
                reqs += "    { name = \"" + d + "\" },\n";
            }
            body += "]\n";
        }
        body += "\n[package.metadata]\nrequires-dist = [{ name = \"a\" }]\n";
        if (has_group) body += "\n[package.metadata.requires-dev]\ndev = [\n" + reqs + "]\n";
        return lock(packages + member(body));
    };
    const auto base = with_dev({"pytest"}, true);
    const auto ours = with_dev({"cov", "pytest"}, true);
    const auto theirs = with_dev({}, false);
    const auto out = merge_locks(base, ours, theirs);
    REQUIRE(out.conflicts.size() == 1);
    CHECK(out.conflicts[0].package == "proj");
    CHECK_THAT(out.conflicts[0].reason, Catch::Contains("group `dev`"));
    // Deleting an untouched group is simply taken.
    const auto taken = merge_locks(base, base, theirs);
    REQUIRE(taken.clean());
    CHECK(taken.lock == theirs);
}

TEST_CASE("manifest lists are merged one decision per name", "[merge]") {
    auto with_constraints = [&](const std::vector<std::string>& constraints) {
        auto l = lock(pkg("a", "1.0") + project({"a"}));
        for (const auto& c : constraints) {
            lockfile::Requirement r;
            r.name = c.substr(0, 1);
            r.specifier = c.substr(1);
            l.manifest.constraints.push_back(r);
        }
        l.manifest.present = !constraints.empty();
        return l;
    };
    const auto base = with_constraints({});
    const auto both = merge_locks(base, with_constraints({"a<2.5"}), with_constraints({"a<2.8"}));
    REQUIRE(both.conflicts.size() == 1);
    CHECK(both.conflicts[0].package.empty());
    CHECK_THAT(both.conflicts[0].reason, Catch::Contains("constraint on a"));
    const auto apart = merge_locks(base, with_constraints({"a<3"}), with_constraints({"b<2"}));
    REQUIRE(apart.clean());
    CHECK(apart.lock.manifest.constraints.size() == 2);
}

TEST_CASE("a conflict block keeps the versions of edges to a name locked twice", "[merge]") {
    // Each side's reading of the markers must be a lock: `a` depends on `b` at two versions
    // (a fork), so its block must name each edge's version and source, as that side's lock
    // does, even though the block is printed on its own.
    auto a_with_forked_b = [](const std::string& version) {
        return pkg("a", version) +
               "dependencies = [\n"
               "    { name = \"b\", version = \"1.0\", source = { registry = \"https://pypi.org/simple\" }, marker = \"python_full_version < '3.13'\" },\n"
               "    { name = \"b\", version = \"2.0\", source = { registry = \"https://pypi.org/simple\" }, marker = \"python_full_version >= '3.13'\" },\n"
               "]\n";
    };
    const std::string bs = pkg("b", "1.0") + pkg("b", "2.0");
    const auto base = lock(a_with_forked_b("1.0") + bs + project({"a"}));
    const auto ours = lock(a_with_forked_b("1.1") + bs + project({"a"}));
    const auto theirs = lock(a_with_forked_b("1.2") + bs + project({"a"}));
    const auto out = merge_locks(base, ours, theirs);
    REQUIRE(out.conflicts.size() == 1);
    const std::string text = render_with_conflicts(out, ours, theirs);
    const std::string edge = "{ name = \"b\", version = \"1.0\", source = { registry = \"https://pypi.org/simple\" }";
    const auto open = text.find("<<<<<<< ours");
    const auto mid = text.find("=======");
    REQUIRE(open != std::string::npos);
    REQUIRE(mid != std::string::npos);
    CHECK(text.find(edge, open) < mid);           // in ours' block
    CHECK(text.find(edge, mid) != std::string::npos);  // and in theirs'
}

TEST_CASE("options: a side that only reorders exclude-newer-package has not changed it", "[merge]") {
    const std::string a = "\n[options]\n\n[options.exclude-newer-package]\nzeta = \"2024-01-01T00:00:00Z\"\nalpha = false\n";
    const std::string reordered = "\n[options]\n\n[options.exclude-newer-package]\nalpha = false\nzeta = \"2024-01-01T00:00:00Z\"\n";
    const std::string changed = "\n[options]\n\n[options.exclude-newer-package]\nzeta = \"2025-01-01T00:00:00Z\"\nalpha = false\n";
    const auto base = lock(a + pkg("a", "1.0") + project({"a"}));
    {
        const auto out = merge_locks(base, lock(reordered + pkg("a", "1.0") + project({"a"})),
                                     lock(changed + pkg("a", "1.0") + project({"a"})));
        REQUIRE(out.clean());
        CHECK(out.lock.options == lock(changed + pkg("a", "1.0") + project({"a"})).options);
    }
    {
        const auto out = merge_locks(base, lock(changed + pkg("a", "1.0") + project({"a"})),
                                     lock(reordered + pkg("a", "1.0") + project({"a"})));
        REQUIRE(out.clean());
        CHECK(out.lock.options == lock(changed + pkg("a", "1.0") + project({"a"})).options);
    }
    // Both sides changing a cutoff, differently, is still a conflict.
    const std::string other = "\n[options]\n\n[options.exclude-newer-package]\nzeta = \"2023-01-01T00:00:00Z\"\nalpha = false\n";
    const auto out = merge_locks(base, lock(changed + pkg("a", "1.0") + project({"a"})),
                                 lock(other + pkg("a", "1.0") + project({"a"})));
    CHECK_FALSE(out.clean());
}

TEST_CASE("requirements restated from the locks keep exclude-newer-package", "[merge]") {
    const std::string options = "\n[options]\nexclude-newer = \"2024-06-01T00:00:00Z\"\n\n[options.exclude-newer-package]\n"
                                "zeta = \"2024-01-01T00:00:00Z\"\nalpha = false\n";
    const auto base = lock(options + pkg("a", "1.0") + project({"a"}));
    const auto ours = lock(options + pkg("a", "1.0") + pkg("b", "1.0") + project({"a", "b"}));
    const auto out = merge_locks(base, ours, base);
    REQUIRE(out.clean());
    const std::filesystem::path root = "/nonexistent/merged";
    auto merged = merged_project_from_locks(base, ours, base, out, MergeOptions{}, root);
    REQUIRE(merged);
    const std::optional<std::string>* text = merged->overlay.find(root / "pyproject.toml");
    REQUIRE(text != nullptr);
    REQUIRE(text->has_value());
    CHECK_THAT(**text, Catch::Contains("exclude-newer = \"2024-06-01T00:00:00Z\"\n"
                                       "exclude-newer-package = { \"zeta\" = \"2024-01-01T00:00:00Z\", \"alpha\" = false }\n"));
}
