// Canonical printing: uv's `to_dnf` (marker/simplify.rs) over our diagram.
//
// 1. Walk every path to TRUE; at a range node, edges with the same child are merged into one
//    range first (in order of first appearance), and the range is rendered as `!=` terms, a
//    `!= 'X.Y.*'`, or one clause per contiguous segment (`==`, `== 'X.Y.*'`, bounds).
// 2. Drop terms made redundant by a clause that equals this one with the term negated, then
//    clauses that contain another clause.
// 3. Stable-sort terms by kind, then clauses by their kind sequences.

#include <algorithm>
#include <string>

#include "marker_internal.hpp"

namespace lockkit::pep508::detail {

namespace {

enum class TermKind : std::uint8_t { Version, String, In, Contains, List, Extra };
enum class TermOp : std::uint8_t { Eq, Ne, Lt, Le, Gt, Ge, EqStar, NeStar };

struct Term {
    TermKind kind;
    std::uint8_t key;
    TermOp op;
    std::uint32_t value;  // version id for Version terms, else string id
};

using Clause = std::vector<Term>;

TermOp negated(TermOp op) {
    switch (op) {
    case TermOp::Eq: return TermOp::Ne;
    case TermOp::Ne: return TermOp::Eq;
    case TermOp::Lt: return TermOp::Ge;
    case TermOp::Ge: return TermOp::Lt;
    case TermOp::Le: return TermOp::Gt;
    case TermOp::Gt: return TermOp::Le;
    case TermOp::EqStar: return TermOp::NeStar;
    case TermOp::NeStar: return TermOp::EqStar;
    }
    return op;
}

// uv's `MarkerValueString` declaration order, which its sort uses (deprecated aliases leave gaps).
int string_kind_rank(StringKey key) {
    switch (key) {
    case StringKey::ImplementationName: return 0;
    case StringKey::OsName: return 1;
    case StringKey::PlatformMachine: return 3;
    case StringKey::PlatformPythonImplementation: return 5;
    case StringKey::PlatformRelease: return 8;
    case StringKey::PlatformSystem: return 9;
    case StringKey::PlatformVersion: return 10;
    case StringKey::SysPlatform: return 12;
    }
    return 99;
}

/// uv's `MarkerExpressionKind` order: versions, (version-in), strings, lists, extra.
int kind_rank(const Term& t) {
    switch (t.kind) {
    case TermKind::Version: return t.key;
    case TermKind::String:
    case TermKind::In:
    case TermKind::Contains: return 200 + string_kind_rank(static_cast<StringKey>(t.key));
    case TermKind::List: {
        auto key = static_cast<ListKey>(t.key);
        bool extras = key == ListKey::Extras || key == ListKey::ArbitraryExtras;
        return extras ? 300 : 301;
    }
    case TermKind::Extra: return 400;
    }
    return 999;
}

std::string_view string_key_name(StringKey key) {
    switch (key) {
    case StringKey::OsName: return "os_name";
    case StringKey::SysPlatform: return "sys_platform";
    case StringKey::PlatformSystem: return "platform_system";
    case StringKey::PlatformMachine: return "platform_machine";
    case StringKey::PlatformPythonImplementation: return "platform_python_implementation";
    case StringKey::PlatformRelease: return "platform_release";
    case StringKey::PlatformVersion: return "platform_version";
    case StringKey::ImplementationName: return "implementation_name";
    }
    return "?";
}

std::string_view op_name(TermOp op) {
    switch (op) {
    case TermOp::Eq: case TermOp::EqStar: return "==";
    case TermOp::Ne: case TermOp::NeStar: return "!=";
    case TermOp::Lt: return "<";
    case TermOp::Le: return "<=";
    case TermOp::Gt: return ">";
    case TermOp::Ge: return ">=";
    }
    return "?";
}

class Printer {
public:
    explicit Printer(Interner& in) : m_in(in) {}

    std::vector<Clause> collect(NodeId root) {
        std::vector<Clause> dnf;
        Clause path;
        walk(root, dnf, path);
        simplify(dnf);
        sort(dnf);
        return dnf;
    }

    std::string render(const Term& t) const {
        std::string out;
        switch (t.kind) {
        case TermKind::Version: {
            out = t.key == static_cast<std::uint8_t>(VersionKey::PythonFullVersion) ? "python_full_version"
                                                                                    : "implementation_version";
            out += ' ';
            out += op_name(t.op);
            out += " '";
            out += version_text(t.value);
            if (t.op == TermOp::EqStar || t.op == TermOp::NeStar) out += ".*";
            out += '\'';
            return out;
        }
        case TermKind::String:
            out = string_key_name(static_cast<StringKey>(t.key));
            out += ' ';
            out += op_name(t.op);
            out += " '" + m_in.str(t.value) + "'";
            return out;
        case TermKind::In:
            out = string_key_name(static_cast<StringKey>(t.key));
            out += t.op == TermOp::Eq ? " in '" : " not in '";
            out += m_in.str(t.value) + "'";
            return out;
        case TermKind::Contains:
            out = "'" + m_in.str(t.value) + "'";
            out += t.op == TermOp::Eq ? " in " : " not in ";
            out += string_key_name(static_cast<StringKey>(t.key));
            return out;
        case TermKind::List: {
            auto key = static_cast<ListKey>(t.key);
            bool extras = key == ListKey::Extras || key == ListKey::ArbitraryExtras;
            out = "'" + m_in.str(t.value) + "'";
            out += t.op == TermOp::Eq ? " in " : " not in ";
            out += extras ? "extras" : "dependency_groups";
            return out;
        }
        case TermKind::Extra:
            out = "extra ";
            out += op_name(t.op);
            out += " '" + m_in.str(t.value) + "'";
            return out;
        }
        return out;
    }

private:
    std::string version_text(std::uint32_t id) const {
        std::string s;
        for (std::uint64_t seg : m_in.ver(id)) {
            if (!s.empty()) s += '.';
            s += std::to_string(seg);
        }
        return s;
    }

    bool value_equal(const Term& a, const Term& b) const {
        if (a.kind == TermKind::Version) return m_in.compare_values(EdgeType::Version, a.value, b.value) == 0;
        return a.value == b.value;
    }
    bool term_equal(const Term& a, const Term& b) const {
        return a.kind == b.kind && a.key == b.key && a.op == b.op && value_equal(a, b);
    }
    bool is_negation(const Term& a, const Term& b) const {
        return a.kind == b.kind && a.key == b.key && value_equal(a, b) && negated(a.op) == b.op;
    }

    std::vector<std::uint64_t> trimmed(std::uint32_t id) const {
        auto r = m_in.ver(id);
        std::size_t n = r.size();
        while (n > 0 && r[n - 1] == 0) --n;
        if (n == 0) return {0};
        return {r.begin(), r.begin() + static_cast<std::ptrdiff_t>(n)};
    }

    /// Edges with the same child, merged, in order of first appearance (uv's `collect_edges`).
    std::vector<std::pair<NodeId, Segments>> collect_edges(const Node& n, NodeId parent) const {
        std::vector<std::pair<NodeId, Segments>> groups;
        for (const Edge& e : n.edges) {
            NodeId child = negate_under(e.child, parent);
            auto it = std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == child; });
            if (it == groups.end()) {
                groups.push_back({child, Segments{e.range}});
            } else if (m_in.can_conjoin(it->second.back(), e.range, n.type)) {
                it->second.back().hi = e.range.hi;
            } else {
                it->second.push_back(e.range);
            }
        }
        return groups;
    }

    /// The excluded points if `s` is "everything except some points".
    std::optional<std::vector<std::uint32_t>> range_inequality(const Segments& s, EdgeType t) const {
        if (s.empty() || s.front().lo.kind != BoundKind::Unbounded || s.back().hi.kind != BoundKind::Unbounded)
            return std::nullopt;
        std::vector<std::uint32_t> excluded;
        for (std::size_t i = 0; i + 1 < s.size(); ++i) {
            const Bound& end = s[i].hi;
            const Bound& start = s[i + 1].lo;
            if (end.kind == BoundKind::Excluded && start.kind == BoundKind::Excluded &&
                m_in.compare_values(t, end.value, start.value) == 0) {
                excluded.push_back(end.value);
            } else {
                return std::nullopt;
            }
        }
        return excluded;
    }

    /// `(-inf, X.Y) u [X.(Y+1), inf)` is `!= 'X.Y.*'`.
    std::optional<Term> star_range(const Segments& s, std::uint8_t key) {
        if (s.size() != 2) return std::nullopt;
        const Interval& a = s[0];
        const Interval& b = s[1];
        if (!(a.lo.kind == BoundKind::Unbounded && a.hi.kind == BoundKind::Excluded &&
              b.lo.kind == BoundKind::Included && b.hi.kind == BoundKind::Unbounded))
            return std::nullopt;
        auto v1 = trimmed(a.hi.value);
        auto v2 = m_in.ver(b.lo.value);
        if (v1.size() == 1 && v2.size() == 2 && v2[0] == v1[0] && v2[1] == 1) {
            std::uint64_t r[2] = {v1[0], 0};
            return Term{TermKind::Version, key, TermOp::NeStar, m_in.intern_version(r)};
        }
        if (v1.size() == 2 && v2.size() == 2 && v2[0] == v1[0] && v2[1] == v1[1] + 1) {
            return Term{TermKind::Version, key, TermOp::NeStar, a.hi.value};
        }
        return std::nullopt;
    }

    /// uv's `VersionSpecifier::from_release_only_bounds`.
    void version_bounds(const Interval& r, std::uint8_t key, Clause& out) {
        if (r.lo.kind == BoundKind::Included && r.hi.kind == BoundKind::Included &&
            m_in.compare_values(EdgeType::Version, r.lo.value, r.hi.value) == 0) {
            out.push_back(Term{TermKind::Version, key, TermOp::Eq, r.lo.value});
            return;
        }
        if (r.lo.kind == BoundKind::Included && r.hi.kind == BoundKind::Excluded) {
            auto v1 = trimmed(r.lo.value);
            auto v2 = trimmed(r.hi.value);
            if (v1.size() == 1 && v2.size() == 2 && v2[0] == v1[0] && v2[1] == 1) {
                std::uint64_t rel[2] = {v1[0], 0};
                out.push_back(Term{TermKind::Version, key, TermOp::EqStar, m_in.intern_version(rel)});
                return;
            }
            if (v1.size() == 2 && v2.size() == 2 && v2[0] == v1[0] && v2[1] == v1[1] + 1) {
                out.push_back(Term{TermKind::Version, key, TermOp::EqStar, m_in.intern_version(v1)});
                return;
            }
        }
        append_bounds(r, TermKind::Version, key, out);
    }

    void append_bounds(const Interval& r, TermKind kind, std::uint8_t key, Clause& out) {
        if (r.lo.kind != BoundKind::Unbounded)
            out.push_back(Term{kind, key, r.lo.kind == BoundKind::Included ? TermOp::Ge : TermOp::Gt, r.lo.value});
        if (r.hi.kind != BoundKind::Unbounded)
            out.push_back(Term{kind, key, r.hi.kind == BoundKind::Included ? TermOp::Le : TermOp::Lt, r.hi.value});
    }

    void walk(NodeId id, std::vector<Clause>& dnf, Clause& path) {
        if (id == k_false) return;
        if (id == k_true) {
            if (!path.empty()) dnf.push_back(path);
            return;
        }
        const Node& n = m_in.node(id);
        std::size_t mark = path.size();
        switch (n.var.kind) {
        case VarKind::Version:
        case VarKind::String: {
            TermKind kind = n.var.kind == VarKind::Version ? TermKind::Version : TermKind::String;
            for (auto& [child, segments] : collect_edges(n, id)) {
                if (auto excluded = range_inequality(segments, n.type)) {
                    for (std::uint32_t v : *excluded) path.push_back(Term{kind, n.var.key, TermOp::Ne, v});
                    walk(child, dnf, path);
                    path.resize(mark);
                    continue;
                }
                if (kind == TermKind::Version) {
                    if (auto star = star_range(segments, n.var.key)) {
                        path.push_back(*star);
                        walk(child, dnf, path);
                        path.resize(mark);
                        continue;
                    }
                }
                for (const Interval& r : segments) {
                    if (kind == TermKind::Version) {
                        version_bounds(r, n.var.key, path);
                    } else if (r.lo.kind == BoundKind::Included && r.hi.kind == BoundKind::Included &&
                               r.lo.value == r.hi.value) {
                        path.push_back(Term{kind, n.var.key, TermOp::Eq, r.lo.value});
                    } else {
                        append_bounds(r, kind, n.var.key, path);
                    }
                    walk(child, dnf, path);
                    path.resize(mark);
                }
            }
            return;
        }
        default: {
            TermKind kind = n.var.kind == VarKind::In         ? TermKind::In
                          : n.var.kind == VarKind::Contains   ? TermKind::Contains
                          : n.var.kind == VarKind::List       ? TermKind::List
                                                              : TermKind::Extra;
            NodeId high = negate_under(n.high, id);
            NodeId low = negate_under(n.low, id);
            std::uint8_t key = n.var.key;
            std::uint32_t value = n.var.value;
            path.push_back(Term{kind, key, TermOp::Eq, value});
            walk(high, dnf, path);
            path.resize(mark);
            path.push_back(Term{kind, key, TermOp::Ne, value});
            walk(low, dnf, path);
            path.resize(mark);
            return;
        }
        }
    }

    void simplify(std::vector<Clause>& dnf) const {
        for (std::size_t i = 0; i < dnf.size(); ++i) {
            const Clause& clause = dnf[i];
            std::vector<std::size_t> redundant;
            for (std::size_t skipped = 0; skipped < clause.size(); ++skipped) {
                const Term& skipped_term = clause[skipped];
                for (std::size_t j = 0; j < dnf.size(); ++j) {
                    if (i == j) continue;
                    bool subset = std::all_of(dnf[j].begin(), dnf[j].end(), [&](const Term& term) {
                        if (term_equal(term, skipped_term)) return false;
                        if (is_negation(term, skipped_term)) return true;
                        auto pos = std::find_if(clause.begin(), clause.end(),
                                                [&](const Term& x) { return term_equal(x, term); });
                        if (pos == clause.end()) return false;
                        auto index = static_cast<std::size_t>(pos - clause.begin());
                        return std::find(redundant.begin(), redundant.end(), index) == redundant.end();
                    });
                    if (subset) {
                        redundant.push_back(skipped);
                        break;
                    }
                }
            }
            std::sort(redundant.begin(), redundant.end(), std::greater<>());
            for (std::size_t index : redundant) dnf[i].erase(dnf[i].begin() + static_cast<std::ptrdiff_t>(index));
        }

        std::vector<std::size_t> redundant_clauses;
        for (std::size_t i = 0; i < dnf.size(); ++i) {
            for (std::size_t j = 0; j < dnf.size(); ++j) {
                if (i == j || std::find(redundant_clauses.begin(), redundant_clauses.end(), j) != redundant_clauses.end())
                    continue;
                bool contained = std::all_of(dnf[j].begin(), dnf[j].end(), [&](const Term& term) {
                    return std::any_of(dnf[i].begin(), dnf[i].end(), [&](const Term& x) { return term_equal(x, term); });
                });
                if (contained) {
                    redundant_clauses.push_back(i);
                    break;
                }
            }
        }
        for (auto it = redundant_clauses.rbegin(); it != redundant_clauses.rend(); ++it)
            dnf.erase(dnf.begin() + static_cast<std::ptrdiff_t>(*it));
    }

    void sort(std::vector<Clause>& dnf) const {
        for (Clause& c : dnf) {
            std::stable_sort(c.begin(), c.end(), [](const Term& a, const Term& b) { return kind_rank(a) < kind_rank(b); });
        }
        std::stable_sort(dnf.begin(), dnf.end(), [](const Clause& a, const Clause& b) {
            return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), [](const Term& x, const Term& y) {
                return kind_rank(x) < kind_rank(y);
            });
        });
    }

    Interner& m_in;
};

} // namespace

std::vector<std::vector<std::string>> dnf_terms(NodeId id, Interner& in) {
    Printer p(in);
    std::vector<std::vector<std::string>> out;
    for (const Clause& clause : p.collect(id)) {
        auto& terms = out.emplace_back();
        terms.reserve(clause.size());
        for (const Term& t : clause) terms.push_back(p.render(t));
    }
    return out;
}

} // namespace lockkit::pep508::detail
