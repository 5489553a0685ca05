#pragma once
// A content-addressed store of downloaded distribution files (wheels and
// sdists), keyed by their SHA-256. lock-verify --download fills it and later
// tools (install) read from it: a file is only ever published under the hash
// it was verified to have, so a hit never needs the network.
//
// Layout under the root (default: $LOCKKIT_CACHE_DIR, else
// $XDG_CACHE_HOME/lockkit, else ~/.cache/lockkit):
//
//   CACHEDIR.TAG                        marks the folder for backup tools
//   artifacts-v1/sha256/ab/<64 hex>     one file per distinct content
//   tmp/                                downloads in progress
//
// Downloads are written into tmp/ (the same filesystem, so publishing is one
// rename(2)) and renamed into place only after their size and hash checked
// out; an interrupted or rejected download leaves nothing under artifacts-v1/.
//
// Each entry is guarded by a filesystem lock (lockkit/fs/) on its path, kept
// in lockkit's lock directory, not in the cache: shared while a hit is
// re-hashed, exclusive from a miss to the publish (or the removal of a
// damaged entry). So two processes wanting the same file download it once:
// the second waits, then finds it cached. Several entries may be locked at
// once by one process (one per download thread); no entry lock is held while
// waiting for another.

#include "lockkit/fs/file_lock.hpp"
#include "lockkit/fs/lock_directory.hpp"
#include "lockkit/fs/lock_error.hpp"

#include <expected>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace lockkit::fetch {

/// A file being written into the cache's tmp/ folder. Destroying it without
/// publishing removes the temporary file.
class PendingEntry {
public:
    PendingEntry() = default;
    PendingEntry(int fd, std::filesystem::path path) : fd_(fd), path_(std::move(path)) {}
    PendingEntry(PendingEntry&& other) noexcept;
    PendingEntry& operator=(PendingEntry&& other) noexcept;
    PendingEntry(const PendingEntry&) = delete;
    PendingEntry& operator=(const PendingEntry&) = delete;
    ~PendingEntry();

    /// Appends bytes; false on a write error (the reason is in errno).
    bool write(const void* data, std::size_t size);
    /// Empties the file again, for a retried download.
    bool reset();
    const std::filesystem::path& path() const { return path_; }
    bool valid() const { return fd_ >= 0; }

private:
    friend class ArtifactCache;
    void discard();
    int fd_ = -1;
    std::filesystem::path path_;
};

class ArtifactCache {
public:
    /// Entries are locked in the process-wide lock directory.
    explicit ArtifactCache(std::filesystem::path root) : root_(std::move(root)) {}
    /// Entries are locked in `locks` (tests, tools with their own directory);
    /// it must outlive the cache.
    ArtifactCache(std::filesystem::path root, const fs::LockDirectory& locks)
        : root_(std::move(root)), locks_(&locks) {}

    /// The default root from the environment, see above; the error says which
    /// variables were missing.
    static std::expected<std::filesystem::path, std::string> default_root();

    const std::filesystem::path& root() const { return root_; }

    /// Where content with this SHA-256 (64 lower-case hex digits) lives.
    std::filesystem::path entry_path(std::string_view sha256_hex) const;

    /// The entry's path if the cache holds a regular file for this hash.
    std::optional<std::filesystem::path> find(std::string_view sha256_hex) const;

    /// Locks the entry for this hash: Shared to read (re-hash) a hit, going on
    /// unlocked with a warning when the process-wide lock directory is
    /// unusable; Exclusive to publish or remove it, which then fails.
    std::expected<fs::FileLock, fs::LockError> lock_entry(std::string_view sha256_hex, fs::LockMode mode) const;

    /// Starts a new temporary file (creating the cache folders on first use).
    std::expected<PendingEntry, std::string> begin() const;

    /// Flushes the file to disk and renames it to entry_path(sha256_hex); the
    /// caller has checked the content and holds `entry_lock`, the entry's
    /// exclusive lock (lock_entry). Returns the published path.
    std::expected<std::filesystem::path, std::string> publish(PendingEntry&& entry, std::string_view sha256_hex,
                                                              const fs::FileLock& entry_lock) const;

    /// Deletes an entry (a corrupted one found on re-hashing), with the
    /// entry's exclusive lock held; false if absent.
    bool remove(std::string_view sha256_hex) const;

private:
    std::filesystem::path root_;
    const fs::LockDirectory* locks_ = nullptr;  ///< none: the process-wide directory
};

/// Whether `text` is 64 lower-case hex digits.
bool is_sha256_hex(std::string_view text);

} // namespace lockkit::fetch
