// uv's total order on markers (`impl Ord for MarkerTree` in uv-pep508's marker/tree.rs).
//
// uv does not order markers by their text: it compares the decision diagrams themselves, root
// first. The root's kind decides first, in the declaration order of uv's `MarkerTreeKind`
// (true < false < version < string < `in` < contains < PEP 751 list < extra; note that this is
// not the diagram's variable order). Two roots of the same kind compare by their variable (key,
// then value or name), then by their children as uv hands them out: range nodes as a
// lexicographic sequence of (range, child) edges, the ranges ordered as the version-ranges crate
// orders `Ranges` (start bound, then end bound, then the number of segments, always one here),
// boolean nodes as the pair (high, low). Children are compared as seen from the parent, i.e.
// with the parent's complement bit applied, exactly as uv's `kind()` negates them.
//
// Because diagrams are canonical, two handles compare equal iff they are the same handle, so the
// comparison only ever descends along the first pair of children that differ: its cost is the
// depth of the diagrams times their width, whatever their size.

#include <algorithm>
#include <compare>

#include "lockkit/pep508/marker.hpp"
#include "marker_algebra.hpp"

namespace lockkit::pep508 {

namespace detail {

namespace {

/// The position of a handle's root kind in uv's `MarkerTreeKind` declaration.
int kind_rank(const Interner& in, NodeId id) {
    if (id == k_true) return 0;
    if (id == k_false) return 1;
    switch (in.node(id).var.kind) {
    case VarKind::Version: return 2;
    case VarKind::String: return 3;
    case VarKind::In: return 4;
    case VarKind::Contains: return 5;
    case VarKind::List: return 6;
    case VarKind::Extra: return 7;
    }
    return 8;
}

int sign(int c) { return c < 0 ? -1 : (c > 0 ? 1 : 0); }

} // namespace

int Interner::compare_trees(NodeId a, NodeId b) const {
    if (a == b) return 0;
    const int ra = kind_rank(*this, a);
    const int rb = kind_rank(*this, b);
    if (ra != rb) return ra < rb ? -1 : 1;
    // Distinct handles of the same rank are both decision nodes (the leaves are unique).
    const Node& x = node(a);
    const Node& y = node(b);
    // The key: `CanonicalMarkerValueVersion` / `CanonicalMarkerValueString` for range and
    // `in`/contains nodes, the list kind for PEP 751 pairs (its arbitrary variants last); all
    // declared in uv's order by our enums. Extras have none.
    if (x.var.key != y.var.key) return x.var.key < y.var.key ? -1 : 1;
    if (x.type == EdgeType::Boolean) {
        // `in`, contains, list and extra nodes: then the value or name, then (high, low).
        if (const int c = compare_values(EdgeType::String, x.var.value, y.var.value); c != 0) return c;
        if (const int c = compare_trees(negate_under(x.high, a), negate_under(y.high, b)); c != 0) return c;
        return compare_trees(negate_under(x.low, a), negate_under(y.low, b));
    }
    const std::size_t n = std::min(x.edges.size(), y.edges.size());
    for (std::size_t i = 0; i < n; ++i) {
        const Edge& ex = x.edges[i];
        const Edge& ey = y.edges[i];
        if (const int c = compare_lower(ex.range.lo, ey.range.lo, x.type); c != 0) return sign(c);
        if (const int c = compare_upper(ex.range.hi, ey.range.hi, x.type); c != 0) return sign(c);
        if (const int c = compare_trees(negate_under(ex.child, a), negate_under(ey.child, b)); c != 0) return c;
    }
    if (x.edges.size() != y.edges.size()) return x.edges.size() < y.edges.size() ? -1 : 1;
    return 0;
}

} // namespace detail

std::strong_ordering MarkerTree::compare(MarkerTree other) const {
    if (m_id == other.m_id) return std::strong_ordering::equal;
    detail::Interner& in = detail::Interner::global();
    std::lock_guard lock(in.mutex());
    const int c = in.compare_trees(m_id, other.m_id);
    return c < 0 ? std::strong_ordering::less : (c > 0 ? std::strong_ordering::greater : std::strong_ordering::equal);
}

} // namespace lockkit::pep508
