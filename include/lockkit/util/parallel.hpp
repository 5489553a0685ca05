#pragma once
// Running independent jobs (hashing files, mostly) on every core: threads take
// the next index from a shared counter, so one slow file does not leave the
// other threads idle behind a fixed split. The calling thread works too.

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace lockkit {

/// Calls `fn(i)` for every i in [0, count) on up to `threads` threads (0: one
/// per core), never more than one thread per `min_per_thread` jobs; returns when
/// all calls have. `fn` must be safe to run concurrently for different indices.
template <typename F>
void parallel_for(std::size_t count, unsigned threads, F&& fn, std::size_t min_per_thread = 1) {
    if (threads == 0) {
        threads = std::max(1u, std::thread::hardware_concurrency());
    }
    const std::size_t useful = std::max<std::size_t>(count / std::max<std::size_t>(min_per_thread, 1), 1);
    threads = static_cast<unsigned>(std::min<std::size_t>(threads, useful));
    std::atomic<std::size_t> next{0};
    auto worker = [&] {
        for (std::size_t i = next++; i < count; i = next++) {
            fn(i);
        }
    };
    std::vector<std::jthread> pool;
    for (unsigned t = 1; t < threads; ++t) {
        pool.emplace_back(worker);
    }
    worker();
}

} // namespace lockkit
