#include "html_scanner.hpp"

namespace lockkit::index::detail {

namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

bool is_alpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

char lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

} // namespace

bool iequals(std::string_view a, std::string_view lower_name) {
    if (a.size() != lower_name.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (lower(a[i]) != lower_name[i]) {
            return false;
        }
    }
    return true;
}

bool HtmlTag::is(std::string_view lower_name) const {
    return iequals(name, lower_name);
}

const HtmlAttribute* HtmlTag::attribute(std::string_view lower_name) const {
    for (const auto& a : attributes) {
        if (iequals(a.name, lower_name)) {
            return &a;
        }
    }
    return nullptr;
}

void HtmlScanner::skip_raw_text(std::string_view element) {
    // Up to `</element` in any case.
    for (;;) {
        const auto lt = m_text.find("</", m_pos);
        if (lt == std::string_view::npos) {
            m_pos = m_text.size();
            return;
        }
        if (iequals(m_text.substr(lt + 2, element.size()), element)) {
            m_pos = lt;
            return;
        }
        m_pos = lt + 2;
    }
}

bool HtmlScanner::next(HtmlTag& tag) {
    const auto text = m_text;
    for (;;) {
        const auto lt = text.find('<', m_pos);
        if (lt == std::string_view::npos) {
            m_pos = text.size();
            return false;
        }
        m_pos = lt + 1;
        if (text.substr(lt, 4) == "<!--") {
            const auto end = text.find("-->", lt + 4);
            if (end == std::string_view::npos) {
                throw HtmlError{lt, "a comment `<!--` is never closed with `-->`"};
            }
            m_pos = end + 3;
            continue;
        }
        if (m_pos < text.size() && (text[m_pos] == '!' || text[m_pos] == '?' || text[m_pos] == '/')) {
            // A doctype, processing instruction or end tag: up to its `>`.
            const auto end = text.find('>', m_pos);
            if (end == std::string_view::npos) {
                throw HtmlError{lt, "a tag is never closed with `>`"};
            }
            m_pos = end + 1;
            continue;
        }
        if (m_pos >= text.size() || !is_alpha(text[m_pos])) {
            continue;  // a bare `<` in text
        }
        // A start tag: its name, then attributes up to `>`.
        std::size_t p = m_pos;
        while (p < text.size() && !is_space(text[p]) && text[p] != '>' && text[p] != '/') {
            ++p;
        }
        tag.name = text.substr(m_pos, p - m_pos);
        tag.offset = lt;
        tag.attributes.clear();
        for (;;) {
            while (p < text.size() && (is_space(text[p]) || text[p] == '/')) {
                ++p;
            }
            if (p >= text.size()) {
                throw HtmlError{lt, "the tag `<" + std::string(tag.name) + "` is never closed with `>`"};
            }
            if (text[p] == '>') {
                ++p;
                break;
            }
            HtmlAttribute attribute;
            const std::size_t name_start = p;
            while (p < text.size() && !is_space(text[p]) && text[p] != '=' && text[p] != '>' && text[p] != '/') {
                ++p;
            }
            attribute.name = text.substr(name_start, p - name_start);
            while (p < text.size() && is_space(text[p])) {
                ++p;
            }
            if (p < text.size() && text[p] == '=') {
                ++p;
                while (p < text.size() && is_space(text[p])) {
                    ++p;
                }
                attribute.has_value = true;
                if (p < text.size() && (text[p] == '"' || text[p] == '\'')) {
                    const char quote = text[p];
                    const auto close = text.find(quote, p + 1);
                    if (close == std::string_view::npos) {
                        throw HtmlError{p, "the value of `" + std::string(attribute.name) + "` is never closed with " +
                                               (quote == '"' ? "`\"`" : "`'`")};
                    }
                    attribute.value = text.substr(p + 1, close - p - 1);
                    p = close + 1;
                } else {
                    const std::size_t value_start = p;
                    while (p < text.size() && !is_space(text[p]) && text[p] != '>') {
                        ++p;
                    }
                    attribute.value = text.substr(value_start, p - value_start);
                }
            }
            tag.attributes.push_back(attribute);
        }
        m_pos = p;
        if (tag.is("script") || tag.is("style")) {
            skip_raw_text(tag.is("script") ? "script" : "style");
        }
        return true;
    }
}

} // namespace lockkit::index::detail
