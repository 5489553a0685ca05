#pragma once
// PubGrub's partial solution: everything decided or derived so far (docs/resolver-core.md,
// "The partial solution").
//
// Representation. One log of assignments, in the order they were made. An entry names its
// package, its decision level and its cause (or that it is a decision), and holds the package's
// term as it stands after the entry: the intersection of the package's derivations so far, or
// exactly the decided version. Each package keeps the log positions of its own entries, so its
// current term is its last entry's, and its terms along those entries only ever narrow (which
// lets the satisfier search bisect them). Decision levels never decrease along the log: going
// back to level d cuts the log after level d's last entry.
//
// Package order. Besides the log, the packages are kept in the order uv's solver keeps them:
// decided ones first, in decision order, then the others; a package joins at the end when it
// first gets an assignment, a decision swaps the package with the first undecided one, and a
// backjump keeps the order of the packages that remain. It decides the order of the prefetch
// hints, and one answer: asked to go back to before an undecided package, the solver does
// nothing, unless that package stands first among the undecided; then it goes back to the
// current level, which still counts as going back (see `backtrack_package`).
//
// The queue of undecided packages. A package with a positive term and no decision waits in a
// max-heap keyed by (driver priority, lower package id). A key is computed when the package is
// marked outdated (its term changed, or a backjump touched it or left it unqueued) and kept
// until then, because uv's priorities change while it solves and the stale keys are part of its
// behaviour. Replaced keys stay in the heap and are skipped when they come up; when they make up
// most of it, the heap is rebuilt from the current keys (which pops in the same order).

#include <lockkit/resolver/incompatibility.hpp>

#include <algorithm>
#include <compare>
#include <optional>
#include <span>
#include <vector>

namespace lockkit::resolver {

/// A package's priority as the driver computes it; larger is decided first.
struct Priority {
    std::uint64_t high = 0;
    std::uint64_t low = 0;
    auto operator<=>(const Priority&) const = default;
};

/// How the partial solution stands towards an incompatibility.
struct IncompatibilityStatus {
    enum class Kind : std::uint8_t { Satisfied, AlmostSatisfied, Contradicted, Inconclusive };
    Kind kind = Kind::Inconclusive;
    /// AlmostSatisfied: the package of the one term not satisfied; Contradicted: a contradicted
    /// term's package.
    PackageId package = 0;
};

/// The satisfier of an incompatibility the partial solution satisfies, and where to go next.
struct Satisfier {
    PackageId package = 0;
    DecisionLevel level = 0;
    /// The previous satisfier's level, but at least 1.
    DecisionLevel backjump_level = 0;
    /// The derivation's cause; none when the satisfier is a decision.
    std::optional<IncompatibilityId> cause;
};

class PartialSolution {
public:
    DecisionLevel current_decision_level() const { return static_cast<DecisionLevel>(m_decisions.size()); }
    /// Whether the solver went back at least once (ends the no-check fast path).
    bool has_backtracked() const { return m_backtracked; }

    /// Everything known about the package (exactly its version once decided); null when nothing.
    const Term* term_intersection(PackageId package) const {
        const Track* t = find_track(package);
        return t == nullptr ? nullptr : &m_log[t->entries.back()].term;
    }
    /// The decided version of the package, if it is decided.
    const pep440::Version* decision(PackageId package) const;

    /// Decides the package at this version (it must have derivations), opening the next level.
    void add_decision(PackageId package, const pep440::Version& version);
    /// The same, with the decision's term (`Term::exact(version)`) made by the caller.
    void decide(PackageId package, Term exact);
    /// Adds the negation of `cause_term`, the term of incompatibility `cause` about the package.
    void add_derivation(PackageId package, IncompatibilityId cause, const Term& cause_term);

    /// Goes back to the given decision level.
    void backtrack(DecisionLevel level);
    /// Goes back to just before the package was decided; the new level, or nothing when the
    /// package is not decided (the first undecided package, in package order, counts as decided
    /// at the next level: the solver goes back to the current level).
    std::optional<DecisionLevel> backtrack_package(PackageId package);

    IncompatibilityStatus status(const Incompatibility& incompat) const;
    /// The status with the package's term replaced by `assumed` (judging a version's dependencies
    /// before deciding it).
    IncompatibilityStatus status_assuming(const Incompatibility& incompat, PackageId package, const Term& assumed) const;

    /// The satisfier and the backjump level of an incompatibility the partial solution satisfies.
    Satisfier find_satisfier(const Incompatibility& incompat, const IncompatibilityArena& arena) const;

    /// Takes the undecided package with the highest priority out of the queue; outdated packages
    /// first get a key from `prioritizer(package, versions)`.
    template <typename Prioritizer>
    std::optional<PackageId> pick_highest_priority_package(Prioritizer&& prioritizer);

    /// The decided packages and versions, in decision order.
    std::vector<std::pair<PackageId, pep440::Version>> extract_solution() const;
    /// Undecided packages with a positive term whose last assignment is at the current level,
    /// in package order, with that term's versions (what the driver will probably need next).
    /// The span lives until the next call (the driver asks after every decision: the storage is
    /// kept).
    std::span<const std::pair<PackageId, const VersionRange*>> prioritized_packages() const;
    /// The package's term as of decision level 1 (what no backjump undoes); null when nothing.
    const Term* unchanging_term(PackageId package) const;

private:
    static constexpr IncompatibilityId k_decided = ~IncompatibilityId{0};
    static constexpr std::uint32_t k_unplaced = ~std::uint32_t{0};

    struct Assignment {
        PackageId package;
        DecisionLevel level;
        IncompatibilityId cause;  ///< k_decided for a decision
        Term term;                ///< the package's term after this assignment
    };
    struct Track {
        std::vector<std::uint32_t> entries;  ///< the package's log positions
        std::optional<Priority> key;         ///< set while queued
        bool outdated = false;
        std::uint32_t place = k_unplaced;    ///< index in m_order
    };
    struct Waiting {
        Priority priority;
        PackageId package;
    };
    /// Heap order: lower priority, then higher package id, ranks below (an object, so that
    /// the heap algorithms inline it).
    struct RanksBelow {
        bool operator()(const Waiting& a, const Waiting& b) const {
            if (a.priority != b.priority) return a.priority < b.priority;
            return a.package > b.package;
        }
    };
    /// Drops replaced keys from the heap, and second copies of a current one.
    void prune_heap();

    /// The package's track, placed at the end of the package order if it had no entries.
    Track& track_for_new_entry(PackageId package);
    Track& track(PackageId package);
    const Track* find_track(PackageId package) const {
        if (package >= m_tracks.size() || m_tracks[package].entries.empty()) return nullptr;
        return &m_tracks[package];
    }
    /// The versions of a package that may be decided next: undecided with a positive term.
    const VersionRange* candidate_versions(PackageId package) const {
        const Track* t = find_track(package);
        if (t == nullptr) return nullptr;
        const Assignment& last = m_log[t->entries.back()];
        if (last.cause == k_decided || !last.term.is_positive()) return nullptr;
        return &last.term.set();
    }
    /// Takes packages left without entries out of the package order.
    void leave_order_if_gone();
    void mark_outdated(PackageId package);
    /// The first of the package's entries whose term is disjoint from `term`.
    std::uint32_t first_disjoint(const Track& t, const Term& term) const;
    template <typename Known>
    IncompatibilityStatus judge(const Incompatibility& incompat, Known&& known) const;

    std::vector<Assignment> m_log;
    std::vector<std::uint32_t> m_decisions;  ///< log position of each level's decision
    std::vector<Track> m_tracks;             ///< by package id
    std::vector<PackageId> m_order;          ///< package order (see above)
    std::uint32_t m_first_gone = k_unplaced; ///< during a backjump: the first place emptied
    std::vector<Waiting> m_heap;
    std::size_t m_heap_pruned = 0;  ///< the heap's size after the last prune_heap
    std::vector<PackageId> m_outdated;
    std::vector<PackageId> m_picked;  ///< taken from the queue since the last backjump
    /// prioritized_packages' answer and work list, kept to reuse their storage.
    mutable std::vector<std::pair<PackageId, const VersionRange*>> m_prioritized;
    mutable std::vector<std::uint32_t> m_places;
    bool m_backtracked = false;
};

template <typename Prioritizer>
std::optional<PackageId> PartialSolution::pick_highest_priority_package(Prioritizer&& prioritizer) {
    for (PackageId p : m_outdated) {
        Track& t = m_tracks[p];
        t.outdated = false;
        const VersionRange* versions = candidate_versions(p);
        if (versions == nullptr) continue;
        t.key = prioritizer(p, *versions);
        m_heap.push_back({*t.key, p});
        std::push_heap(m_heap.begin(), m_heap.end(), RanksBelow{});
    }
    m_outdated.clear();
    if (m_heap.size() > 2 * m_heap_pruned + 256) prune_heap();
    while (!m_heap.empty()) {
        const Waiting top = m_heap.front();
        std::pop_heap(m_heap.begin(), m_heap.end(), RanksBelow{});
        m_heap.pop_back();
        Track& t = m_tracks[top.package];
        if (t.key != top.priority) continue;  // a replaced key
        t.key.reset();
        if (candidate_versions(top.package) != nullptr) {
            m_picked.push_back(top.package);
            return top.package;
        }
    }
    return std::nullopt;
}

} // namespace lockkit::resolver
