// "Too many conflicts" tallies, pinned against uv 0.12.5's `record_conflict` and
// `ConflictTracker` (crates/uv-resolver/src/resolver/mod.rs): CONFLICT_THRESHOLD = 5; every
// package of the incompatibility other than the affected one, and other than a package with
// the affected one's name (a proxy copying its base's obligations; Root and Python both have no
// name), counts once as culprit; the package being decided (`self.next`, not the affected one)
// counts once per conflict that had a real culprit; a count asks for its move exactly when it
// equals the threshold (`== CONFLICT_THRESHOLD`), so never twice; the moves are drained after
// unit propagation (`reprioritize_conflicts`), prioritize before deprioritize.
//
// Whole resolutions that reach the threshold in uv 0.12.5 (its debug log says "has too many
// conflicts"): the packse scenarios wrong-backtracking-basic (a culprit, b affected) and
// wrong-backtracking-indirect (a culprit, b-inner affected), which tests/conformance/
// test_lock_resolve_scenarios.py locks with both tools, byte for byte; also
// preferences-dependent-forking-tristable and fork-non-local-fork-marker-* (affected only).

#include "../../../src/resolver/conflict_counts.hpp"

#include <catch2/catch.hpp>

using namespace lockkit::resolver;
using detail::ConflictCounts;

namespace {

struct Packages {
    PackageStore store;
    PackageId root = store.alloc(ResolverPackage::root());
    PackageId python = store.alloc(ResolverPackage::python_package(PythonKind::Installed));
    PackageId a = store.alloc(ResolverPackage::package("a"));
    PackageId a_fast = store.alloc(ResolverPackage::package("a", std::string("fast")));
    PackageId b = store.alloc(ResolverPackage::package("b"));
    PackageId c = store.alloc(ResolverPackage::package("c"));
};

// An incompatibility holding exactly `ids` (any versions).
Incompatibility over(std::initializer_list<PackageId> ids) {
    Incompatibility::TermList terms;
    for (PackageId id : ids) terms.emplace_back(id, Term::positive(VersionRange::full()));
    return Incompatibility::derived(0, 0, std::move(terms));
}

} // namespace

TEST_CASE("the threshold is uv's CONFLICT_THRESHOLD", "[resolver][conflicts]") {
    STATIC_REQUIRE(ConflictCounts::k_threshold == 5);
}

TEST_CASE("after five conflicts the deciding package moves earlier and the culprit later, once",
          "[resolver][conflicts]") {
    Packages p;
    ConflictCounts counts;
    const auto conflict = over({p.a, p.b});
    for (int i = 0; i < 4; ++i) counts.observe(p.store, p.a, p.a, conflict);
    auto moves = counts.take_moves();
    CHECK(moves.earlier.empty());
    CHECK(moves.later.empty());
    counts.observe(p.store, p.a, p.a, conflict);
    moves = counts.take_moves();
    CHECK(moves.earlier == std::vector<PackageId>{p.a});
    CHECK(moves.later == std::vector<PackageId>{p.b});
    // Counts past the threshold ask for nothing more (uv compares with ==).
    for (int i = 0; i < 10; ++i) counts.observe(p.store, p.a, p.a, conflict);
    moves = counts.take_moves();
    CHECK(moves.earlier.empty());
    CHECK(moves.later.empty());
}

TEST_CASE("the package being decided is tallied, not the affected one", "[resolver][conflicts]") {
    // uv counts `affected` under `self.next`: a conflict found for b by unit propagation while c
    // is being decided puts c, not b, on its way to an earlier class.
    Packages p;
    ConflictCounts counts;
    for (int i = 0; i < 5; ++i) counts.observe(p.store, p.c, p.b, over({p.b, p.a}));
    const auto moves = counts.take_moves();
    CHECK(moves.earlier == std::vector<PackageId>{p.c});
    CHECK(moves.later == std::vector<PackageId>{p.a});
}

TEST_CASE("every other package of the incompatibility is a culprit", "[resolver][conflicts]") {
    Packages p;
    ConflictCounts counts;
    for (int i = 0; i < 5; ++i) counts.observe(p.store, p.a, p.a, over({p.a, p.b, p.c}));
    const auto moves = counts.take_moves();
    CHECK(moves.earlier == std::vector<PackageId>{p.a});
    CHECK(moves.later == std::vector<PackageId>{p.b, p.c});
}

TEST_CASE("a package with the affected one's name is no culprit, and then nothing is counted",
          "[resolver][conflicts]") {
    // The extra proxy a[fast] copying a's obligations: same name, so not tracked, and with no
    // real culprit the deciding package is not tallied either.
    Packages p;
    ConflictCounts counts;
    for (int i = 0; i < 7; ++i) counts.observe(p.store, p.a, p.a_fast, over({p.a_fast, p.a}));
    auto moves = counts.take_moves();
    CHECK(moves.earlier.empty());
    CHECK(moves.later.empty());
    // Root and Python both have no name: one is never the other's culprit.
    for (int i = 0; i < 7; ++i) counts.observe(p.store, p.a, p.root, over({p.root, p.python}));
    moves = counts.take_moves();
    CHECK(moves.earlier.empty());
    CHECK(moves.later.empty());
    // A single-package incompatibility (no versions of a) has no culprit.
    for (int i = 0; i < 7; ++i) counts.observe(p.store, p.a, p.a, over({p.a}));
    moves = counts.take_moves();
    CHECK(moves.earlier.empty());
    CHECK(moves.later.empty());
}

TEST_CASE("culprit and deciding tallies are separate per package", "[resolver][conflicts]") {
    // b is culprit three times and decided-with-conflict twice: neither tally reaches five.
    Packages p;
    ConflictCounts counts;
    for (int i = 0; i < 3; ++i) counts.observe(p.store, p.a, p.a, over({p.a, p.b}));
    for (int i = 0; i < 2; ++i) counts.observe(p.store, p.b, p.b, over({p.b, p.c}));
    auto moves = counts.take_moves();
    CHECK(moves.earlier.empty());
    CHECK(moves.later.empty());
    // Two more as culprit: five in all, b moves later; a has five conflicts while deciding.
    for (int i = 0; i < 2; ++i) counts.observe(p.store, p.a, p.a, over({p.a, p.b}));
    moves = counts.take_moves();
    CHECK(moves.earlier == std::vector<PackageId>{p.a});
    CHECK(moves.later == std::vector<PackageId>{p.b});
}
