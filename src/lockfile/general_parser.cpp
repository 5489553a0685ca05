// The general TOML front end: toml++ parses any valid TOML (hand-edited locks,
// CRLF line endings, literal strings, arrays of tables written by old uv), and
// this file converts its tree into our Document. toml++ keeps table keys in a
// sorted map, so entries are re-ordered by their source position to recover
// file order (uv's hash-map-ordered tables depend on it).

#include "toml_dom.hpp"

#include <algorithm>
#include <toml++/toml.h>

namespace lockkit::lockfile::detail {
namespace {

class Converter {
public:
    Converter(std::string_view text, std::deque<std::string>& arena) : m_arena(arena) {
        m_line_starts.push_back(0);
        for (std::size_t i = 0; i < text.size(); ++i) {
            if (text[i] == '\n') {
                m_line_starts.push_back(static_cast<std::uint32_t>(i + 1));
            }
        }
    }

    std::uint32_t offset_of(const toml::source_region& r) const {
        if (r.begin.line == 0 || r.begin.line > m_line_starts.size()) {
            return 0;
        }
        return m_line_starts[r.begin.line - 1] + (r.begin.column > 0 ? r.begin.column - 1 : 0);
    }

    void convert(const toml::node& in, Node& out) {
        out.offset = offset_of(in.source());
        switch (in.type()) {
        case toml::node_type::string:
            out.kind = NodeKind::String;
            m_arena.push_back(std::string(in.as_string()->get()));
            out.text = m_arena.back();
            break;
        case toml::node_type::integer:
            out.kind = NodeKind::Integer;
            out.integer = in.as_integer()->get();
            break;
        case toml::node_type::boolean:
            out.kind = NodeKind::Boolean;
            out.boolean = in.as_boolean()->get();
            break;
        case toml::node_type::array: {
            out.kind = NodeKind::Array;
            const toml::array& arr = *in.as_array();
            out.array_of_tables = arr.is_array_of_tables() && !arr.empty() && !arr.front().as_table()->is_inline();
            out.items.resize(arr.size());
            for (std::size_t i = 0; i < arr.size(); ++i) {
                convert(arr[i], out.items[i]);
            }
            break;
        }
        case toml::node_type::table: {
            out.kind = NodeKind::Table;
            const toml::table& t = *in.as_table();
            out.inline_table = t.is_inline();
            std::vector<std::pair<std::uint32_t, std::pair<std::string_view, const toml::node*>>> order;
            for (const auto& [k, v] : t) {
                m_arena.push_back(std::string(k.str()));
                order.push_back({offset_of(k.source()), {m_arena.back(), &v}});
            }
            std::stable_sort(order.begin(), order.end(),
                             [](const auto& a, const auto& b) { return a.first < b.first; });
            out.entries.resize(order.size());
            for (std::size_t i = 0; i < order.size(); ++i) {
                out.entries[i].first = order[i].second.first;
                convert(*order[i].second.second, out.entries[i].second);
                out.entries[i].second.key_offset = order[i].first;
            }
            break;
        }
        default:
            out.kind = NodeKind::Other;
            out.text = "a float or date-time";
            break;
        }
    }

private:
    std::deque<std::string>& m_arena;
    std::vector<std::uint32_t> m_line_starts;
};

} // namespace

bool parse_general_toml(std::string_view text, Document& doc, std::size_t& error_offset, std::string& error_message) {
    return parse_general_toml_into(text, doc.root, doc.arena, error_offset, error_message);
}

bool parse_general_toml_into(std::string_view text, Node& root, std::deque<std::string>& arena,
                             std::size_t& error_offset, std::string& error_message) {
    // Debian's toml++ is built with exceptions: a syntax error throws.
    toml::table table;
    try {
        table = toml::parse(text);
    } catch (const toml::parse_error& err) {
        error_message = std::string(err.description());
        std::size_t line = 1;
        std::size_t off = 0;
        const std::size_t want = err.source().begin.line;
        while (line < want && off < text.size()) {
            const std::size_t nl = text.find('\n', off);
            if (nl == std::string_view::npos) {
                off = text.size();
                break;
            }
            off = nl + 1;
            ++line;
        }
        const std::size_t col = err.source().begin.column;
        error_offset = std::min(text.size(), off + (col > 0 ? col - 1 : 0));
        return false;
    }
    Converter conv(text, arena);
    conv.convert(table, root);
    root.offset = 0;
    return true;
}

} // namespace lockkit::lockfile::detail
