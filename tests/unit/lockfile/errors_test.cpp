// Bad input gets a clear, located error: file:line:column, the line, a caret,
// and a hint where there is something to do.

#include "lockkit/lockfile/reader.hpp"

#include <catch2/catch.hpp>

using namespace lockkit;
using namespace lockkit::lockfile;

namespace {

constexpr const char* k_minimal = R"(version = 1
revision = 3
requires-python = ">=3.12"

[[package]]
name = "demo"
version = "0.1.0"
source = { virtual = "." }
dependencies = [
    { name = "idna" },
]

[[package]]
name = "idna"
version = "3.6"
source = { registry = "https://pypi.org/simple" }
)";

Diagnostic error_of(std::string_view text) {
    auto lock = parse_lock(text, "uv.lock");
    REQUIRE_FALSE(lock.has_value());
    return lock.error();
}

std::string replace(std::string text, std::string_view from, std::string_view to) {
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    return text;
}

} // namespace

TEST_CASE("a valid minimal lock reads", "[lockfile][errors]") {
    auto lock = parse_lock(k_minimal, "uv.lock");
    REQUIRE(lock.has_value());
    REQUIRE(lock->packages.size() == 2);
    CHECK(lock->packages[0].dependencies.at(0).target.version == "3.6");
    CHECK(lock->packages[1].line == 13);
}

TEST_CASE("unsupported lock version", "[lockfile][errors]") {
    const auto d = error_of(replace(k_minimal, "version = 1", "version = 2"));
    CHECK(d.message == "lockfile version 2 is not supported; this build reads version 1");
    CHECK(d.line == 1);
    CHECK(d.column == 11);
    CHECK_THAT(d.render(), Catch::StartsWith("error: uv.lock:1:11: lockfile version 2"));
    CHECK_THAT(d.render(), Catch::Contains(" 1 | version = 2\n   |           ^\n"));
}

TEST_CASE("git conflict markers are reported with their line range", "[lockfile][errors]") {
    std::string text = k_minimal;
    text = replace(text, "version = \"3.6\"\n", "<<<<<<< HEAD\nversion = \"3.6\"\n=======\nversion = \"3.7\"\n>>>>>>> feature\n");
    const auto d = error_of(text);
    CHECK(d.message == "uv.lock has unresolved merge conflict markers at lines 15-19");
    CHECK(d.line == 15);
    REQUIRE(d.hints.size() == 1);
    CHECK_THAT(d.hints[0], Catch::Contains("lock-merge install"));
}

TEST_CASE("malformed TOML points at the problem", "[lockfile][errors]") {
    const auto d = error_of(replace(k_minimal, "name = \"idna\"\nversion", "name = \"idna\nversion"));
    CHECK_THAT(d.message, Catch::StartsWith("invalid TOML: "));
    CHECK(d.line == 14);
    CHECK(d.column > 1);
    CHECK_THAT(d.render(), Catch::Contains("uv.lock:14:"));
}

TEST_CASE("a missing required field names the field and the package", "[lockfile][errors]") {
    const auto d = error_of(replace(k_minimal, "source = { registry = \"https://pypi.org/simple\" }\n", ""));
    CHECK(d.message == "missing required field `source` in [[package]] `idna`");
    CHECK(d.line == 13);
    CHECK(d.source_line == "[[package]]");
}

TEST_CASE("a wrong type is named", "[lockfile][errors]") {
    const auto d = error_of(replace(k_minimal, "version = \"3.6\"", "version = 3"));
    CHECK(d.message == "`version` must be a string, found an integer");
    CHECK(d.line == 15);
    CHECK(d.column == 11);
}

TEST_CASE("a dangling dependency edge is an error", "[lockfile][errors]") {
    const auto d = error_of(replace(k_minimal, "{ name = \"idna\" }", "{ name = \"idnaa\" }"));
    CHECK(d.message == "dependency `idnaa` of package `demo` points at no package in the lock");
    CHECK(d.line == 10);
}

TEST_CASE("a duplicated package is an error", "[lockfile][errors]") {
    std::string text = k_minimal;
    text += "\n[[package]]\nname = \"idna\"\nversion = \"3.6\"\nsource = { registry = \"https://pypi.org/simple\" }\n";
    const auto d = error_of(text);
    CHECK_THAT(d.message, Catch::Contains("appears twice"));
    CHECK(d.line == 18);
}

TEST_CASE("an empty file is not a lock", "[lockfile][errors]") {
    const auto d = error_of("");
    CHECK_THAT(d.message, Catch::Contains("missing required field `version`"));
}

TEST_CASE("the general parser takes over for valid non-canonical TOML", "[lockfile]") {
    // Literal strings, CRLF and an array of tables are all valid TOML that uv never writes.
    std::string text = replace(k_minimal, "requires-python = \">=3.12\"", "requires-python = '>=3.12'");
    ReadStats stats;
    auto lock = parse_lock(text, "uv.lock", {}, &stats);
    REQUIRE(lock.has_value());
    CHECK_FALSE(stats.used_canonical);
    CHECK(lock->requires_python == ">=3.12");

    std::string crlf;
    for (char c : std::string(k_minimal)) {
        if (c == '\n') {
            crlf += '\r';
        }
        crlf += c;
    }
    auto lock2 = parse_lock(crlf, "uv.lock", {}, &stats);
    REQUIRE(lock2.has_value());
    CHECK_FALSE(stats.used_canonical);
    auto lock3 = parse_lock(k_minimal, "uv.lock", {}, &stats);
    REQUIRE(lock3.has_value());
    CHECK(stats.used_canonical);
    CHECK(*lock2 == *lock3);
}
