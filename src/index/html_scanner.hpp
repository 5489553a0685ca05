#pragma once
// Start tags of an HTML document, one at a time, with their attributes
// (private to src/index). Index pages are small, machine-written HTML, so this
// is a tokenizer, not a tree builder: comments, doctypes and end tags are
// stepped over, text is ignored, and `<script>`/`<style>` contents are skipped.
// A tag, comment or quoted attribute value that is never closed is an error.

#include <string>
#include <string_view>
#include <vector>

namespace lockkit::index::detail {

struct HtmlError {
    std::size_t offset;
    std::string message;
};

struct HtmlAttribute {
    std::string_view name;   ///< as written
    std::string_view value;  ///< raw (not yet unescaped)
    bool has_value = false;
};

struct HtmlTag {
    std::string_view name;  ///< as written
    std::size_t offset = 0;
    std::vector<HtmlAttribute> attributes;

    bool is(std::string_view lower_name) const;
    /// The first attribute of that name (case-insensitive), if present.
    const HtmlAttribute* attribute(std::string_view lower_name) const;
};

class HtmlScanner {
public:
    explicit HtmlScanner(std::string_view text) : m_text(text) {}
    /// The next start tag; false at the end of the document. Throws HtmlError.
    bool next(HtmlTag& tag);

private:
    void skip_raw_text(std::string_view element);
    std::string_view m_text;
    std::size_t m_pos = 0;
};

bool iequals(std::string_view a, std::string_view lower);

} // namespace lockkit::index::detail
