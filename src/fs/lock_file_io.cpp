#include "lock_file_io.hpp"

#include <array>
#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace lockkit::fs::detail {

namespace {

constexpr mode_t k_lock_file_mode = 0666;

/// Creates the file under its final name only once its mode is 0666, so no
/// other user ever sees it with the umask's narrower mode: an unnamed file in
/// the directory (O_TMPFILE), chmod, then link(2), which never replaces an
/// existing name. -1 with errno when the filesystem or /proc cannot do this.
int create_linked(const std::filesystem::path& file) {
    const int fd = ::open(file.parent_path().c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, k_lock_file_mode);
    if (fd < 0) {
        return -1;
    }
    if (::fchmod(fd, k_lock_file_mode) != 0) {
        const int saved = errno;
        ::close(fd);
        errno = saved;
        return -1;
    }
    const std::string self = "/proc/self/fd/" + std::to_string(fd);
    if (::linkat(AT_FDCWD, self.c_str(), AT_FDCWD, file.c_str(), AT_SYMLINK_FOLLOW) != 0) {
        const int saved = errno;
        ::close(fd);
        errno = saved;
        return -1;
    }
    return fd;
}

} // namespace

std::expected<OpenedLockFile, int> open_lock_file(const std::filesystem::path& file) {
    for (int attempt = 0; attempt < 100; ++attempt) {
        int fd = ::open(file.c_str(), O_RDWR | O_CLOEXEC | O_NOFOLLOW);
        if (fd >= 0) {
            return OpenedLockFile{fd, true};
        }
        if (errno == EACCES) {
            fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
            if (fd >= 0) {
                return OpenedLockFile{fd, false};
            }
            return std::unexpected(errno);
        }
        if (errno != ENOENT) {
            return std::unexpected(errno);
        }
        fd = create_linked(file);
        if (fd >= 0) {
            return OpenedLockFile{fd, true};
        }
        if (errno == EEXIST) {
            continue;  // another process created it first: open theirs
        }
        // No O_TMPFILE (NFS, older kernels) or no /proc: create in place. The
        // file has the umask's mode until the fchmod; another user opening it
        // in that instant falls back to a read-only descriptor, which flock
        // accepts.
        fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, k_lock_file_mode);
        if (fd >= 0) {
            ::fchmod(fd, k_lock_file_mode);
            return OpenedLockFile{fd, true};
        }
        if (errno != EEXIST) {
            return std::unexpected(errno);
        }
    }
    return std::unexpected(EAGAIN);  // created and pruned a hundred times over: give up
}

bool still_names(int fd, const std::filesystem::path& file) {
    struct stat open_file {}, named {};
    if (::fstat(fd, &open_file) != 0 || open_file.st_nlink == 0) {
        return false;
    }
    if (::stat(file.c_str(), &named) != 0) {
        return false;
    }
    return open_file.st_dev == named.st_dev && open_file.st_ino == named.st_ino;
}

std::string read_holder_text(int fd) {
    std::array<char, 4096> buffer{};
    const ssize_t n = ::pread(fd, buffer.data(), buffer.size(), 0);
    return n > 0 ? std::string(buffer.data(), static_cast<std::size_t>(n)) : std::string();
}

void write_holder_line(int fd, const std::string& line) {
    // Best effort: the line only helps messages; a full disk must not turn a
    // held lock into a failure.
    [[maybe_unused]] const ssize_t ignored = ::pwrite(fd, line.data(), line.size(), 0);
}

void clear_shared_holder_line(int fd, const std::string& ours) {
    if (ours.empty() || read_holder_text(fd).compare(0, ours.size(), ours) != 0) {
        return;
    }
    [[maybe_unused]] const ssize_t ignored = ::pwrite(fd, "\n", 1, 0);
}

} // namespace lockkit::fs::detail
