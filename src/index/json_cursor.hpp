#pragma once
// A strict, allocation-light JSON reader for one document (private to src/index).
//
// The caller drives it by structure (object members, array items) and asks
// for the values it wants; everything else is skipped with `skip_value`, which
// still checks the grammar. Strings come back as views into the input when
// they hold no escape, else into a scratch buffer valid until the next string
// is read. Errors are thrown as `JsonError` with the byte offset and caught
// once by the page reader.

#include <cstdint>
#include <string>
#include <string_view>

namespace lockkit::index::detail {

struct JsonError {
    std::size_t offset;
    std::string message;
};

class JsonCursor {
public:
    explicit JsonCursor(std::string_view text) : m_begin(text.data()), m_p(text.data()), m_end(text.data() + text.size()) {}

    std::size_t offset() const { return static_cast<std::size_t>(m_p - m_begin); }
    [[noreturn]] void fail(std::string message) const { throw JsonError{offset(), std::move(message)}; }

    void skip_whitespace() {
        while (m_p < m_end && (*m_p == ' ' || *m_p == '\n' || *m_p == '\r' || *m_p == '\t')) {
            ++m_p;
        }
    }
    /// The next significant character, or '\0' at the end.
    char peek() {
        skip_whitespace();
        return m_p < m_end ? *m_p : '\0';
    }
    void expect(char c) {
        if (peek() != c) {
            fail_expected(std::string("`") + c + "`");
        }
        ++m_p;
    }
    [[noreturn]] void fail_expected(const std::string& what) {
        if (m_p >= m_end) {
            fail("expected " + what + ", found the end of the text");
        }
        const char c = *m_p;
        std::string found = c >= 0x20 && c < 0x7f ? std::string("`") + c + "`" : "byte " + std::to_string(static_cast<unsigned char>(c));
        fail("expected " + what + ", found " + found);
    }

    /// Starts an object; false if it is empty (then it is already closed).
    bool begin_object() {
        expect('{');
        if (peek() == '}') {
            ++m_p;
            return false;
        }
        return true;
    }
    /// Reads the next member's key (and its ':'); the caller then reads the value.
    std::string_view key() {
        if (peek() != '"') {
            fail_expected("a member name in quotes");
        }
        const auto name = string();
        expect(':');
        return name;
    }
    /// After a member's value: true if another member follows (its ',' is consumed).
    bool next_member() {
        const char c = peek();
        if (c == ',') {
            ++m_p;
            return true;
        }
        if (c == '}') {
            ++m_p;
            return false;
        }
        fail_expected("`,` or `}`");
    }
    /// Starts an array; false if it is empty (then it is already closed).
    bool begin_array() {
        expect('[');
        if (peek() == ']') {
            ++m_p;
            return false;
        }
        return true;
    }
    bool next_item() {
        const char c = peek();
        if (c == ',') {
            ++m_p;
            return true;
        }
        if (c == ']') {
            ++m_p;
            return false;
        }
        fail_expected("`,` or `]`");
    }

    std::string_view string();
    /// `null` consumed; false (nothing consumed) for anything else.
    bool null() {
        if (peek() == 'n') {
            literal("null");
            return true;
        }
        return false;
    }
    bool boolean() {
        const char c = peek();
        if (c == 't') {
            literal("true");
            return true;
        }
        if (c == 'f') {
            literal("false");
            return false;
        }
        fail_expected("`true` or `false`");
    }
    /// A whole number >= 0 that fits 64 bits.
    std::uint64_t unsigned_integer();
    void skip_value(int depth = 0);
    /// Nothing but whitespace may follow the document.
    void finish() {
        if (peek() != '\0') {
            fail("unexpected text after the JSON document");
        }
    }

private:
    void literal(std::string_view word);
    void skip_number();
    std::uint32_t hex4();

    const char* m_begin;
    const char* m_p;
    const char* m_end;
    std::string m_scratch;
};

} // namespace lockkit::index::detail
