// The string quoting rules of uv's TOML writer (uv-lock-format.md §1.5, from
// toml_writer's default string style) on inputs uv rarely produces.

#include "lockkit/lockfile/writer.hpp"

#include <catch2/catch.hpp>

using lockkit::lockfile::append_toml_string;

namespace {
std::string quoted(std::string_view s) {
    std::string out;
    append_toml_string(out, s);
    return out;
}
} // namespace

TEST_CASE("plain text is a basic string", "[lockfile][writer]") {
    CHECK(quoted("python_full_version < '3.12'") == "\"python_full_version < '3.12'\"");
    CHECK(quoted("") == "\"\"");
    CHECK(quoted("caf\xc3\xa9") == "\"caf\xc3\xa9\"");  // non-ASCII stays raw
}

TEST_CASE("a tab is allowed in a basic string but written escaped", "[lockfile][writer]") {
    CHECK(quoted("a\tb") == "\"a\\tb\"");
}

TEST_CASE("double quotes or backslashes choose a literal string", "[lockfile][writer]") {
    CHECK(quoted("say \"hi\"") == "'say \"hi\"'");
    CHECK(quoted("C:\\path") == "'C:\\path'");
}

TEST_CASE("both quote kinds without newline choose a multi-line basic string", "[lockfile][writer]") {
    CHECK(quoted("it's \"x\"") == "\"\"\"it's \"x\"\"\"\"");
}

TEST_CASE("a newline chooses a multi-line string with a leading newline", "[lockfile][writer]") {
    CHECK(quoted("a\nb") == "\"\"\"\na\nb\"\"\"");
}

TEST_CASE("control characters fall back to an escaped basic string", "[lockfile][writer]") {
    CHECK(quoted(std::string("a\x01") + "'\"") == "\"a\\u0001'\\\"\"");
    CHECK(quoted("\x7f\\'") == "\"\\u007F\\\\'\"");
}
