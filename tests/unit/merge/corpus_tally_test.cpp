// Runs the merge driver on every real merge of ../shared/corpus/merges and
// asserts each case's outcome against corpus_outcomes.tsv: identical to the
// merge the project committed (the oracle: byte for byte), clean but
// different (with the reason, and judged by real uv in
// tests/integration/test_lock_merge_corpus.py), conflict, refused, textual
// fallback. Also asserted: a clean result parses and is canonical, a conflict
// or refusal always leaves markers. Every case must be listed.

#include "merge_case.hpp"
#include "lockkit/lockfile/canonical.hpp"
#include "lockkit/lockfile/writer.hpp"
#include "lockkit/merge/driver.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <map>
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
    std::map<std::string, std::string> expected;  // case -> outcome
    {
        std::ifstream tsv(std::string(LOCKKIT_SOURCE_ROOT) + "/tests/unit/merge/corpus_outcomes.tsv");
        REQUIRE(tsv.good());
        for (std::string line; std::getline(tsv, line);) {
            if (line.empty() || line[0] == '#') continue;
            const auto tab = line.find('\t');
            const auto tab2 = line.find('\t', tab + 1);
            REQUIRE(tab != std::string::npos);
            expected[line.substr(0, tab)] = line.substr(tab + 1, tab2 == std::string::npos ? std::string::npos : tab2 - tab - 1);
        }
    }
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
                outcome = "textual";
            } else {
                ++conflict;
                outcome = "conflict";
                CHECK(r.content->find("<<<<<<< ours") != std::string::npos);
            }
        } else {
            // A refusal still leaves %A visibly conflicted (markers around the
            // refused packages), never ours' text alone.
            REQUIRE(r.content.has_value());
            CHECK(r.content->find("<<<<<<< ours") != std::string::npos);
            ++refused;
            outcome = "refused";
        }
        details += "  " + c.name + ": " + outcome + "\n";
        const auto it = expected.find(c.name);
        if (it == expected.end()) {
            FAIL_CHECK(c.name << ": not listed in corpus_outcomes.tsv (outcome now: " << outcome << ")");
        } else {
            CHECK(outcome == it->second);
        }
    }
    std::filesystem::remove_all(tmp);
    WARN("lock-merge corpus tally over " << cases.size() << " merges: " << identical << " identical to the committed merge, "
                                         << different << " clean but different, " << conflict << " conflict, " << refused
                                         << " refused, " << fallback << " textual fallback\n"
                                         << details);
    CHECK(identical + different + conflict + refused + fallback == cases.size());
    CHECK(expected.size() == cases.size());
}
