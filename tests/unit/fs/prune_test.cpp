// prune removes the lock files nobody holds, and racing it against acquirers
// never lets two of them hold one resource.

#include "lock_test_support.hpp"

#include <atomic>
#include <fstream>
#include <thread>

using namespace lockkit::fs;
using lockkit::testing::open_directory;
using lockkit::testing::TempTree;
using lockkit::testing::test_settings;

TEST_CASE("prune removes free lock files, keeps held ones, ignores other files", "[fs][prune]") {
    const auto mechanism = GENERATE(LockMechanism::Flock, LockMechanism::Fcntl);
    TempTree tree;
    const auto dir = open_directory(test_settings(tree, mechanism));
    auto held = dir.acquire(tree.root() / "held", LockMode::Shared);
    REQUIRE(held);
    std::filesystem::path free_file;
    {
        auto once = dir.acquire(tree.root() / "free", LockMode::Exclusive);
        REQUIRE(once);
        free_file = once->lock_file();
    }
    std::ofstream(dir.path() / "README") << "not a lock file\n";

    auto report = dir.prune();
    REQUIRE(report);
    CHECK(report->removed == 1);
    CHECK(report->in_use == 1);
    CHECK_FALSE(std::filesystem::exists(free_file));
    CHECK(std::filesystem::exists(held->lock_file()));
    CHECK(std::filesystem::exists(dir.path() / "README"));
    // The holder still holds it: an exclusive attempt is refused.
    CHECK_FALSE(dir.try_acquire(tree.root() / "held", LockMode::Exclusive));

    held->release();
    report = dir.prune();
    REQUIRE(report);
    CHECK(report->removed == 1);
    CHECK(report->in_use == 0);
}

TEST_CASE("pruning while threads take and release one lock never admits two holders", "[fs][prune]") {
    const auto mechanism = GENERATE(LockMechanism::Flock, LockMechanism::Fcntl);
    TempTree tree;
    const auto dir = open_directory(test_settings(tree, mechanism));
    std::atomic<int> inside{0};
    std::atomic<bool> overlap{false};
    std::atomic<bool> done{false};
    std::atomic<bool> failed{false};  // Catch2 v2 assertions are not thread-safe
    int counter = 0;
    auto work = [&] {
        for (int i = 0; i < 300; ++i) {
            {
                auto lock = dir.acquire(tree.root() / "counter", LockMode::Exclusive);
                if (!lock) {
                    failed = true;
                    return;
                }
                if (inside.fetch_add(1) != 0) {
                    overlap = true;
                }
                const int seen = counter;
                std::this_thread::yield();
                counter = seen + 1;
                inside.fetch_sub(1);
            }
            // Leave the lock free now and then, so the pruner finds it free.
            std::this_thread::sleep_for(std::chrono::microseconds(50));
        }
    };
    std::size_t removed = 0;
    std::thread pruner([&] {
        while (!done) {
            auto report = dir.prune();
            if (!report) {
                failed = true;
                return;
            }
            removed += report->removed;
        }
    });
    std::vector<std::thread> workers;
    for (int t = 0; t < 3; ++t) {
        workers.emplace_back(work);
    }
    for (auto& t : workers) {
        t.join();
    }
    done = true;
    pruner.join();
    CHECK_FALSE(failed);
    CHECK_FALSE(overlap);
    CHECK(counter == 900);
    CHECK(removed > 0);  // the race was really run
}
