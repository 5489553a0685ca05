// Escaping input bytes for terminal output (see terminal_text.hpp).

#include "lockkit/util/terminal_text.hpp"

#include "lockkit/util/utf8.hpp"

#include <cstdint>

namespace lockkit {

namespace {

constexpr char k_hex[] = "0123456789abcdef";

void append_byte_escape(std::string& out, unsigned char c) {
    out += "\\x";
    out += k_hex[c >> 4];
    out += k_hex[c & 0xF];
}

/// Characters a reader cannot tell from a plain space or from nothing: zero-width
/// marks, the bidirectional embeddings, overrides and isolates (the "Trojan
/// Source" characters), and the Unicode spaces other than U+0020.
bool is_deceptive(std::uint32_t cp) {
    return (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202F) || (cp >= 0x2066 && cp <= 0x2069) ||
           (cp >= 0x2000 && cp <= 0x200A) || cp == 0x00A0 || cp == 0x205F || cp == 0x3000 || cp == 0xFEFF ||
           cp == 0x061C || cp == 0x2028 || cp == 0x2029;
}

} // namespace

std::string escape_for_terminal(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c < 0x7F) {
            out += static_cast<char>(c);
            ++i;
            continue;
        }
        if (c < 0x80) {
            switch (c) {
            case '\n': out += '\n'; break;
            case '\t': out += "\\t"; break;
            case '\r': out += "\\r"; break;
            default: append_byte_escape(out, c); break;  // other C0 controls, DEL
            }
            ++i;
            continue;
        }
        const std::size_t length = utf8_sequence_length(text, i);
        if (length == 0) {
            append_byte_escape(out, c);
            ++i;
            continue;
        }
        const std::uint32_t cp = utf8_code_point(text, i, length);
        if ((cp >= 0x80 && cp < 0xA0) || is_deceptive(cp)) {
            out += "\\u{";
            std::string digits;
            for (std::uint32_t v = cp; v != 0; v >>= 4) {
                digits.insert(digits.begin(), k_hex[v & 0xF]);
            }
            out += digits + "}";
        } else {
            out.append(text.substr(i, length));
        }
        i += length;
    }
    return out;
}

std::size_t terminal_width(std::string_view escaped) {
    std::size_t width = 0;
    for (const char c : escaped) {
        width += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;  // count lead bytes only
    }
    return width;
}

} // namespace lockkit
