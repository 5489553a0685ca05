// Every corpus lock through the offline checks. A lock passes with no finding,
// or its findings are exactly the ones listed, with their reason, in
// corpus_findings.tsv: a new finding (a false positive or a regression) and a
// listed finding that disappears (a missed check) both fail. uv's own test
// locks must never have filename mismatches, except for names holding
// redaction placeholders like `[X]`.

#include "../../corpus_dir.hpp"
#include "lockkit/lockfile/reader.hpp"
#include "lockkit/util/atomic_file.hpp"
#include "lockkit/verify/verify.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <sstream>

using namespace lockkit;

namespace {

/// (file, "rule severity") → count, from the listing beside this test.
using Tally = std::map<std::pair<std::string, std::string>, std::size_t>;

Tally listed_findings() {
    Tally listed;
    std::ifstream in(std::string(LOCKKIT_SOURCE_ROOT) + "/tests/unit/verify/corpus_findings.tsv");
    REQUIRE(in);
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') {
            continue;
        }
        std::istringstream fields(line);
        std::string file, rule_id, severity, count, reason;
        std::getline(fields, file, '\t');
        std::getline(fields, rule_id, '\t');
        std::getline(fields, severity, '\t');
        std::getline(fields, count, '\t');
        std::getline(fields, reason);
        REQUIRE_FALSE(reason.empty());  // every listed finding says why it is real
        listed[{file, rule_id + " " + severity}] = std::stoul(count);
    }
    return listed;
}

} // namespace

TEST_CASE("offline checks over the corpus", "[verify][corpus]") {
    const auto root = lockkit::testing::corpus_dir();
    if (!root) {
        LOCKKIT_SKIP(lockkit::testing::k_no_corpus);
    }
    const Tally listed = listed_findings();
    Tally found;
    std::map<std::string, std::size_t> per_rule;
    std::size_t files = 0;
    std::size_t clean = 0;
    for (const auto& file : lockkit::testing::corpus_all_locks(*root)) {
        const std::string name = lockkit::testing::corpus_name(*root, file);
        ++files;
        const auto text = read_file(file);
        REQUIRE(text.has_value());
        auto lock = lockfile::parse_lock(*text, name);
        // As lock-verify does: a lock that does not read is judged by its structural findings.
        const auto findings = lock ? verify::verify_lock(*lock) : verify::check_structure(*text, name);
        if (!lock) {
            CHECK_FALSE(findings.empty());  // never "clean" for a lock that does not read
        }
        clean += findings.empty() ? 1 : 0;
        for (const auto& f : findings) {
            const std::string key = f.rule + " " + std::string(verify::severity_name(f.severity));
            ++found[{name, key}];
            ++per_rule[key];
            if (name.starts_with("uv-test-locks/") && f.rule == verify::rule::filename_mismatch &&
                f.message.find('[') == std::string::npos) {
                FAIL_CHECK(name << ": " << f.message);
            }
        }
    }
    for (const auto& [key, n] : found) {
        auto it = listed.find(key);
        if (it == listed.end()) {
            FAIL_CHECK(key.first << ": " << n << " unlisted " << key.second << " finding(s)");
        } else if (it->second != n) {
            FAIL_CHECK(key.first << ": " << n << " " << key.second << " finding(s), corpus_findings.tsv lists "
                                 << it->second);
        }
    }
    for (const auto& [key, n] : listed) {
        if (!found.contains(key)) {
            FAIL_CHECK(key.first << ": listed " << key.second << " finding(s) no longer reported");
        }
    }
    std::ostringstream out;
    out << "verify corpus: " << files << " locks, " << clean << " with no finding, "
        << files - clean << " with the findings listed in corpus_findings.tsv\n";
    for (const auto& [rule_id, n] : per_rule) {
        out << "  " << rule_id << ": " << n << "\n";
    }
    WARN(out.str());
    CHECK(files > 700);
}
