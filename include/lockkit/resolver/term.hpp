#pragma once
// A PubGrub term: a statement about one package's version (PubGrub's solver.md, "Term").
//
// `positive(S)` holds when the package is selected with a version in S; `negative(S)` holds
// when the package is not selected or its version is outside S. So `positive(S)` and
// `negative(complement(S))` differ only in whether "not selected" satisfies them. Set
// operations on terms follow from that reading; the set relations use the canonical form of
// the version sets (version_range.hpp).

#include <lockkit/resolver/version_range.hpp>

namespace lockkit::resolver {

/// How the intersection of the terms already known relates to one term.
enum class TermRelation { Satisfied, Contradicted, Inconclusive };

class Term {
public:
    /// The term that always holds: negative(empty).
    Term() = default;
    static Term any() { return {}; }
    /// The term that never holds: positive(empty).
    static Term empty() { return Term(true, VersionRange::empty()); }
    static Term positive(VersionRange set) { return Term(true, std::move(set)); }
    static Term negative(VersionRange set) { return Term(false, std::move(set)); }
    /// positive({version})
    static Term exact(const pep440::Version& version) { return Term(true, VersionRange::singleton(version)); }

    bool is_positive() const { return m_positive; }
    const VersionRange& set() const { return m_set; }

    Term negate() const { return Term(!m_positive, m_set); }
    bool contains(const pep440::Version& v) const { return m_positive ? m_set.contains(v) : !m_set.contains(v); }

    Term intersection(const Term& other) const {
        if (m_positive && other.m_positive) return positive(m_set.intersection(other.m_set));
        if (m_positive) return positive(m_set.difference(other.m_set));
        if (other.m_positive) return positive(other.m_set.difference(m_set));
        return negative(m_set.union_with(other.m_set));
    }

    Term union_with(const Term& other) const {
        if (m_positive && other.m_positive) return positive(m_set.union_with(other.m_set));
        if (m_positive) return negative(other.m_set.difference(m_set));
        if (other.m_positive) return negative(m_set.difference(other.m_set));
        return negative(m_set.intersection(other.m_set));
    }

    /// Whether no selection satisfies both terms.
    bool is_disjoint(const Term& other) const {
        if (m_positive && other.m_positive) return m_set.is_disjoint(other.m_set);
        if (!m_positive && !other.m_positive) return false;  // "not selected" satisfies both
        const VersionRange& p = m_positive ? m_set : other.m_set;
        const VersionRange& n = m_positive ? other.m_set : m_set;
        return p.subset_of(n);
    }

    /// How the intersection `known` of the terms about this package relates to this term.
    /// An empty positive intersection both satisfies and contradicts; it counts as satisfying.
    TermRelation relation_with(const Term& known) const {
        if (m_positive && known.m_positive) {
            switch (known.m_set.relation(m_set)) {
            case SetRelation::Subset: return TermRelation::Satisfied;
            case SetRelation::Disjoint: return TermRelation::Contradicted;
            case SetRelation::Overlapping: return TermRelation::Inconclusive;
            }
        }
        if (m_positive) return m_set.subset_of(known.m_set) ? TermRelation::Contradicted : TermRelation::Inconclusive;
        if (known.m_positive) {
            if (known.m_set.is_empty()) return TermRelation::Satisfied;
            switch (known.m_set.relation(m_set)) {
            case SetRelation::Subset: return TermRelation::Contradicted;
            case SetRelation::Disjoint: return TermRelation::Satisfied;
            case SetRelation::Overlapping: return TermRelation::Inconclusive;
            }
        }
        return m_set.subset_of(known.m_set) ? TermRelation::Satisfied : TermRelation::Inconclusive;
    }

    friend bool operator==(const Term& a, const Term& b) { return a.m_positive == b.m_positive && a.m_set == b.m_set; }

private:
    Term(bool positive, VersionRange set) : m_positive(positive), m_set(std::move(set)) {}

    bool m_positive = false;
    VersionRange m_set;
};

} // namespace lockkit::resolver
