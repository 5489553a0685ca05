// Fuzz-style robustness of the merge driver: corpus merge cases with mutated sides
// (hostile values in valid TOML, and broken bytes) must merge, conflict, be refused
// or fall back to the textual merge: never an exception, an abort or a hang. Whatever
// the driver calls clean must read back. Deterministic (a fixed seed). Also the
// strict parsing of the conflict marker size git passes as %L.

#include "../../lock_mutator.hpp"
#include "../../temp_tree.hpp"
#include "merge_case.hpp"
#include "lockkit/merge/driver.hpp"
#include "lockkit/merge/budget.hpp"
#include "lockkit/merge/marker_size.hpp"

#include <catch2/catch.hpp>

#include <chrono>

using namespace lockkit;

TEST_CASE("the marker size is a whole number from 1 to 100, nothing else", "[merge][driver]") {
    CHECK(merge::parse_marker_size("7") == 7);
    CHECK(merge::parse_marker_size("1") == 1);
    CHECK(merge::parse_marker_size("100") == 100);
    for (const char* bad : {"-5", "0", "7abc", "", " 7", "7 ", "101", "99999999999999999999", "+7", "0x10"}) {
        INFO(bad);
        const auto size = merge::parse_marker_size(bad);
        REQUIRE_FALSE(size.has_value());
        CHECK_THAT(size.error(), Catch::Contains("marker size") && Catch::Contains("1 to 100"));
    }
}

TEST_CASE("the budget is a finite number of seconds, 0 or more", "[merge][driver]") {
    using std::chrono::microseconds;
    using std::chrono::milliseconds;
    CHECK(merge::parse_budget("30") == milliseconds(30'000));
    CHECK(merge::parse_budget("0") == microseconds(0));
    CHECK(merge::parse_budget("0.0") == microseconds(0));
    CHECK(merge::parse_budget("1.5") == milliseconds(1'500));
    CHECK(merge::parse_budget("0.000001") == microseconds(1));
    CHECK(merge::parse_budget("0.0000001") == microseconds(1));  // too short to measure, but not none
    CHECK(merge::parse_budget("1e300") == std::chrono::seconds(static_cast<std::int64_t>(merge::k_max_budget_seconds)));
    for (const char* bad : {"-1", "-0.5", "soon", "", " 5", "5 ", "5s", "nan", "inf", "-inf", "0x10", "1e999"}) {
        INFO(bad);
        const auto budget = merge::parse_budget(bad);
        REQUIRE_FALSE(budget.has_value());
        CHECK_THAT(budget.error(), Catch::Contains("is not a number of seconds"));
    }
}

TEST_CASE("mutated merge triples merge, conflict or fail cleanly", "[merge][fuzz]") {
    const auto root = testing::corpus_dir();
    if (!root) {
        LOCKKIT_SKIP(testing::k_no_corpus);
    }
    constexpr auto k_case_budget = std::chrono::seconds(30);  // far above any real case: a hang trips it
    std::mt19937_64 rng(20261206);
    testing::LockMutator mutate(rng);
    testing::TempTree tree;
    std::size_t cases = 0, semantic = 0;
    for (const auto& c : testing::merge_cases(*root)) {
        const auto base = read_file(c.file("base"));
        const auto ours = read_file(c.file("ours"));
        const auto theirs = read_file(c.file("theirs"));
        if (!base || !ours || !theirs || base->size() > 400000) {
            continue;
        }
        INFO(c.name);
        for (int k = 0; k < 4; ++k) {
            const std::string o = k == 3 ? mutate.bytes(*ours) : mutate.values(*ours);
            const std::string t = k == 0 ? *theirs : mutate.values(*theirs);
            const std::string b = k == 2 ? mutate.values(*base) : *base;
            tree.write("base.lock", b);
            tree.write("ours.lock", o);
            tree.write("theirs.lock", t);
            merge::DriverInput in;
            in.base = tree.root() / "base.lock";
            in.ours = tree.root() / "ours.lock";
            in.theirs = tree.root() / "theirs.lock";
            in.use_pyproject = false;
            const auto started = std::chrono::steady_clock::now();
            merge::DriverResult result;
            REQUIRE_NOTHROW(result = merge::run_merge_driver(in));
            CHECK(std::chrono::steady_clock::now() - started < k_case_budget);
            CHECK((result.exit_code == 0 || result.exit_code == 1 || result.exit_code == 2));
            if (result.exit_code == 0) {
                REQUIRE(result.content.has_value());
                const auto merged = lockfile::parse_lock(*result.content, "merged");
                if (!merged) {
                    FAIL_CHECK("a clean merge does not read back: " << merged.error().render());
                }
            }
            const bool all_read = lockfile::parse_lock(b, "b") && lockfile::parse_lock(o, "o") &&
                                  lockfile::parse_lock(t, "t");
            semantic += all_read ? 1 : 0;
            ++cases;
        }
    }
    REQUIRE(cases > 0);
    CHECK(semantic > 0);  // some triples reached the semantic merge, not only the textual fallback
    WARN(cases << " mutated merges, " << semantic << " through the semantic merge");
}
