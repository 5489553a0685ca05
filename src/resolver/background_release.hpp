#pragma once
// Objects destroyed on a thread of their own (internal).
//
// A finished fork's state holds its whole solver (every incompatibility, assignment and
// package of the fork): freeing it takes about as long as a few hundred decisions, and the
// solver's thread is the one the resolution waits on, while the index client's threads are
// mostly idle by then. The objects handed over must own what they free (no references to
// data the caller keeps changing, shared ownership only through atomic counts).

#include <condition_variable>
#include <memory>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

namespace lockkit::resolver::detail {

template <typename T>
class BackgroundRelease {
public:
    BackgroundRelease() = default;
    BackgroundRelease(const BackgroundRelease&) = delete;
    BackgroundRelease& operator=(const BackgroundRelease&) = delete;
    /// Waits until everything handed over is destroyed.
    ~BackgroundRelease() {
        if (!m_thread.joinable()) return;
        {
            std::lock_guard lock(m_mutex);
            m_stop = true;
        }
        m_wake.notify_one();
        m_thread.join();
    }

    /// Takes `value` and destroys it later on the background thread (here, when no thread can
    /// be started).
    void release(T&& value) {
        auto owned = std::make_unique<T>(std::move(value));
        if (!m_thread.joinable()) {
            try {
                m_thread = std::thread([this] { run(); });
            } catch (const std::system_error&) {
                return;  // `owned` is destroyed here
            }
        }
        {
            std::lock_guard lock(m_mutex);
            m_pending.push_back(std::move(owned));
        }
        m_wake.notify_one();
    }

private:
    void run() {
        std::unique_lock lock(m_mutex);
        for (;;) {
            m_wake.wait(lock, [&] { return m_stop || !m_pending.empty(); });
            if (m_pending.empty()) return;  // stopped, nothing left
            std::vector<std::unique_ptr<T>> batch = std::move(m_pending);
            m_pending.clear();
            lock.unlock();
            batch.clear();  // the destructors run here, outside the lock
            lock.lock();
        }
    }

    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::vector<std::unique_ptr<T>> m_pending;
    bool m_stop = false;
    std::thread m_thread;  ///< last: started after the members it uses
};

} // namespace lockkit::resolver::detail
