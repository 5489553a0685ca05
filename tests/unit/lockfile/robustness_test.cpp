// Fuzz-style robustness: truncated and mutated corpus locks must produce a
// clean error (and, for lock-verify, at least one located structural problem)
// or a valid model, never a crash or a hang. Deterministic (a
// fixed-seed generator), so a failure is reproducible.

#include "../../corpus_dir.hpp"
#include "../../lock_mutator.hpp"
#include "lockkit/lockfile/lock_problems.hpp"
#include "lockkit/lockfile/reader.hpp"
#include "lockkit/lockfile/writer.hpp"
#include "lockkit/util/atomic_file.hpp"

#include <catch2/catch.hpp>
#include <chrono>
#include <random>

using namespace lockkit;
using namespace lockkit::lockfile;

namespace {

/// Far above what any case takes (milliseconds): only a hang or a blow-up trips it.
constexpr auto k_case_budget = std::chrono::seconds(20);

void must_not_crash(const std::string& text, const std::string& name) {
    const auto started = std::chrono::steady_clock::now();
    auto lock = parse_lock(text, name);
    if (lock) {
        // Whatever was accepted must also print and read back.
        const std::string out = write_lock(*lock);
        auto again = parse_lock(out, name);
        if (!again) {
            FAIL("accepted input re-reads with an error: " << again.error().render());
        }
    } else {
        CHECK_FALSE(lock.error().message.empty());
        CHECK(lock.error().line >= 1);
        // lock-verify then reports every problem: at least one, each located.
        const auto problems = find_lock_problems(text, name);
        if (problems.empty()) {
            FAIL_CHECK("no structural problem found where the reader said: " << lock.error().render());
        }
        for (const auto& p : problems) {
            CHECK(p.diagnostic.line >= 1);
            CHECK(p.end_line >= p.diagnostic.line);
        }
    }
    CHECK(std::chrono::steady_clock::now() - started < k_case_budget);
}

} // namespace

TEST_CASE("truncated and mutated locks fail cleanly", "[lockfile][fuzz]") {
    const auto root = testing::corpus_dir();
    if (!root) {
        LOCKKIT_SKIP(testing::k_no_corpus);
    }
    const auto files = testing::corpus_locks(*root);
    std::mt19937_64 rng(20261122);
    testing::LockMutator mutate(rng);
    std::size_t cases = 0;
    // Small and medium files keep the run short; every 9th file is used.
    for (std::size_t i = 0; i < files.size(); i += 9) {
        auto text = read_file(files[i]);
        REQUIRE(text.has_value());
        if (text->size() > 200000) {
            continue;
        }
        const std::string name = testing::corpus_name(*root, files[i]);
        INFO(name);
        for (int k = 0; k < 12; ++k) {
            const std::size_t cut = std::uniform_int_distribution<std::size_t>(0, text->size())(rng);
            must_not_crash(text->substr(0, cut), name);
            must_not_crash(mutate.bytes(*text), name);
            must_not_crash(mutate.values(*text), name);
            cases += 3;
        }
    }
    WARN(cases << " fuzz cases");
}
