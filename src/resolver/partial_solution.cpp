// The partial solution: the assignment log, backjumps, the satisfier search and the decision
// queue (partial_solution.hpp, docs/resolver-core.md).

#include <lockkit/resolver/partial_solution.hpp>

#include <algorithm>

namespace lockkit::resolver {

PartialSolution::Track& PartialSolution::track(PackageId package) {
    if (m_tracks.size() <= package) m_tracks.resize(std::size_t{package} + 1);
    return m_tracks[package];
}

PartialSolution::Track& PartialSolution::track_for_new_entry(PackageId package) {
    Track& t = track(package);
    if (t.entries.empty()) {
        t.place = static_cast<std::uint32_t>(m_order.size());
        m_order.push_back(package);
    }
    return t;
}

const pep440::Version* PartialSolution::decision(PackageId package) const {
    const Track* t = find_track(package);
    if (t == nullptr) return nullptr;
    const Assignment& last = m_log[t->entries.back()];
    return last.cause == k_decided ? last.term.set().as_singleton() : nullptr;
}

void PartialSolution::mark_outdated(PackageId package) {
    Track& t = track(package);
    // The old key no longer counts; the next pick computes a new one.
    t.key.reset();
    if (t.outdated) return;
    t.outdated = true;
    m_outdated.push_back(package);
}

void PartialSolution::add_decision(PackageId package, const pep440::Version& version) {
    decide(package, Term::exact(version));
}

void PartialSolution::decide(PackageId package, Term exact) {
    const auto position = static_cast<std::uint32_t>(m_log.size());
    Track& t = track_for_new_entry(package);
    // The package joins the decided packages at the front of the order.
    const std::uint32_t front = current_decision_level();
    if (t.place != front) {
        const PackageId displaced = m_order[front];
        std::swap(m_order[front], m_order[t.place]);
        m_tracks[displaced].place = t.place;
        t.place = front;
    }
    m_decisions.push_back(position);
    m_log.push_back({package, current_decision_level(), k_decided, std::move(exact)});
    t.entries.push_back(position);
}

namespace {

/// `known` ∩ ¬`cause` (Term::intersection with the negation), without making the negation.
Term intersect_negation(const Term& known, const Term& cause) {
    if (known.is_positive())
        return Term::positive(cause.is_positive() ? known.set().difference(cause.set()) : known.set().intersection(cause.set()));
    return cause.is_positive() ? Term::negative(known.set().union_with(cause.set()))
                               : Term::positive(cause.set().difference(known.set()));
}

} // namespace

void PartialSolution::add_derivation(PackageId package, IncompatibilityId cause, const Term& cause_term) {
    Track& t = track_for_new_entry(package);
    Term term = t.entries.empty() ? cause_term.negate() : intersect_negation(m_log[t.entries.back()].term, cause_term);
    const bool positive = term.is_positive();
    t.entries.push_back(static_cast<std::uint32_t>(m_log.size()));
    m_log.push_back({package, current_decision_level(), cause, std::move(term)});
    if (positive) mark_outdated(package);
}

void PartialSolution::backtrack(DecisionLevel level) {
    m_backtracked = true;
    if (level < m_decisions.size()) {
        // Level `level + 1` starts with its decision; everything from there on goes.
        const std::uint32_t cut = m_decisions[level];
        for (std::size_t position = m_log.size(); position-- > cut;) {
            Track& t = m_tracks[m_log[position].package];
            t.entries.pop_back();
            if (t.entries.empty()) m_first_gone = std::min(m_first_gone, t.place);
            // The package's term widened (or it is gone): its key, if any, is no longer its own.
            mark_outdated(m_log[position].package);
        }
        m_log.resize(cut);
        m_decisions.resize(level);
        leave_order_if_gone();
    }
    // Candidates that were taken out of the queue without being decided need a key again. (Every
    // other candidate has a key or is outdated already.)
    for (PackageId p : m_picked)
        if (!m_tracks[p].key && candidate_versions(p) != nullptr) mark_outdated(p);
    m_picked.clear();
}

void PartialSolution::leave_order_if_gone() {
    // Packages left without entries leave the order; the others keep their relative order.
    if (m_first_gone == k_unplaced) return;
    std::size_t kept = m_first_gone;
    for (std::size_t i = m_first_gone; i < m_order.size(); ++i) {
        Track& t = m_tracks[m_order[i]];
        if (t.entries.empty()) {
            t.place = k_unplaced;
            continue;
        }
        t.place = static_cast<std::uint32_t>(kept);
        m_order[kept++] = m_order[i];
    }
    m_order.resize(kept);
    m_first_gone = k_unplaced;
}

std::optional<DecisionLevel> PartialSolution::backtrack_package(PackageId package) {
    const Track* t = find_track(package);
    // A decided package's place is the level before its decision.
    if (t == nullptr || t->place > current_decision_level()) return std::nullopt;
    const DecisionLevel before = t->place;
    backtrack(before);
    return before;
}

template <typename Known>
IncompatibilityStatus PartialSolution::judge(const Incompatibility& incompat, Known&& known) const {
    using Kind = IncompatibilityStatus::Kind;
    IncompatibilityStatus status{Kind::Satisfied, 0};
    for (const auto& [p, term] : incompat.terms()) {
        const Term* k = known(p);
        // A package the solution says nothing about neither satisfies nor contradicts a term
        // (terms that always hold are never stored).
        const TermRelation r = k == nullptr ? TermRelation::Inconclusive : term.relation_with(*k);
        if (r == TermRelation::Satisfied) continue;
        if (r == TermRelation::Contradicted) return {Kind::Contradicted, p};
        if (status.kind != Kind::Satisfied) return {Kind::Inconclusive, 0};
        status = {Kind::AlmostSatisfied, p};
    }
    return status;
}

IncompatibilityStatus PartialSolution::status(const Incompatibility& incompat) const {
    return judge(incompat, [this](PackageId p) { return term_intersection(p); });
}

IncompatibilityStatus PartialSolution::status_assuming(const Incompatibility& incompat, PackageId package,
                                                       const Term& assumed) const {
    return judge(incompat, [&](PackageId p) { return p == package ? &assumed : term_intersection(p); });
}

std::uint32_t PartialSolution::first_disjoint(const Track& t, const Term& term) const {
    // Terms narrow along a package's entries, so "disjoint from `term`" turns true once and stays.
    std::size_t lo = 0, hi = t.entries.size() - 1;
    while (lo < hi) {
        const std::size_t mid = lo + (hi - lo) / 2;
        if (m_log[t.entries[mid]].term.is_disjoint(term)) hi = mid;
        else lo = mid + 1;
    }
    return t.entries[lo];
}

Satisfier PartialSolution::find_satisfier(const Incompatibility& incompat, const IncompatibilityArena& arena) const {
    // Where each package's term first satisfies the incompatibility's term (is disjoint from its
    // negation); the latest of these positions is the satisfier.
    std::uint32_t satisfier = 0;
    std::size_t satisfier_term = 0;
    std::vector<std::uint32_t> satisfied_at;
    satisfied_at.reserve(incompat.terms().size());
    for (std::size_t i = 0; i < incompat.terms().size(); ++i) {
        const auto& [p, term] = incompat.terms()[i];
        const std::uint32_t at = first_disjoint(*find_track(p), term.negate());
        satisfied_at.push_back(at);
        if (i == 0 || at > satisfier) {
            satisfier = at;
            satisfier_term = i;
        }
    }
    const Assignment& found = m_log[satisfier];
    const auto& [package, term] = incompat.terms()[satisfier_term];

    // The previous satisfier: the satisfier's own term now counts for every entry of its
    // package, which is satisfied at the first entry disjoint from what the term still allows.
    const Term own = found.cause == k_decided ? found.term : arena[found.cause].get(package)->negate();
    std::uint32_t previous = first_disjoint(*find_track(package), own.intersection(term.negate()));
    for (std::size_t i = 0; i < satisfied_at.size(); ++i)
        if (i != satisfier_term) previous = std::max(previous, satisfied_at[i]);

    Satisfier out;
    out.package = package;
    out.level = found.level;
    out.backjump_level = std::max<DecisionLevel>(m_log[previous].level, 1);
    if (found.cause != k_decided) out.cause = found.cause;
    return out;
}

std::vector<std::pair<PackageId, pep440::Version>> PartialSolution::extract_solution() const {
    std::vector<std::pair<PackageId, pep440::Version>> out;
    out.reserve(m_decisions.size());
    for (std::uint32_t position : m_decisions)
        out.emplace_back(m_log[position].package, *m_log[position].term.set().as_singleton());
    return out;
}

std::span<const std::pair<PackageId, const VersionRange*>> PartialSolution::prioritized_packages() const {
    auto& out = m_prioritized;
    out.clear();
    // The log holds the current level's assignments at its end, from the level's decision on:
    // their packages are the ones whose last assignment is at this level, found without a
    // walk over every undecided package (a universal resolution has thousands, and asks after
    // each decision). The undecided ones follow the decided ones in the package order.
    const DecisionLevel level = current_decision_level();
    const std::size_t start = level == 0 ? 0 : m_decisions[level - 1];
    auto& places = m_places;
    places.clear();
    for (std::size_t position = start; position < m_log.size(); ++position) {
        const std::uint32_t place = m_tracks[m_log[position].package].place;
        if (place >= level) places.push_back(place);
    }
    std::sort(places.begin(), places.end());
    places.erase(std::unique(places.begin(), places.end()), places.end());
    for (const std::uint32_t place : places) {
        const PackageId p = m_order[place];
        if (const VersionRange* versions = candidate_versions(p)) out.emplace_back(p, versions);
    }
    return out;
}

void PartialSolution::prune_heap() {
    // Every key set was pushed, so each queued package keeps one entry: the set of entries that
    // can be picked, and so the order of picks, is unchanged.
    std::vector<bool> kept(m_tracks.size(), false);
    std::erase_if(m_heap, [&](const Waiting& w) {
        if (m_tracks[w.package].key != w.priority || kept[w.package]) return true;
        kept[w.package] = true;
        return false;
    });
    std::make_heap(m_heap.begin(), m_heap.end(), RanksBelow{});
    m_heap_pruned = m_heap.size();
}

const Term* PartialSolution::unchanging_term(PackageId package) const {
    const Track* t = find_track(package);
    if (t == nullptr) return nullptr;
    const Term* out = nullptr;
    for (std::uint32_t position : t->entries) {
        if (m_log[position].level > 1) break;
        out = &m_log[position].term;
    }
    return out;
}

} // namespace lockkit::resolver
