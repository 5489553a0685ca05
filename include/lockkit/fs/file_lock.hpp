#pragma once
// A held advisory lock on one resource (a project, a virtual environment, a
// cache entry), released when the object is destroyed. Obtained from a
// LockDirectory (lock_directory.hpp), never constructed half-way: a FileLock
// either holds its lock or, default-constructed, holds nothing (what a reader
// gets when it goes on without locks, see lock_for_reading).
//
// Shared locks admit any number of holders at once and no exclusive one;
// an exclusive lock admits nobody else. Locks belong to the open file, not to
// the process or thread: two threads of one process exclude each other just
// as two processes do, and a thread asking again for a lock it already holds
// exclusively waits for itself until the timeout (locks are not re-entrant).
// A child started with exec does not inherit a lock (the descriptor is
// close-on-exec); a process that dies, even by SIGKILL, releases its locks.
// A child forked without exec shares the parent's locks and must not release
// them (it would release them for the parent too).

#include "lockkit/fs/lock_settings.hpp"

#include <cstdint>
#include <filesystem>
#include <string>

namespace lockkit::fs {

enum class LockMode : std::uint8_t {
    Shared,     ///< many readers at once (hashing what is in a cache, reading a project)
    Exclusive,  ///< one writer, no readers
};

class FileLock {
public:
    /// Holds nothing.
    FileLock() = default;
    FileLock(FileLock&& other) noexcept;
    FileLock& operator=(FileLock&& other) noexcept;
    FileLock(const FileLock&) = delete;
    FileLock& operator=(const FileLock&) = delete;
    ~FileLock();

    /// Whether a lock is held (false after release(), when moved from, or for
    /// a reader that goes on without a lock).
    bool held() const { return m_fd >= 0; }
    LockMode mode() const { return m_mode; }
    /// The normalised path of what is locked.
    const std::filesystem::path& resource() const { return m_resource; }
    /// The lock file in the lock directory.
    const std::filesystem::path& lock_file() const { return m_lock_file; }

    /// Releases the lock now; idempotent.
    void release() noexcept;

private:
    friend class LockDirectory;
    FileLock(int fd, LockMode mode, LockMechanism mechanism, std::filesystem::path resource,
             std::filesystem::path lock_file, std::string holder_line);

    int m_fd = -1;
    LockMode m_mode = LockMode::Shared;
    LockMechanism m_mechanism = LockMechanism::Flock;
    std::filesystem::path m_resource;
    std::filesystem::path m_lock_file;
    std::string m_holder_line;  ///< what we wrote into the lock file; empty if nothing
};

} // namespace lockkit::fs
