// PubGrub's partial solution (see partial_solution.hpp).

#include "old_core/partial_solution.hpp"

#include <algorithm>

namespace lockkit::resolver::old_core {

PartialSolution::PartialSolution() : m_last_valid_levels{0} {}

PartialSolution::Assignments* PartialSolution::find(PackageId package) {
    if (package >= m_position.size() || m_position[package] < 0) return nullptr;
    return &m_assignments[static_cast<std::size_t>(m_position[package])];
}

const PartialSolution::Assignments* PartialSolution::find(PackageId package) const {
    if (package >= m_position.size() || m_position[package] < 0) return nullptr;
    return &m_assignments[static_cast<std::size_t>(m_position[package])];
}

const Term* PartialSolution::term_intersection(PackageId package) const {
    const Assignments* a = find(package);
    return a != nullptr ? &a->term : nullptr;
}

const pep440::Version* PartialSolution::decision(PackageId package) const {
    const Assignments* a = find(package);
    return a != nullptr && a->decided ? &a->decision_version : nullptr;
}

const VersionRange* PartialSolution::potential(const Assignments& a) {
    if (a.decided || !a.term.is_positive()) return nullptr;
    return &a.term.set();
}

void PartialSolution::mark_outdated(PackageId package) {
    if (m_is_outdated.size() <= package) m_is_outdated.resize(package + 1, false);
    if (m_is_outdated[package]) return;
    m_is_outdated[package] = true;
    m_outdated.push_back(package);
}

void PartialSolution::queue_remove(PackageId package) {
    if (package >= m_queued.size() || !m_queued[package]) return;
    m_queue.erase(QueueKey{*m_queued[package], package});
    m_queued[package].reset();
}

void PartialSolution::rebuild_positions() {
    std::fill(m_position.begin(), m_position.end(), -1);
    for (std::size_t i = 0; i < m_assignments.size(); ++i)
        m_position[m_assignments[i].package] = static_cast<std::int32_t>(i);
}

void PartialSolution::add_decision(PackageId package, const pep440::Version& version) {
    const std::size_t new_index = m_current_level;
    ++m_current_level;
    const std::size_t old_index = static_cast<std::size_t>(m_position[package]);
    Assignments& a = m_assignments[old_index];
    a.highest_level = m_current_level;
    a.decided = true;
    a.decision_global_index = m_next_global_index;
    a.decision_version = version;
    a.term = Term::exact(version);
    // Keep the decided packages in decision order at the front.
    if (new_index != old_index) {
        std::swap(m_assignments[new_index], m_assignments[old_index]);
        m_position[m_assignments[new_index].package] = static_cast<std::int32_t>(new_index);
        m_position[m_assignments[old_index].package] = static_cast<std::int32_t>(old_index);
    }
    ++m_next_global_index;
}

void PartialSolution::add_derivation(PackageId package, IncompatibilityId cause, const IncompatibilityStore& store) {
    DatedDerivation d{m_next_global_index, m_current_level, cause, store[cause].get(package)->negate()};
    ++m_next_global_index;
    if (Assignments* a = find(package)) {
        a->highest_level = m_current_level;
        // add_derivation is never called on a decided package.
        a->term = a->term.intersection(d.accumulated);
        d.accumulated = a->term;
        if (a->term.is_positive()) mark_outdated(package);
        a->derivations.push_back(std::move(d));
        return;
    }
    if (d.accumulated.is_positive()) mark_outdated(package);
    Assignments a;
    a.package = package;
    a.smallest_level = m_current_level;
    a.highest_level = m_current_level;
    a.term = d.accumulated;
    a.derivations.push_back(std::move(d));
    if (m_position.size() <= package) m_position.resize(package + 1, -1);
    m_position[package] = static_cast<std::int32_t>(m_assignments.size());
    m_assignments.push_back(std::move(a));
}

std::optional<IncompatibilityId> PartialSolution::add_package_version_incompatibilities(
    PackageId package, const pep440::Version& version, std::span<const IncompatibilityId> new_incompatibilities,
    const IncompatibilityStore& store) {
    if (!has_backtracked()) {
        // Nothing went wrong yet: deciding without checking costs at most one backtrack.
        add_decision(package, version);
        return std::nullopt;
    }
    const Term package_term = Term::exact(version);
    for (IncompatibilityId id : new_incompatibilities) {
        const auto rel = store[id].relation([&](PackageId p) -> const Term* {
            return p == package ? &package_term : term_intersection(p);
        });
        if (rel.kind == IncompatibilityRelation::Kind::Satisfied) return id;
    }
    add_decision(package, version);
    return std::nullopt;
}

void PartialSolution::backtrack(DecisionLevel level) {
    m_current_level = level;
    std::vector<Assignments> kept;
    kept.reserve(m_assignments.size());
    for (Assignments& a : m_assignments) {
        if (a.smallest_level > level) continue;
        if (a.highest_level <= level) {
            const bool queued = a.package < m_queued.size() && m_queued[a.package].has_value();
            if (potential(a) != nullptr && !queued) mark_outdated(a.package);
            kept.push_back(std::move(a));
            continue;
        }
        // The decision, if any, was the last assignment, so it is undone here.
        while (!a.derivations.empty() && a.derivations.back().level > level) a.derivations.pop_back();
        const DatedDerivation& last = a.derivations.back();
        a.highest_level = last.level;
        a.decided = false;
        a.term = last.accumulated;
        queue_remove(a.package);
        if (a.term.is_positive()) mark_outdated(a.package);
        kept.push_back(std::move(a));
    }
    m_assignments = std::move(kept);
    rebuild_positions();

    // Close the active generation and lower every generation this backtrack invalidates.
    m_last_valid_levels.push_back(k_max_decision_level);
    auto it = std::partition_point(m_last_valid_levels.begin(), m_last_valid_levels.end(),
                                   [level](DecisionLevel l) { return l <= level; });
    std::fill(it, m_last_valid_levels.end(), level);
}

std::optional<DecisionLevel> PartialSolution::backtrack_package(PackageId package) {
    if (package >= m_position.size() || m_position[package] < 0) return std::nullopt;
    const DecisionLevel level = static_cast<DecisionLevel>(m_position[package]);
    if (level > m_current_level) return std::nullopt;
    backtrack(level);
    return level;
}

PartialSolution::Found PartialSolution::satisfier(const Assignments& a, const Term& start) {
    // The first derivation whose accumulated term no longer meets `start`.
    auto it = std::partition_point(a.derivations.begin(), a.derivations.end(),
                                   [&](const DatedDerivation& d) { return !d.accumulated.is_disjoint(start); });
    if (it != a.derivations.end()) return Found{it->cause, it->global_index, it->level};
    // Otherwise it is the decision, the last assignment.
    return Found{std::nullopt, a.decision_global_index, a.highest_level};
}

SatisfierSearch PartialSolution::satisfier_search(const Incompatibility& incompat,
                                                  const IncompatibilityStore& store) const {
    std::vector<std::pair<PackageId, Found>> found;
    found.reserve(incompat.terms().size());
    for (const auto& [p, t] : incompat.terms()) found.emplace_back(p, satisfier(*find(p), t.negate()));
    auto latest = [&]() {
        std::size_t best = 0;
        for (std::size_t i = 1; i < found.size(); ++i)
            if (found[i].second.global_index >= found[best].second.global_index) best = i;
        return best;
    };
    const std::size_t s = latest();
    const PackageId satisfier_package = found[s].first;
    const Found satisfier_found = found[s].second;

    // The previous satisfier: where the incompatibility would be satisfied without the
    // satisfier's own contribution.
    const Assignments& pa = *find(satisfier_package);
    Term accumulated = satisfier_found.cause ? store[*satisfier_found.cause].get(satisfier_package)->negate() : pa.term;
    const Term* incompat_term = incompat.get(satisfier_package);
    found[s].second = satisfier(pa, accumulated.intersection(incompat_term->negate()));
    DecisionLevel previous = found[latest()].second.level;
    previous = std::max<DecisionLevel>(previous, 1);

    SatisfierSearch result;
    result.package = satisfier_package;
    if (previous >= satisfier_found.level) {
        result.same_level = true;
        result.satisfier_cause = *satisfier_found.cause;
    } else {
        result.previous_level = previous;
    }
    return result;
}

std::vector<std::pair<PackageId, pep440::Version>> PartialSolution::extract_solution() const {
    std::vector<std::pair<PackageId, pep440::Version>> out;
    for (std::size_t i = 0; i < m_current_level; ++i) out.emplace_back(m_assignments[i].package, m_assignments[i].decision_version);
    return out;
}

std::vector<std::pair<PackageId, const VersionRange*>> PartialSolution::prioritized_packages() const {
    std::vector<std::pair<PackageId, const VersionRange*>> out;
    for (std::size_t i = m_current_level; i < m_assignments.size(); ++i) {
        const Assignments& a = m_assignments[i];
        if (a.highest_level != m_current_level) continue;
        if (const VersionRange* r = potential(a)) out.emplace_back(a.package, r);
    }
    return out;
}

const Term* PartialSolution::unchanging_term(PackageId package) const {
    const Assignments* a = find(package);
    if (a == nullptr) return nullptr;
    auto it = std::partition_point(a->derivations.begin(), a->derivations.end(),
                                   [](const DatedDerivation& d) { return d.level <= 1; });
    if (it == a->derivations.begin()) return nullptr;
    return &std::prev(it)->accumulated;
}

std::vector<PackageId> PartialSolution::undecided_packages() const {
    std::vector<PackageId> out;
    for (const auto& k : m_queue) out.push_back(k.package);
    return out;
}

} // namespace lockkit::resolver::old_core
