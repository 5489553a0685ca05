// Runs the merge driver on every real merge of ../shared/corpus/merges and
// prints the tally: identical to the committed merge / clean but different /
// conflict / refused / textual fallback. Asserted: no crash, a clean result
// parses and is canonical, a conflict is never exit 0. The tally itself is
// reported, not asserted (no expectations produced by our own code).

#include "merge_case.hpp"
#include "lockkit/lockfile/canonical.hpp"
#include "lockkit/lockfile/writer.hpp"
#include "lockkit/merge/driver.hpp"

#include <catch2/catch.hpp>
#include <unistd.h>

using namespace lockkit;

TEST_CASE("merge driver tally over the corpus merges", "[merge][corpus][tally]") {
    const auto root = testing::corpus_dir();
    if (!root) {
        LOCKKIT_SKIP(lockkit::testing::k_no_corpus);
    }
    const auto cases = testing::merge_cases(*root);
    REQUIRE(!cases.empty());
    const auto tmp = std::filesystem::temp_directory_path() / ("lockkit-merge-tally-" + std::to_string(getpid()));
    std::filesystem::create_directories(tmp);
    std::size_t identical = 0, different = 0, conflict = 0, refused = 0, fallback = 0;
    std::string details;
    for (const auto& c : cases) {
        INFO(c.name);
        const auto ours_copy = tmp / (c.name + ".ours");
        std::filesystem::copy_file(c.file("ours"), ours_copy, std::filesystem::copy_options::overwrite_existing);
        merge::DriverInput in;
        in.base = c.file("base");
        in.ours = ours_copy;
        in.theirs = c.file("theirs");
        const auto r = merge::run_merge_driver(in);
        std::string outcome;
        if (r.exit_code == 0) {
            REQUIRE(r.content.has_value());
            auto merged = lockfile::parse_lock(*r.content, c.name);
            REQUIRE(merged.has_value());
            auto canonical = *merged;
            lockfile::canonicalize(canonical);
            CHECK(lockfile::write_lock(canonical) == *r.content);
            const auto committed = read_file(c.dir / "merged.uv.lock");
            if (committed && *committed == *r.content) {
                ++identical;
                outcome = "identical";
            } else {
                ++different;
                outcome = "different";
            }
        } else if (r.exit_code == 1) {
            REQUIRE(r.content.has_value());
            if (r.messages.find("textual merge") != std::string::npos) {
                ++fallback;
                outcome = "textual-fallback";
            } else {
                ++conflict;
                outcome = "conflict";
                CHECK(r.content->find("<<<<<<< ours") != std::string::npos);
            }
        } else {
            CHECK_FALSE(r.content.has_value());
            ++refused;
            outcome = "refused";
        }
        details += "  " + c.name + ": " + outcome + "\n";
    }
    std::filesystem::remove_all(tmp);
    WARN("lock-merge corpus tally over " << cases.size() << " merges: " << identical << " identical to the committed merge, "
                                         << different << " clean but different, " << conflict << " conflict, " << refused
                                         << " refused, " << fallback << " textual fallback\n"
                                         << details);
    CHECK(identical + different + conflict + refused + fallback == cases.size());
}
