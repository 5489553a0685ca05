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

TEST_CASE("the eight-bytes-at-a-time scan finds a special byte at any position", "[lockfile][writer]") {
    // Long strings are checked a word at a time, then byte by byte: a byte that
    // needs another style must be found wherever it falls.
    const std::string plain = "https://files.pythonhosted.org/packages/ab/cd/pkg-1.0-py3-none-any.whl";
    CHECK(quoted(plain) == "\"" + plain + "\"");
    CHECK(quoted(plain + "\xc3\xa9\xe2\x82\xac") == "\"" + plain + "\xc3\xa9\xe2\x82\xac\"");  // high bytes stay plain
    for (std::size_t at = 0; at <= 24; ++at) {
        INFO("position " << at);
        std::string s(25, 'x');
        auto escaped_at = [&](std::string_view escape) {  // s with byte `at` escaped, in a basic string
            std::string e = "\"";
            e.append(s, 0, at);
            e.append(escape);
            e.append(s, at + 1);
            e += '"';
            return e;
        };
        s[at] = '"';
        CHECK(quoted(s) == "'" + s + "'");
        s[at] = '\\';
        CHECK(quoted(s) == "'" + s + "'");
        s[at] = '\t';
        CHECK(quoted(s) == escaped_at("\\t"));
        s[at] = '\x1f';
        CHECK(quoted(s) == escaped_at("\\u001F"));
        s[at] = '\x7f';
        CHECK(quoted(s) == escaped_at("\\u007F"));
        s[at] = ' ';  // 0x20 is the first plain byte
        CHECK(quoted(s) == "\"" + s + "\"");
    }
}
