#include "lockkit/index/url.hpp"

#include "lockkit/util/strings.hpp"
#include "lockkit/util/utf8.hpp"

#include <cstdint>

namespace lockkit::index {

namespace {

struct UrlParts {
    std::string_view scheme;     ///< without ':'
    std::string_view authority;  ///< without '//'
    bool has_authority = false;
    std::string_view path;
    std::string_view query;      ///< with '?', or empty
};

bool is_scheme_char(char c, bool first) {
    const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    return first ? alpha : (alpha || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.');
}

UrlParts split(std::string_view url) {
    UrlParts parts;
    if (const auto hash = url.find('#'); hash != std::string_view::npos) {
        url = url.substr(0, hash);
    }
    if (has_scheme(url)) {
        const auto colon = url.find(':');
        parts.scheme = url.substr(0, colon);
        url.remove_prefix(colon + 1);
    }
    if (url.starts_with("//")) {
        url.remove_prefix(2);
        const auto end = url.find_first_of("/?");
        parts.authority = url.substr(0, end);
        parts.has_authority = true;
        url = end == std::string_view::npos ? std::string_view() : url.substr(end);
    }
    const auto question = url.find('?');
    parts.path = url.substr(0, question);
    parts.query = question == std::string_view::npos ? std::string_view() : url.substr(question);
    return parts;
}

/// RFC 3986 5.2.4.
std::string remove_dot_segments(std::string_view input) {
    std::string output;
    while (!input.empty()) {
        if (input.starts_with("../")) {
            input.remove_prefix(3);
        } else if (input.starts_with("./")) {
            input.remove_prefix(2);
        } else if (input.starts_with("/./")) {
            input.remove_prefix(2);
        } else if (input == "/.") {
            input = "/";
        } else if (input.starts_with("/../") || input == "/..") {
            input = input.size() == 3 ? std::string_view("/") : input.substr(3);
            const auto slash = output.rfind('/');
            output.resize(slash == std::string::npos ? 0 : slash);
        } else if (input == "." || input == "..") {
            input = {};
        } else {
            const auto next = input.find('/', input.starts_with('/') ? 1 : 0);
            output += input.substr(0, next);
            input = next == std::string_view::npos ? std::string_view() : input.substr(next);
        }
    }
    return output;
}

} // namespace

bool has_scheme(std::string_view reference) {
    const auto colon = reference.find(':');
    if (colon == std::string_view::npos || colon == 0) {
        return false;
    }
    for (std::size_t i = 0; i < colon; ++i) {
        if (!is_scheme_char(reference[i], i == 0)) {
            return false;
        }
    }
    return true;
}

std::string resolve_url(std::string_view base_text, std::string_view reference) {
    if (has_scheme(reference)) {
        return std::string(reference);
    }
    const auto base = split(base_text);
    std::string_view fragment;
    if (const auto hash = reference.find('#'); hash != std::string_view::npos) {
        fragment = reference.substr(hash);
        reference = reference.substr(0, hash);
    }
    std::string out(base.scheme);
    out += ':';
    const auto with_authority = [&](std::string_view authority, bool present) {
        if (present) {
            out += "//";
            out += authority;
        }
    };
    if (reference.starts_with("//")) {
        const auto ref = split(reference);
        with_authority(ref.authority, true);
        out += remove_dot_segments(ref.path);
        out += ref.query;
    } else {
        with_authority(base.authority, base.has_authority);
        const auto question = reference.find('?');
        const auto ref_path = reference.substr(0, question);
        const auto ref_query = question == std::string_view::npos ? std::string_view() : reference.substr(question);
        if (ref_path.empty()) {
            out += base.path;
            out += question == std::string_view::npos ? base.query : ref_query;
        } else if (ref_path.starts_with('/')) {
            out += remove_dot_segments(ref_path);
            out += ref_query;
        } else {
            // Merge: the base path up to its last '/', then the reference.
            std::string merged;
            if (base.has_authority && base.path.empty()) {
                merged = "/";
            } else {
                const auto slash = base.path.rfind('/');
                merged = slash == std::string_view::npos ? std::string() : std::string(base.path.substr(0, slash + 1));
            }
            merged += ref_path;
            out += remove_dot_segments(merged);
            out += ref_query;
        }
    }
    out += fragment;
    return out;
}

std::string percent_decode(std::string_view text) {
    if (text.find('%') == std::string_view::npos) {
        return std::string(text);
    }
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size() && lockkit::hex_digit_value(text[i + 1]) >= 0 &&
            lockkit::hex_digit_value(text[i + 2]) >= 0) {
            out += static_cast<char>(lockkit::hex_digit_value(text[i + 1]) * 16 + lockkit::hex_digit_value(text[i + 2]));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

std::string percent_encode_path(std::string_view path) {
    static constexpr char k_hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(path.size());
    for (const char ch : path) {
        const auto c = static_cast<unsigned char>(ch);
        const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                          c == '.' || c == '_' || c == '~' || c == '/' || c == '!' || c == '$' || c == '&' ||
                          c == '\'' || c == '(' || c == ')' || c == '*' || c == '+' || c == ',' || c == ';' ||
                          c == '=' || c == ':' || c == '@';
        if (keep) {
            out += ch;
        } else {
            out += '%';
            out += k_hex[c >> 4];
            out += k_hex[c & 15];
        }
    }
    return out;
}

std::string html_unescape(std::string_view text) {
    if (text.find('&') == std::string_view::npos) {
        return std::string(text);
    }
    static constexpr std::pair<std::string_view, char> k_named[] = {
        {"lt", '<'}, {"gt", '>'}, {"amp", '&'}, {"quot", '"'}, {"apos", '\''}};
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '&') {
            out += text[i];
            continue;
        }
        const auto semicolon = text.find(';', i + 1);
        if (semicolon == std::string_view::npos || semicolon - i > 10) {
            out += '&';
            continue;
        }
        const auto name = text.substr(i + 1, semicolon - i - 1);
        bool decoded = false;
        if (name.size() > 1 && name[0] == '#') {
            std::uint32_t code = 0;
            const bool hex = name[1] == 'x' || name[1] == 'X';
            const auto digits = name.substr(hex ? 2 : 1);
            bool ok = !digits.empty();
            for (const char c : digits) {
                const int v = hex ? lockkit::hex_digit_value(c) : (c >= '0' && c <= '9' ? c - '0' : -1);
                ok = ok && v >= 0 && code < 0x110000;
                code = code * (hex ? 16 : 10) + static_cast<std::uint32_t>(v < 0 ? 0 : v);
            }
            if (ok && code > 0 && code < 0x110000) {
                lockkit::append_utf8(out, code);
                decoded = true;
            }
        } else {
            for (const auto& [entity, c] : k_named) {
                if (name == entity) {
                    out += c;
                    decoded = true;
                    break;
                }
            }
        }
        if (decoded) {
            i = semicolon;
        } else {
            out += '&';
        }
    }
    return out;
}

std::string file_url(std::string_view absolute_path) {
    return "file://" + percent_encode_path(absolute_path);
}

} // namespace lockkit::index
