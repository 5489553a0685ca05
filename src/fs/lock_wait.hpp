#pragma once
// Waiting for a held lock with a deadline (internal to src/fs).
//
// The kernel's blocking lock calls have no timeout, and interrupting one
// takes a signal handler, which a library must not install. So the blocking
// call runs on a helper thread while the caller waits on a condition
// variable with a deadline. The kernel wakes the helper the moment the lock
// is released, so a hand-off costs a thread wake-up, not a polling interval.
// On timeout the caller leaves, and the descriptor becomes the helper's: if
// the lock is ever granted, the helper releases it at once and closes it.

#include "lockkit/fs/file_lock.hpp"

#include <chrono>
#include <functional>

namespace lockkit::fs::detail {

enum class WaitOutcome { Locked, TimedOut, Failed };

struct WaitResult {
    WaitOutcome outcome = WaitOutcome::Failed;
    int error = 0;  ///< the errno, for Failed
};

/// Blocks until the lock on `fd` is granted or `deadline` passes, calling
/// `notice` once if `notice_at` comes first. On TimedOut `fd` is set to -1:
/// it is no longer the caller's to close.
WaitResult wait_for_lock(int& fd, LockMode mode, LockMechanism mechanism,
                         std::chrono::steady_clock::time_point notice_at,
                         std::chrono::steady_clock::time_point deadline, const std::function<void()>& notice);

} // namespace lockkit::fs::detail
