// lock-diff on the real diff pairs of ../shared/corpus/diffs: every pair diffs
// without error, every reported version move is checked against the raw text of
// both files, and the changes each pair is known for (from INDEX.tsv and the
// commit messages, read by hand) are found.

#include "lockkit/diff/lock_diff.hpp"
#include "lockkit/lockfile/reader.hpp"

#include "../../corpus_dir.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>

using namespace lockkit;

namespace {

std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

/// Whether the raw text has a package entry `name = "<name>"` directly followed by `version = "<version>"`.
bool text_has_entry(const std::string& text, const std::string& name, const std::string& version) {
    const std::string needle = "\nname = \"" + name + "\"";
    for (std::size_t pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + 1)) {
        std::size_t eol = text.find('\n', pos + 1);
        if (eol == std::string::npos) return false;
        const std::string next = text.substr(eol + 1, text.find('\n', eol + 1) - eol - 1);
        std::string want = "version = \"" + version + "\"";
        if (next == want || next == want + "\r") return true;
    }
    return false;
}

/// The one pair whose "before" side predates the format current uv reads.
constexpr const char* k_pre_0_3_pair = "19-legacy-string-sources-to-inline";

struct Pair {
    std::string name;
    diff::LockDiff diff;
    std::string before;
    std::string after;
};

std::vector<Pair> load_pairs(const std::filesystem::path& root) {
    std::vector<Pair> out;
    std::vector<std::filesystem::path> dirs;
    for (const auto& e : std::filesystem::directory_iterator(root / "diffs")) {
        if (e.is_directory()) dirs.push_back(e.path());
    }
    std::sort(dirs.begin(), dirs.end());
    for (const auto& dir : dirs) {
        Pair p;
        p.name = dir.filename().string();
        p.before = slurp(dir / "before.uv.lock");
        p.after = slurp(dir / "after.uv.lock");
        auto a = lockfile::parse_lock(p.before, (dir / "before.uv.lock").string());
        auto b = lockfile::parse_lock(p.after, (dir / "after.uv.lock").string());
        INFO(p.name);
        if (p.name == k_pre_0_3_pair) {
            // uv < 0.3 wrote `source = "registry+..."` strings, which current uv (and our
            // reader) refuse: lock-diff reports the reader's located diagnostic instead.
            REQUIRE_FALSE(a.has_value());
            CHECK(a.error().line > 0);
            CHECK(a.error().message.find("older than 0.3") != std::string::npos);
            continue;
        }
        REQUIRE(a.has_value());
        REQUIRE(b.has_value());
        p.diff = diff::diff_locks(*a, *b);
        out.push_back(std::move(p));
    }
    return out;
}

const diff::PackageChange* find(const diff::LockDiff& d, const std::string& name) {
    auto it = std::find_if(d.changes.begin(), d.changes.end(), [&](const auto& c) { return c.name == name; });
    return it == d.changes.end() ? nullptr : &*it;
}

const Pair& pair_named(const std::vector<Pair>& pairs, const std::string& name) {
    auto it = std::find_if(pairs.begin(), pairs.end(), [&](const Pair& p) { return p.name == name; });
    REQUIRE(it != pairs.end());
    return *it;
}

} // namespace

TEST_CASE("every corpus diff pair diffs; version moves match both files", "[diff][corpus]") {
    const auto root = lockkit::testing::corpus_dir();
    if (!root || !std::filesystem::is_directory(*root / "diffs")) {
        LOCKKIT_SKIP(lockkit::testing::k_no_corpus);
    }
    const auto pairs = load_pairs(*root);
    CHECK(pairs.size() >= 20);
    std::size_t moves = 0;
    for (const auto& p : pairs) {
        INFO(p.name);
        for (const auto& c : p.diff.changes) {
            INFO(c.name);
            if (c.kind == diff::ChangeKind::Upgraded || c.kind == diff::ChangeKind::Downgraded) {
                REQUIRE(c.old_version);
                REQUIRE(c.new_version);
                CHECK(text_has_entry(p.before, c.name, *c.old_version));
                CHECK(text_has_entry(p.after, c.name, *c.new_version));
                CHECK(c.bump != diff::BumpKind::None);
                ++moves;
            }
            if (c.kind == diff::ChangeKind::Added && c.new_version) {
                CHECK(text_has_entry(p.after, c.name, *c.new_version));
            }
            if (c.kind == diff::ChangeKind::Removed && c.old_version) {
                CHECK(text_has_entry(p.before, c.name, *c.old_version));
            }
        }
    }
    CHECK(moves > 30);
}

TEST_CASE("corpus pairs report the change they are known for", "[diff][corpus]") {
    const auto root = lockkit::testing::corpus_dir();
    if (!root || !std::filesystem::is_directory(*root / "diffs")) {
        LOCKKIT_SKIP(lockkit::testing::k_no_corpus);
    }
    const auto pairs = load_pairs(*root);

    SECTION("01: dependabot bumps cryptography 46.0.7 -> 48.0.1, a major upgrade") {
        const auto& d = pair_named(pairs, "01-single-bump-dependabot").diff;
        const auto* c = find(d, "cryptography");
        REQUIRE(c);
        CHECK(c->kind == diff::ChangeKind::Upgraded);
        CHECK(c->old_version == "46.0.7");
        CHECK(c->new_version == "48.0.1");
        CHECK(c->bump == diff::BumpKind::Major);
        CHECK(d.count(diff::ChangeKind::Upgraded) == 1);
        CHECK_FALSE(d.has_artifact_change());
    }
    SECTION("02: the project's own version 8.3.dev0 -> 8.3.1") {
        const auto& d = pair_named(pairs, "02-project-version-bump").diff;
        const auto* c = find(d, "click");
        REQUIRE(c);
        CHECK(c->kind == diff::ChangeKind::Upgraded);
        CHECK(c->relation == diff::Relation::Member);
    }
    SECTION("03: uvicorn added as a direct dependency") {
        const auto& d = pair_named(pairs, "03-new-dependency").diff;
        const auto* c = find(d, "uvicorn");
        REQUIRE(c);
        CHECK(c->kind == diff::ChangeKind::Added);
        CHECK(c->relation == diff::Relation::Direct);
    }
    SECTION("05: setuptools removed") {
        const auto& d = pair_named(pairs, "05-removal").diff;
        const auto* c = find(d, "setuptools");
        REQUIRE(c);
        CHECK(c->kind == diff::ChangeKind::Removed);
    }
    SECTION("06: typer removed") {
        const auto& d = pair_named(pairs, "06-replace-dependency").diff;
        const auto* c = find(d, "typer");
        REQUIRE(c);
        CHECK(c->kind == diff::ChangeKind::Removed);
    }
    SECTION("09, 10, 11: source changes") {
        const auto* a = find(pair_named(pairs, "09-source-registry-to-git").diff, "pydocket");
        REQUIRE(a);
        CHECK(a->source_changed);
        CHECK(a->new_source->kind == lockfile::SourceKind::Git);
        const auto* b = find(pair_named(pairs, "10-source-git-to-registry").diff, "fakeredis");
        REQUIRE(b);
        CHECK(b->source_changed);
        CHECK(b->new_source->kind == lockfile::SourceKind::Registry);
        const auto* c = find(pair_named(pairs, "11-source-registry-to-directory").diff, "mcp");
        REQUIRE(c);
        CHECK(c->source_changed);
        CHECK(c->new_source->kind == lockfile::SourceKind::Directory);
    }
    SECTION("12: only requires-python changes") {
        const auto& d = pair_named(pairs, "12-requires-python-only").diff;
        CHECK(d.changes.empty());
        REQUIRE(d.lock_changes.size() == 1);
        CHECK(d.lock_changes[0].field == "requires-python");
        CHECK(d.lock_changes[0].old_value == ">=3.13");
        CHECK(d.lock_changes[0].new_value == ">=3.10");
    }
    SECTION("15, 18, 21: format-only changes are no change") {
        const auto& d15 = pair_named(pairs, "15-revision-only-2-to-3").diff;
        CHECK(d15.empty());
        REQUIRE(d15.revision);
        CHECK(d15.revision->first == 2);
        CHECK(d15.revision->second == 3);
        CHECK(pair_named(pairs, "21-crlf-line-endings").diff.empty());
        const auto& d18 = pair_named(pairs, "18-revision-1-to-3-format-upgrade").diff;
        CHECK(d18.count(diff::ChangeKind::Upgraded) == 0);
        CHECK(d18.count(diff::ChangeKind::Added) == 0);
        CHECK(d18.count(diff::ChangeKind::Removed) == 0);
        CHECK(d18.cosmetic_packages > 0);
    }
    SECTION("17: upload-time added everywhere is folded") {
        const auto& d = pair_named(pairs, "17-revision-1-to-2-upload-time").diff;
        CHECK(d.cosmetic_packages > 10);
        for (const auto& c : d.changes) {
            INFO(c.name);
            CHECK(c.artifact_changes.empty());
        }
    }
    SECTION("24: prerelease-mode option removed, nothing else") {
        const auto& d = pair_named(pairs, "24-options-prerelease-mode-removed").diff;
        CHECK(d.changes.empty());
        REQUIRE(d.lock_changes.size() == 1);
        CHECK(d.lock_changes[0].field == "options.prerelease-mode");
        CHECK(d.lock_changes[0].old_value == "allow");
    }
    SECTION("23: a workspace member is added") {
        const auto& d = pair_named(pairs, "23-workspace-member-added").diff;
        CHECK(std::any_of(d.lock_changes.begin(), d.lock_changes.end(), [](const auto& f) { return f.field == "manifest.members"; }));
        CHECK(std::any_of(d.changes.begin(), d.changes.end(), [](const auto& c) {
            return c.kind == diff::ChangeKind::Added && c.relation == diff::Relation::Member;
        }));
    }
}
