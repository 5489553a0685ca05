// The fast TOML front end. uv writes a small, regular subset of TOML (bare keys,
// basic strings, integers, booleans, arrays, one-line inline tables, `[t]` and
// `[[t]]` headers), and every lockkit program starts by reading a lock, so this
// path is tuned for it: one pass over the bytes, strings viewed in place.
// Anything outside the subset (literal or multi-line strings, dotted or quoted
// keys, floats, dates, CRLF, redefined tables) makes it give up, and the caller
// re-parses with toml++, which also owns every syntax error message.

#include "plain_word.hpp"
#include "toml_dom.hpp"
#include "lockkit/util/strings.hpp"
#include "lockkit/util/utf8.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <iterator>
#include <system_error>
#include <thread>

namespace lockkit::lockfile::detail {
namespace {

/// Bytes that end the fast scan of a basic string: the closing quote, a
/// backslash, control characters other than TAB, and non-ASCII bytes (checked
/// to be UTF-8, as uv requires of the whole file).
constexpr std::array<bool, 256> make_string_stops() {
    std::array<bool, 256> t{};
    for (int c = 0; c < 0x20; ++c) {
        t[static_cast<std::size_t>(c)] = c != '\t';
    }
    for (int c = 0x7f; c < 0x100; ++c) {
        t[static_cast<std::size_t>(c)] = true;
    }
    t[static_cast<unsigned char>('"')] = true;
    t[static_cast<unsigned char>('\\')] = true;
    return t;
}
constexpr std::array<bool, 256> k_string_stop = make_string_stops();

using detail::plain_word;

class CanonicalParser {
public:
    /// Parses the bytes [first, last) of `text` (offsets stay relative to all of it).
    CanonicalParser(std::string_view text, std::size_t first, std::size_t last, Document& doc)
        : m_begin(text.data()), m_p(text.data() + first), m_end(text.data() + last), m_doc(doc) {}

    bool run() {
        m_doc.root.kind = NodeKind::Table;
        Node* table = &m_doc.root;
        while (m_p < m_end) {
            skip_blank();
            if (m_p >= m_end) {
                break;
            }
            const char c = *m_p;
            if (c == '\n') {
                ++m_p;
                continue;
            }
            if (c == '#') {
                skip_comment();
                continue;
            }
            if (c == '[') {
                table = header();
                if (table == nullptr) {
                    return false;
                }
                if (!end_of_line()) {
                    return false;
                }
                continue;
            }
            if (!key_value(*table)) {
                return false;
            }
            if (!end_of_line()) {
                return false;
            }
        }
        return true;
    }

private:
    const char* m_begin;
    const char* m_p;
    const char* m_end;
    Document& m_doc;
    // Elements of the arrays and entries of the inline tables being parsed
    // (nested ones stacked on top): each finished list moves into a vector of
    // exactly its size, instead of growing one by doubling (most of a lock's
    // nodes are small inline tables and arrays).
    std::vector<Node> m_item_stack;
    std::vector<std::pair<std::string_view, Node>> m_entry_stack;

    std::uint32_t offset() const { return static_cast<std::uint32_t>(m_p - m_begin); }

    void skip_blank() {
        while (m_p < m_end && (*m_p == ' ' || *m_p == '\t')) {
            ++m_p;
        }
    }
    void skip_comment() {
        while (m_p < m_end && *m_p != '\n') {
            if (*m_p == '\r') {
                return;
            }
            ++m_p;
        }
    }
    // Whitespace, newlines and comments between array elements.
    bool skip_array_space() {
        while (m_p < m_end) {
            const char c = *m_p;
            if (c == ' ' || c == '\t' || c == '\n') {
                ++m_p;
            } else if (c == '#') {
                skip_comment();
            } else if (c == '\r') {
                return false;
            } else {
                return true;
            }
        }
        return false;
    }
    bool end_of_line() {
        skip_blank();
        if (m_p < m_end && *m_p == '#') {
            skip_comment();
        }
        if (m_p >= m_end) {
            return true;
        }
        if (*m_p == '\n') {
            ++m_p;
            return true;
        }
        return false;
    }

    static bool is_bare(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }
    bool bare_key(std::string_view& out) {
        const char* start = m_p;
        while (m_p < m_end && is_bare(*m_p)) {
            ++m_p;
        }
        if (m_p == start) {
            return false;
        }
        out = std::string_view(start, static_cast<std::size_t>(m_p - start));
        return true;
    }

    Node* header() {
        const std::uint32_t at = offset();
        ++m_p;
        bool array = false;
        if (m_p < m_end && *m_p == '[') {
            array = true;
            ++m_p;
        }
        std::vector<std::string_view> path;
        for (;;) {
            std::string_view key;
            if (!bare_key(key)) {
                return nullptr;
            }
            path.push_back(key);
            if (m_p < m_end && *m_p == '.') {
                ++m_p;
                continue;
            }
            break;
        }
        if (m_p >= m_end || *m_p != ']') {
            return nullptr;
        }
        ++m_p;
        if (array) {
            if (m_p >= m_end || *m_p != ']') {
                return nullptr;
            }
            ++m_p;
        }
        Node* node = &m_doc.root;
        for (std::size_t i = 0; i + 1 < path.size(); ++i) {
            node = descend(*node, path[i], at);
            if (node == nullptr) {
                return nullptr;
            }
        }
        Node* last = node->get_mut(path.back());
        if (array) {
            if (last == nullptr) {
                Node arr;
                arr.kind = NodeKind::Array;
                arr.array_of_tables = true;
                arr.offset = at;
                node->entries.emplace_back(path.back(), std::move(arr));
                last = &node->entries.back().second;
            } else if (!(last->kind == NodeKind::Array && last->array_of_tables)) {
                return nullptr;
            }
            Node t;
            t.kind = NodeKind::Table;
            t.offset = at;
            last->items.push_back(std::move(t));
            return &last->items.back();
        }
        if (last != nullptr) {
            return nullptr;  // a table defined twice, or after its children: let toml++ judge
        }
        Node t;
        t.kind = NodeKind::Table;
        t.offset = at;
        node->entries.emplace_back(path.back(), std::move(t));
        return &node->entries.back().second;
    }

    Node* descend(Node& node, std::string_view key, std::uint32_t at) {
        Node* next = node.get_mut(key);
        if (next == nullptr) {
            Node t;
            t.kind = NodeKind::Table;
            t.offset = at;
            node.entries.emplace_back(key, std::move(t));
            return &node.entries.back().second;
        }
        if (next->kind == NodeKind::Array && next->array_of_tables && !next->items.empty()) {
            return &next->items.back();
        }
        if (next->kind == NodeKind::Table && !next->inline_table) {
            return next;
        }
        return nullptr;
    }

    bool key_value(Node& table) {
        const std::uint32_t key_at = offset();
        std::string_view key;
        Node value;
        if (!key_and_value(key, value)) {
            return false;
        }
        if (table.get(key) != nullptr) {
            return false;
        }
        value.key_offset = key_at;
        table.entries.emplace_back(key, std::move(value));
        return true;
    }

    /// `key = value` inside an inline table: onto the entry stack above `first`.
    bool stacked_key_value(std::size_t first) {
        const std::uint32_t key_at = offset();
        std::string_view key;
        Node value;
        if (!key_and_value(key, value)) {
            return false;
        }
        for (std::size_t i = first; i < m_entry_stack.size(); ++i) {
            if (m_entry_stack[i].first == key) {
                return false;
            }
        }
        value.key_offset = key_at;
        m_entry_stack.emplace_back(key, std::move(value));
        return true;
    }

    bool key_and_value(std::string_view& key, Node& value) {
        if (!bare_key(key)) {
            return false;
        }
        skip_blank();
        if (m_p >= m_end || *m_p != '=') {
            return false;
        }
        ++m_p;
        skip_blank();
        return parse_value(value);
    }

    /// Moves the stacked elements above `first` into `out`.
    template <typename T>
    static void pop_into(std::vector<T>& stack, std::size_t first, std::vector<T>& out) {
        out.reserve(stack.size() - first);
        std::move(stack.begin() + static_cast<std::ptrdiff_t>(first), stack.end(), std::back_inserter(out));
        stack.resize(first);
    }

    bool parse_value(Node& out) {
        if (m_p >= m_end) {
            return false;
        }
        out.offset = offset();
        switch (*m_p) {
        case '"':
            return string(out);
        case '[':
            return array(out);
        case '{':
            return inline_table(out);
        case 't':
            if (m_end - m_p >= 4 && std::string_view(m_p, 4) == "true") {
                m_p += 4;
                out.kind = NodeKind::Boolean;
                out.boolean = true;
                return true;
            }
            return false;
        case 'f':
            if (m_end - m_p >= 5 && std::string_view(m_p, 5) == "false") {
                m_p += 5;
                out.kind = NodeKind::Boolean;
                out.boolean = false;
                return true;
            }
            return false;
        default:
            return integer(out);
        }
    }

    bool integer(Node& out) {
        bool negative = false;
        if (*m_p == '-' || *m_p == '+') {
            negative = *m_p == '-';
            ++m_p;
        }
        const char* start = m_p;
        std::uint64_t v = 0;
        while (m_p < m_end && *m_p >= '0' && *m_p <= '9') {
            if (v > (UINT64_MAX / 10) - 10) {
                return false;
            }
            v = v * 10 + static_cast<std::uint64_t>(*m_p - '0');
            ++m_p;
        }
        if (m_p == start || (m_p - start > 1 && *start == '0')) {
            return false;
        }
        // A float, a date or an underscore-grouped number: not ours.
        if (m_p < m_end && (*m_p == '.' || *m_p == 'e' || *m_p == 'E' || *m_p == '_' || *m_p == ':' || *m_p == '-' ||
                            *m_p == 'x' || *m_p == 'o' || *m_p == 'b')) {
            return false;
        }
        if (v > static_cast<std::uint64_t>(INT64_MAX)) {
            return false;
        }
        out.kind = NodeKind::Integer;
        out.integer = negative ? -static_cast<std::int64_t>(v) : static_cast<std::int64_t>(v);
        return true;
    }

    bool string(Node& out) {
        ++m_p;
        if (m_end - m_p >= 2 && m_p[0] == '"' && m_p[1] == '"') {
            return false;  // multi-line basic string
        }
        const char* start = m_p;
        while (m_p < m_end) {
            // One table load per byte for the common case of an ordinary character;
            // strings (URLs, hashes) are most of a lock's bytes.
            while (m_end - m_p >= 8) {
                std::uint64_t word;
                std::memcpy(&word, m_p, 8);
                if (!plain_word(word) || (word & 0x8080808080808080ULL) != 0) {
                    break;
                }
                m_p += 8;
            }
            while (m_p < m_end && !k_string_stop[static_cast<unsigned char>(*m_p)]) {
                ++m_p;
            }
            if (m_p >= m_end) {
                break;
            }
            const unsigned char c = static_cast<unsigned char>(*m_p);
            if (c == '"') {
                out.kind = NodeKind::String;
                out.text = std::string_view(start, static_cast<std::size_t>(m_p - start));
                ++m_p;
                return true;
            }
            if (c == '\\') {
                return escaped_string(start, out);
            }
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return false;
            }
            if (!skip_utf8()) {
                return false;
            }
        }
        return false;
    }

    /// Steps over one UTF-8 sequence; false (give up: toml++ names the error) when it is malformed.
    bool skip_utf8() {
        const std::size_t length =
            utf8_sequence_length(std::string_view(m_p, static_cast<std::size_t>(m_end - m_p)), 0);
        m_p += length;
        return length != 0;
    }

    bool escaped_string(const char* start, Node& out) {
        std::string s(start, static_cast<std::size_t>(m_p - start));
        while (m_p < m_end) {
            const unsigned char c = static_cast<unsigned char>(*m_p);
            if (c == '"') {
                ++m_p;
                m_doc.arena.push_back(std::move(s));
                out.kind = NodeKind::String;
                out.text = m_doc.arena.back();
                return true;
            }
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return false;
            }
            if (c != '\\') {
                const char* at = m_p;
                if (!skip_utf8()) {
                    return false;
                }
                s.append(at, m_p);
                continue;
            }
            ++m_p;
            if (m_p >= m_end) {
                return false;
            }
            const char e = *m_p++;
            switch (e) {
            case 'b': s.push_back('\b'); break;
            case 't': s.push_back('\t'); break;
            case 'n': s.push_back('\n'); break;
            case 'f': s.push_back('\f'); break;
            case 'r': s.push_back('\r'); break;
            case '"': s.push_back('"'); break;
            case '\\': s.push_back('\\'); break;
            case 'u':
            case 'U': {
                const int n = e == 'u' ? 4 : 8;
                if (m_end - m_p < n) {
                    return false;
                }
                std::uint32_t cp = 0;
                for (int i = 0; i < n; ++i) {
                    const int h = lockkit::hex_digit_value(m_p[i]);
                    if (h < 0) {
                        return false;
                    }
                    cp = cp * 16 + static_cast<std::uint32_t>(h);
                }
                m_p += n;
                if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                    return false;
                }
                lockkit::append_utf8(s, cp);
                break;
            }
            default:
                return false;
            }
        }
        return false;
    }

    bool array(Node& out) {
        ++m_p;
        out.kind = NodeKind::Array;
        const std::size_t first = m_item_stack.size();
        for (;;) {
            if (!skip_array_space()) {
                return false;
            }
            if (*m_p == ']') {
                ++m_p;
                pop_into(m_item_stack, first, out.items);
                return true;
            }
            // A nested array or inline table pops what it stacked before it returns.
            Node item;
            if (!parse_value(item)) {
                return false;
            }
            m_item_stack.push_back(std::move(item));
            if (!skip_array_space()) {
                return false;
            }
            if (*m_p == ',') {
                ++m_p;
                continue;
            }
            if (*m_p == ']') {
                ++m_p;
                pop_into(m_item_stack, first, out.items);
                return true;
            }
            return false;
        }
    }

    bool inline_table(Node& out) {
        ++m_p;
        out.kind = NodeKind::Table;
        out.inline_table = true;
        skip_blank();
        if (m_p < m_end && *m_p == '}') {
            ++m_p;
            return true;
        }
        const std::size_t first = m_entry_stack.size();
        for (;;) {
            skip_blank();
            if (!stacked_key_value(first)) {
                return false;
            }
            skip_blank();
            if (m_p >= m_end) {
                return false;
            }
            if (*m_p == ',') {
                ++m_p;
                continue;
            }
            if (*m_p == '}') {
                ++m_p;
                pop_into(m_entry_stack, first, out.entries);
                return true;
            }
            return false;
        }
    }
};

/// Below this size a second thread costs more than it saves.
constexpr std::size_t k_split_size = std::size_t{256} << 10;

/// Where the text can be cut in two: the start of a `[[package]]` header line past the middle,
/// or 0. uv writes the packages last, one block each, so the part after the cut holds nothing
/// but whole packages; should it not (a file outside uv's layout), joining finds out.
std::size_t split_point(std::string_view text) {
    constexpr std::string_view header = "\n[[package]]\n";
    const std::size_t at = text.find(header, text.size() / 2);
    return at == std::string_view::npos ? 0 : at + 1;
}

/// Appends the packages parsed in `tail` to `head`'s; false when `tail` holds anything else
/// or `head` does not end with the packages (then the caller parses the whole text at once).
bool join_packages(Document& head, Document& tail) {
    auto& head_entries = head.root.entries;
    auto& tail_entries = tail.root.entries;
    if (head_entries.empty() || tail_entries.size() != 1) return false;
    auto& [head_key, head_packages] = head_entries.back();
    auto& [tail_key, tail_packages] = tail_entries.front();
    if (head_key != "package" || tail_key != "package" || !head_packages.array_of_tables ||
        !tail_packages.array_of_tables) {
        return false;
    }
    head_packages.items.reserve(head_packages.items.size() + tail_packages.items.size());
    std::move(tail_packages.items.begin(), tail_packages.items.end(), std::back_inserter(head_packages.items));
    if (!tail.arena.empty()) head.joined_arenas.push_back(std::move(tail.arena));
    return true;
}

} // namespace

bool parse_canonical_toml(std::string_view text, Document& doc) {
    if (text.size() >= 0xFFFFFFFFu) {
        return false;
    }
    // A large lock is parsed in two halves side by side: the packages after the cut on a
    // thread of its own, the rest here.
    const std::size_t cut = text.size() >= k_split_size && std::thread::hardware_concurrency() > 1 ? split_point(text) : 0;
    if (cut != 0) {
        Document tail;
        bool tail_ok = false;
        std::thread worker;
        try {
            worker = std::thread([&] {
                try {
                    tail_ok = CanonicalParser(text, cut, text.size(), tail).run();
                } catch (...) {
                    tail_ok = false;  // out of memory: the whole text is parsed here instead
                }
            });
        } catch (const std::system_error&) {
            // No thread: one pass over everything below.
        }
        if (worker.joinable()) {
            bool head_ok = false;
            try {
                head_ok = CanonicalParser(text, 0, cut, doc).run();
            } catch (...) {
                worker.join();
                throw;
            }
            worker.join();
            if (head_ok && tail_ok && join_packages(doc, tail)) return true;
            doc = Document{};
        }
    }
    CanonicalParser parser(text, 0, text.size(), doc);
    return parser.run();
}

} // namespace lockkit::lockfile::detail
