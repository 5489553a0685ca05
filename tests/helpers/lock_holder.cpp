// A test-only program that takes one of lockkit's filesystem locks, the way
// the real commands do (the process-wide directory, configured by LOCKKIT_LOCK_*),
// so tests/integration/test_locking.py can make real processes contend.
//
//   lock_holder [--shared] [--try] [--hold] RESOURCE [-- COMMAND ARGS...]
//       takes the lock (exclusive unless --shared; --try: fail at once if held),
//       prints `locked <pid>` on stdout, then runs COMMAND, or with --hold
//       waits until stdin is closed, and releases the lock.
//   lock_holder --increment FILE --times N [--delay-us US] [--pause-us US] [--no-lock] RESOURCE
//       N times: take the exclusive lock, read the number in FILE, (sleep
//       --delay-us), write it back plus one, release, (sleep --pause-us).
//       Without the lock, processes lose updates.
//
// Exit codes: 0 done (or COMMAND's status), 2 the lock could not be had,
// 3 --try found it held.

#include "lockkit/fs/lock_directory.hpp"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <iostream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace {

using lockkit::fs::LockMode;

int usage() {
    std::cerr << "usage: lock_holder [--shared] [--try] [--hold] RESOURCE [-- COMMAND...]\n"
                 "       lock_holder --increment FILE --times N [--delay-us US] [--pause-us US] [--no-lock] RESOURCE\n";
    return 2;
}

bool increment(const std::string& file, unsigned delay_us) {
    const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
        return false;
    }
    char buffer[32] = {};
    const ssize_t n = ::pread(fd, buffer, sizeof buffer - 1, 0);
    const long value = n > 0 ? std::strtol(buffer, nullptr, 10) : 0;
    if (delay_us > 0) {
        ::usleep(delay_us);  // widens the read-modify-write window an unlocked run falls into
    }
    const std::string next = std::to_string(value + 1) + "\n";
    const bool ok = ::ftruncate(fd, 0) == 0 &&
                    ::pwrite(fd, next.data(), next.size(), 0) == static_cast<ssize_t>(next.size());
    ::close(fd);
    return ok;
}

int run_command(const std::vector<char*>& argv) {
    const pid_t child = ::fork();
    if (child < 0) {
        return 2;
    }
    if (child == 0) {
        ::execvp(argv[0], argv.data());
        std::perror("lock_holder: exec");
        ::_exit(127);
    }
    int status = 0;
    while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

} // namespace

int main(int argc, char** argv) {
    lockkit::fs::set_lock_reporter([](std::string_view line) { std::cerr << line << '\n'; });
    LockMode mode = LockMode::Exclusive;
    bool try_only = false, hold = false, lock = true;
    std::string counter_file;
    unsigned times = 0, delay_us = 0, pause_us = 0;
    std::string resource;
    std::vector<char*> command;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--shared") {
            mode = LockMode::Shared;
        } else if (arg == "--try") {
            try_only = true;
        } else if (arg == "--hold") {
            hold = true;
        } else if (arg == "--no-lock") {
            lock = false;
        } else if (arg == "--increment" && i + 1 < argc) {
            counter_file = argv[++i];
        } else if (arg == "--times" && i + 1 < argc) {
            times = static_cast<unsigned>(std::strtoul(argv[++i], nullptr, 10));
        } else if (arg == "--delay-us" && i + 1 < argc) {
            delay_us = static_cast<unsigned>(std::strtoul(argv[++i], nullptr, 10));
        } else if (arg == "--pause-us" && i + 1 < argc) {
            pause_us = static_cast<unsigned>(std::strtoul(argv[++i], nullptr, 10));
        } else if (arg == "--") {
            for (++i; i < argc; ++i) {
                command.push_back(argv[i]);
            }
            command.push_back(nullptr);
        } else if (resource.empty() && !arg.starts_with("--")) {
            resource = arg;
        } else {
            return usage();
        }
    }
    if (resource.empty()) {
        return usage();
    }
    const auto& directory = lockkit::fs::LockDirectory::process_wide();
    if (!directory) {
        std::cerr << directory.error().render();
        return 2;
    }

    if (!counter_file.empty()) {
        for (unsigned i = 0; i < times; ++i) {
            lockkit::fs::FileLock guard;
            if (lock) {
                auto got = directory->acquire(resource, LockMode::Exclusive);
                if (!got) {
                    std::cerr << got.error().render();
                    return 2;
                }
                guard = std::move(*got);
            }
            if (!increment(counter_file, delay_us)) {
                std::cerr << "lock_holder: cannot update " << counter_file << ": " << std::strerror(errno) << "\n";
                return 2;
            }
            guard.release();
            if (pause_us > 0) {
                ::usleep(pause_us);  // leaves the lock free for a while (a pruner's chance)
            }
        }
        return 0;
    }

    auto got = try_only ? directory->try_acquire(resource, mode) : directory->acquire(resource, mode);
    if (!got) {
        std::cerr << got.error().render();
        return got.error().kind == lockkit::fs::LockError::Kind::Busy ? 3 : 2;
    }
    std::cout << "locked " << ::getpid() << std::endl;
    int status = 0;
    if (!command.empty()) {
        status = run_command(command);
    } else if (hold) {
        char buffer[256];
        while (::read(STDIN_FILENO, buffer, sizeof buffer) > 0) {
        }
    }
    got->release();
    std::cout << "released" << std::endl;
    return status;
}
