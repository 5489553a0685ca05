// find_lock_problems: every structural problem of a lock that does not read, in
// one pass, each with its kind and location; nothing when the lock reads.

#include "lockkit/lockfile/lock_problems.hpp"
#include "lockkit/lockfile/reader.hpp"

#include <catch2/catch.hpp>

#include <utility>

using namespace lockkit;
using namespace lockkit::lockfile;

namespace {

constexpr const char* k_lock = R"(version = 1
revision = 3
requires-python = ">=3.12"

[[package]]
name = "demo"
version = "0.1.0"
source = { editable = "." }
dependencies = [
    { name = "idna" },
    { name = "six" },
]

[package.metadata]
requires-dist = [
    { name = "idna" },
    { name = "six" },
]

[[package]]
name = "idna"
version = "3.6"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "six"
version = "1.17.0"
source = { registry = "https://pypi.org/simple" }
)";

std::string replace(std::string text, std::string_view from, std::string_view to) {
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    return text;
}

/// (kind, line, column) of each problem.
std::vector<std::tuple<ProblemKind, std::uint32_t, std::uint32_t>> summary(std::string_view text) {
    REQUIRE_FALSE(parse_lock(text, "uv.lock").has_value());
    std::vector<std::tuple<ProblemKind, std::uint32_t, std::uint32_t>> out;
    for (const auto& p : find_lock_problems(text, "uv.lock")) {
        CHECK(p.diagnostic.file == "uv.lock");
        CHECK_FALSE(p.diagnostic.message.empty());
        CHECK(p.end_line >= p.diagnostic.line);
        out.emplace_back(p.kind, p.diagnostic.line, p.diagnostic.column);
    }
    return out;
}

/// 1-based line of the `nth` line holding `needle`.
std::uint32_t line_of(std::string_view text, std::string_view needle, int nth = 1) {
    std::uint32_t line = 1;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t end = std::min(text.find('\n', start), text.size());
        if (text.substr(start, end - start).find(needle) != std::string_view::npos && --nth == 0) {
            return line;
        }
        start = end + 1;
        ++line;
    }
    FAIL("no line holds " << needle);
    return 0;
}

using P = ProblemKind;
using Row = std::tuple<ProblemKind, std::uint32_t, std::uint32_t>;

} // namespace

TEST_CASE("a lock that reads has no problems", "[lockfile][problems]") {
    REQUIRE(parse_lock(k_lock, "uv.lock").has_value());
    CHECK(find_lock_problems(k_lock, "uv.lock").empty());
}

TEST_CASE("the reader's first error is among the problems", "[lockfile][problems]") {
    const std::string text = replace(k_lock, "    { name = \"six\" },\n]\n\n[package", "    { name = \"six\" },\n    { name = \"gone\" },\n]\n\n[package");
    const auto first = parse_lock(text, "uv.lock").error();
    const auto problems = find_lock_problems(text, "uv.lock");
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].kind == P::DanglingDependency);
    CHECK(problems[0].diagnostic.line == first.line);
    CHECK(problems[0].diagnostic.column == first.column);
    CHECK(problems[0].diagnostic.message == first.message);
}

TEST_CASE("several model errors are all reported, each entry skipped alone", "[lockfile][problems]") {
    std::string text = replace(k_lock, "    { name = \"six\" },\n]\n\n[package", "    { name = \"gone\" },\n    { name = \"six\" },\n]\n\n[package");
    text = replace(text, "name = \"idna\"\nversion = \"3.6\"", "name = \"idna\"\nversion = 36");          // wrong type
    text = replace(text, "name = \"six\"\nversion = \"1.17.0\"\nsource", "name = \"six\"\nversion = \"1.17.0\"\nsourc");  // missing
    text += "\n[[package]]\nname = \"demo\"\nversion = \"0.1.0\"\nsource = { editable = \".\" }\n";       // duplicate
    CHECK(summary(text) == std::vector<Row>{{P::DanglingDependency, line_of(text, "\"gone\""), 5},
                                            {P::InvalidField, line_of(text, "version = 36"), 11},
                                            {P::InvalidField, line_of(text, "[[package]]", 3), 1},
                                            {P::DuplicatePackage, line_of(text, "[[package]]", 4), 1}});
}

TEST_CASE("a syntax error loses only its table; edges to its package are not dangling", "[lockfile][problems]") {
    std::string text = replace(k_lock, "version = \"3.6\"", "version = \"3.6\"\nversion = \"3.6\"");  // a doubled key
    text = replace(text, "name = \"six\"\nversion", "name = \"six\nversion");                      // unterminated
    const auto rows = summary(text);
    REQUIRE(rows.size() == 2);
    CHECK(std::get<0>(rows[0]) == P::InvalidToml);
    CHECK(std::get<1>(rows[0]) == line_of(text, "version = \"3.6\"", 2));
    CHECK(std::get<0>(rows[1]) == P::InvalidToml);
    CHECK(std::get<1>(rows[1]) == line_of(text, "name = \"six", 3));  // the unterminated one
    // A sub-table after a broken [[package]] stays with that package, not the one before.
    const std::string broken_member = replace(k_lock, "source = { editable = \".\" }", "source = { editable = \".\" ");
    CHECK(summary(broken_member) == std::vector<Row>{{P::InvalidToml, line_of(broken_member, "editable"), 27}});
    // A broken block without a readable name: no edge can be judged.
    const std::string nameless = replace(k_lock, "name = \"idna\"\nversion = \"3.6\"", "nam = \"idna\nversion = \"3.6\"");
    const auto nameless_rows = summary(nameless);
    REQUIRE(nameless_rows.size() == 1);
    CHECK(std::get<0>(nameless_rows[0]) == P::InvalidToml);
}

TEST_CASE("each conflict region is one problem; the rest is judged on both sides", "[lockfile][problems]") {
    std::string text = replace(k_lock, "version = \"3.6\"\n",
                               "<<<<<<< HEAD\nversion = \"3.6\"\n||||||| base\nversion = \"3.5\"\n=======\nversion = \"3.7\"\n>>>>>>> topic\n");
    text = replace(text, "version = \"1.17.0\"\n", "<<<<<<< HEAD\nversion = \"1.17.0\"\n=======\nversion = \"1.16.0\"\n>>>>>>> topic\n");
    text = replace(text, "    { name = \"six\" },\n]\n\n[package", "    { name = \"six\" },\n    { name = \"gone\" },\n]\n\n[package");
    const auto problems = find_lock_problems(text, "uv.lock");
    REQUIRE(problems.size() == 3);
    CHECK(problems[0].kind == P::DanglingDependency);
    CHECK(problems[1].kind == P::ConflictMarkers);
    const std::uint32_t first = line_of(text, "<<<<<<<"), last = line_of(text, ">>>>>>>");
    CHECK(problems[1].diagnostic.line == first);
    CHECK(problems[1].end_line == last);
    CHECK(last == first + 6);
    CHECK(problems[1].diagnostic.message ==
          "an unresolved git merge conflict at lines " + std::to_string(first) + "-" + std::to_string(last));
    CHECK(problems[2].kind == P::ConflictMarkers);
    CHECK(problems[2].diagnostic.line == line_of(text, "<<<<<<<", 2));
    CHECK(problems[2].end_line == line_of(text, ">>>>>>>", 2));
    CHECK_FALSE(problems[1].diagnostic.hints.empty());
}

TEST_CASE("conflict regions: diff3, cut short, and stray markers", "[lockfile][problems]") {
    const auto regions = find_conflict_regions("a\n<<<<<<< x\nb\n||||||| y\nc\n=======\nd\n>>>>>>> z\ne\n=======\n<<<<<<< q\nf\n");
    REQUIRE(regions.size() == 3);
    CHECK(regions[0].first_line == 2);
    CHECK(regions[0].base_line == 4);
    CHECK(regions[0].split_line == 6);
    CHECK(regions[0].last_line == 8);
    CHECK(regions[0].closed);
    CHECK(regions[1].first_line == 10);  // a stray `=======`
    CHECK(regions[1].last_line == 10);
    CHECK(regions[2].first_line == 11);  // never closed: to the end of the file
    CHECK(regions[2].last_line == 12);
    CHECK_FALSE(regions[2].closed);
    // Not markers: fewer than seven, or text right after them.
    CHECK(find_conflict_regions("<<<<<< x\n=======x\n").empty());
}

TEST_CASE("an unsupported version stops the reading: nothing after it can be judged", "[lockfile][problems]") {
    std::string text = replace(k_lock, "version = 1\n", "version = 2\n");
    text = replace(text, "    { name = \"six\" },\n]\n\n[package", "    { name = \"gone\" },\n]\n\n[package");
    CHECK(summary(text) == std::vector<Row>{{P::UnsupportedVersion, 1, 11}});
    const std::string old = replace(k_lock, "source = { registry = \"https://pypi.org/simple\" }",
                                    "source = \"registry+https://pypi.org/simple\"");
    const auto rows = summary(old);
    REQUIRE(rows.size() == 1);
    CHECK(std::get<0>(rows[0]) == P::UnsupportedVersion);
}

TEST_CASE("conflict_side keeps one side of every region and drops the markers", "[lockfile][problems]") {
    const std::string text = "a\n<<<<<<< ours\nb1\n=======\nb2\n>>>>>>> theirs\nc\n<<<<<<< ours\n||||||| base\nd0\n"
                             "=======\nd2\n>>>>>>> theirs\n";
    CHECK(lockkit::lockfile::conflict_side(text, true) == "a\nb1\nc\n");
    CHECK(lockkit::lockfile::conflict_side(text, false) == "a\nb2\nc\nd2\n");
    CHECK_FALSE(lockkit::lockfile::conflict_side("a\nb\n", true).has_value());
    // A region that never closes cannot be split into sides.
    CHECK_FALSE(lockkit::lockfile::conflict_side("<<<<<<< ours\nx\n=======\ny\n", true).has_value());
}
