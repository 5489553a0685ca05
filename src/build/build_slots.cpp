// Build slots; see include/lockkit/build/build_slots.hpp.

#include "lockkit/build/build_slots.hpp"

#include <algorithm>

namespace lockkit::build {

BuildSlots::Slot BuildSlots::acquire(const std::string& key) {
    std::unique_lock lock(m_mutex);
    const auto waiting = m_waiting.insert(key);
    m_freed.wait(lock, [&] {
        if (m_free == 0) return false;
        if (m_urgent.contains(key)) return true;
        return std::none_of(m_waiting.begin(), m_waiting.end(), [&](const std::string& w) { return m_urgent.contains(w); });
    });
    m_waiting.erase(waiting);
    --m_free;
    return Slot(*this);
}

void BuildSlots::expedite(const std::string& key) {
    {
        const std::lock_guard guard(m_mutex);
        if (!m_urgent.insert(key).second) return;
    }
    m_freed.notify_all();  // a waiter may go now, or have to let this one go first
}

void BuildSlots::release() {
    {
        const std::lock_guard guard(m_mutex);
        ++m_free;
    }
    m_freed.notify_all();  // which waiter goes next depends on who is expedited
}

} // namespace lockkit::build
