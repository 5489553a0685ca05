// RECORD reading and writing; see include/lockkit/install/record.hpp.

#include "lockkit/install/record.hpp"

#include "lockkit/util/sha256.hpp"

#include <algorithm>
#include <charconv>
#include <tuple>

namespace lockkit::install {

namespace {

/// Rust's csv writer (uv's) quotes a field only when it holds a delimiter, a quote or a
/// line break.
void append_field(std::string& out, std::string_view field) {
    if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
        out += field;
        return;
    }
    out += '"';
    for (const char c : field) {
        if (c == '"') {
            out += '"';
        }
        out += c;
    }
    out += '"';
}

} // namespace

std::expected<std::vector<RecordEntry>, std::string> parse_record(std::string_view text) {
    std::vector<RecordEntry> rows;
    std::vector<std::string> fields;
    std::string field;
    std::uint32_t line = 1;
    std::uint32_t row_line = 1;
    bool in_quotes = false;
    bool field_started = false;  // the current field has content or quotes

    auto end_field = [&] {
        fields.push_back(std::move(field));
        field.clear();
        field_started = false;
    };
    auto end_row = [&] {
        if (field_started || !fields.empty()) {
            end_field();
        }
        if (!fields.empty() && !fields[0].empty()) {
            RecordEntry e;
            e.path = fields[0];
            e.line = row_line;
            if (fields.size() > 1) {
                e.hash = fields[1];
            }
            if (fields.size() > 2 && !fields[2].empty()) {
                std::uint64_t size = 0;
                const auto& s = fields[2];
                if (auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), size);
                    ec == std::errc() && ptr == s.data() + s.size()) {
                    e.size = size;
                }
            }
            rows.push_back(std::move(e));
        }
        fields.clear();
    };

    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_quotes) {
            if (c == '"') {
                if (i + 1 < text.size() && text[i + 1] == '"') {
                    field += '"';
                    ++i;
                } else {
                    in_quotes = false;
                }
            } else {
                if (c == '\n') {
                    ++line;
                }
                field += c;
            }
            continue;
        }
        switch (c) {
        case '"':
            if (!field_started) {
                in_quotes = true;
                field_started = true;
            } else {
                field += c;  // a quote inside an unquoted field is literal (Python's csv does the same)
            }
            break;
        case ',':
            end_field();
            break;
        case '\r':
            if (i + 1 < text.size() && text[i + 1] == '\n') {
                ++i;
            }
            [[fallthrough]];
        case '\n':
            end_row();
            ++line;
            row_line = line;
            break;
        default:
            field += c;
            field_started = true;
            break;
        }
    }
    if (in_quotes) {
        return std::unexpected("line " + std::to_string(row_line) + ": unterminated quoted field");
    }
    end_row();
    return rows;
}

std::string format_record(std::vector<RecordEntry> entries) {
    // uv derives the order of its row struct: path, then hash (absent first), then size.
    std::sort(entries.begin(), entries.end(), [](const RecordEntry& a, const RecordEntry& b) {
        return std::tie(a.path, a.hash, a.size) < std::tie(b.path, b.hash, b.size);
    });
    std::string out;
    for (const auto& e : entries) {
        append_field(out, e.path);
        out += ',';
        append_field(out, e.hash);
        out += ',';
        if (e.size) {
            out += std::to_string(*e.size);
        }
        out += '\n';
    }
    return out;
}

std::string record_hash_from_hex(std::string_view hex) {
    static constexpr char k_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    auto nibble = [](char c) -> unsigned {
        if (c >= '0' && c <= '9') {
            return static_cast<unsigned>(c - '0');
        }
        if (c >= 'a' && c <= 'f') {
            return static_cast<unsigned>(c - 'a' + 10);
        }
        if (c >= 'A' && c <= 'F') {
            return static_cast<unsigned>(c - 'A' + 10);
        }
        return 0;
    };
    std::string bytes;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
        bytes += static_cast<char>((nibble(hex[i]) << 4) | nibble(hex[i + 1]));
    }
    std::string out = "sha256=";
    std::size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        const unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) |
                           (static_cast<unsigned char>(bytes[i + 1]) << 8) | static_cast<unsigned char>(bytes[i + 2]);
        out += k_alphabet[(v >> 18) & 63];
        out += k_alphabet[(v >> 12) & 63];
        out += k_alphabet[(v >> 6) & 63];
        out += k_alphabet[v & 63];
    }
    if (const std::size_t rest = bytes.size() - i; rest > 0) {
        unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
        if (rest == 2) {
            v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
        }
        out += k_alphabet[(v >> 18) & 63];
        out += k_alphabet[(v >> 12) & 63];
        if (rest == 2) {
            out += k_alphabet[(v >> 6) & 63];
        }
    }
    return out;
}

std::string record_hash_of(std::string_view bytes) {
    return record_hash_from_hex(sha256_hex(bytes));
}

} // namespace lockkit::install
