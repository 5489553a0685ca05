#pragma once
// PubGrub's partial solution: the decisions and derivations made so far, by package and in
// order (PubGrub's solver.md, "Partial Solution"; the layout follows pubgrub-rs).
//
// Representation. One assignment record per package, kept in one ordered list: first the
// decided packages, in decision order (the package at position i was decided at level i + 1),
// then the undecided packages that have derivations. Making a decision swaps the package into
// the decided prefix; backtracking removes packages whose first derivation is newer than the
// target level and trims the history of the others, keeping the list's order. Every
// assignment also gets a global index, which orders all assignments in time (needed to find
// the satisfier of an incompatibility).
//
// Undecided packages with a positive derivation are candidates for the next decision. They
// sit in a priority queue keyed by (driver priority, lower package id first); a package's key
// is computed when its derivations change ("outdated") and kept until then, exactly as
// pubgrub-rs does, because the driver's priorities change over time and stale keys affect the
// order of decisions.
//
// Backtrack generations. Each backtrack closes a generation and records, for every closed
// generation, the highest decision level still valid. An incompatibility found contradicted at
// level L in generation G stays contradicted while L is at or below that generation's valid
// level; this is what lets unit propagation skip it.

#include "old_core/incompatibility.hpp"

#include <compare>
#include <deque>
#include <optional>
#include <set>
#include <span>
#include <vector>

namespace lockkit::resolver::old_core {

/// A package's priority as the driver computes it; larger is decided first.
struct Priority {
    std::uint64_t high = 0;
    std::uint64_t low = 0;
    auto operator<=>(const Priority&) const = default;
};

/// Where the satisfier of an incompatibility and the previous satisfier were assigned.
struct SatisfierSearch {
    PackageId package = 0;  ///< the package of the satisfier
    bool same_level = false;
    IncompatibilityId satisfier_cause = 0;  ///< same_level: the derivation's cause
    DecisionLevel previous_level = 0;       ///< !same_level: where to backtrack to
};

class PartialSolution {
public:
    PartialSolution();

    DecisionLevel current_decision_level() const { return m_current_level; }
    /// Whether at least one backtrack happened (ends the no-check fast path).
    bool has_backtracked() const { return m_last_valid_levels.size() > 1; }
    const std::vector<DecisionLevel>& last_valid_levels() const { return m_last_valid_levels; }
    /// The generation that contradictions found now are recorded in.
    std::uint32_t current_generation() const { return static_cast<std::uint32_t>(m_last_valid_levels.size()); }

    /// The intersection of everything known about the package (its decision, if any).
    const Term* term_intersection(PackageId package) const;
    /// The decided version of the package, if it is decided.
    const pep440::Version* decision(PackageId package) const;

    /// Decides the package at this version (it must have derivations).
    void add_decision(PackageId package, const pep440::Version& version);
    /// Adds the negation of `cause`'s term for the package.
    void add_derivation(PackageId package, IncompatibilityId cause, const IncompatibilityStore& store);

    /// Decides the package unless one of `new_incompatibilities` (its dependencies) is already
    /// satisfied, which is returned instead. Before the first backtrack it decides unchecked.
    std::optional<IncompatibilityId> add_package_version_incompatibilities(
        PackageId package, const pep440::Version& version, std::span<const IncompatibilityId> new_incompatibilities,
        const IncompatibilityStore& store);

    /// Goes back to the given decision level.
    void backtrack(DecisionLevel level);
    /// Goes back to just before the package was decided; the new level, or nothing when the
    /// package was not decided yet.
    std::optional<DecisionLevel> backtrack_package(PackageId package);

    IncompatibilityRelation relation(const Incompatibility& incompat) const {
        return incompat.relation([this](PackageId p) { return term_intersection(p); });
    }

    /// The satisfier of an incompatibility the partial solution satisfies, and how to resolve.
    SatisfierSearch satisfier_search(const Incompatibility& incompat, const IncompatibilityStore& store) const;

    /// Pops the undecided package with the highest priority; priorities of packages whose
    /// derivations changed are recomputed first with `prioritizer(package, range)`.
    template <typename Prioritizer>
    std::optional<PackageId> pick_highest_priority_package(Prioritizer&& prioritizer);

    /// The decided packages and versions, in decision order.
    std::vector<std::pair<PackageId, pep440::Version>> extract_solution() const;
    /// Undecided packages whose term was touched at the current level, with their positive
    /// range (the candidates for prefetching).
    std::vector<std::pair<PackageId, const VersionRange*>> prioritized_packages() const;
    /// The term implied at decision level 1 or earlier (the part that no backtrack undoes).
    const Term* unchanging_term(PackageId package) const;
    /// Packages waiting in the priority queue.
    std::vector<PackageId> undecided_packages() const;

private:
    struct DatedDerivation {
        std::uint32_t global_index;
        DecisionLevel level;
        IncompatibilityId cause;
        Term accumulated;  ///< intersection of all derivations up to this one
    };
    struct Assignments {
        PackageId package;
        DecisionLevel smallest_level;
        DecisionLevel highest_level;
        std::vector<DatedDerivation> derivations;
        bool decided = false;
        std::uint32_t decision_global_index = 0;
        pep440::Version decision_version;
        Term term;  ///< the decision's exact term, or the derivations' intersection
    };
    struct Found {
        std::optional<IncompatibilityId> cause;
        std::uint32_t global_index;
        DecisionLevel level;
    };
    struct QueueKey {
        Priority priority;
        PackageId package;
        /// Higher priority first, then lower package id (pubgrub's `Reverse(id)`).
        bool operator<(const QueueKey& o) const {
            if (priority != o.priority) return o.priority < priority;
            return package < o.package;
        }
    };

    Assignments* find(PackageId package);
    const Assignments* find(PackageId package) const;
    static const VersionRange* potential(const Assignments& a);
    static Found satisfier(const Assignments& a, const Term& start);
    void mark_outdated(PackageId package);
    void queue_remove(PackageId package);
    void rebuild_positions();

    std::uint32_t m_next_global_index = 0;
    DecisionLevel m_current_level = 0;
    std::vector<Assignments> m_assignments;   ///< decided prefix, then undecided
    std::vector<std::int32_t> m_position;     ///< by package id; -1 when absent
    std::set<QueueKey> m_queue;
    std::vector<std::optional<Priority>> m_queued;  ///< by package id: the key in m_queue
    std::vector<PackageId> m_outdated;
    std::vector<bool> m_is_outdated;
    std::vector<DecisionLevel> m_last_valid_levels;
};

template <typename Prioritizer>
std::optional<PackageId> PartialSolution::pick_highest_priority_package(Prioritizer&& prioritizer) {
    while (!m_outdated.empty()) {
        const PackageId p = m_outdated.back();
        m_outdated.pop_back();
        m_is_outdated[p] = false;
        const Assignments* a = find(p);
        if (a == nullptr) continue;
        const VersionRange* range = potential(*a);
        if (range == nullptr) continue;
        const Priority priority = prioritizer(p, *range);
        queue_remove(p);
        if (m_queued.size() <= p) m_queued.resize(p + 1);
        m_queued[p] = priority;
        m_queue.insert(QueueKey{priority, p});
    }
    while (!m_queue.empty()) {
        const PackageId p = m_queue.begin()->package;
        m_queue.erase(m_queue.begin());
        m_queued[p].reset();
        const Assignments* a = find(p);
        if (a == nullptr) continue;
        if (potential(*a) != nullptr) return p;
    }
    return std::nullopt;
}

} // namespace lockkit::resolver::old_core
