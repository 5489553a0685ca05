#pragma once
// How many builds run at once, and which waiting build goes next. The resolver's look-ahead
// asks for the builds of source distributions long before it needs their metadata, so many
// wait for a slot in the order they were asked for; the one the resolver then waits for
// (`expedite`) takes the next free slot before them. A build is known by a key ("name
// version") that can be expedited before its build is asked for (while its sdist downloads).

#include <condition_variable>
#include <mutex>
#include <set>
#include <string>

namespace lockkit::build {

class BuildSlots {
public:
    /// `count` builds at once (at least one).
    explicit BuildSlots(unsigned count) : m_free(count != 0 ? count : 1) {}

    /// A taken slot, freed when destroyed.
    class Slot {
    public:
        explicit Slot(BuildSlots& owner) : m_owner(&owner) {}
        Slot(Slot&& other) noexcept : m_owner(other.m_owner) { other.m_owner = nullptr; }
        Slot& operator=(Slot&&) = delete;
        ~Slot() {
            if (m_owner != nullptr) m_owner->release();
        }

    private:
        BuildSlots* m_owner;
    };

    /// Waits for a slot for the build known as `key`: a free one, and no expedited build
    /// waiting for it unless this one is expedited too.
    Slot acquire(const std::string& key);
    /// The build known as `key` goes first from now on.
    void expedite(const std::string& key);

private:
    void release();

    std::mutex m_mutex;
    std::condition_variable m_freed;
    unsigned m_free;
    std::multiset<std::string> m_waiting;
    std::set<std::string> m_urgent;
};

} // namespace lockkit::build
