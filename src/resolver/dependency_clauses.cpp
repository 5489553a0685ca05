// The index of dependency clauses (dependency_clauses.hpp).

#include <lockkit/resolver/dependency_clauses.hpp>

#include <algorithm>

namespace lockkit::resolver {

bool same_dependency_term(const Incompatibility& a, const Incompatibility& b) {
    // The dependency's term, when there is one, follows the depender's.
    const Term* ta = a.terms().size() > 1 ? &a.terms()[1].second : nullptr;
    const Term* tb = b.terms().size() > 1 ? &b.terms()[1].second : nullptr;
    if (ta == nullptr || tb == nullptr) return ta == tb;
    return *ta == *tb;
}

std::optional<IncompatibilityId> DependencyClauseIndex::find_equal(const Incompatibility& clause,
                                                                   const IncompatibilityArena& arena) const {
    auto it = m_by_pair.find(pair_key(clause));
    if (it == m_by_pair.end()) return std::nullopt;
    for (IncompatibilityId id : it->second)
        if (same_dependency_term(clause, arena[id])) return id;
    return std::nullopt;
}

void DependencyClauseIndex::add(const Incompatibility& clause, IncompatibilityId id) {
    m_by_pair[pair_key(clause)].push_back(id);
}

void DependencyClauseIndex::replace(const Incompatibility& clause, IncompatibilityId old, IncompatibilityId merged) {
    auto& ids = m_by_pair[pair_key(clause)];
    std::replace(ids.begin(), ids.end(), old, merged);
}

} // namespace lockkit::resolver
