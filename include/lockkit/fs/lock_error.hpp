#pragma once
// Why a filesystem lock could not be had. The kind lets a caller decide what
// to do (a reader goes on without a lock when the lock directory is unusable;
// `try_acquire` reports Busy); the message and hints are for people.

#include <cstdint>
#include <string>
#include <vector>

namespace lockkit::fs {

struct LockError {
    enum class Kind : std::uint8_t {
        DirectoryUnavailable,  ///< the lock directory cannot be created or written (read-only, full disk)
        Timeout,               ///< another process held the lock for longer than the timeout
        Busy,                  ///< a non-blocking attempt found the lock held
        InvalidResource,       ///< the path to lock is empty or has `..` after its existing part
        Settings,              ///< an environment variable has a value we cannot use
        System,                ///< anything else the OS refused (the message says what)
    };
    Kind kind = Kind::System;
    std::string message;             ///< what failed and why, naming the resource and the lock file
    std::vector<std::string> hints;  ///< one actionable suggestion each

    /// The message followed by one `hint: ` line per hint, no trailing newline.
    std::string describe() const;
    /// `error: <describe()>` and a newline, ready for stderr.
    std::string render() const;
};

} // namespace lockkit::fs
