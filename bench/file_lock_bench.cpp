// What lockkit's filesystem locks (lockkit/fs) cost.
//
// Usage: file_lock_bench [--iterations N] [--rounds R] [DIR]
//
// 1. Uncontended acquire + release of one resource, N times, for each mode
//    and mechanism: the whole LockDirectory::acquire (path normalisation,
//    name hash, open, lock, re-check, holder line) and FileLock::release. The
//    floor, in the same run: open + flock + unlock + close of an existing file.
// 2. Hand-off latency, R rounds: a child process waits for a lock the parent
//    holds; the parent notes the time and releases; the child notes when its
//    acquire returned. The floor: the same with a bare blocking flock(2) in
//    the child (no helper thread, no re-check).
//
// DIR (default: a new folder under $TMPDIR or /tmp) holds the lock directory;
// put it on the filesystem whose locks you want to measure. Prints Markdown rows.

#include "lockkit/fs/lock_directory.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <string>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <utility>
#include <vector>

using namespace lockkit::fs;
using Clock = std::chrono::steady_clock;

namespace {

struct Stats {
    double median = 0, p90 = 0, p99 = 0, mean = 0;
};

Stats stats_of(std::vector<double> us) {
    std::sort(us.begin(), us.end());
    Stats s;
    const auto at = [&](double q) { return us[std::min(us.size() - 1, static_cast<std::size_t>(q * us.size()))]; };
    s.median = at(0.5);
    s.p90 = at(0.9);
    s.p99 = at(0.99);
    double sum = 0;
    for (double v : us) {
        sum += v;
    }
    s.mean = sum / static_cast<double>(us.size());
    return s;
}

double micros(Clock::duration d) {
    return std::chrono::duration<double, std::micro>(d).count();
}

void row(const std::string& what, const Stats& s) {
    std::printf("| %s | %.1f | %.1f | %.1f | %.1f |\n", what.c_str(), s.median, s.mean, s.p90, s.p99);
}

LockDirectory open_directory(const std::filesystem::path& dir, LockMechanism mechanism) {
    LockSettings settings;
    settings.directory = dir;
    settings.mechanism = mechanism;
    settings.command = "file_lock_bench";
    auto opened = LockDirectory::open(settings);
    if (!opened) {
        std::fprintf(stderr, "%s", opened.error().render().c_str());
        std::exit(2);
    }
    return std::move(*opened);
}

Stats uncontended(const LockDirectory& locks, const std::filesystem::path& resource, LockMode mode, int n) {
    std::vector<double> us;
    us.reserve(n);
    for (int i = 0; i < n + n / 10; ++i) {
        const auto t0 = Clock::now();
        {
            auto lock = locks.acquire(resource, mode);
            if (!lock) {
                std::fprintf(stderr, "%s", lock.error().render().c_str());
                std::exit(2);
            }
        }
        const auto t1 = Clock::now();
        if (i >= n / 10) {  // the first tenth warms caches up
            us.push_back(micros(t1 - t0));
        }
    }
    return stats_of(std::move(us));
}

Stats bare_flock(const std::filesystem::path& file, int n) {
    std::vector<double> us;
    us.reserve(n);
    for (int i = 0; i < n + n / 10; ++i) {
        const auto t0 = Clock::now();
        const int fd = ::open(file.c_str(), O_RDWR | O_CLOEXEC);
        ::flock(fd, LOCK_EX);
        ::flock(fd, LOCK_UN);
        ::close(fd);
        const auto t1 = Clock::now();
        if (i >= n / 10) {
            us.push_back(micros(t1 - t0));
        }
    }
    return stats_of(std::move(us));
}

/// Shared between the two processes of a hand-off measurement.
struct HandOff {
    std::atomic<int> parent_holds{-1};   ///< round for which the parent holds the lock
    std::atomic<int> child_waiting{-1};  ///< round the child is about to wait in
    std::atomic<int> child_done{-1};     ///< round the child has recorded and released
    std::atomic<long long> released_ns{0};
    double latency_us[4096];
};

long long now_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch()).count();
}

/// Waits without taking a core from the process being measured (2-core machines).
void spin_until(const std::atomic<int>& value, int wanted) {
    while (value.load() != wanted) {
        std::this_thread::sleep_for(std::chrono::microseconds(20));
    }
}

/// `take` blocks until the lock is held and returns a release function's owner.
template <typename Take>
Stats hand_off(int rounds, Take take) {
    auto* shared = static_cast<HandOff*>(
        ::mmap(nullptr, sizeof(HandOff), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0));
    new (shared) HandOff();
    auto held = take();  // the parent starts as the holder
    shared->parent_holds = 0;
    const pid_t child = ::fork();
    if (child == 0) {
        for (int r = 0; r < rounds; ++r) {
            spin_until(shared->parent_holds, r);
            shared->child_waiting = r;
            auto mine = take();
            shared->latency_us[r] = static_cast<double>(now_ns() - shared->released_ns.load()) / 1000.0;
            mine.release();
            shared->child_done = r;
        }
        ::_exit(0);
    }
    for (int r = 0; r < rounds; ++r) {
        spin_until(shared->child_waiting, r);
        // Long enough for the child to be asleep in the kernel, not on its way there.
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
        shared->released_ns = now_ns();
        held.release();
        spin_until(shared->child_done, r);
        held = take();
        shared->parent_holds = r + 1;
    }
    held.release();
    ::waitpid(child, nullptr, 0);
    std::vector<double> us(shared->latency_us, shared->latency_us + rounds);
    ::munmap(shared, sizeof(HandOff));
    return stats_of(std::move(us));
}

/// A bare flock(2) on a file, as a movable owner with release().
class BareLock {
public:
    explicit BareLock(const std::filesystem::path& file) : m_fd(::open(file.c_str(), O_RDWR | O_CLOEXEC)) {
        ::flock(m_fd, LOCK_EX);
    }
    BareLock(BareLock&& other) noexcept : m_fd(std::exchange(other.m_fd, -1)) {}
    BareLock& operator=(BareLock&& other) noexcept {
        release();
        m_fd = std::exchange(other.m_fd, -1);
        return *this;
    }
    ~BareLock() { release(); }
    void release() {
        if (m_fd >= 0) {
            ::flock(m_fd, LOCK_UN);
            ::close(m_fd);
            m_fd = -1;
        }
    }

private:
    int m_fd;
};

} // namespace

int main(int argc, char** argv) {
    int iterations = 20000;
    int rounds = 500;
    std::filesystem::path base;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--iterations") == 0 && i + 1 < argc) {
            iterations = std::atoi(argv[++i]);
        } else if (std::strcmp(argv[i], "--rounds") == 0 && i + 1 < argc) {
            rounds = std::min(std::atoi(argv[++i]), 4096);
        } else {
            base = argv[i];
        }
    }
    bool made_base = false;
    if (base.empty()) {
        const char* tmp = std::getenv("TMPDIR");
        std::string pattern = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/file-lock-bench-XXXXXX";
        if (::mkdtemp(pattern.data()) == nullptr) {
            std::perror("mkdtemp");
            return 2;
        }
        base = pattern;
        made_base = true;
    }
    // A resource that exists, a few levels deep, as a project directory would be.
    const auto resource = base / "home" / "user" / "src" / "project";
    std::filesystem::create_directories(resource);

    std::printf("uncontended acquire + release, %d iterations (microseconds)\n\n", iterations);
    std::printf("| what | median | mean | p90 | p99 |\n|---|---|---|---|---|\n");
    for (const auto mechanism : {LockMechanism::Flock, LockMechanism::Fcntl}) {
        const auto locks = open_directory(base / "locks", mechanism);
        const std::string name = mechanism == LockMechanism::Flock ? "flock" : "fcntl";
        row("FileLock exclusive, " + name, uncontended(locks, resource, LockMode::Exclusive, iterations));
        row("FileLock shared, " + name, uncontended(locks, resource, LockMode::Shared, iterations));
    }
    const auto locks = open_directory(base / "locks", LockMechanism::Flock);
    const auto file = *locks.lock_file_for(resource);
    row("floor: open + flock + unlock + close", bare_flock(file, iterations));

    std::printf("\nhand-off from a releasing to a waiting process, %d rounds (microseconds)\n\n", rounds);
    std::printf("| what | median | mean | p90 | p99 |\n|---|---|---|---|---|\n");
    for (const auto mechanism : {LockMechanism::Flock, LockMechanism::Fcntl}) {
        const auto dir = open_directory(base / "locks", mechanism);
        const auto take = [&] {
            auto lock = dir.acquire(resource, LockMode::Exclusive);
            if (!lock) {
                std::fprintf(stderr, "%s", lock.error().render().c_str());
                ::_exit(2);
            }
            return std::move(*lock);
        };
        row(std::string("FileLock, ") + (mechanism == LockMechanism::Flock ? "flock" : "fcntl"),
            hand_off(rounds, take));
    }
    row("floor: blocking flock(2)", hand_off(rounds, [&] { return BareLock(file); }));

    if (made_base) {
        std::error_code ec;
        std::filesystem::remove_all(base, ec);
    }
    return 0;
}
