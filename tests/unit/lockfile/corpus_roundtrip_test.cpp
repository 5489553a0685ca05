// Data-driven: every uv.lock in ../shared/corpus must read and write back byte
// for byte, both TOML front ends must build the same model, and `lock fmt`'s
// sorting must leave uv-written files unchanged. Exceptions are listed, with
// their reason, in non_roundtrip.tsv beside this file. Restoring uv's order
// after scrambling is corpus_shuffle_test.cpp's business.

#include "../../corpus_dir.hpp"
#include "lockkit/lockfile/canonical.hpp"
#include "lockkit/lockfile/reader.hpp"
#include "lockkit/lockfile/writer.hpp"
#include "lockkit/util/atomic_file.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <sstream>

using namespace lockkit;
using namespace lockkit::lockfile;

namespace {

struct Expectation {
    std::string kind;  // differs | rejected:<text> | fmt-differs
    std::string reason;
};

std::map<std::string, Expectation> load_exceptions() {
    std::map<std::string, Expectation> out;
    std::ifstream in(std::string(LOCKKIT_SOURCE_ROOT) + "/tests/unit/lockfile/non_roundtrip.tsv");
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') {
            continue;
        }
        std::istringstream fields(line);
        std::string path, kind, reason;
        std::getline(fields, path, '\t');
        std::getline(fields, kind, '\t');
        std::getline(fields, reason);
        out[path] = {kind, reason};
    }
    return out;
}

} // namespace

TEST_CASE("corpus locks round-trip byte for byte", "[lockfile][corpus]") {
    const auto root = testing::corpus_dir();
    if (!root) {
        LOCKKIT_SKIP(lockkit::testing::k_no_corpus);
    }
    const auto exceptions = load_exceptions();
    const auto files = testing::corpus_locks(*root);
    REQUIRE(files.size() > 500);
    std::size_t exact = 0, listed = 0;
    for (const auto& file : files) {
        const std::string name = testing::corpus_name(*root, file);
        INFO(name);
        const auto text = read_file(file);
        REQUIRE(text.has_value());
        const auto it = exceptions.find(name);
        auto lock = parse_lock(*text, name);
        if (it != exceptions.end() && it->second.kind.rfind("rejected:", 0) == 0) {
            REQUIRE_FALSE(lock.has_value());
            CHECK_THAT(lock.error().message, Catch::Contains(it->second.kind.substr(9)));
            ++listed;
            continue;
        }
        if (!lock) {
            FAIL(lock.error().render());
        }
        const std::string written = write_lock(*lock);
        if (it != exceptions.end() && it->second.kind == "differs") {
            CHECK(written != *text);
            // It must still be read into the same model.
            auto again = parse_lock(written, name);
            REQUIRE(again.has_value());
            CHECK(*again == *lock);
            ++listed;
            continue;
        }
        CHECK(written == *text);
        if (written == *text) {
            ++exact;
        }
    }
    // Stale entries in the exception list are defects too.
    for (const auto& [name, e] : exceptions) {
        INFO("listed in non_roundtrip.tsv but not in the corpus: " << name);
        CHECK(std::filesystem::exists(*root / name));
    }
    WARN("round-trip: " << exact << " exact, " << listed << " listed exceptions, of " << files.size());
}

TEST_CASE("both TOML front ends build the same model", "[lockfile][corpus]") {
    const auto root = testing::corpus_dir();
    if (!root) {
        LOCKKIT_SKIP(lockkit::testing::k_no_corpus);
    }
    std::size_t fast = 0, compared = 0;
    for (const auto& file : testing::corpus_locks(*root)) {
        const std::string name = testing::corpus_name(*root, file);
        INFO(name);
        const auto text = read_file(file);
        REQUIRE(text.has_value());
        ReadStats stats;
        auto general = parse_lock(*text, name, {.front_end = TomlFrontEnd::General});
        auto automatic = parse_lock(*text, name, {}, &stats);
        CHECK(general.has_value() == automatic.has_value());
        if (!general || !automatic) {
            continue;
        }
        ++compared;
        fast += stats.used_canonical ? 1 : 0;
        CHECK(*general == *automatic);
    }
    // Every uv-written file must take the fast path; only CRLF and legacy files may not.
    CHECK(fast + 10 >= compared);
    WARN("front ends agree on " << compared << " locks; " << fast << " took the fast path");
}

TEST_CASE("canonical sorting leaves uv-written locks unchanged", "[lockfile][corpus]") {
    const auto root = testing::corpus_dir();
    if (!root) {
        LOCKKIT_SKIP(lockkit::testing::k_no_corpus);
    }
    const auto exceptions = load_exceptions();
    for (const auto& file : testing::corpus_locks(*root)) {
        const std::string name = testing::corpus_name(*root, file);
        if (exceptions.count(name) != 0) {
            continue;
        }
        INFO(name);
        const auto text = read_file(file);
        auto lock = parse_lock(*text, name);
        REQUIRE(lock.has_value());
        canonicalize(*lock);
        CHECK(write_lock(*lock) == *text);
    }
}
