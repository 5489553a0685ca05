// The registry client's thread pool (src/index/task_pool.hpp): work queued after finish()
// still runs, however often the pool was finished, and work a task submits while the pool
// drains is run and joined too.

#include "../../../src/index/task_pool.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <future>

using lockkit::index::detail::TaskPool;

namespace {

// Waits for the future with a time limit, so a task that never runs fails the test instead of
// hanging it.
bool ran_in_time(std::future<void>& done) {
    return done.wait_for(std::chrono::seconds(10)) == std::future_status::ready;
}

} // namespace

TEST_CASE("work submitted after finish() runs, task after task", "[index][task_pool]") {
    TaskPool pool(2);
    for (int round = 0; round < 3; ++round) {
        pool.finish();
        // More tasks, one after another, than the pool has threads: a thread started after a
        // stop must not end on the empty queue and keep counting against the limit.
        for (int task = 0; task < 5; ++task) {
            std::promise<void> promise;
            auto done = promise.get_future();
            pool.submit([&promise] { promise.set_value(); });
            REQUIRE(ran_in_time(done));
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
    }
}

TEST_CASE("finish() runs and joins the work a task submits while the pool drains", "[index][task_pool]") {
    std::atomic<int> ran{0};
    TaskPool pool(1);
    pool.submit([&] {
        ++ran;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        pool.submit([&] { ++ran; });
    });
    pool.finish();
    CHECK(ran.load() == 2);
    // And the pool still works afterwards.
    std::promise<void> promise;
    auto done = promise.get_future();
    pool.submit([&promise] { promise.set_value(); });
    REQUIRE(ran_in_time(done));
}
