#pragma once
// How lockkit's filesystem locks behave: where the lock files live, how long
// a command waits for a lock, and which kernel locking call it uses. Read once
// from the environment by the process-wide lock directory
// (lock_directory.hpp); tests and benchmarks build their own.
//
//   LOCKKIT_LOCK_DIR      the lock directory (else $XDG_STATE_HOME/lockkit/locks,
//                         else ~/.local/state/lockkit/locks)
//   LOCKKIT_LOCK_TIMEOUT  seconds to wait for a held lock before giving up
//                         (default 300, like uv's UV_LOCK_TIMEOUT; 0 = do not wait)
//   LOCKKIT_LOCK_KIND     auto (default), flock or fcntl; see LockMechanism

#include "lockkit/fs/lock_error.hpp"

#include <chrono>
#include <cstdint>
#include <expected>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace lockkit::fs {

/// The kernel call behind a lock. Every process that locks the same file must
/// use the same one: on Linux, flock(2) locks and fcntl(2) locks do not see
/// each other on a local filesystem.
enum class LockMechanism : std::uint8_t {
    /// flock(2): whole-file locks owned by the open file; the default.
    Flock,
    /// fcntl(2) open-file-description locks (F_OFD_SETLK): forwarded to the
    /// server by network filesystems (NFS, SMB, Lustre, ...), where a flock
    /// taken on the server itself or on a filesystem without flock support
    /// would not exclude other hosts. Chosen automatically for those.
    Fcntl,
};

struct LockSettings {
    /// Where lock files live. Created on first use.
    std::filesystem::path directory;
    /// How long to wait for a held lock; zero fails at once.
    std::chrono::milliseconds timeout{std::chrono::seconds(300)};
    /// How long to wait before telling the user who holds the lock (once).
    std::chrono::milliseconds notice_after{std::chrono::seconds(1)};
    /// None: detect from the directory's filesystem (fcntl on network
    /// filesystems, flock elsewhere).
    std::optional<LockMechanism> mechanism;
    /// Whether `directory` came from LOCKKIT_LOCK_DIR (error messages differ).
    bool directory_configured = false;
    /// The command recorded in the holder line; empty: this process's command
    /// line (/proc/self/cmdline), shortened.
    std::string command;
    /// Receives the "waiting for ..." notice and warnings; empty: the process's
    /// reporter (set_lock_reporter in lock_directory.hpp).
    std::function<void(std::string_view line)> on_notice;

    /// Reads the variables above; the error names the variable and its value.
    static std::expected<LockSettings, LockError> from_environment();
};

} // namespace lockkit::fs
