// Package priorities asked by id (the solver's queue) agree with those asked by package, also
// after a name's class changes (priorities.hpp).

#include <lockkit/resolver/priorities.hpp>

#include <catch2/catch.hpp>

using namespace lockkit::resolver;

TEST_CASE("a priority asked by id follows the name's class changes", "[solver][priority]") {
    PackagePriorities priorities;
    const ResolverPackage a = ResolverPackage::package("a");
    const ResolverPackage b = ResolverPackage::package("b");
    const ResolverPackage a_extra = ResolverPackage::package("a", std::string("cli"));
    // Not registered yet: not remembered, so registering later is seen.
    const Priority unregistered = priorities.get(2, b);
    priorities.insert(a, VersionRange::full(), false);
    priorities.insert(b, VersionRange::full(), false);
    CHECK(priorities.get(2, b) == priorities.get(b));
    CHECK(priorities.get(2, b) != unregistered);
    CHECK(priorities.get(1, a) == priorities.get(a));
    CHECK(priorities.get(1, a) > priorities.get(2, b));  // earlier name first

    // A conflict moves b ahead of a.
    CHECK(priorities.mark_conflict_early(b));
    CHECK(priorities.get(2, b) == priorities.get(b));
    CHECK(priorities.get(2, b) > priorities.get(1, a));
    // A direct URL raises a above that.
    priorities.insert(a, VersionRange::full(), true);
    CHECK(priorities.get(1, a) == priorities.get(a));
    CHECK(priorities.get(1, a) > priorities.get(2, b));

    // A variant shares its name's class, with its own tiebreaker once registered.
    const Priority before = priorities.get(3, a_extra);
    priorities.insert(a_extra, VersionRange::full(), false);
    CHECK(priorities.get(3, a_extra) == priorities.get(a_extra));
    CHECK(priorities.get(3, a_extra) != before);
    CHECK(priorities.get(0, ResolverPackage::root()) == priorities.get(ResolverPackage::root()));
}
