#include "json_cursor.hpp"

#include "lockkit/util/utf8.hpp"

#include <cstring>

namespace lockkit::index::detail {

namespace {

/// Bytes that end a run of plain string content.
inline bool is_special(unsigned char c) {
    return c == '"' || c == '\\' || c < 0x20;
}

} // namespace

void JsonCursor::literal(std::string_view word) {
    if (static_cast<std::size_t>(m_end - m_p) < word.size() || std::memcmp(m_p, word.data(), word.size()) != 0) {
        fail_expected("a JSON value");
    }
    m_p += word.size();
}

std::uint32_t JsonCursor::hex4() {
    if (m_end - m_p < 4) {
        fail("a `\\u` escape needs four hex digits");
    }
    std::uint32_t value = 0;
    for (int i = 0; i < 4; ++i) {
        const char c = *m_p++;
        value <<= 4;
        if (c >= '0' && c <= '9') {
            value |= static_cast<std::uint32_t>(c - '0');
        } else if (c >= 'a' && c <= 'f') {
            value |= static_cast<std::uint32_t>(c - 'a' + 10);
        } else if (c >= 'A' && c <= 'F') {
            value |= static_cast<std::uint32_t>(c - 'A' + 10);
        } else {
            --m_p;
            fail("a `\\u` escape needs four hex digits");
        }
    }
    return value;
}

std::string_view JsonCursor::string() {
    expect('"');
    const char* start = m_p;
    const char* p = m_p;
    while (p < m_end && !is_special(static_cast<unsigned char>(*p))) {
        ++p;
    }
    if (p < m_end && *p == '"') {
        m_p = p + 1;
        return {start, static_cast<std::size_t>(p - start)};  // the common case: no escapes
    }
    // Escapes (or an error): decode into the scratch buffer.
    m_scratch.assign(start, p);
    m_p = p;
    for (;;) {
        if (m_p >= m_end) {
            fail("a string is not closed");
        }
        const auto c = static_cast<unsigned char>(*m_p);
        if (c == '"') {
            ++m_p;
            return m_scratch;
        }
        if (c < 0x20) {
            fail("a control character (byte " + std::to_string(c) + ") inside a string");
        }
        if (c != '\\') {
            const char* run = m_p;
            while (m_p < m_end && !is_special(static_cast<unsigned char>(*m_p))) {
                ++m_p;
            }
            m_scratch.append(run, m_p);
            continue;
        }
        ++m_p;
        if (m_p >= m_end) {
            fail("a string is not closed");
        }
        const char e = *m_p++;
        switch (e) {
        case '"':
        case '\\':
        case '/':
            m_scratch += e;
            break;
        case 'b':
            m_scratch += '\b';
            break;
        case 'f':
            m_scratch += '\f';
            break;
        case 'n':
            m_scratch += '\n';
            break;
        case 'r':
            m_scratch += '\r';
            break;
        case 't':
            m_scratch += '\t';
            break;
        case 'u': {
            std::uint32_t code = hex4();
            if (code >= 0xD800 && code <= 0xDBFF) {
                // A surrogate pair encodes one code point above U+FFFF.
                if (m_end - m_p < 6 || m_p[0] != '\\' || m_p[1] != 'u') {
                    fail("a lone surrogate in a `\\u` escape");
                }
                m_p += 2;
                const std::uint32_t low = hex4();
                if (low < 0xDC00 || low > 0xDFFF) {
                    fail("a lone surrogate in a `\\u` escape");
                }
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
            } else if (code >= 0xDC00 && code <= 0xDFFF) {
                fail("a lone surrogate in a `\\u` escape");
            }
            lockkit::append_utf8(m_scratch, code);
            break;
        }
        default:
            --m_p;
            fail(std::string("an unknown escape `\\") + e + "` in a string");
        }
    }
}

void JsonCursor::skip_number() {
    // -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
    const auto digits = [&] {
        const char* start = m_p;
        while (m_p < m_end && *m_p >= '0' && *m_p <= '9') {
            ++m_p;
        }
        return m_p - start;
    };
    if (m_p < m_end && *m_p == '-') {
        ++m_p;
    }
    if (m_p < m_end && *m_p == '0') {
        ++m_p;
    } else if (digits() == 0) {
        fail_expected("a digit");
    }
    if (m_p < m_end && *m_p == '.') {
        ++m_p;
        if (digits() == 0) {
            fail_expected("a digit after `.`");
        }
    }
    if (m_p < m_end && (*m_p == 'e' || *m_p == 'E')) {
        ++m_p;
        if (m_p < m_end && (*m_p == '+' || *m_p == '-')) {
            ++m_p;
        }
        if (digits() == 0) {
            fail_expected("a digit in the exponent");
        }
    }
}

std::uint64_t JsonCursor::unsigned_integer() {
    const char c = peek();
    if (c < '0' || c > '9') {
        if (c == '-') {
            fail("expected a whole number of at least 0, found a negative number");
        }
        fail_expected("a whole number");
    }
    const char* start = m_p;
    skip_number();
    std::uint64_t value = 0;
    for (const char* p = start; p < m_p; ++p) {
        if (*p < '0' || *p > '9') {
            m_p = start;
            fail("expected a whole number, found a fraction or exponent");
        }
        const std::uint64_t digit = static_cast<std::uint64_t>(*p - '0');
        if (value > (UINT64_MAX - digit) / 10) {
            m_p = start;
            fail("a number too large for 64 bits");
        }
        value = value * 10 + digit;
    }
    return value;
}

void JsonCursor::skip_value(int depth) {
    if (depth > 512) {
        fail("values nested more than 512 deep");
    }
    switch (peek()) {
    case '"':
        string();
        return;
    case '{':
        if (begin_object()) {
            do {
                key();
                skip_value(depth + 1);
            } while (next_member());
        }
        return;
    case '[':
        if (begin_array()) {
            do {
                skip_value(depth + 1);
            } while (next_item());
        }
        return;
    case 't':
        literal("true");
        return;
    case 'f':
        literal("false");
        return;
    case 'n':
        literal("null");
        return;
    default:
        if (peek() == '-' || (peek() >= '0' && peek() <= '9')) {
            skip_number();
            return;
        }
        fail_expected("a JSON value");
    }
}

} // namespace lockkit::index::detail
