#include "lock_call.hpp"

#include <cerrno>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/vfs.h>

namespace lockkit::fs::detail {

namespace {

int ofd_lock(int fd, short type, bool block) {
    struct flock request {};
    request.l_type = type;
    request.l_whence = SEEK_SET;
    request.l_start = 0;
    request.l_len = 0;  // the whole file, however long the holder line
    request.l_pid = 0;  // required by F_OFD_*
    return ::fcntl(fd, block ? F_OFD_SETLKW : F_OFD_SETLK, &request);
}

} // namespace

int lock_fd(int fd, LockMode mode, LockMechanism mechanism, bool block) {
    for (;;) {
        int rc = 0;
        if (mechanism == LockMechanism::Flock) {
            rc = ::flock(fd, (mode == LockMode::Shared ? LOCK_SH : LOCK_EX) | (block ? 0 : LOCK_NB));
        } else {
            rc = ofd_lock(fd, mode == LockMode::Shared ? F_RDLCK : F_WRLCK, block);
        }
        if (rc == 0) {
            return 0;
        }
        if (errno != EINTR) {
            return errno;
        }
    }
}

void unlock_fd(int fd, LockMechanism mechanism) {
    // Explicit, not left to close(): a forked child sharing the descriptor
    // would otherwise keep the lock alive.
    if (mechanism == LockMechanism::Flock) {
        ::flock(fd, LOCK_UN);
    } else {
        ofd_lock(fd, F_UNLCK, false);
    }
}

bool is_busy(int error) {
    return error == EWOULDBLOCK || error == EAGAIN || error == EACCES;
}

LockMechanism detect_mechanism(const std::filesystem::path& directory) {
    struct statfs info {};
    if (::statfs(directory.c_str(), &info) != 0) {
        return LockMechanism::Flock;
    }
    // Magic numbers from statfs(2) and the filesystems' sources.
    switch (static_cast<unsigned long>(info.f_type)) {
    case 0x6969UL:      // NFS
    case 0x517BUL:      // SMB
    case 0xFF534D42UL:  // CIFS
    case 0xFE534D42UL:  // SMB2
    case 0x0BD00BD0UL:  // Lustre
    case 0x47504653UL:  // GPFS
    case 0x00C36400UL:  // Ceph
    case 0x01021997UL:  // 9p
    case 0x5346414FUL:  // AFS
    case 0x6B414653UL:  // kAFS
        return LockMechanism::Fcntl;
    default:
        return LockMechanism::Flock;
    }
}

} // namespace lockkit::fs::detail
