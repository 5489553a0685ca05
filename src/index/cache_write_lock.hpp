#pragma once
// The shared-state lock every cache write holds (lockkit/fs): an exclusive
// lock on the entry, taken just before it is written and released after the
// rename. Writers of one entry serialise; readers take no lock, because every
// entry is replaced atomically and checked when read back.
//
// A cache write only saves time, so when the lock cannot be taken (the lock
// directory is unusable, or another process holds the entry past the timeout)
// the write is skipped and the answer still stands. Git databases and
// checkouts are not optional: their callers fail instead.

#include "lockkit/fs/lock_directory.hpp"

#include <filesystem>
#include <optional>

namespace lockkit::index::detail {

/// The exclusive lock guarding writes to `entry` (a path inside the cache), or
/// nothing when it cannot be taken.
inline std::optional<fs::FileLock> lock_cache_entry(const std::filesystem::path& entry) {
    auto lock = fs::lock_for_writing(entry);
    if (!lock) return std::nullopt;
    return std::move(*lock);
}

} // namespace lockkit::index::detail
