// Algebraic properties of merge_locks on the real locks of the merge corpus:
// merge(b, x, x) = x, merge(b, b, x) = x, merge(b, x, b) = x, and swapping
// ours and theirs gives the same packages (or the same conflicting names).

#include "merge_case.hpp"
#include "lockkit/merge/merge.hpp"

#include <catch2/catch.hpp>
#include <set>

using namespace lockkit;
using namespace lockkit::merge;
using lockfile::Lock;

namespace {

/// `lock` with the revision of `like` (the merge keeps the higher revision by
/// design). When the two were written at different revisions, upload times are
/// dropped from both: a package that differs only by the writer's upload times
/// keeps every time any side recorded (the result is written at the higher
/// revision, which records them).
Lock with_revision(Lock lock, const Lock& like) {
    lock.revision = like.revision;
    return lock;
}

void drop_upload_times(Lock& lock) {
    for (auto& p : lock.packages) {
        if (p.sdist) p.sdist->upload_time.reset();
        for (auto& w : p.wheels) w.upload_time.reset();
    }
}

/// `merged` equals `x` up to the revision, and up to upload times when `base`
/// and `x` were written at different revisions.
bool same_as(const Lock& merged, const Lock& x, const Lock& base) {
    Lock a = with_revision(merged, x);
    if (base.revision == x.revision) return a == x;
    Lock b = x;
    drop_upload_times(a);
    drop_upload_times(b);
    return a == b;
}

std::set<std::string> conflict_names(const MergeOutcome& o) {
    std::set<std::string> out;
    for (const auto& c : o.conflicts) out.insert(c.package);
    return out;
}

} // namespace

TEST_CASE("merge properties on corpus locks", "[merge][corpus][properties]") {
    const auto root = testing::corpus_dir();
    if (!root) {
        LOCKKIT_SKIP(lockkit::testing::k_no_corpus);
    }
    const auto cases = testing::merge_cases(*root);
    REQUIRE(!cases.empty());
    std::size_t checked = 0;
    for (const auto& c : cases) {
        INFO(c.name);
        const auto base = c.read("base");
        const auto ours = c.read("ours");
        const auto theirs = c.read("theirs");
        if (!base || !ours || !theirs) continue;
        for (const Lock* x : {&*ours, &*theirs}) {
            const auto same = merge_locks(*base, *x, *x);
            REQUIRE(same.clean());
            CHECK(same_as(same.lock, *x, *base));
            const auto left = merge_locks(*base, *base, *x);
            REQUIRE(left.clean());
            CHECK(same_as(left.lock, *x, *base));
            const auto right = merge_locks(*base, *x, *base);
            REQUIRE(right.clean());
            CHECK(same_as(right.lock, *x, *base));
        }
        const auto ot = merge_locks(*base, *ours, *theirs);
        const auto to = merge_locks(*base, *theirs, *ours);
        CHECK(ot.clean() == to.clean());
        // A conflicted outcome is only the scaffold the markers go into: its
        // edge tie order may follow the side named first; identities must agree.
        if (ot.clean()) {
            CHECK(ot.lock.packages == to.lock.packages);
        } else {
            REQUIRE(ot.lock.packages.size() == to.lock.packages.size());
            for (std::size_t i = 0; i < ot.lock.packages.size(); ++i) CHECK(ot.lock.packages[i].id == to.lock.packages[i].id);
        }
        CHECK(conflict_names(ot) == conflict_names(to));
        ++checked;
    }
    WARN("merge properties checked on " << checked << " of " << cases.size() << " corpus merge cases");
    CHECK(checked > 0);
}
