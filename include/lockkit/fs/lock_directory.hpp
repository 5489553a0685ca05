#pragma once
// lockkit's filesystem locks: every resource two lockkit processes could
// change at once is guarded by an advisory lock on a file in one state
// directory, never beside the resource, so read-only projects and virtual
// environments stay usable and no `.lock` files appear in a user's tree.
//
// Using it (the process-wide directory, configured by the environment, see
// lock_settings.hpp):
//
//   // a command that changes a project's uv.lock:
//   auto guard = lockkit::fs::lock_for_writing(project_dir);
//   if (!guard) { print guard.error().render(); exit 2; }  // nothing changed
//   ... read, compute, write_file_atomically ...          // released at scope end
//
//   // a command that reads a virtual environment:
//   auto guard = lockkit::fs::lock_for_reading(venv_dir);  // shared
//
// Lock order, to rule out deadlocks between commands that hold two locks:
// project, then virtual environment, then cache entries. The resource is the
// directory of a project or environment (not its uv.lock), the entry's path in
// a cache; any path works, existing or not (resource_path.hpp says how paths
// are normalised and named).
//
// Acquiring: open (or create, mode 0666 whatever the umask) the lock file, try
// the lock without blocking; when it is held, wait on a helper thread that
// blocks in the kernel, tell the user once after `notice_after` who holds it
// (the holder line, lock_holder.hpp), and give up after `timeout`. Then check
// that the lock file's path still names the file we locked (see prune below),
// else start over; finally write our holder line.
//
// Pruning: lock files are small and keyed by path, so they accumulate. prune()
// removes those nobody holds: it opens each, takes an exclusive lock without
// blocking (skipping it when held), checks the path still names that file,
// and unlinks it while holding the lock. An acquirer that opened the file just
// before the unlink then holds a lock on a file no path names; the check above
// makes it notice (the path names another file, or none) and retry, so two
// processes can never both believe they hold one resource.

#include "lockkit/fs/file_lock.hpp"
#include "lockkit/fs/lock_error.hpp"
#include "lockkit/fs/lock_settings.hpp"

#include <cstddef>
#include <expected>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

namespace lockkit::fs {

struct PruneReport {
    std::size_t removed = 0;  ///< lock files nobody held, now gone
    std::size_t in_use = 0;   ///< lock files held by someone, kept
};

class LockDirectory {
public:
    /// Creates the directory if needed (the default one private to the user),
    /// checks it can be written, and picks the locking mechanism. Fails with
    /// DirectoryUnavailable naming the directory and LOCKKIT_LOCK_DIR.
    static std::expected<LockDirectory, LockError> open(LockSettings settings);

    /// The process's directory, from LockSettings::from_environment(), opened
    /// on the first call and shared by every thread afterwards (the outcome,
    /// success or failure, is kept for the life of the process).
    static const std::expected<LockDirectory, LockError>& process_wide();

    /// Takes the lock, waiting up to the timeout.
    std::expected<FileLock, LockError> acquire(const std::filesystem::path& resource, LockMode mode) const;
    /// Takes the lock only if nobody holds it in a conflicting mode; Busy otherwise.
    std::expected<FileLock, LockError> try_acquire(const std::filesystem::path& resource, LockMode mode) const;

    /// The lock file that guards `resource`.
    std::expected<std::filesystem::path, LockError> lock_file_for(const std::filesystem::path& resource) const;

    /// Removes the lock files nobody holds (protocol above).
    std::expected<PruneReport, LockError> prune() const;

    const std::filesystem::path& path() const { return m_settings.directory; }
    LockMechanism mechanism() const { return m_mechanism; }
    const LockSettings& settings() const { return m_settings; }

private:
    LockDirectory(LockSettings settings, LockMechanism mechanism, std::string host);
    std::expected<FileLock, LockError> lock(const std::filesystem::path& resource, LockMode mode, bool wait) const;
    void notify(std::string_view line) const;

    LockSettings m_settings;
    LockMechanism m_mechanism;
    std::string m_host;
};

/// An exclusive lock from the process-wide directory, for a command that
/// changes `resource`. Any failure is an error, including a lock directory
/// that cannot be created or written (the message names it and the hint
/// LOCKKIT_LOCK_DIR).
std::expected<FileLock, LockError> lock_for_writing(const std::filesystem::path& resource);

/// A shared lock from the process-wide directory, for a command that only
/// reads `resource`. When the lock directory cannot be created or written,
/// returns a FileLock that holds nothing and warns once per process through
/// the reporter: reading must keep working on a read-only home.
std::expected<FileLock, LockError> lock_for_reading(const std::filesystem::path& resource);

/// Where the process-wide directory's notices ("waiting for ...", the
/// reader's warning) go: one line each, without a trailing newline. The core
/// never prints; a program sets this once, at start, to write to stderr.
/// Without a reporter notices are dropped.
void set_lock_reporter(std::function<void(std::string_view line)> reporter);

} // namespace lockkit::fs
