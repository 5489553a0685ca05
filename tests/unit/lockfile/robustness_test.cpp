// Fuzz-style robustness: truncated and mutated corpus locks must produce a
// clean error or a valid model, never a crash or a hang. Deterministic (a
// fixed-seed generator), so a failure is reproducible.

#include "../../corpus_dir.hpp"
#include "lockkit/lockfile/reader.hpp"
#include "lockkit/lockfile/writer.hpp"
#include "lockkit/util/atomic_file.hpp"

#include <catch2/catch.hpp>
#include <random>

using namespace lockkit;
using namespace lockkit::lockfile;

namespace {

void must_not_crash(const std::string& text, const std::string& name) {
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
    }
}

} // namespace

TEST_CASE("truncated and mutated locks fail cleanly", "[lockfile][fuzz]") {
    const auto root = testing::corpus_dir();
    if (!root) {
        LOCKKIT_SKIP(lockkit::testing::k_no_corpus);
    }
    const auto files = testing::corpus_locks(*root);
    std::mt19937_64 rng(20261122);
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
            std::string mutated = *text;
            const int edits = 1 + static_cast<int>(rng() % 4);
            for (int e = 0; e < edits && !mutated.empty(); ++e) {
                const std::size_t at = rng() % mutated.size();
                static constexpr char junk[] = "\"'[]{}=,.\n\\#x0 \t\x01\xff";
                switch (rng() % 3) {
                case 0: mutated[at] = junk[rng() % (sizeof junk - 1)]; break;
                case 1: mutated.erase(at, 1 + rng() % 20); break;
                default: mutated.insert(at, 1, junk[rng() % (sizeof junk - 1)]); break;
                }
            }
            must_not_crash(mutated, name);
            cases += 2;
        }
    }
    WARN(cases << " fuzz cases");
}
