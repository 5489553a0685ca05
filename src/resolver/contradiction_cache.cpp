// The contradiction cache (contradiction_cache.hpp).

#include <lockkit/resolver/contradiction_cache.hpp>

namespace lockkit::resolver {

void ContradictionCache::note(IncompatibilityId id, DecisionLevel level) {
    if (m_level_of.size() <= id) m_level_of.resize(id + 1, k_none);
    m_level_of[id] = level;
    if (m_notes.size() <= level) m_notes.resize(level + 1);
    m_notes[level].push_back(id);
}

void ContradictionCache::forget_above(DecisionLevel level) {
    for (std::size_t l = m_notes.size(); l-- > std::size_t{level} + 1;) {
        // A note re-made at another level since is that level's to forget.
        for (IncompatibilityId id : m_notes[l])
            if (m_level_of[id] == l) m_level_of[id] = k_none;
        m_notes[l].clear();
    }
}

} // namespace lockkit::resolver
