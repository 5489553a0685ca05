#pragma once
// The kernel calls behind FileLock, for both mechanisms (internal to src/fs).

#include "lockkit/fs/file_lock.hpp"
#include "lockkit/fs/lock_settings.hpp"

#include <filesystem>

namespace lockkit::fs::detail {

/// Takes the lock on `fd`: 0 on success, else the errno (is_busy() tells
/// "someone else holds it" from real failures). Blocking calls retry on EINTR.
int lock_fd(int fd, LockMode mode, LockMechanism mechanism, bool block);
void unlock_fd(int fd, LockMechanism mechanism);
/// Whether lock_fd's error means the lock is held by someone else.
bool is_busy(int error);

/// fcntl on filesystems that forward record locks to a server (NFS, SMB,
/// Lustre, GPFS, Ceph, 9p, AFS), flock elsewhere.
LockMechanism detect_mechanism(const std::filesystem::path& directory);

} // namespace lockkit::fs::detail
