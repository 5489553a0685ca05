// parallel_for visits every index exactly once, whatever the thread count.

#include "lockkit/util/parallel.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

TEST_CASE("parallel_for calls every index once", "[util][parallel]") {
    for (unsigned threads : {0u, 1u, 2u, 7u}) {
        std::vector<std::atomic<int>> calls(1000);
        lockkit::parallel_for(calls.size(), threads, [&](std::size_t i) { ++calls[i]; });
        for (const auto& c : calls) {
            REQUIRE(c == 1);
        }
    }
}

TEST_CASE("parallel_for runs on several threads when there is work", "[util][parallel]") {
    std::mutex mutex;
    std::set<std::thread::id> seen;
    lockkit::parallel_for(64, 4, [&](std::size_t) {
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
        std::lock_guard lock(mutex);
        seen.insert(std::this_thread::get_id());
    });
    CHECK(seen.size() > 1);
    CHECK(seen.size() <= 4);
}

TEST_CASE("parallel_for starts no thread per fewer than min_per_thread jobs", "[util][parallel]") {
    std::mutex mutex;
    std::set<std::thread::id> seen;
    lockkit::parallel_for(7, 4, [&](std::size_t) {
        std::lock_guard lock(mutex);
        seen.insert(std::this_thread::get_id());
    }, 8);
    CHECK(seen == std::set{std::this_thread::get_id()});
    int calls = 0;
    lockkit::parallel_for(0, 4, [&](std::size_t) { ++calls; });
    CHECK(calls == 0);
}
