// The PubGrub solver state (see solver_state.hpp).

#include "old_core/solver_state.hpp"

#include <algorithm>

namespace lockkit::resolver::old_core {

SolverState::SolverState(PackageId root, pep440::Version root_version)
    : m_root(root), m_root_version(std::move(root_version)) {
    const IncompatibilityId id = alloc(Incompatibility::not_root(root, m_root_version));
    list_of(root).push_back(id);
}

IncompatibilityId SolverState::alloc(Incompatibility incompat) {
    m_store.push_back(std::move(incompat));
    return static_cast<IncompatibilityId>(m_store.size() - 1);
}

std::vector<IncompatibilityId>& SolverState::list_of(PackageId package) {
    if (m_incompatibilities.size() <= package) m_incompatibilities.resize(package + 1);
    return m_incompatibilities[package];
}

std::span<const IncompatibilityId> SolverState::incompatibilities_of(PackageId package) const {
    if (package >= m_incompatibilities.size()) return {};
    return m_incompatibilities[package];
}

void SolverState::mark_contradicted(IncompatibilityId id) {
    m_store[id].mark_contradicted(m_partial.current_decision_level(), m_partial.current_generation());
}

IncompatibilityId SolverState::add_incompatibility(Incompatibility incompat) {
    // A cached contradiction is only valid in the state that recorded it.
    incompat.reset_contradiction_cache();
    const IncompatibilityId id = alloc(std::move(incompat));
    merge_incompatibility(id);
    return id;
}

void SolverState::add_proxy_package_incompatibility(PackageId proxy, PackageId base, const VersionRange& versions) {
    const IncompatibilityId id = alloc(Incompatibility::from_dependency(proxy, versions, base, versions));
    merge_incompatibility(id);
}

void SolverState::merge_incompatibility(IncompatibilityId id) {
    const Incompatibility& inc = m_store[id];
    if (inc.kind() == IncompatibilityKind::FromDependency && inc.package() != inc.dependency()) {
        const Term* dep = inc.get(inc.dependency());
        const std::size_t range_hash = dep != nullptr ? dep->set().hash() : 0x5bd1e995u;
        auto& bucket = m_merged[MergeKey{inc.package(), inc.dependency(), range_hash}];
        bool merged = false;
        for (IncompatibilityId& past : bucket) {
            std::optional<Incompatibility> m = m_store[id].merge_dependents(m_store[past]);
            if (!m) continue;
            const IncompatibilityId fresh = alloc(std::move(*m));
            for (const auto& [p, t] : m_store[fresh].terms()) {
                auto& list = list_of(p);
                list.erase(std::remove(list.begin(), list.end(), past), list.end());
            }
            past = fresh;
            id = fresh;
            merged = true;
            break;
        }
        if (!merged) bucket.push_back(id);
    }
    for (const auto& [p, t] : m_store[id].terms()) list_of(p).push_back(id);
}

std::optional<IncompatibilityId> SolverState::add_package_version_dependencies(
    PackageId package, const pep440::Version& version, const VersionRange& versions,
    std::span<const Dependency> dependencies) {
    // Allocate all the dependency clauses first, then merge each: the range of fresh ids is
    // what the conflict check looks at.
    const IncompatibilityId first = static_cast<IncompatibilityId>(m_store.size());
    for (const Dependency& d : dependencies)
        alloc(Incompatibility::from_dependency(package, versions, d.package, d.versions));
    const IncompatibilityId end = static_cast<IncompatibilityId>(m_store.size());
    std::vector<IncompatibilityId> fresh;
    for (IncompatibilityId id = first; id < end; ++id) {
        merge_incompatibility(id);
        fresh.push_back(id);
    }
    return m_partial.add_package_version_incompatibilities(package, version, fresh, m_store);
}

std::expected<std::vector<std::pair<PackageId, IncompatibilityId>>, DerivationTree>
SolverState::unit_propagation(PackageId package) {
    std::vector<std::pair<PackageId, IncompatibilityId>> causes;
    m_buffer.clear();
    m_buffer.push_back(package);
    while (!m_buffer.empty()) {
        const PackageId current = m_buffer.back();
        m_buffer.pop_back();
        std::optional<IncompatibilityId> conflict;
        // Newest incompatibilities first. The list is not modified while we walk it: only the
        // partial solution and the contradiction caches change.
        const auto& list = list_of(current);
        for (std::size_t k = list.size(); k-- > 0;) {
            const IncompatibilityId id = list[k];
            if (m_store[id].is_contradicted(m_partial.last_valid_levels())) continue;
            const auto rel = m_partial.relation(m_store[id]);
            using Kind = IncompatibilityRelation::Kind;
            if (rel.kind == Kind::Satisfied) {
                conflict = id;
                break;
            }
            if (rel.kind == Kind::AlmostSatisfied) {
                if (std::find(m_buffer.begin(), m_buffer.end(), rel.package) == m_buffer.end())
                    m_buffer.push_back(rel.package);
                m_partial.add_derivation(rel.package, id, m_store);
                mark_contradicted(id);
            } else if (rel.kind == Kind::Contradicted) {
                mark_contradicted(id);
            }
        }
        if (conflict) {
            auto resolved = conflict_resolution(*conflict, causes);
            if (!resolved) return std::unexpected(build_derivation_tree(resolved.error(), m_store));
            const auto [almost, root_cause] = *resolved;
            m_buffer.clear();
            m_buffer.push_back(almost);
            m_partial.add_derivation(almost, root_cause, m_store);
            mark_contradicted(root_cause);
        }
    }
    return causes;
}

std::expected<std::pair<PackageId, IncompatibilityId>, IncompatibilityId>
SolverState::conflict_resolution(IncompatibilityId incompat,
                                 std::vector<std::pair<PackageId, IncompatibilityId>>& causes) {
    IncompatibilityId current = incompat;
    bool changed = false;
    for (;;) {
        if (m_store[current].is_terminal(m_root, m_root_version)) return std::unexpected(current);
        const SatisfierSearch search = m_partial.satisfier_search(m_store[current], m_store);
        if (!search.same_level) {
            m_partial.backtrack(search.previous_level);
            if (changed) merge_incompatibility(current);
            causes.emplace_back(search.package, current);
            return std::pair{search.package, current};
        }
        Incompatibility prior = Incompatibility::prior_cause(current, m_store[current], search.satisfier_cause,
                                                             m_store[search.satisfier_cause], search.package);
        current = alloc(std::move(prior));
        causes.emplace_back(search.package, current);
        changed = true;
    }
}

std::optional<std::uint32_t> SolverState::backtrack_package(PackageId package) {
    const DecisionLevel base = m_partial.current_decision_level();
    auto level = m_partial.backtrack_package(package);
    if (!level) return std::nullopt;
    return base - *level;
}

} // namespace lockkit::resolver::old_core
