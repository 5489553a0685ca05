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

TEST_CASE("DIFFERENTIAL: the solver core makes the previous core's decisions", "[differential][solver]") {
    const int cases = 5000;
    int matched = 0, solved = 0, failed = 0, backtracked = 0;
    std::size_t lines = 0;
    for (int seed = 0; seed < cases; ++seed) {
        const difftest::Case c = difftest::random_case(std::uint64_t(seed) + 1);
        const auto before = old_core::run_trace(c);
        const auto after = new_side::run_trace(c);
        std::size_t first = 0;
        while (first < before.size() && first < after.size() && before[first] == after[first]) ++first;
        if (first == before.size() && first == after.size()) {
            ++matched;
            lines += before.size();
            solved += before.back().starts_with("solution") ? 1 : 0;
            failed += before.back().starts_with("FAIL") ? 1 : 0;
            backtracked += std::any_of(before.begin(), before.end(), [](const std::string& l) {
                return l.starts_with("prop (");
            }) ? 1 : 0;
            continue;
        }
        std::string context;
        for (std::size_t i = first >= 3 ? first - 3 : 0; i < first; ++i) context += "   " + before[i] + "\n";
        INFO("seed " << seed + 1 << ", line " << first << ":\n" << context << "old: "
                     << (first < before.size() ? before[first] : "<end>") << "\nnew: "
                     << (first < after.size() ? after[first] : "<end>"));
        FAIL_CHECK("traces differ");
        if (cases - matched > 5) break;
    }
    WARN("DIFFERENTIAL core: " << matched << " of " << cases << " registries identical (" << solved << " solved, "
                               << failed << " without solution, " << backtracked << " with conflict resolution; "
                               << lines << " trace lines compared)");
    CHECK(matched == cases);
}
