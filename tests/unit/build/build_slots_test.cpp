// Build slots: at most N builds at once; a build the resolver waits for (expedited) takes the
// next free slot before the others (which go in no promised order).

#include "lockkit/build/build_slots.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

using lockkit::build::BuildSlots;
using namespace std::chrono_literals;

namespace {

/// Threads that each take a slot for a key and note the key once they have it.
struct Builds {
    BuildSlots slots{1};
    std::mutex mutex;
    std::vector<std::string> started;
    std::vector<std::thread> threads;

    void ask(const std::string& key) {
        threads.emplace_back([this, key] {
            const auto slot = slots.acquire(key);
            const std::lock_guard lock(mutex);
            started.push_back(key);
        });
        std::this_thread::sleep_for(20ms);  // so that each waits before the next is asked for
    }
    void join() {
        for (auto& t : threads) t.join();
    }
};

} // namespace

TEST_CASE("build slots: the expedited build goes before those asked for earlier", "[build][slots]") {
    Builds b;
    std::optional<BuildSlots::Slot> held(b.slots.acquire("held 1"));
    b.ask("a 1");
    b.ask("b 1");
    b.ask("c 1");
    b.slots.expedite("c 1");
    held.reset();
    b.join();
    REQUIRE(b.started.size() == 3);
    CHECK(b.started[0] == "c 1");
}

TEST_CASE("build slots: a build expedited before it is asked for still goes first", "[build][slots]") {
    Builds b;
    b.slots.expedite("late 2");
    std::optional<BuildSlots::Slot> held(b.slots.acquire("held 1"));
    b.ask("a 1");
    b.ask("late 2");
    held.reset();
    b.join();
    CHECK(b.started == std::vector<std::string>{"late 2", "a 1"});
}

TEST_CASE("build slots: as many at once as there are slots", "[build][slots]") {
    BuildSlots slots(2);
    auto first = slots.acquire("a 1");
    auto second = slots.acquire("b 1");
    std::atomic<bool> third_started = false;
    std::thread waiting([&] {
        const auto slot = slots.acquire("c 1");
        third_started = true;
    });
    std::this_thread::sleep_for(30ms);
    CHECK_FALSE(third_started);
    { const BuildSlots::Slot done = std::move(first); }
    waiting.join();
    CHECK(third_started);
}
