#pragma once
// Which incompatibilities propagation may skip because the partial solution contradicts them
// (docs/resolver-core.md, "The contradiction cache").
//
// A note says "contradicted as of decision level L". Assignments at or below L survive every
// backjump to a level at or above L, and a term that was contradicted stays contradicted as the
// partial solution grows, so the note holds until the solver goes back below L. Notes are kept
// by incompatibility (for the lookup) and by level (so that a backjump forgets exactly the notes
// above its target, without looking at the others).

#include <lockkit/resolver/incompatibility.hpp>

#include <vector>

namespace lockkit::resolver {

class ContradictionCache {
public:
    /// Whether the incompatibility is known to be contradicted.
    bool holds(IncompatibilityId id) const { return id < m_level_of.size() && m_level_of[id] != k_none; }
    /// Records that the incompatibility is contradicted at `level` (the current level).
    void note(IncompatibilityId id, DecisionLevel level);
    /// Forgets every note made above `level` (the solver went back to it).
    void forget_above(DecisionLevel level);

private:
    static constexpr DecisionLevel k_none = ~DecisionLevel{0};

    std::vector<DecisionLevel> m_level_of;               ///< by incompatibility; k_none: no note
    std::vector<std::vector<IncompatibilityId>> m_notes;  ///< by level: the notes made there
};

} // namespace lockkit::resolver
