#include "lockkit/util/atomic_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace lockkit {

namespace {
std::string os_error(std::string_view what, const std::filesystem::path& p) {
    return std::string(what) + " " + p.string() + ": " + std::strerror(errno);
}

/// Writes all of `content` to `fd`, retrying short and interrupted writes;
/// false with errno set on failure.
bool write_all(int fd, std::string_view content) {
    std::size_t done = 0;
    while (done < content.size()) {
        const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return false;
        }
        done += static_cast<std::size_t>(n);
    }
    return true;
}

/// Writes straight into an existing non-regular file (a device such as
/// /dev/null, a FIFO): renaming over it would replace the device itself.
std::expected<void, std::string> write_in_place(const std::filesystem::path& path, std::string_view content) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
    if (fd < 0) {
        return std::unexpected(os_error("cannot open", path));
    }
    if (!write_all(fd, content)) {
        std::string msg = os_error("cannot write", path);
        ::close(fd);
        return std::unexpected(std::move(msg));
    }
    ::close(fd);
    return {};
}

} // namespace

std::expected<void, std::string> write_file_atomically(const std::filesystem::path& target, std::string_view content) {
    // Through a symlink, the file it points at is the one to replace (the rename
    // would otherwise turn the link into a regular file).
    std::filesystem::path path = target;
    std::error_code ec;
    if (std::filesystem::is_symlink(target, ec)) {
        path = std::filesystem::weakly_canonical(target, ec);
        if (ec) {
            return std::unexpected("cannot resolve the symlink " + target.string() + ": " + ec.message());
        }
    }
    struct stat existing {};
    if (::stat(path.c_str(), &existing) == 0 && !S_ISREG(existing.st_mode)) {
        if (S_ISDIR(existing.st_mode)) {
            errno = EISDIR;
            return std::unexpected(os_error("cannot write", path));
        }
        return write_in_place(path, content);
    }
    const std::filesystem::path dir = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
    std::string tmpl = (dir / ("." + path.filename().string() + ".lockkit-XXXXXX")).string();
    const int fd = ::mkstemp(tmpl.data());
    if (fd < 0) {
        return std::unexpected(os_error("cannot create a temporary file beside", path));
    }
    auto fail = [&](std::string_view what) {
        std::string msg = os_error(what, tmpl);
        ::close(fd);
        ::unlink(tmpl.c_str());
        return std::unexpected(std::move(msg));
    };
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0) {
        ::fchmod(fd, st.st_mode & 07777);
    } else {
        const mode_t mask = ::umask(0);
        ::umask(mask);
        ::fchmod(fd, 0666 & ~mask);
    }
    if (!write_all(fd, content)) {
        return fail("cannot write");
    }
    if (::fsync(fd) != 0) {
        return fail("cannot flush");
    }
    if (::close(fd) != 0) {
        std::string msg = os_error("cannot close", tmpl);
        ::unlink(tmpl.c_str());
        return std::unexpected(std::move(msg));
    }
    if (::rename(tmpl.c_str(), path.c_str()) != 0) {
        std::string msg = os_error("cannot replace", path);
        ::unlink(tmpl.c_str());
        return std::unexpected(std::move(msg));
    }
    return {};
}

std::expected<std::string, std::string> read_file(const std::filesystem::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return std::unexpected(os_error("cannot open", path));
    }
    struct stat st {};
    if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        ::close(fd);
        errno = EISDIR;
        return std::unexpected(os_error("cannot read", path));
    }
    // Straight into the string, sized from the file (one more byte shows the end): a lock is
    // megabytes, and a copy through a buffer touched as many again.
    std::string data;
    std::size_t size = 0;
    std::size_t capacity = st.st_size > 0 ? static_cast<std::size_t>(st.st_size) + 1 : std::size_t{1} << 16;
    for (;;) {
        bool failed = false;
        data.resize_and_overwrite(capacity, [&](char* p, std::size_t n) {
            while (size < n) {
                const ssize_t got = ::read(fd, p + size, n - size);
                if (got < 0 && errno == EINTR) continue;
                if (got < 0) {
                    failed = true;
                    break;
                }
                if (got == 0) break;
                size += static_cast<std::size_t>(got);
            }
            return size;
        });
        if (failed) {
            const int saved = errno;
            ::close(fd);
            errno = saved;
            return std::unexpected(os_error("cannot read", path));
        }
        if (size < capacity) break;  // the end of the file
        capacity *= 2;
    }
    ::close(fd);
    return data;
}

} // namespace lockkit
