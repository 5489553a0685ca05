// Each side of the conflict markers lock-merge writes must read as a complete lock:
// `lock resolve` reads the merged part with ours' blocks, and with theirs', as two locks
// (lockfile::conflict_side) to use as preferences. Checked over every corpus merge that
// conflicts, and on two constructed shapes: a package only a conflicting block reaches (the
// merged part dropped it as unreachable), and a conflict block whose identity the merged part
// also holds (the side would hold it twice).

#include "merge_case.hpp"
#include "lockkit/lockfile/lock_problems.hpp"
#include "lockkit/lockfile/reader.hpp"
#include "lockkit/merge/conflict_render.hpp"
#include "lockkit/merge/merge.hpp"

#include <catch2/catch.hpp>

using namespace lockkit;
using namespace lockkit::merge;

namespace {

std::string registry(const std::string& name, const std::string& version, const std::string& extra = {}) {
    return "\n[[package]]\nname = \"" + name + "\"\nversion = \"" + version +
           "\"\nsource = { registry = \"https://pypi.org/simple\" }\n" + extra + "sdist = { url = \"https://x/" + name +
           "-" + version + ".tar.gz\", hash = \"sha256:aa\", size = 1 }\n";
}

std::string edges(const std::vector<std::string>& targets) {
    std::string s = "dependencies = [\n";
    for (const auto& t : targets) s += "    { name = \"" + t + "\" },\n";
    return s + "]\n";
}

std::string project(const std::vector<std::string>& deps) {
    return "\n[[package]]\nname = \"proj\"\nversion = \"0.1.0\"\nsource = { editable = \".\" }\n" + edges(deps);
}

lockfile::Lock lock(const std::string& packages) {
    const std::string text = "version = 1\nrevision = 3\nrequires-python = \">=3.12\"\n" + packages;
    auto l = lockfile::parse_lock(text, "test.lock");
    if (!l) FAIL(l.error().render());
    return *l;
}

/// The problems of one side of `text`'s markers, read the way `lock resolve` reads it.
std::vector<std::string> side_problems(const std::string& text, bool ours) {
    const auto side = lockfile::conflict_side(text, ours);
    if (!side) return {"no conflict region with both sides"};
    std::vector<std::string> out;
    for (const auto& p : lockfile::find_lock_problems(*side, ours ? "ours" : "theirs")) out.push_back(p.diagnostic.render());
    return out;
}

std::size_t count_blocks(const std::string& text, const std::string& name, const std::string& version) {
    const std::string needle = "\nname = \"" + name + "\"\nversion = \"" + version + "\"\n";
    std::size_t n = 0;
    for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
    return n;
}

} // namespace

TEST_CASE("a package only a conflicting block reaches is on that side of the markers", "[merge][markers]") {
    // Both sides changed cffi differently: cffi conflicts, so the merged part does not reach
    // pycparser any more; each side's cffi block still points at it.
    const std::string cffi = edges({"pycparser"});
    const auto base = lock(registry("cffi", "1.0", cffi) + registry("pycparser", "2.0") + project({"cffi"}));
    const auto ours = lock(registry("cffi", "1.0", "resolution-markers = [\"sys_platform == 'linux'\"]\n" + cffi) +
                           registry("pycparser", "2.0") + project({"cffi"}));
    const auto theirs = lock(registry("cffi", "1.0", "resolution-markers = [\"sys_platform == 'win32'\"]\n" + cffi) +
                             registry("pycparser", "2.0") + project({"cffi"}));
    const auto out = merge_locks(base, ours, theirs);
    REQUIRE(out.conflicts.size() == 1);
    REQUIRE(out.conflicts[0].package == "cffi");
    REQUIRE(out.lock.find(lockfile::PackageId{"pycparser", "2.0", ours.packages[1].id.source}) < 0);

    const std::string text = render_with_conflicts(out, ours, theirs);
    INFO(text);
    CHECK(side_problems(text, true).empty());
    CHECK(side_problems(text, false).empty());
    // The same block on both sides and no conflict of its own: printed once, outside the markers.
    CHECK(count_blocks(text, "pycparser", "2.0") == 1);
    const auto our_side = lockfile::conflict_side(text, true);
    REQUIRE(our_side);
    CHECK(count_blocks(*our_side, "pycparser", "2.0") == 1);
}

TEST_CASE("a conflict block the merged part also holds is not written twice on a side", "[merge][markers]") {
    // The merged part holds syrupy 5.0 (proj points at it) while the conflict lists ours'
    // syrupy 5.0 against theirs' 4.9: ours' reading would hold 5.0 twice, and theirs' reading
    // holds two syrupy versions, so proj's edge must name its version.
    const auto ours = lock(registry("syrupy", "5.0") + project({"syrupy"}));
    const auto theirs = lock(registry("syrupy", "4.9") + project({"syrupy"}));
    MergeOutcome out;
    out.lock = ours;
    out.conflicts.push_back({"syrupy", "one side removed it, the other changed it", {ours.packages[0]}, {theirs.packages[0]}});

    const std::string text = render_with_conflicts(out, ours, theirs);
    INFO(text);
    CHECK(side_problems(text, true).empty());
    CHECK(side_problems(text, false).empty());
    const auto our_side = lockfile::conflict_side(text, true);
    const auto their_side = lockfile::conflict_side(text, false);
    REQUIRE(our_side);
    REQUIRE(their_side);
    CHECK(count_blocks(*our_side, "syrupy", "5.0") == 1);
    CHECK(count_blocks(*their_side, "syrupy", "4.9") == 1);
    CHECK_THAT(text, Catch::Contains("{ name = \"syrupy\", version = \"5.0\""));
}

TEST_CASE("each side of every corpus merge's markers reads as a lock", "[merge][corpus][markers]") {
    const auto root = testing::corpus_dir();
    if (!root) {
        LOCKKIT_SKIP(testing::k_no_corpus);
    }
    std::size_t conflicted = 0;
    for (const auto& c : testing::merge_cases(*root)) {
        const auto base = c.read("base");
        const auto ours = c.read("ours");
        const auto theirs = c.read("theirs");
        if (!base || !ours || !theirs) continue;
        const auto out = merge_locks(*base, *ours, *theirs);
        if (out.conflicts.empty()) continue;
        ++conflicted;
        const std::string text = render_with_conflicts(out, *ours, *theirs);
        for (const bool side : {true, false}) {
            INFO(c.name << (side ? " (ours)" : " (theirs)"));
            CHECK(side_problems(text, side) == std::vector<std::string>{});
        }
    }
    CHECK(conflicted > 0);
}
