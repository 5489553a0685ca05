// FileLock through a LockDirectory, for flock and fcntl alike: modes, the lock
// file's mode and holder line, waiting with a notice and a timeout, and the
// re-check that makes pruning safe. Locks belong to open files, so threads of
// this test contend as processes would (tests/integration/test_locking.py
// repeats the important cases with real processes).

#include "lock_test_support.hpp"

#include "lockkit/fs/lock_holder.hpp"
#include "lockkit/fs/resource_path.hpp"

#include <atomic>
#include <fstream>
#include <future>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

using namespace lockkit::fs;
using lockkit::testing::NoticeLog;
using lockkit::testing::open_directory;
using lockkit::testing::TempTree;
using lockkit::testing::test_settings;

namespace {

std::string file_text(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

const char* mechanism_name(LockMechanism m) {
    return m == LockMechanism::Flock ? "flock" : "fcntl";
}

} // namespace

TEST_CASE("exclusive excludes everyone; shared admits shared", "[fs][lock]") {
    const auto mechanism = GENERATE(LockMechanism::Flock, LockMechanism::Fcntl);
    INFO(mechanism_name(mechanism));
    TempTree tree;
    const auto dir = open_directory(test_settings(tree, mechanism));
    const auto resource = tree.root() / "proj";

    auto writer = dir.acquire(resource, LockMode::Exclusive);
    REQUIRE(writer);
    CHECK(writer->held());
    auto busy = dir.try_acquire(resource, LockMode::Exclusive);
    REQUIRE_FALSE(busy);
    CHECK(busy.error().kind == LockError::Kind::Busy);
    CHECK(busy.error().message.find("held by pid " + std::to_string(::getpid()) + ": fs_test") != std::string::npos);
    CHECK_FALSE(dir.try_acquire(resource, LockMode::Shared));
    // Another resource is independent.
    CHECK(dir.try_acquire(tree.root() / "other", LockMode::Exclusive));
    writer->release();
    CHECK_FALSE(writer->held());

    auto reader1 = dir.try_acquire(resource, LockMode::Shared);
    auto reader2 = dir.try_acquire(resource, LockMode::Shared);
    REQUIRE(reader1);
    REQUIRE(reader2);
    CHECK_FALSE(dir.try_acquire(resource, LockMode::Exclusive));
    reader1->release();
    CHECK_FALSE(dir.try_acquire(resource, LockMode::Exclusive));
    reader2->release();
    CHECK(dir.try_acquire(resource, LockMode::Exclusive));
}

TEST_CASE("moving a lock moves ownership; destruction releases", "[fs][lock]") {
    TempTree tree;
    const auto dir = open_directory(test_settings(tree, LockMechanism::Flock));
    const auto resource = tree.root() / "proj";
    {
        auto first = dir.acquire(resource, LockMode::Exclusive);
        REQUIRE(first);
        FileLock moved = std::move(*first);
        CHECK_FALSE(first->held());
        CHECK(moved.held());
        CHECK_FALSE(dir.try_acquire(resource, LockMode::Exclusive));
    }
    CHECK(dir.try_acquire(resource, LockMode::Exclusive));
    CHECK_FALSE(FileLock{}.held());
}

TEST_CASE("lock files live in the lock directory, mode 0666 whatever the umask", "[fs][lock]") {
    const auto mechanism = GENERATE(LockMechanism::Flock, LockMechanism::Fcntl);
    TempTree tree;
    const auto dir = open_directory(test_settings(tree, mechanism));
    // The default (unconfigured) directory is created private to the user.
    struct stat dir_stat {};
    REQUIRE(::stat(dir.path().c_str(), &dir_stat) == 0);
    CHECK((dir_stat.st_mode & 0777) == 0700);

    const mode_t old_mask = ::umask(077);
    auto lock = dir.acquire(tree.root() / "proj" / "uv.lock", LockMode::Exclusive);
    ::umask(old_mask);
    REQUIRE(lock);
    const auto expected = dir.path() / lock_file_name(*normalise_resource_path(tree.root() / "proj" / "uv.lock"));
    CHECK(lock->lock_file() == expected);
    struct stat st {};
    REQUIRE(::stat(expected.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0666);
    // Nothing appears beside the resource.
    CHECK_FALSE(std::filesystem::exists(tree.root() / "proj"));
}

TEST_CASE("the holder writes its line while it holds the lock; a shared one blanks it on release", "[fs][lock]") {
    const auto mechanism = GENERATE(LockMechanism::Flock, LockMechanism::Fcntl);
    const auto mode = GENERATE(LockMode::Shared, LockMode::Exclusive);
    TempTree tree;
    auto settings = test_settings(tree, mechanism);
    settings.command = "lock sync";
    const auto dir = open_directory(std::move(settings));
    auto lock = dir.acquire(tree.root() / "venv", mode);
    REQUIRE(lock);
    const auto holder = LockHolder::parse(file_text(lock->lock_file()));
    REQUIRE(holder);
    CHECK(holder->pid == ::getpid());
    CHECK(holder->command == "lock sync");
    CHECK(holder->resource == lock->resource().string());
    CHECK(holder->exclusive == (mode == LockMode::Exclusive));
    const auto age = std::chrono::system_clock::now() - holder->started;
    CHECK(age < std::chrono::minutes(1));
    const auto file = lock->lock_file();
    lock->release();
    // An exclusive holder's line stays until the next holder writes over it
    // (nobody reads it meanwhile); a shared one must not describe the shared
    // holders that remain.
    CHECK(LockHolder::parse(file_text(file)).has_value() == (mode == LockMode::Exclusive));
}

TEST_CASE("a shorter holder line written over a longer one reads back whole", "[fs][lock]") {
    TempTree tree;
    auto settings = test_settings(tree, LockMechanism::Flock);
    settings.command = "a rather long command line with many arguments " + std::string(60, 'x');
    const auto dir_long = open_directory(settings);
    settings.command = "short";
    const auto dir_short = open_directory(settings);
    const auto resource = tree.root() / "proj";
    dir_long.acquire(resource, LockMode::Exclusive)->release();
    auto lock = dir_short.acquire(resource, LockMode::Exclusive);
    REQUIRE(lock);
    const auto holder = LockHolder::parse(file_text(lock->lock_file()));
    REQUIRE(holder);
    CHECK(holder->command == "short");
}

TEST_CASE("a waiter is told once who holds the lock, then gets it on release", "[fs][lock]") {
    const auto mechanism = GENERATE(LockMechanism::Flock, LockMechanism::Fcntl);
    INFO(mechanism_name(mechanism));
    TempTree tree;
    NoticeLog log;
    auto settings = test_settings(tree, mechanism, &log);
    settings.notice_after = std::chrono::milliseconds(50);
    settings.command = "lock sync";
    const auto dir = open_directory(std::move(settings));
    const auto resource = tree.root() / "proj";

    auto holder = dir.acquire(resource, LockMode::Exclusive);
    REQUIRE(holder);
    auto waiter = std::async(std::launch::async, [&] { return dir.acquire(resource, LockMode::Shared); });
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (log.snapshot().empty() && std::chrono::steady_clock::now() < give_up) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(150));  // time for a second notice, which must not come
    CHECK(waiter.wait_for(std::chrono::seconds(0)) == std::future_status::timeout);
    holder->release();
    auto got = waiter.get();
    REQUIRE(got);
    CHECK(got->held());
    const auto lines = log.snapshot();
    REQUIRE(lines.size() == 1);
    const std::string expected = "waiting for " + holder->resource().string() + " (held by pid " +
                                 std::to_string(::getpid()) + ": lock sync, since ";
    CHECK(lines[0].starts_with(expected));
    CHECK(lines[0].ends_with(")"));
}

TEST_CASE("waiting ends with a Timeout error after the timeout; the lock is untouched", "[fs][lock]") {
    const auto mechanism = GENERATE(LockMechanism::Flock, LockMechanism::Fcntl);
    TempTree tree;
    auto settings = test_settings(tree, mechanism);
    settings.timeout = std::chrono::milliseconds(200);
    settings.command = "lock fmt";
    const auto dir = open_directory(std::move(settings));
    const auto resource = tree.root() / "proj";
    auto holder = dir.acquire(resource, LockMode::Shared);
    REQUIRE(holder);

    const auto start = std::chrono::steady_clock::now();
    auto late = dir.acquire(resource, LockMode::Exclusive);
    const auto waited = std::chrono::steady_clock::now() - start;
    REQUIRE_FALSE(late);
    const auto holder_now = LockHolder::parse(file_text(holder->lock_file()));
    REQUIRE(holder_now);
    CHECK(late.error().kind == LockError::Kind::Timeout);
    CHECK(waited >= std::chrono::milliseconds(200));
    CHECK(waited < std::chrono::seconds(5));
    CHECK(late.error().message == "gave up after 0.2 s waiting for the lock on " + holder->resource().string() +
                                      " (held by " + holder_now->describe(holder_now->host) + ")");
    CHECK(late.error().describe().find("LOCKKIT_LOCK_TIMEOUT") != std::string::npos);
    // The abandoned wait does not steal the lock once it is released.
    CHECK(holder->held());
    holder->release();
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    CHECK(dir.try_acquire(resource, LockMode::Exclusive));
}

TEST_CASE("a zero timeout fails at once when the lock is held", "[fs][lock]") {
    TempTree tree;
    auto settings = test_settings(tree, LockMechanism::Flock);
    settings.timeout = std::chrono::milliseconds(0);
    const auto dir = open_directory(std::move(settings));
    auto holder = dir.acquire(tree.root() / "x", LockMode::Exclusive);
    REQUIRE(holder);
    auto late = dir.acquire(tree.root() / "x", LockMode::Exclusive);
    REQUIRE_FALSE(late);
    CHECK(late.error().kind == LockError::Kind::Timeout);
}

TEST_CASE("an acquirer whose lock file was unlinked while it waited starts over", "[fs][lock][prune]") {
    const auto mechanism = GENERATE(LockMechanism::Flock, LockMechanism::Fcntl);
    INFO(mechanism_name(mechanism));
    TempTree tree;
    NoticeLog log;
    auto settings = test_settings(tree, mechanism, &log);
    settings.notice_after = std::chrono::milliseconds(0);  // the notice says: now waiting in the kernel
    const auto dir = open_directory(std::move(settings));
    const auto resource = tree.root() / "proj";

    auto first = dir.acquire(resource, LockMode::Exclusive);
    REQUIRE(first);
    auto second = std::async(std::launch::async, [&] { return dir.acquire(resource, LockMode::Exclusive); });
    while (log.snapshot().empty()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    // What a pruner does between its lock and its release: the waiter has
    // the old file open and will be granted the lock on it.
    REQUIRE(::unlink(first->lock_file().c_str()) == 0);
    first->release();
    auto got = second.get();
    REQUIRE(got);
    // Its lock is on the file the name now points at (not on the unlinked
    // one, which nobody else can find), so it excludes everyone else.
    CHECK(std::filesystem::exists(got->lock_file()));
    CHECK_FALSE(dir.try_acquire(resource, LockMode::Exclusive));
}

TEST_CASE("threads taking one exclusive lock never overlap", "[fs][lock]") {
    const auto mechanism = GENERATE(LockMechanism::Flock, LockMechanism::Fcntl);
    TempTree tree;
    const auto dir = open_directory(test_settings(tree, mechanism));
    std::atomic<int> inside{0};
    std::atomic<bool> overlap{false};
    std::atomic<bool> failed{false};  // Catch2 v2 assertions are not thread-safe
    int counter = 0;                  // guarded by the file lock only
    auto work = [&] {
        for (int i = 0; i < 200; ++i) {
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
    };
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back(work);
    }
    for (auto& t : threads) {
        t.join();
    }
    CHECK_FALSE(failed);
    CHECK_FALSE(overlap);
    CHECK(counter == 800);
}

TEST_CASE("a lock directory that cannot be created is DirectoryUnavailable, naming it and LOCKKIT_LOCK_DIR",
          "[fs][lock]") {
    TempTree tree;
    tree.write("file", "not a directory");
    for (const bool configured : {false, true}) {
        LockSettings settings;
        settings.directory = tree.root() / "file" / "locks";
        settings.directory_configured = configured;
        auto dir = LockDirectory::open(settings);
        REQUIRE_FALSE(dir);
        CHECK(dir.error().kind == LockError::Kind::DirectoryUnavailable);
        CHECK(dir.error().message.find((tree.root() / "file" / "locks").string()) != std::string::npos);
        CHECK(dir.error().describe().find("LOCKKIT_LOCK_DIR") != std::string::npos);
    }
}

TEST_CASE("resources with `..` past their existing part are refused before any file is made", "[fs][lock]") {
    TempTree tree;
    const auto dir = open_directory(test_settings(tree, LockMechanism::Flock));
    auto lock = dir.acquire(tree.root() / "missing" / ".." / "x", LockMode::Exclusive);
    REQUIRE_FALSE(lock);
    CHECK(lock.error().kind == LockError::Kind::InvalidResource);
    CHECK(std::filesystem::is_empty(dir.path()));
}
