#include "lockkit/pep508/requirement.hpp"

#include <cctype>

#include "lockkit/pep508/package_name.hpp"

namespace lockkit::pep508 {

namespace {

bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool is_name_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
}

class RequirementParser {
public:
    explicit RequirementParser(std::string_view s) : m_s(s) {}

    ParseResult<Requirement> parse() {
        Requirement req;
        skip_ws();
        // name
        std::size_t name_start = m_pos;
        while (m_pos < m_s.size() && is_name_char(m_s[m_pos])) ++m_pos;
        std::string_view name = m_s.substr(name_start, m_pos - name_start);
        if (name.empty()) {
            if (m_pos >= m_s.size()) return fail("expected a package name, found end of input", m_pos);
            return fail("expected a package name starting with a letter or digit, found '" + std::string(1, m_s[m_pos]) + "'",
                        m_pos);
        }
        if (!is_valid_name(name))
            return fail("invalid package name '" + std::string(name) + "': names must start and end with a letter or digit",
                        name_start);
        req.name = normalize_name(name);
        skip_ws();
        // extras
        if (peek() == '[') {
            if (auto r = parse_extras(req); !r) return std::unexpected(r.error());
            skip_ws();
        }
        // version or url
        char c = peek();
        if (c == '@') {
            ++m_pos;
            if (auto r = parse_url(req); !r) return std::unexpected(r.error());
        } else if (c == '(') {
            if (auto r = parse_specifiers(req, true); !r) return std::unexpected(r.error());
        } else if (c == '<' || c == '=' || c == '>' || c == '~' || c == '!') {
            if (auto r = parse_specifiers(req, false); !r) return std::unexpected(r.error());
        } else if (c != ';' && c != '\0') {
            return fail(std::string("expected one of '@', '(', '<', '=', '>', '~', '!', ';', found '") + c + "'", m_pos);
        }
        skip_ws();
        if (peek() == ';') {
            ++m_pos;
            std::size_t marker_start = m_pos;
            std::string_view text = m_s.substr(marker_start);
            // A trailing ` # comment` is not part of the marker.
            if (auto hash = find_comment(text); hash != std::string_view::npos) text = text.substr(0, hash);
            auto marker = MarkerTree::parse(text);
            if (!marker) {
                ParseError e = marker.error();
                e.offset += marker_start;
                return std::unexpected(e);
            }
            req.marker = *marker;
            m_pos = marker_start + text.size();
        }
        skip_ws();
        if (m_pos < m_s.size() && m_s[m_pos] != '#') {
            return fail(std::string("expected end of input or ';', found '") + m_s[m_pos] + "'", m_pos);
        }
        return req;
    }

private:
    std::unexpected<ParseError> fail(std::string message, std::size_t offset) {
        return std::unexpected(ParseError{std::move(message), offset});
    }
    void skip_ws() {
        while (m_pos < m_s.size() && is_ws(m_s[m_pos])) ++m_pos;
    }
    char peek() const { return m_pos < m_s.size() ? m_s[m_pos] : '\0'; }

    static std::size_t find_comment(std::string_view text) {
        // Only a '#' after whitespace and outside quotes starts a comment.
        char quote = 0;
        for (std::size_t i = 0; i < text.size(); ++i) {
            char c = text[i];
            if (quote) {
                if (c == quote) quote = 0;
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '#' && i > 0 && is_ws(text[i - 1])) {
                return i;
            }
        }
        return std::string_view::npos;
    }

    ParseResult<void> parse_extras(Requirement& req) {
        std::size_t open = m_pos++;
        skip_ws();
        bool first = true;
        for (;;) {
            if (m_pos >= m_s.size()) return fail("missing closing bracket (expected ']', found end of input)", open);
            if (m_s[m_pos] == ']') {
                ++m_pos;
                return {};
            }
            if (!first) {
                if (m_s[m_pos] != ',')
                    return fail(std::string("expected ',' (separating extras) or ']' (ending the extras), found '") +
                                    m_s[m_pos] + "'",
                                m_pos);
                ++m_pos;
                skip_ws();
            } else if (m_s[m_pos] == ',') {
                return fail("expected an extra name or ']', found ','", m_pos);
            }
            first = false;
            std::size_t start = m_pos;
            while (m_pos < m_s.size() && is_name_char(m_s[m_pos])) ++m_pos;
            std::string_view extra = m_s.substr(start, m_pos - start);
            if (extra.empty()) {
                if (m_pos >= m_s.size()) return fail("missing closing bracket (expected ']', found end of input)", open);
                return fail(std::string("expected an extra name, found '") + m_s[m_pos] + "'", m_pos);
            }
            if (!is_valid_name(extra)) return fail("invalid extra name '" + std::string(extra) + "'", start);
            req.extras.push_back(normalize_name(extra));
            skip_ws();
        }
    }

    ParseResult<void> parse_url(Requirement& req) {
        skip_ws();
        std::size_t start = m_pos;
        // The URL ends at whitespace (uv also ends it at a ';' or '#' followed by whitespace).
        while (m_pos < m_s.size() && !is_ws(m_s[m_pos])) {
            char c = m_s[m_pos];
            if ((c == ';' || c == '#') && m_pos + 1 < m_s.size() && is_ws(m_s[m_pos + 1])) break;
            ++m_pos;
        }
        if (m_pos == start) return fail("expected a URL after '@'", start);
        req.url = std::string(m_s.substr(start, m_pos - start));
        return {};
    }

    ParseResult<void> add_specifier(Requirement& req, std::string_view text, std::size_t offset) {
        auto spec = pep440::VersionSpecifier::parse(text);
        if (!spec) {
            ParseError e = spec.error();
            e.offset += offset;
            return std::unexpected(e);
        }
        req.specifiers.push_back(std::move(*spec));
        return {};
    }

    ParseResult<void> parse_specifiers(Requirement& req, bool parenthesised) {
        std::size_t open = m_pos;
        if (parenthesised) ++m_pos;
        std::size_t start = m_pos;
        for (;;) {
            char c = peek();
            bool at_end = parenthesised ? c == ')' : (c == ';' || c == '\0');
            if (parenthesised && c == '\0')
                return fail("missing closing parenthesis (expected ')', found end of input)", open);
            if (c == ',' || at_end) {
                std::string_view piece = m_s.substr(start, m_pos - start);
                bool blank = piece.find_first_not_of(" \t\r\n\f\v") == std::string_view::npos;
                // A trailing comma is allowed ("version_one (wsp* ',' version_one)* (wsp* ',')?").
                if (!(at_end && blank && !req.specifiers.empty())) {
                    if (auto r = add_specifier(req, piece, start); !r) return r;
                }
                if (at_end) {
                    if (parenthesised) ++m_pos;
                    break;
                }
                ++m_pos;
                start = m_pos;
                continue;
            }
            if (!parenthesised && c == ' ') {
                // A space followed by '#' ends the requirement (comment).
                std::size_t k = m_pos;
                while (k < m_s.size() && is_ws(m_s[k])) ++k;
                if (k < m_s.size() && m_s[k] == '#') {
                    std::string_view piece = m_s.substr(start, m_pos - start);
                    if (auto r = add_specifier(req, piece, start); !r) return r;
                    m_pos = k;
                    break;
                }
            }
            ++m_pos;
        }
        req.specifiers.sort();
        return {};
    }

    std::string_view m_s;
    std::size_t m_pos = 0;
};

} // namespace

ParseResult<Requirement> Requirement::parse(std::string_view text) {
    return RequirementParser(text).parse();
}

std::string Requirement::to_string() const {
    std::string out = name;
    if (!extras.empty()) {
        out += '[';
        for (std::size_t i = 0; i < extras.size(); ++i) {
            if (i > 0) out += ',';
            out += extras[i];
        }
        out += ']';
    }
    if (url) {
        out += " @ ";
        out += *url;
    } else if (!specifiers.empty()) {
        out += specifiers.to_string(",");
    }
    if (auto m = marker.contents()) {
        out += " ; ";
        out += *m;
    }
    return out;
}

} // namespace lockkit::pep508
