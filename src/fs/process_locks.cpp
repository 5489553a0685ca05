// The process-wide lock directory and the two calls most commands use.

#include "lockkit/fs/lock_directory.hpp"

#include "process_info.hpp"

#include <atomic>

namespace lockkit::fs {

namespace {

/// A reader going on without locks says so once per process, not once per lock.
void warn_unlocked_once(const LockError& error, const std::filesystem::path& resource) {
    static std::atomic<bool> warned{false};
    if (warned.exchange(true)) {
        return;
    }
    detail::report_to_process("warning: " + error.message + "; reading " + resource.string() +
                              " without locking it (other lockkit commands may change it meanwhile)");
    for (const auto& hint : error.hints) {
        detail::report_to_process("hint: " + hint);
    }
}

} // namespace

const std::expected<LockDirectory, LockError>& LockDirectory::process_wide() {
    // A function-local static: initialised once, by the first caller, while
    // any concurrent first callers wait (C++11 and later guarantee it).
    static const std::expected<LockDirectory, LockError> instance = []() -> std::expected<LockDirectory, LockError> {
        auto settings = LockSettings::from_environment();
        if (!settings) {
            return std::unexpected(settings.error());
        }
        return LockDirectory::open(std::move(*settings));
    }();
    return instance;
}

std::expected<FileLock, LockError> lock_for_writing(const std::filesystem::path& resource) {
    const auto& directory = LockDirectory::process_wide();
    if (!directory) {
        return std::unexpected(directory.error());
    }
    return directory->acquire(resource, LockMode::Exclusive);
}

std::expected<FileLock, LockError> lock_for_reading(const std::filesystem::path& resource) {
    const auto& directory = LockDirectory::process_wide();
    if (!directory) {
        if (directory.error().kind != LockError::Kind::DirectoryUnavailable) {
            return std::unexpected(directory.error());
        }
        warn_unlocked_once(directory.error(), resource);
        return FileLock{};
    }
    auto lock = directory->acquire(resource, LockMode::Shared);
    if (!lock && lock.error().kind == LockError::Kind::DirectoryUnavailable) {
        warn_unlocked_once(lock.error(), resource);
        return FileLock{};
    }
    return lock;
}

} // namespace lockkit::fs
