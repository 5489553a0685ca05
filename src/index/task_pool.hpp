#pragma once
// A pool of threads for the registry client's flows. A flow spends nearly all
// its time waiting for the network, so the pool is sized for concurrency, not
// for cores: threads start on demand, up to the limit, when work is queued and
// no thread is idle. The destructor lets every queued task run to its end
// (each fulfils a promise someone may be waiting on), then joins.

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace lockkit::index::detail {

class TaskPool {
public:
    explicit TaskPool(unsigned max_threads) : m_max(max_threads == 0 ? 1 : max_threads) {}
    ~TaskPool() { finish(); }

    /// Lets every queued task run to its end and joins the threads, including any a task
    /// started by submitting more work while the pool drained. The pool then works as new:
    /// work submitted later starts threads again (a thread left over from the stop would
    /// end at once on an empty queue and still count against the limit, so none is kept).
    void finish() {
        for (;;) {
            std::vector<std::thread> threads;
            {
                std::lock_guard lock(m_mutex);
                if (m_threads.empty()) {
                    m_stopping = false;
                    return;
                }
                m_stopping = true;
                threads.swap(m_threads);
            }
            m_wake.notify_all();
            for (auto& t : threads) t.join();
        }
    }
    TaskPool(const TaskPool&) = delete;
    TaskPool& operator=(const TaskPool&) = delete;

    void submit(std::function<void()> task) {
        std::lock_guard lock(m_mutex);
        m_queue.push_back(std::move(task));
        if (m_idle == 0 && m_threads.size() < m_max) {
            m_threads.emplace_back([this] { work(); });
        } else {
            m_wake.notify_one();
        }
    }

private:
    void work() {
        std::unique_lock lock(m_mutex);
        for (;;) {
            if (m_queue.empty()) {
                if (m_stopping) return;
                ++m_idle;
                m_wake.wait(lock, [this] { return m_stopping || !m_queue.empty(); });
                --m_idle;
                continue;
            }
            auto task = std::move(m_queue.front());
            m_queue.pop_front();
            lock.unlock();
            task();
            lock.lock();
        }
    }

    unsigned m_max;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<std::function<void()>> m_queue;
    std::vector<std::thread> m_threads;
    unsigned m_idle = 0;
    bool m_stopping = false;
};

} // namespace lockkit::index::detail
