// LockDirectory::prune: removing the lock files nobody holds, safely against
// processes that are opening them at the same moment (lock_directory.hpp).

#include "lockkit/fs/lock_directory.hpp"

#include "lock_call.hpp"
#include "lock_file_io.hpp"
#include "lockkit/fs/resource_path.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace lockkit::fs {

namespace {

enum class Outcome { Removed, InUse, Gone };

/// One file: lock it without waiting, unlink it while locked if its name
/// still points at it, release.
Outcome prune_one(const std::filesystem::path& file, LockMechanism mechanism) {
    int fd = ::open(file.c_str(), O_RDWR | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0 && errno == EACCES) {
        fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    }
    if (fd < 0) {
        return errno == ENOENT ? Outcome::Gone : Outcome::InUse;
    }
    Outcome outcome = Outcome::InUse;
    if (detail::lock_fd(fd, LockMode::Exclusive, mechanism, false) == 0) {
        // Another pruner may have unlinked it and an acquirer created a new
        // file under the name since we opened it: that one is not ours to remove.
        if (!detail::still_names(fd, file)) {
            outcome = Outcome::Gone;
        } else if (::unlink(file.c_str()) == 0) {
            outcome = Outcome::Removed;
        }
        // An unlink refused (another user's file in a sticky directory) keeps it.
        detail::unlock_fd(fd, mechanism);
    }
    ::close(fd);
    return outcome;
}

} // namespace

std::expected<PruneReport, LockError> LockDirectory::prune() const {
    PruneReport report;
    std::error_code ec;
    std::filesystem::directory_iterator it(m_settings.directory, ec);
    if (ec) {
        return std::unexpected(LockError{LockError::Kind::System,
                                         "cannot list the lock directory " + m_settings.directory.string() + ": " +
                                             ec.message(),
                                         {}});
    }
    for (; it != std::filesystem::directory_iterator(); it.increment(ec)) {
        if (ec) {
            return std::unexpected(LockError{LockError::Kind::System,
                                             "cannot list the lock directory " + m_settings.directory.string() +
                                                 ": " + ec.message(),
                                             {}});
        }
        if (!is_lock_file_name(it->path().filename().native())) {
            continue;  // not ours: left alone
        }
        switch (prune_one(it->path(), m_mechanism)) {
        case Outcome::Removed:
            ++report.removed;
            break;
        case Outcome::InUse:
            ++report.in_use;
            break;
        case Outcome::Gone:
            break;
        }
    }
    return report;
}

} // namespace lockkit::fs
