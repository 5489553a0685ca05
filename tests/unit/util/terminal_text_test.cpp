// Escaping input bytes for the terminal, and the UTF-8 check behind it.

#include "lockkit/util/diagnostic.hpp"
#include "lockkit/util/terminal_text.hpp"
#include "lockkit/util/utf8.hpp"

#include <catch2/catch.hpp>

using namespace lockkit;

TEST_CASE("UTF-8 sequences are checked as RFC 3629 defines them", "[util][utf8]") {
    CHECK(utf8_sequence_length("a", 0) == 1);
    CHECK(utf8_sequence_length("\xc3\xa9", 0) == 2);          // é
    CHECK(utf8_sequence_length("\xe2\x82\xac", 0) == 3);      // €
    CHECK(utf8_sequence_length("\xf0\x9f\x93\xa6", 0) == 4);  // 📦
    CHECK(utf8_sequence_length("\xff", 0) == 0);
    CHECK(utf8_sequence_length("\x80", 0) == 0);              // a continuation byte alone
    CHECK(utf8_sequence_length("\xc3", 0) == 0);              // truncated
    CHECK(utf8_sequence_length("\xc0\xaf", 0) == 0);          // overlong '/'
    CHECK(utf8_sequence_length("\xe0\x80\xaf", 0) == 0);      // overlong, three bytes
    CHECK(utf8_sequence_length("\xed\xa0\x80", 0) == 0);      // a surrogate
    CHECK(utf8_sequence_length("\xf4\x90\x80\x80", 0) == 0);  // above U+10FFFF
    CHECK(utf8_code_point("\xe2\x82\xac", 0, 3) == 0x20AC);
}

TEST_CASE("bytes a terminal would act on are shown as escapes", "[util][terminal]") {
    CHECK(escape_for_terminal("plain text, é and €") == "plain text, é and €");
    CHECK(escape_for_terminal("red\x1b[31m") == "red\\x1b[31m");
    CHECK(escape_for_terminal("a\tb\rc\nd") == "a\\tb\\rc\nd");
    CHECK(escape_for_terminal("\x7f\x01") == "\\x7f\\x01");
    CHECK(escape_for_terminal("bad \xff\xfe byte") == "bad \\xff\\xfe byte");
    CHECK(escape_for_terminal("\xc2\x9b") == "\\u{9b}");           // C1 control (CSI)
    CHECK(escape_for_terminal("a\xe2\x80\xae" "b") == "a\\u{202e}b");  // right-to-left override
    CHECK(escape_for_terminal("no\xc2\xa0space") == "no\\u{a0}space");
    CHECK(escape_for_terminal("back\\slash") == "back\\slash");
    CHECK(terminal_width("é\\x1b") == 5);
}

TEST_CASE("a diagnostic escapes what it quotes and keeps its caret in place", "[util][terminal]") {
    const std::string text = "version = 1\nname = \"\x1b[2Jé\xff\" = x\n";
    const Diagnostic d = diagnostic_at("uv\x1b.lock", text, text.find("= x"), "bad \x1b[31mname");
    const std::string out = d.render();
    CHECK(out.find('\x1b') == std::string::npos);
    CHECK(out.find('\xff') == std::string::npos);
    CHECK(out ==
          "error: uv\\x1b.lock:2:18: bad \\x1b[31mname\n"
          " 2 | name = \"\\x1b[2Jé\\xff\" = x\n"
          "   | " + std::string(22, ' ') + "^\n");  // under the `=`, counted as shown
}
