#pragma once
// The decision-diagram engine behind `MarkerTree` (internal). See marker.hpp for the
// representation; this file holds the node table and the operations on handles.
//
// Handles: `NodeId` = ((index + 1) << 1) | complement, with 0 = TRUE and 1 = FALSE, so
// `id ^ 1` negates. A child handle stored in a node is relative to the node: when the node is
// reached through a complemented handle, every child must be complemented too
// (`negate_under`).
//
// Values on range edges (version releases, strings) are interned into tables and referred to by
// 32-bit ids, so edges are small trivially-copyable structs; comparisons look the values up.
// Versions are interned by exact text (3.9 and 3.9.0 get different ids, since uv prints the
// digits it was given) but compare and hash trailing-zero-insensitively.

#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace lockkit::pep508::detail {

using NodeId = std::uint32_t;
inline constexpr NodeId k_true = 0;
inline constexpr NodeId k_false = 1;
inline NodeId flip(NodeId n) { return n ^ 1u; }
inline bool is_complement(NodeId n) { return (n & 1u) != 0; }
/// A child handle as seen from a parent reached through `parent`.
inline NodeId negate_under(NodeId child, NodeId parent) { return child ^ (parent & 1u); }

/// String variables in uv's variable order (the ones that take part in known-incompatible
/// pairs come first).
enum class StringKey : std::uint8_t {
    OsName, SysPlatform, PlatformSystem, PlatformMachine, PlatformPythonImplementation,
    PlatformRelease, PlatformVersion, ImplementationName,
};
/// Version variables in uv's order.
enum class VersionKey : std::uint8_t { ImplementationVersion, PythonFullVersion };
/// PEP 751 list pairs; the arbitrary variants keep invalid names (they never match).
enum class ListKey : std::uint8_t { Extras, DependencyGroups, ArbitraryExtras, ArbitraryGroups };

/// Variable kinds in uv's order (this order is the diagram's variable order).
enum class VarKind : std::uint8_t { String, Version, In, Contains, Extra, List };

struct Variable {
    VarKind kind = VarKind::String;
    std::uint8_t key = 0;      ///< StringKey / VersionKey / ListKey, 0 for Extra
    std::uint32_t value = 0;   ///< interned string (In, Contains, Extra, List), else 0
};

enum class BoundKind : std::uint8_t { Unbounded, Included, Excluded };
struct Bound {
    BoundKind kind = BoundKind::Unbounded;
    std::uint32_t value = 0;  ///< interned version or string id
};
/// A non-empty interval [lo, hi] with open/closed/infinite ends.
struct Interval {
    Bound lo;
    Bound hi;
};
struct Edge {
    Interval range;
    NodeId child;
};

enum class EdgeType : std::uint8_t { Version, String, Boolean };

struct Node {
    Variable var;
    EdgeType type = EdgeType::Boolean;
    NodeId high = k_true;  ///< Boolean only
    NodeId low = k_false;  ///< Boolean only
    std::vector<Edge> edges;  ///< Version/String only: sorted, disjoint, covering, >= 2
};

using Segments = std::vector<Interval>;

class Interner {
public:
    static Interner& global();

    std::mutex& mutex() { return m_mutex; }

    // ---- values (lock held) ----
    std::uint32_t intern_string(std::string_view s);
    std::uint32_t intern_version(std::span<const std::uint64_t> release);
    const std::string& str(std::uint32_t id) const { return m_strings[id]; }
    std::span<const std::uint64_t> ver(std::uint32_t id) const { return m_versions[id]; }
    int compare_values(EdgeType type, std::uint32_t a, std::uint32_t b) const;

    // ---- nodes (lock held) ----
    const Node& node(NodeId id) const { return m_nodes[(id >> 1) - 1]; }
    NodeId create_node(Node node);
    NodeId boolean_node(Variable var, bool positive);
    NodeId range_node(Variable var, EdgeType type, const Segments& true_segments);

    NodeId conj(NodeId x, NodeId y);
    NodeId disj(NodeId x, NodeId y) { return flip(conj(flip(x), flip(y))); }
    bool is_disjoint(NodeId x, NodeId y);
    NodeId restrict_by(NodeId i, const std::function<std::optional<bool>(const Variable&)>& f);
    NodeId restrict(NodeId value, NodeId assumption);
    NodeId without_extras(NodeId i);
    NodeId only_extras(NodeId i);
    NodeId simplify_python_versions(NodeId i, Bound lower, Bound upper);
    NodeId complexify_python_versions(NodeId i, Bound lower, Bound upper);
    /// uv's `Ord` on markers: <0, 0 or >0 (marker_order.cpp).
    int compare_trees(NodeId a, NodeId b) const;

    // ---- interval helpers (lock held) ----
    int compare_vars(const Variable& a, const Variable& b) const;
    std::optional<Interval> intersect(const Interval& a, const Interval& b, EdgeType t) const;
    bool can_conjoin(const Interval& a, const Interval& b, EdgeType t) const;
    Segments complement(const Segments& s) const;
    std::vector<Edge> edges_from_segments(const Segments& true_segments, EdgeType t) const;
    bool contains_version(const Interval& r, const struct MarkerVersionText& v) const;
    bool contains_string(const Interval& r, std::string_view s) const;

private:
    using Cache = std::unordered_map<std::uint64_t, NodeId>;
    NodeId conj_impl(NodeId x, NodeId y, Cache& cache, bool check_exclusions);
    bool disjointness(NodeId x, NodeId y);
    NodeId exclusions();
    Node map_children(const Node& n, NodeId parent, const std::function<NodeId(NodeId)>& f);
    Node apply(const Node& x, NodeId xi, const Node& y, NodeId yi,
               const std::function<NodeId(NodeId, NodeId)>& f);
    bool nodes_equal(const Node& a, const Node& b) const;
    std::size_t hash_node(const Node& n) const;
    bool bounds_equal(const Bound& a, const Bound& b, EdgeType t) const;
    int compare_lower(const Bound& a, const Bound& b, EdgeType t) const;
    int compare_upper(const Bound& a, const Bound& b, EdgeType t) const;
    bool nonempty(const Interval& r, EdgeType t) const;
    NodeId restrict_cached(NodeId value, NodeId assumption, Cache& cache);
    NodeId without_extras_cached(NodeId i, std::unordered_map<NodeId, NodeId>& cache);

    std::mutex m_mutex;
    std::deque<Node> m_nodes;
    std::unordered_multimap<std::size_t, std::uint32_t> m_unique;
    Cache m_and_cache;
    /// is_disjoint of every pair of nodes asked for (nodes never change): a universal resolution
    /// asks whether each preference's fork marker meets the fork's, for every candidate choice.
    std::unordered_map<std::uint64_t, bool> m_disjoint_cache;
    /// without_extras of every node asked for: nodes never change, and the resolver asks
    /// for the same fork markers on every candidate choice.
    std::unordered_map<NodeId, NodeId> m_without_extras;
    std::optional<NodeId> m_exclusions;

    std::deque<std::string> m_strings;
    std::unordered_map<std::string_view, std::uint32_t> m_string_ids;
    std::vector<std::vector<std::uint64_t>> m_versions;
    std::vector<std::size_t> m_version_hashes;  ///< hash of the trailing-zero-trimmed release
    std::unordered_map<std::string, std::uint32_t> m_version_ids;  ///< by exact segments
};

/// Builds the node for a string comparison `key op value` (op one of ==, !=, <, <=, >, >=),
/// including uv's rewriting of `platform_system` values to `sys_platform`.
NodeId string_comparison(Interner& in, StringKey key, std::string_view op, std::string_view value);

} // namespace lockkit::pep508::detail
