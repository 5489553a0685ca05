#pragma once
// A minimal, read-only TOML document tree used between the two TOML front ends
// (our fast parser for uv's canonical layout, toml++ for everything else) and
// the one model builder. Keys keep file order; every node remembers its byte
// offset in the source so model errors can point at file:line:column.
// Strings view the source text when they need no unescaping, else the arena.

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lockkit::lockfile::detail {

enum class NodeKind : std::uint8_t { String, Integer, Boolean, Array, Table, Other };

struct Node {
    NodeKind kind = NodeKind::Other;
    bool inline_table = false;      ///< `{ ... }` rather than a `[header]` table
    bool array_of_tables = false;   ///< created by `[[header]]`
    bool boolean = false;
    std::uint32_t offset = 0;       ///< byte offset of the value (or header) in the source
    std::int64_t integer = 0;
    std::string_view text;          ///< String value, or a description for Other
    std::vector<Node> items;        ///< Array elements
    std::vector<std::pair<std::string_view, Node>> entries;  ///< Table entries, file order

    const Node* get(std::string_view key) const {
        for (const auto& [k, v] : entries) {
            if (k == key) {
                return &v;
            }
        }
        return nullptr;
    }
    Node* get_mut(std::string_view key) {
        for (auto& [k, v] : entries) {
            if (k == key) {
                return &v;
            }
        }
        return nullptr;
    }
    std::uint32_t key_offset = 0;   ///< for table entries: offset of the key (set by parsers)
};

/// The text of the NodeKind::Other node that stands for an array-of-tables entry
/// whose block did not parse (find_lock_problems): it keeps later sub-tables
/// (`[package.metadata]`) attached to the right entry, and the builder skips it.
inline constexpr std::string_view k_unreadable_entry = "<unreadable entry>";

struct Document {
    Node root;
    std::deque<std::string> arena;  ///< owns unescaped strings and toml++-converted text
    /// The arenas of parts parsed on their own and joined into this one (parse_canonical_toml
    /// on two threads): a moved deque keeps its strings where they are.
    std::deque<std::deque<std::string>> joined_arenas;
};

/// Outcome of the fast parser: it gives up (returns false) on anything outside
/// uv's canonical subset, leaving the verdict to the general parser.
bool parse_canonical_toml(std::string_view text, Document& doc);

/// General TOML via toml++. On a syntax error returns false and fills
/// `error_offset`/`error_message`.
bool parse_general_toml(std::string_view text, Document& doc, std::size_t& error_offset, std::string& error_message);

/// The same into `root`, with strings kept in `arena` (which may be shared by
/// several parses: a deque never moves what it holds).
bool parse_general_toml_into(std::string_view text, Node& root, std::deque<std::string>& arena,
                             std::size_t& error_offset, std::string& error_message);

} // namespace lockkit::lockfile::detail
