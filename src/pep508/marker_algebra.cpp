#include "marker_algebra.hpp"

#include <algorithm>
#include <cstring>

#include "marker_version.hpp"

namespace lockkit::pep508::detail {

namespace {

std::uint64_t cache_key(NodeId x, NodeId y) { return (static_cast<std::uint64_t>(x) << 32) | y; }

std::size_t mix(std::size_t h, std::size_t v) {
    return h ^ (v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2));
}

BoundKind flip_kind(BoundKind k) {
    return k == BoundKind::Included ? BoundKind::Excluded
         : k == BoundKind::Excluded ? BoundKind::Included
                                    : BoundKind::Unbounded;
}

std::vector<NodeId> children_of(const Node& n) {
    std::vector<NodeId> out;
    if (n.type == EdgeType::Boolean) {
        out = {n.high, n.low};
    } else {
        out.reserve(n.edges.size());
        for (const Edge& e : n.edges) out.push_back(e.child);
    }
    return out;
}

} // namespace

Interner& Interner::global() {
    static Interner instance;
    return instance;
}

// ---------------------------------------------------------------------------------------------
// Values

std::uint32_t Interner::intern_string(std::string_view s) {
    auto it = m_string_ids.find(s);
    if (it != m_string_ids.end()) return it->second;
    auto id = static_cast<std::uint32_t>(m_strings.size());
    m_strings.emplace_back(s);
    // The deque keeps the string's storage stable, so the map may key on a view of it.
    m_string_ids.emplace(std::string_view(m_strings.back()), id);
    return id;
}

std::uint32_t Interner::intern_version(std::span<const std::uint64_t> release) {
    std::string key(reinterpret_cast<const char*>(release.data()), release.size_bytes());
    auto it = m_version_ids.find(key);
    if (it != m_version_ids.end()) return it->second;
    auto id = static_cast<std::uint32_t>(m_versions.size());
    m_versions.emplace_back(release.begin(), release.end());
    std::size_t n = release.size();
    while (n > 0 && release[n - 1] == 0) --n;
    std::size_t h = 0x51ed27;
    for (std::size_t i = 0; i < n; ++i) h = mix(h, std::hash<std::uint64_t>{}(release[i]));
    m_version_hashes.push_back(h);
    m_version_ids.emplace(std::move(key), id);
    return id;
}

int Interner::compare_values(EdgeType type, std::uint32_t a, std::uint32_t b) const {
    if (a == b) return 0;
    if (type == EdgeType::Version) return compare_release(m_versions[a], m_versions[b]);
    int c = m_strings[a].compare(m_strings[b]);
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

// ---------------------------------------------------------------------------------------------
// Intervals

bool Interner::bounds_equal(const Bound& a, const Bound& b, EdgeType t) const {
    if (a.kind != b.kind) return false;
    if (a.kind == BoundKind::Unbounded) return true;
    return compare_values(t, a.value, b.value) == 0;
}

// Orders lower bounds by how much they admit: -inf < [v < (v.
int Interner::compare_lower(const Bound& a, const Bound& b, EdgeType t) const {
    if (a.kind == BoundKind::Unbounded || b.kind == BoundKind::Unbounded) {
        return (a.kind == BoundKind::Unbounded ? 0 : 1) - (b.kind == BoundKind::Unbounded ? 0 : 1);
    }
    int c = compare_values(t, a.value, b.value);
    if (c != 0) return c;
    return (a.kind == BoundKind::Excluded ? 1 : 0) - (b.kind == BoundKind::Excluded ? 1 : 0);
}

// Orders upper bounds: v) < v] < +inf.
int Interner::compare_upper(const Bound& a, const Bound& b, EdgeType t) const {
    if (a.kind == BoundKind::Unbounded || b.kind == BoundKind::Unbounded) {
        return (a.kind == BoundKind::Unbounded ? 1 : 0) - (b.kind == BoundKind::Unbounded ? 1 : 0);
    }
    int c = compare_values(t, a.value, b.value);
    if (c != 0) return c;
    return (a.kind == BoundKind::Included ? 1 : 0) - (b.kind == BoundKind::Included ? 1 : 0);
}

bool Interner::nonempty(const Interval& r, EdgeType t) const {
    if (r.lo.kind == BoundKind::Unbounded || r.hi.kind == BoundKind::Unbounded) return true;
    int c = compare_values(t, r.lo.value, r.hi.value);
    if (c < 0) return true;
    if (c > 0) return false;
    return r.lo.kind == BoundKind::Included && r.hi.kind == BoundKind::Included;
}

std::optional<Interval> Interner::intersect(const Interval& a, const Interval& b, EdgeType t) const {
    Interval r;
    // On ties keep `a`'s bound (the value representation uv keeps is the left operand's).
    r.lo = compare_lower(a.lo, b.lo, t) >= 0 ? a.lo : b.lo;
    r.hi = compare_upper(a.hi, b.hi, t) <= 0 ? a.hi : b.hi;
    if (!nonempty(r, t)) return std::nullopt;
    return r;
}

bool Interner::can_conjoin(const Interval& a, const Interval& b, EdgeType t) const {
    const Bound& end = a.hi;
    const Bound& start = b.lo;
    if (end.kind == BoundKind::Unbounded || start.kind == BoundKind::Unbounded) return false;
    if (end.kind == start.kind) return false;
    return compare_values(t, end.value, start.value) == 0;
}

Segments Interner::complement(const Segments& s) const {
    Segments out;
    if (s.empty()) {
        out.push_back(Interval{});
        return out;
    }
    if (s.front().lo.kind != BoundKind::Unbounded) {
        out.push_back(Interval{Bound{}, Bound{flip_kind(s.front().lo.kind), s.front().lo.value}});
    }
    for (std::size_t i = 0; i + 1 < s.size(); ++i) {
        out.push_back(Interval{Bound{flip_kind(s[i].hi.kind), s[i].hi.value},
                               Bound{flip_kind(s[i + 1].lo.kind), s[i + 1].lo.value}});
    }
    if (s.back().hi.kind != BoundKind::Unbounded) {
        out.push_back(Interval{Bound{flip_kind(s.back().hi.kind), s.back().hi.value}, Bound{}});
    }
    return out;
}

std::vector<Edge> Interner::edges_from_segments(const Segments& true_segments, EdgeType t) const {
    std::vector<Edge> edges;
    for (const Interval& r : true_segments) edges.push_back(Edge{r, k_true});
    for (const Interval& r : complement(true_segments)) edges.push_back(Edge{r, k_false});
    std::sort(edges.begin(), edges.end(), [&](const Edge& a, const Edge& b) {
        return compare_lower(a.range.lo, b.range.lo, t) < 0;
    });
    return edges;
}

bool Interner::contains_version(const Interval& r, const MarkerVersionText& v) const {
    if (r.lo.kind != BoundKind::Unbounded) {
        int c = compare_env_version(v, m_versions[r.lo.value]);
        if (c < 0 || (c == 0 && r.lo.kind == BoundKind::Excluded)) return false;
    }
    if (r.hi.kind != BoundKind::Unbounded) {
        int c = compare_env_version(v, m_versions[r.hi.value]);
        if (c > 0 || (c == 0 && r.hi.kind == BoundKind::Excluded)) return false;
    }
    return true;
}

bool Interner::contains_string(const Interval& r, std::string_view s) const {
    if (r.lo.kind != BoundKind::Unbounded) {
        int c = s.compare(m_strings[r.lo.value]);
        if (c < 0 || (c == 0 && r.lo.kind == BoundKind::Excluded)) return false;
    }
    if (r.hi.kind != BoundKind::Unbounded) {
        int c = s.compare(m_strings[r.hi.value]);
        if (c > 0 || (c == 0 && r.hi.kind == BoundKind::Excluded)) return false;
    }
    return true;
}

// ---------------------------------------------------------------------------------------------
// Nodes

int Interner::compare_vars(const Variable& a, const Variable& b) const {
    if (a.kind != b.kind) return a.kind < b.kind ? -1 : 1;
    if (a.key != b.key) return a.key < b.key ? -1 : 1;
    if (a.kind == VarKind::String || a.kind == VarKind::Version) return 0;
    return compare_values(EdgeType::String, a.value, b.value);
}

bool Interner::nodes_equal(const Node& a, const Node& b) const {
    if (a.var.kind != b.var.kind || a.var.key != b.var.key || a.var.value != b.var.value) return false;
    if (a.type != b.type) return false;
    if (a.type == EdgeType::Boolean) return a.high == b.high && a.low == b.low;
    if (a.edges.size() != b.edges.size()) return false;
    for (std::size_t i = 0; i < a.edges.size(); ++i) {
        const Edge& x = a.edges[i];
        const Edge& y = b.edges[i];
        if (x.child != y.child || !bounds_equal(x.range.lo, y.range.lo, a.type) ||
            !bounds_equal(x.range.hi, y.range.hi, a.type))
            return false;
    }
    return true;
}

std::size_t Interner::hash_node(const Node& n) const {
    std::size_t h = mix(static_cast<std::size_t>(n.var.kind), n.var.key);
    h = mix(h, n.var.value);
    h = mix(h, static_cast<std::size_t>(n.type));
    if (n.type == EdgeType::Boolean) return mix(mix(h, n.high), n.low);
    auto bound_hash = [&](const Bound& b) -> std::size_t {
        if (b.kind == BoundKind::Unbounded) return 7;
        std::size_t v = n.type == EdgeType::Version ? m_version_hashes[b.value] : b.value;
        return mix(static_cast<std::size_t>(b.kind), v);
    };
    for (const Edge& e : n.edges) {
        h = mix(h, bound_hash(e.range.lo));
        h = mix(h, bound_hash(e.range.hi));
        h = mix(h, e.child);
    }
    return h;
}

NodeId Interner::create_node(Node node) {
    NodeId first = node.type == EdgeType::Boolean ? node.high : node.edges.front().child;
    // Canonical form: the first child edge is never complemented; complement the whole node
    // instead.
    bool flipped = false;
    if (is_complement(first)) {
        flipped = true;
        first = flip(first);
        node.high = flip(node.high);
        node.low = flip(node.low);
        for (Edge& e : node.edges) e.child = flip(e.child);
    }
    // Reduction: a node whose children are all the same is that child.
    bool all_same = node.type == EdgeType::Boolean
                        ? node.low == first
                        : std::all_of(node.edges.begin(), node.edges.end(),
                                      [&](const Edge& e) { return e.child == first; });
    if (all_same) return flipped ? flip(first) : first;

    std::size_t h = hash_node(node);
    auto [lo, hi] = m_unique.equal_range(h);
    for (auto it = lo; it != hi; ++it) {
        if (nodes_equal(m_nodes[it->second], node)) {
            NodeId id = (it->second + 1) << 1;
            return flipped ? flip(id) : id;
        }
    }
    auto index = static_cast<std::uint32_t>(m_nodes.size());
    m_nodes.push_back(std::move(node));
    m_unique.emplace(h, index);
    NodeId id = (index + 1) << 1;
    return flipped ? flip(id) : id;
}

NodeId Interner::boolean_node(Variable var, bool positive) {
    Node n;
    n.var = var;
    n.type = EdgeType::Boolean;
    n.high = positive ? k_true : k_false;
    n.low = positive ? k_false : k_true;
    return create_node(std::move(n));
}

NodeId Interner::range_node(Variable var, EdgeType type, const Segments& true_segments) {
    Node n;
    n.var = var;
    n.type = type;
    n.edges = edges_from_segments(true_segments, type);
    return create_node(std::move(n));
}

Node Interner::map_children(const Node& n, NodeId parent, const std::function<NodeId(NodeId)>& f) {
    Node out;
    out.var = n.var;
    out.type = n.type;
    if (n.type == EdgeType::Boolean) {
        NodeId high = n.high, low = n.low;  // copy: `f` may grow the node table
        out.low = f(negate_under(low, parent));
        out.high = f(negate_under(high, parent));
    } else {
        out.edges = n.edges;
        for (Edge& e : out.edges) e.child = f(negate_under(e.child, parent));
    }
    return out;
}

Node Interner::apply(const Node& x, NodeId xi, const Node& y, NodeId yi,
                     const std::function<NodeId(NodeId, NodeId)>& f) {
    Node out;
    out.var = x.var;
    out.type = x.type;
    if (x.type == EdgeType::Boolean) {
        NodeId xh = x.high, xl = x.low, yh = y.high, yl = y.low;
        out.high = f(negate_under(xh, xi), negate_under(yh, yi));
        out.low = f(negate_under(xl, xi), negate_under(yl, yi));
        return out;
    }
    std::vector<Edge> left = x.edges, right = y.edges;
    for (const Edge& l : left) {
        for (const Edge& r : right) {
            auto inter = intersect(r.range, l.range, x.type);
            if (!inter) continue;
            NodeId child = f(negate_under(l.child, xi), negate_under(r.child, yi));
            if (!out.edges.empty() && out.edges.back().child == child &&
                can_conjoin(out.edges.back().range, *inter, x.type)) {
                out.edges.back().range.hi = inter->hi;
            } else {
                out.edges.push_back(Edge{*inter, child});
            }
        }
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// Boolean operations

static bool is_conflicting_variable(const Variable& v) {
    return v.kind == VarKind::String && v.key <= static_cast<std::uint8_t>(StringKey::PlatformSystem);
}

NodeId Interner::conj(NodeId x, NodeId y) { return conj_impl(x, y, m_and_cache, true); }

NodeId Interner::conj_impl(NodeId xi, NodeId yi, Cache& cache, bool check_exclusions) {
    if (xi == k_true) return yi;
    if (yi == k_true) return xi;
    if (xi == yi) return xi;
    if (xi == k_false || yi == k_false) return k_false;
    if (xi == flip(yi)) return k_false;
    if (auto it = cache.find(cache_key(xi, yi)); it != cache.end()) return it->second;

    const Node& x = node(xi);
    const Node& y = node(yi);
    // Known-incompatible pairs only involve the first variables of the order, so they can only
    // meet when both roots are such variables.
    bool conflicts = check_exclusions && is_conflicting_variable(x.var) && is_conflicting_variable(y.var);
    int c = compare_vars(x.var, y.var);
    Node result;
    if (c < 0) {
        result = map_children(x, xi, [&](NodeId n) { return conj_impl(n, yi, cache, check_exclusions); });
    } else if (c > 0) {
        result = map_children(y, yi, [&](NodeId n) { return conj_impl(n, xi, cache, check_exclusions); });
    } else {
        result = apply(x, xi, y, yi, [&](NodeId a, NodeId b) { return conj_impl(a, b, cache, check_exclusions); });
    }
    NodeId out = create_node(std::move(result));
    if (conflicts) {
        NodeId ex = exclusions();
        if (disjointness(out, flip(ex))) out = k_false;
    }
    cache.emplace(cache_key(xi, yi), out);
    return out;
}

bool Interner::is_disjoint(NodeId xi, NodeId yi) {
    if (xi == k_false || yi == k_false) return true;
    if (xi == k_true || yi == k_true) return false;
    if (xi == yi) return false;
    if (xi == flip(yi)) return true;
    const std::uint64_t key = cache_key(xi, yi);
    if (auto it = m_disjoint_cache.find(key); it != m_disjoint_cache.end()) return it->second;
    const Node& x = node(xi);
    const Node& y = node(yi);
    const bool out = is_conflicting_variable(x.var) && is_conflicting_variable(y.var) ? conj(xi, yi) == k_false
                                                                                      : disjointness(xi, yi);
    m_disjoint_cache.emplace(key, out);
    return out;
}

bool Interner::disjointness(NodeId xi, NodeId yi) {
    if (xi == k_false || yi == k_false) return true;
    if (xi == k_true || yi == k_true) return false;
    if (xi == yi) return false;
    if (xi == flip(yi)) return true;
    const Node& x = node(xi);
    const Node& y = node(yi);
    int c = compare_vars(x.var, y.var);
    if (c < 0) {
        for (NodeId child : children_of(x))
            if (!disjointness(negate_under(child, xi), yi)) return false;
        return true;
    }
    if (c > 0) {
        for (NodeId child : children_of(y))
            if (!disjointness(negate_under(child, yi), xi)) return false;
        return true;
    }
    if (x.type == EdgeType::Boolean) {
        return disjointness(negate_under(x.high, xi), negate_under(y.high, yi)) &&
               disjointness(negate_under(x.low, xi), negate_under(y.low, yi));
    }
    for (const Edge& l : x.edges) {
        for (const Edge& r : y.edges) {
            if (!intersect(r.range, l.range, x.type)) continue;
            if (!disjointness(negate_under(l.child, xi), negate_under(r.child, yi))) return false;
        }
    }
    return true;
}

NodeId Interner::restrict_by(NodeId i, const std::function<std::optional<bool>(const Variable&)>& f) {
    if (i == k_true || i == k_false) return i;
    const Node& n = node(i);
    if (n.type == EdgeType::Boolean) {
        if (auto value = f(n.var)) {
            NodeId child = *value ? n.high : n.low;
            return restrict_by(negate_under(child, i), f);
        }
    }
    return create_node(map_children(n, i, [&](NodeId c) { return restrict_by(c, f); }));
}

NodeId Interner::restrict(NodeId value, NodeId assumption) {
    Cache cache;
    return restrict_cached(value, assumption, cache);
}

NodeId Interner::restrict_cached(NodeId value, NodeId assumption, Cache& cache) {
    if (assumption == k_true || value == k_true || value == k_false) return value;
    if (assumption == k_false) return k_false;
    if (value == assumption) return k_true;
    if (value == flip(assumption)) return k_false;
    if (auto it = cache.find(cache_key(value, assumption)); it != cache.end()) return it->second;

    const Node& vn = node(value);
    const Node& an = node(assumption);
    NodeId result;
    int c = compare_vars(vn.var, an.var);
    if (c < 0) {
        result = create_node(map_children(vn, value, [&](NodeId v) { return restrict_cached(v, assumption, cache); }));
    } else if (c > 0) {
        // The value does not test this variable: quantify it out of the assumption.
        NodeId quantified = k_false;
        for (NodeId child : children_of(an)) quantified = disj(quantified, negate_under(child, assumption));
        result = restrict_cached(value, quantified, cache);
    } else {
        // Ranges unreachable under the assumption take the first reachable child, so they
        // merge with it and drop out of the printed marker.
        std::optional<NodeId> fallback;
        apply(vn, value, an, assumption, [&](NodeId v, NodeId a) {
            if (a == k_false) return k_false;
            NodeId r = restrict_cached(v, a, cache);
            if (!fallback) fallback = r;
            return r;
        });
        if (!fallback) {
            result = k_false;
        } else {
            NodeId fb = *fallback;
            result = create_node(apply(vn, value, an, assumption, [&](NodeId v, NodeId a) {
                return a == k_false ? fb : restrict_cached(v, a, cache);
            }));
        }
    }
    cache.emplace(cache_key(value, assumption), result);
    return result;
}

NodeId Interner::without_extras(NodeId i) { return without_extras_cached(i, m_without_extras); }

NodeId Interner::without_extras_cached(NodeId i, std::unordered_map<NodeId, NodeId>& cache) {
    if (i == k_true || i == k_false) return i;
    if (auto it = cache.find(i); it != cache.end()) return it->second;
    const Node& n = node(i);
    NodeId result;
    if (n.var.kind == VarKind::Extra) {
        NodeId any = k_false;
        for (NodeId child : children_of(n)) any = disj(any, negate_under(child, i));
        result = any == k_true ? k_true : without_extras_cached(any, cache);
    } else {
        result = create_node(map_children(n, i, [&](NodeId c) { return without_extras_cached(c, cache); }));
    }
    cache.emplace(i, result);
    return result;
}

NodeId Interner::only_extras(NodeId i) {
    if (i == k_true || i == k_false) return i;
    const Node& n = node(i);
    if (n.var.kind != VarKind::Extra) {
        NodeId any = k_false;
        for (NodeId child : children_of(n)) any = disj(any, negate_under(child, i));
        return any == k_true ? k_true : only_extras(any);
    }
    return create_node(map_children(n, i, [&](NodeId c) { return only_extras(c); }));
}

NodeId Interner::simplify_python_versions(NodeId i, Bound lower, Bound upper) {
    if (i == k_true || i == k_false) return i;
    if (lower.kind == BoundKind::Unbounded && upper.kind == BoundKind::Unbounded) return i;
    const Node& n = node(i);
    if (!(n.var.kind == VarKind::Version &&
          n.var.key == static_cast<std::uint8_t>(VersionKey::PythonFullVersion))) {
        return create_node(map_children(n, i, [&](NodeId c) { return simplify_python_versions(c, lower, upper); }));
    }
    Interval py{lower, upper};
    if (!nonempty(py, EdgeType::Version)) return k_false;
    Node out;
    out.var = n.var;
    out.type = n.type;
    for (const Edge& e : n.edges) {
        if (auto overlap = intersect(e.range, py, EdgeType::Version)) out.edges.push_back(Edge{*overlap, e.child});
    }
    // Only ranges inside requires-python remain; widen the outer ones to infinity so that
    // conditions implied by requires-python disappear.
    out.edges.front().range.lo = Bound{};
    out.edges.back().range.hi = Bound{};
    NodeId id = create_node(std::move(out));
    return negate_under(id, i);
}

NodeId Interner::complexify_python_versions(NodeId i, Bound lower, Bound upper) {
    if (i == k_false) return i;
    if (lower.kind == BoundKind::Unbounded && upper.kind == BoundKind::Unbounded) return i;
    Interval py{lower, upper};
    if (!nonempty(py, EdgeType::Version)) return k_false;
    Variable var{VarKind::Version, static_cast<std::uint8_t>(VersionKey::PythonFullVersion), 0};
    if (i == k_true) return range_node(var, EdgeType::Version, Segments{py});
    const Node& n = node(i);
    if (!(n.var.kind == VarKind::Version &&
          n.var.key == static_cast<std::uint8_t>(VersionKey::PythonFullVersion))) {
        return create_node(map_children(n, i, [&](NodeId c) { return complexify_python_versions(c, lower, upper); }));
    }
    std::vector<Edge> kept;
    for (const Edge& e : n.edges) {
        if (intersect(py, e.range, EdgeType::Version)) kept.push_back(e);
    }
    // Edges are stored relative to the node; "false" seen from outside is this handle.
    NodeId exclude = negate_under(k_false, i);
    if (lower.kind != BoundKind::Unbounded) {
        Edge& first = kept.front();
        if (first.child == exclude) {
            first.range.lo = Bound{};
        } else {
            first.range.lo = lower;
            Interval below{Bound{}, Bound{flip_kind(lower.kind), lower.value}};
            kept.insert(kept.begin(), Edge{below, exclude});
        }
    }
    if (upper.kind != BoundKind::Unbounded) {
        Edge& last = kept.back();
        if (last.child == exclude) {
            last.range.hi = Bound{};
        } else {
            last.range.hi = upper;
            Interval above{Bound{flip_kind(upper.kind), upper.value}, Bound{}};
            kept.push_back(Edge{above, exclude});
        }
    }
    Node out;
    out.var = n.var;
    out.type = n.type;
    out.edges = std::move(kept);
    return negate_under(create_node(std::move(out)), i);
}

// ---------------------------------------------------------------------------------------------
// Known-incompatible values (uv's `exclusions`): facts about real platforms that PEP 508 does
// not state, e.g. `os_name == 'nt'` never holds together with `sys_platform == 'linux'`.

NodeId Interner::exclusions() {
    if (m_exclusions) return *m_exclusions;
    Cache cache;  // built without the exclusion check, so it must not share the main cache
    auto eq = [&](StringKey key, std::string_view value) {
        Variable var{VarKind::String, static_cast<std::uint8_t>(key), 0};
        std::uint32_t v = intern_string(value);
        Bound b{BoundKind::Included, v};
        return range_node(var, EdgeType::String, Segments{Interval{b, b}});
    };
    NodeId os_nt = eq(StringKey::OsName, "nt");
    NodeId os_posix = eq(StringKey::OsName, "posix");
    NodeId sp_linux = eq(StringKey::SysPlatform, "linux");
    NodeId sp_darwin = eq(StringKey::SysPlatform, "darwin");
    NodeId sp_ios = eq(StringKey::SysPlatform, "ios");
    NodeId sp_win32 = eq(StringKey::SysPlatform, "win32");
    NodeId ps_freebsd = eq(StringKey::PlatformSystem, "FreeBSD");
    NodeId ps_netbsd = eq(StringKey::PlatformSystem, "NetBSD");
    NodeId ps_openbsd = eq(StringKey::PlatformSystem, "OpenBSD");
    NodeId ps_sunos = eq(StringKey::PlatformSystem, "SunOS");
    NodeId ps_ios = eq(StringKey::PlatformSystem, "iOS");
    NodeId ps_ipados = eq(StringKey::PlatformSystem, "iPadOS");
    NodeId sp_aix = eq(StringKey::SysPlatform, "aix");
    NodeId sp_android = eq(StringKey::SysPlatform, "android");
    NodeId sp_emscripten = eq(StringKey::SysPlatform, "emscripten");
    NodeId sp_cygwin = eq(StringKey::SysPlatform, "cygwin");
    NodeId sp_wasi = eq(StringKey::SysPlatform, "wasi");

    std::vector<std::pair<NodeId, NodeId>> pairs = {
        {os_nt, sp_linux}, {os_nt, sp_darwin}, {os_nt, sp_ios}, {os_posix, sp_win32}};
    for (NodeId ps : {ps_freebsd, ps_netbsd, ps_openbsd, ps_sunos, ps_ios, ps_ipados}) {
        for (NodeId sp : {sp_aix, sp_android, sp_emscripten, sp_ios, sp_linux, sp_darwin, sp_win32,
                          sp_cygwin, sp_wasi}) {
            if (sp == sp_ios && (ps == ps_ios || ps == ps_ipados)) continue;
            pairs.emplace_back(ps, sp);
        }
    }
    NodeId tree = k_false;
    for (auto [a, b] : pairs) {
        NodeId both = conj_impl(a, b, cache, false);
        tree = flip(conj_impl(flip(tree), flip(both), cache, false));
    }
    m_exclusions = tree;
    return tree;
}

// ---------------------------------------------------------------------------------------------

NodeId string_comparison(Interner& in, StringKey key, std::string_view op, std::string_view value) {
    // uv rewrites `platform_system` values that map one-to-one onto `sys_platform`.
    if (key == StringKey::PlatformSystem) {
        static constexpr std::pair<std::string_view, std::string_view> k_map[] = {
            {"Windows", "win32"}, {"Darwin", "darwin"}, {"Linux", "linux"},
            {"AIX", "aix"}, {"Emscripten", "emscripten"}, {"Android", "android"}};
        for (auto [from, to] : k_map) {
            if (value == from) {
                key = StringKey::SysPlatform;
                value = to;
                break;
            }
        }
    }
    Variable var{VarKind::String, static_cast<std::uint8_t>(key), 0};
    std::uint32_t v = in.intern_string(value);
    Bound inc{BoundKind::Included, v};
    Bound exc{BoundKind::Excluded, v};
    Segments seg;
    bool ordered = key == StringKey::PlatformRelease || key == StringKey::PlatformVersion;
    if (op == "==") {
        seg = {Interval{inc, inc}};
    } else if (op == "!=") {
        seg = in.complement(Segments{Interval{inc, inc}});
    } else if (ordered && op == ">") {
        seg = {Interval{exc, Bound{}}};
    } else if (ordered && op == ">=") {
        seg = {Interval{inc, Bound{}}};
    } else if (ordered && op == "<") {
        seg = {Interval{Bound{}, exc}};
    } else if (ordered && op == "<=") {
        seg = {Interval{Bound{}, inc}};
    } else if (op == ">" || op == "<") {
        // PEP 508: strict ordering on plain string fields is always false ...
        return k_false;
    } else {
        // ... and the inclusive ones mean equality.
        seg = {Interval{inc, inc}};
    }
    return in.range_node(var, EdgeType::String, seg);
}

} // namespace lockkit::pep508::detail
