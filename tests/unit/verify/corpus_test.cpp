// Every corpus lock through the offline checks: nothing may crash, the tally of
// findings per rule is printed, and uv's own test locks (written by uv) must have
// no filename mismatches, except names holding redaction placeholders like `[X]`.

#include "../../corpus_dir.hpp"
#include "lockkit/lockfile/reader.hpp"
#include "lockkit/verify/verify.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <sstream>

using namespace lockkit;

TEST_CASE("offline checks over the corpus", "[verify][corpus]") {
    const auto root = lockkit::testing::corpus_dir();
    if (!root) {
        WARN("skipped: ../shared corpus not found");
        return;
    }
    std::map<std::string, std::size_t> tally;
    std::size_t files = 0;
    std::size_t unreadable = 0;
    for (const auto& file : lockkit::testing::corpus_locks(*root)) {
        const std::string name = lockkit::testing::corpus_name(*root, file);
        auto lock = lockfile::read_lock(file);
        if (!lock) {
            ++unreadable;  // the reader's own tests cover these (e.g. pre-0.3 locks)
            continue;
        }
        ++files;
        const auto findings = verify::verify_lock(*lock);
        for (const auto& f : findings) {
            ++tally[f.rule + " (" + std::string(verify::severity_name(f.severity)) + ")"];
            if (name.starts_with("uv-test-locks/") && f.rule == verify::rule::filename_mismatch &&
                f.message.find('[') == std::string::npos) {
                FAIL_CHECK(name << ": " << f.message);
            }
        }
    }
    std::ostringstream out;
    out << "verify corpus: " << files << " locks checked, " << unreadable << " not readable\n";
    for (const auto& [rule_id, n] : tally) {
        out << "  " << rule_id << ": " << n << "\n";
    }
    WARN(out.str());
    CHECK(files > 0);
}
