// TEMPORARY: the previous solver core (old_core/) and the current one, driven side by side by
// the same uv-like driver on thousands of random registries; every answer the cores give must
// be identical: propagation results, terms and decisions after every step, the incompatibilities
// made (numbers, kinds, terms, causes), the package lists, the queue's choices under changing
// priorities, solutions and derivation trees. Removed with old_core/.

#include "old_core/solver_state.hpp"

#include <lockkit/resolver/solver_state.hpp>

#include "differential_case.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace lockkit::resolver::old_core {
inline std::size_t arena_size(const SolverState& s) { return s.store().size(); }
#include "differential_driver.inc"
} // namespace lockkit::resolver::old_core

namespace lockkit::resolver::new_side {
inline std::size_t arena_size(const SolverState& s) { return s.arena().size(); }
#include "differential_driver.inc"
} // namespace lockkit::resolver::new_side

using namespace lockkit::resolver;

namespace {

struct Tally {
    int matched = 0, solved = 0, failed = 0, with_conflicts = 0;
    std::size_t lines = 0, steps = 0, learnt = 0, merges = 0, package_backtracks = 0, first_undecided = 0;

    void count(const std::vector<std::string>& trace) {
        ++matched;
        lines += trace.size();
        solved += trace.back().starts_with("solution") ? 1 : 0;
        failed += trace.back().starts_with("FAIL") ? 1 : 0;
        bool conflicts = false;
        for (const std::string& l : trace) {
            if (l.starts_with("prop (")) {
                conflicts = true;
                steps += std::size_t(std::count(l.begin(), l.end(), '('));
            }
            if (l.starts_with("inc ") && l.find(" k3 ") != std::string::npos) ++learnt;
            if (auto m = l.find(" merged "); m != std::string::npos) merges += std::stoul(l.substr(m + 8));
            if (l.starts_with("backtrack_package") && !l.ends_with("none")) {
                ++package_backtracks;
                first_undecided += l.ends_with("-> 0") ? 1 : 0;
            }
        }
        with_conflicts += conflicts ? 1 : 0;
    }
};

/// Both cores on `cases` registries; the tally of those whose traces are identical.
Tally compare_cores(int cases, bool large, int max_steps) {
    Tally tally;
    int mismatches = 0;
    for (int seed = 0; seed < cases; ++seed) {
        const difftest::Case c = difftest::random_case(std::uint64_t(seed) + (large ? 1000000 : 1), large);
        const auto before = old_core::run_trace(c, max_steps);
        const auto after = new_side::run_trace(c, max_steps);
        std::size_t first = 0;
        while (first < before.size() && first < after.size() && before[first] == after[first]) ++first;
        if (first == before.size() && first == after.size()) {
            tally.count(before);
            continue;
        }
        std::string context;
        for (std::size_t i = first >= 3 ? first - 3 : 0; i < first; ++i) context += "   " + before[i] + "\n";
        INFO("seed " << c.seed << (large ? " (large)" : "") << ", line " << first << ":\n" << context << "old: "
                     << (first < before.size() ? before[first] : "<end>") << "\nnew: "
                     << (first < after.size() ? after[first] : "<end>"));
        FAIL_CHECK("traces differ");
        if (++mismatches > 5) break;
    }
    WARN("DIFFERENTIAL core (" << (large ? "large" : "small") << "): " << tally.matched << " of " << cases
                               << " registries identical: " << tally.solved << " solved, " << tally.failed
                               << " without solution, " << tally.with_conflicts << " with conflict resolution ("
                               << tally.steps << " resolution steps, " << tally.learnt << " learnt incompatibilities), "
                               << tally.merges << " merged clauses, " << tally.package_backtracks
                               << " package backtracks (" << tally.first_undecided << " on the first undecided), "
                               << tally.lines << " trace lines");
    return tally;
}

} // namespace

TEST_CASE("DIFFERENTIAL: the solver core makes the previous core's decisions", "[differential][solver]") {
    // LOCKKIT_DIFFERENTIAL_SCALE=N runs N times as many registries.
    const char* scale_text = std::getenv("LOCKKIT_DIFFERENTIAL_SCALE");
    const int scale = scale_text != nullptr ? std::max(1, std::atoi(scale_text)) : 1;
    CHECK(compare_cores(6000 * scale, false, 400).matched == 6000 * scale);
    CHECK(compare_cores(1500 * scale, true, 3000).matched == 1500 * scale);
}
