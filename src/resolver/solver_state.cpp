// The PubGrub solver: filing incompatibilities, unit propagation and conflict resolution
// (solver_state.hpp, docs/resolver-core.md).

#include <lockkit/resolver/solver_state.hpp>

#include <algorithm>

namespace lockkit::resolver {

SolverState::SolverState(PackageId root, pep440::Version root_version)
    : m_root(root), m_root_version(std::move(root_version)) {
    add_incompatibility(Incompatibility::not_root(m_root, m_root_version));
}

std::span<const IncompatibilityId> SolverState::incompatibilities_of(PackageId package) const {
    if (package >= m_lists.size()) return {};
    return m_lists[package];
}

void SolverState::list_under_packages(IncompatibilityId id) {
    for (const auto& [p, t] : m_arena[id].terms()) {
        if (m_lists.size() <= p) m_lists.resize(std::size_t{p} + 1);
        m_lists[p].push_back(id);
    }
}

void SolverState::unlist(IncompatibilityId id) {
    for (const auto& [p, t] : m_arena[id].terms()) {
        auto& list = m_lists[p];
        // Clauses are usually merged soon after they were filed: look from the end.
        auto it = std::find(list.rbegin(), list.rend(), id);
        if (it != list.rend()) list.erase(std::next(it).base());
    }
}

IncompatibilityId SolverState::file(IncompatibilityId id) {
    const Incompatibility& clause = m_arena[id];
    if (clause.kind() == IncompatibilityKind::FromDependency) {
        if (const auto equal = m_clauses.find_equal(clause, m_arena)) {
            // One clause for both: the new depending versions united with the old ones.
            auto [versions, dependency_versions] = clause.dependency_sets();
            VersionRange both = versions->union_with(*m_arena[*equal].dependency_sets().first);
            const IncompatibilityId merged = m_arena.add(Incompatibility::from_dependency(
                clause.package(), std::move(both), clause.dependency(), std::move(dependency_versions)));
            unlist(*equal);
            m_clauses.replace(clause, *equal, merged);
            list_under_packages(merged);
            return merged;
        }
        m_clauses.add(clause, id);
    }
    list_under_packages(id);
    return id;
}

IncompatibilityId SolverState::add_incompatibility(Incompatibility incompat) {
    const IncompatibilityId id = m_arena.add(std::move(incompat));
    file(id);
    return id;
}

void SolverState::add_proxy_package_incompatibility(PackageId proxy, PackageId base, const VersionRange& versions) {
    add_incompatibility(Incompatibility::from_dependency(proxy, versions, base, versions));
}

std::optional<IncompatibilityId> SolverState::add_package_version_dependencies(PackageId package,
                                                                               const pep440::Version& version,
                                                                               const VersionRange& versions,
                                                                               std::span<const Dependency> dependencies) {
    // All clauses are numbered before any is filed (filing may number merged ones).
    const auto first = static_cast<IncompatibilityId>(m_arena.size());
    for (const Dependency& d : dependencies)
        m_arena.add(Incompatibility::from_dependency(package, versions, d.package, d.versions));
    const auto last = static_cast<IncompatibilityId>(m_arena.size());
    for (IncompatibilityId id = first; id < last; ++id) file(id);

    // Until the first backjump the version is decided unchecked: should a new clause conflict,
    // the next propagation finds it.
    Term chosen = Term::exact(version);
    if (m_solution.has_backtracked()) {
        for (IncompatibilityId id = first; id < last; ++id) {
            const auto status = m_solution.status_assuming(m_arena[id], package, chosen);
            if (status.kind == IncompatibilityStatus::Kind::Satisfied) return id;
        }
    }
    m_solution.decide(package, std::move(chosen));
    return std::nullopt;
}

std::expected<std::vector<std::pair<PackageId, IncompatibilityId>>, DerivationTree>
SolverState::unit_propagation(PackageId package) {
    using Kind = IncompatibilityStatus::Kind;
    Steps steps;
    m_to_visit.clear();
    m_to_visit.push_back(package);
    while (!m_to_visit.empty()) {
        const PackageId visiting = m_to_visit.back();
        m_to_visit.pop_back();
        std::optional<IncompatibilityId> conflict;
        if (visiting < m_lists.size()) {
            // Newest first: what conflict resolution learnt tends to be the broader statement.
            const std::vector<IncompatibilityId>& list = m_lists[visiting];
            for (auto it = list.rbegin(); it != list.rend() && !conflict; ++it) {
                const IncompatibilityId id = *it;
                if (m_contradicted.holds(id)) continue;
                const Incompatibility& incompat = m_arena[id];
                const IncompatibilityStatus status = m_solution.status(incompat);
                if (status.kind == Kind::Satisfied) {
                    conflict = id;
                } else if (status.kind == Kind::AlmostSatisfied) {
                    if (std::find(m_to_visit.begin(), m_to_visit.end(), status.package) == m_to_visit.end())
                        m_to_visit.push_back(status.package);
                    m_solution.add_derivation(status.package, id, *incompat.get(status.package));
                    // The derivation negated the last open term.
                    m_contradicted.note(id, m_solution.current_decision_level());
                } else if (status.kind == Kind::Contradicted) {
                    m_contradicted.note(id, m_solution.current_decision_level());
                }
            }
        }
        if (!conflict) continue;
        auto resolved = resolve_conflict(*conflict, steps);
        if (!resolved) return std::unexpected(build_derivation_tree(resolved.error(), m_arena));
        const auto [derive_for, cause] = *resolved;
        // After the backjump `cause` is almost satisfied: derive its last term and start over
        // from that package.
        m_to_visit.clear();
        m_to_visit.push_back(derive_for);
        m_solution.add_derivation(derive_for, cause, *m_arena[cause].get(derive_for));
        m_contradicted.note(cause, m_solution.current_decision_level());
    }
    return steps;
}

bool SolverState::proves_no_solution(const Incompatibility& incompat) const {
    const auto& terms = incompat.terms();
    if (terms.empty()) return true;
    return terms.size() == 1 && terms.front().first == m_root && terms.front().second.contains(m_root_version);
}

void SolverState::jump_back(DecisionLevel level) {
    m_solution.backtrack(level);
    m_contradicted.forget_above(level);
}

std::expected<std::pair<PackageId, IncompatibilityId>, IncompatibilityId>
SolverState::resolve_conflict(IncompatibilityId conflict, Steps& steps) {
    IncompatibilityId current = conflict;
    bool learnt = false;
    for (;;) {
        const Incompatibility& incompat = m_arena[current];
        if (proves_no_solution(incompat)) return std::unexpected(current);
        const Satisfier satisfier = m_solution.find_satisfier(incompat, m_arena);
        if (!satisfier.cause || satisfier.backjump_level < satisfier.level) {
            jump_back(satisfier.backjump_level);
            if (learnt) file(current);
            steps.emplace_back(satisfier.package, current);
            return std::pair{satisfier.package, current};
        }
        // The satisfier was derived at the level of an earlier assignment that also matters:
        // resolve it away and look again.
        current = m_arena.add(prior_cause(current, *satisfier.cause, satisfier.package));
        learnt = true;
        steps.emplace_back(satisfier.package, current);
    }
}

Incompatibility SolverState::prior_cause(IncompatibilityId conflict, IncompatibilityId cause, PackageId package) const {
    const Incompatibility& left = m_arena[conflict];
    const Incompatibility& right = m_arena[cause];
    Incompatibility::TermList terms;
    terms.reserve(left.terms().size() + right.terms().size());
    for (const auto& [p, t] : left.terms())
        if (p != package) terms.emplace_back(p, t);
    for (const auto& [p, t] : right.terms()) {
        if (p == package) continue;
        auto same = std::find_if(terms.begin(), terms.end(), [&](const auto& e) { return e.first == p; });
        if (same != terms.end()) same->second = same->second.intersection(t);
        else terms.emplace_back(p, t);
    }
    // Either term may hold; a union that always holds says nothing.
    Term either = left.get(package)->union_with(*right.get(package));
    if (!(either == Term::any())) terms.emplace_back(package, std::move(either));
    return Incompatibility::derived(conflict, cause, std::move(terms));
}

std::optional<std::uint32_t> SolverState::backtrack_package(PackageId package) {
    const DecisionLevel was = m_solution.current_decision_level();
    const auto level = m_solution.backtrack_package(package);
    if (!level) return std::nullopt;
    m_contradicted.forget_above(*level);
    return was - *level;
}

} // namespace lockkit::resolver
