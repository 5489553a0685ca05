#include "lock_wait.hpp"

#include "lock_call.hpp"

#include <cerrno>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <system_error>
#include <thread>
#include <unistd.h>

namespace lockkit::fs::detail {

namespace {

/// What the caller and the helper thread share; whoever leaves last frees it.
struct Rendezvous {
    std::mutex mutex;
    std::condition_variable granted;
    bool finished = false;   ///< the helper's call returned
    bool abandoned = false;  ///< the caller timed out and left
    int error = 0;
    int fd = -1;
};

} // namespace

WaitResult wait_for_lock(int& fd, LockMode mode, LockMechanism mechanism,
                         std::chrono::steady_clock::time_point notice_at,
                         std::chrono::steady_clock::time_point deadline, const std::function<void()>& notice) {
    auto shared = std::make_shared<Rendezvous>();
    shared->fd = fd;
    try {
        std::thread([shared, mode, mechanism] {
            const int error = lock_fd(shared->fd, mode, mechanism, true);
            std::unique_lock guard(shared->mutex);
            if (shared->abandoned) {
                guard.unlock();
                if (error == 0) {
                    unlock_fd(shared->fd, mechanism);
                }
                ::close(shared->fd);
                return;
            }
            shared->finished = true;
            shared->error = error;
            shared->granted.notify_one();
        }).detach();
    } catch (const std::system_error&) {
        return {WaitOutcome::Failed, EAGAIN};  // no thread to wait on
    }

    std::unique_lock guard(shared->mutex);
    bool noticed = notice_at >= deadline;
    while (!shared->finished) {
        const auto until = noticed ? deadline : notice_at;
        if (shared->granted.wait_until(guard, until) != std::cv_status::timeout || shared->finished) {
            continue;
        }
        if (!noticed) {
            noticed = true;
            guard.unlock();
            notice();
            guard.lock();
            continue;
        }
        shared->abandoned = true;
        fd = -1;
        return {WaitOutcome::TimedOut, 0};
    }
    if (shared->error != 0) {
        return {WaitOutcome::Failed, shared->error};
    }
    return {WaitOutcome::Locked, 0};
}

} // namespace lockkit::fs::detail
