// The contradiction cache: a note made at decision level L holds until the solver goes back
// below L (docs/resolver-core.md, "The contradiction cache").

#include <lockkit/resolver/contradiction_cache.hpp>

#include <catch2/catch.hpp>

using namespace lockkit::resolver;

TEST_CASE("contradiction notes last until the solver goes back below their level", "[solver][cache]") {
    ContradictionCache cache;
    CHECK_FALSE(cache.holds(0));
    cache.note(3, 0);
    cache.note(7, 2);
    cache.note(9, 4);
    CHECK(cache.holds(3));
    CHECK(cache.holds(7));
    CHECK(cache.holds(9));
    CHECK_FALSE(cache.holds(8));
    CHECK_FALSE(cache.holds(1000));
    cache.forget_above(4);  // back to the current level: nothing is undone
    CHECK(cache.holds(9));
    cache.forget_above(2);
    CHECK(cache.holds(3));
    CHECK(cache.holds(7));
    CHECK_FALSE(cache.holds(9));
    // A note made again after it was forgotten belongs to its new level.
    cache.note(9, 2);
    cache.forget_above(1);
    CHECK(cache.holds(3));
    CHECK_FALSE(cache.holds(7));
    CHECK_FALSE(cache.holds(9));
    cache.forget_above(0);
    CHECK(cache.holds(3));
}
