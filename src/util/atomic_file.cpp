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
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (f == nullptr) {
        return std::unexpected(os_error("cannot open", path));
    }
    std::string data;
    struct stat st {};
    if (::fstat(::fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        std::fclose(f);
        errno = EISDIR;
        return std::unexpected(os_error("cannot read", path));
    }
    if (st.st_size > 0) {
        data.reserve(static_cast<std::size_t>(st.st_size));
    }
    char buf[1 << 16];
    std::size_t n = 0;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) {
        data.append(buf, n);
    }
    const bool err = std::ferror(f) != 0;
    std::fclose(f);
    if (err) {
        return std::unexpected(os_error("cannot read", path));
    }
    return data;
}

} // namespace lockkit
