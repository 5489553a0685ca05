// Link modes; see include/lockkit/install/linker.hpp.

#include "lockkit/install/linker.hpp"

#include <atomic>
#include <charconv>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace lockkit::install {

namespace {

std::atomic<std::uint64_t> g_temp_counter{0};

/// A name beside `target` for building its replacement.
std::string temp_beside(const std::string& target) {
    const auto slash = target.rfind('/');
    const std::string folder = slash == std::string::npos ? std::string() : target.substr(0, slash + 1);
    return folder + ".lockkit-tmp-" + std::to_string(::getpid()) + "-" + std::to_string(g_temp_counter++) + "-" +
           target.substr(slash == std::string::npos ? 0 : slash + 1);
}

std::string describe(const char* what, const std::string& a, const std::string& b, int error) {
    return std::string("cannot ") + what + " " + a + " to " + b + ": " + std::strerror(error);
}

FileStamp stamp_of(const struct stat& st) {
    return FileStamp{static_cast<std::uint64_t>(st.st_size),
                     static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec,
                     static_cast<std::uint64_t>(st.st_ino)};
}

/// Errors that mean "this filesystem cannot do that", as opposed to a real failure.
bool unsupported(int error) {
    return error == EXDEV || error == EOPNOTSUPP || error == ENOTSUP || error == EINVAL || error == ENOTTY ||
           error == EPERM || error == ENOSYS || error == EMLINK;
}

/// Copies the bytes of `in` to `out` (kernel-side when it can).
bool copy_bytes(int in, int out) {
    for (;;) {
        const ssize_t n = ::copy_file_range(in, nullptr, out, nullptr, 1 << 30, 0);
        if (n == 0) {
            return true;
        }
        if (n > 0) {
            continue;
        }
        if (errno == EINTR) {
            continue;
        }
        if (errno != EXDEV && errno != ENOSYS && errno != EOPNOTSUPP && errno != EINVAL) {
            return false;
        }
        break;  // fall back to read/write from the current offsets
    }
    char buffer[1 << 16];
    for (;;) {
        const ssize_t n = ::read(in, buffer, sizeof buffer);
        if (n == 0) {
            return true;
        }
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return false;
        }
        for (ssize_t done = 0; done < n;) {
            const ssize_t w = ::write(out, buffer + done, static_cast<std::size_t>(n - done));
            if (w < 0) {
                if (errno == EINTR) {
                    continue;
                }
                return false;
            }
            done += w;
        }
    }
}

/// Puts a new file at `target`: directly when nothing is there, else under a temporary
/// name renamed over it. `make` creates the file at the path it is given (returning
/// errno, 0 on success).
template <typename Make>
int create_replacing(const std::string& target, Make&& make) {
    int error = make(target);
    if (error != EEXIST) {
        return error;
    }
    const auto temp = temp_beside(target);
    error = make(temp);
    if (error != 0) {
        ::unlink(temp.c_str());
        return error;
    }
    if (::rename(temp.c_str(), target.c_str()) != 0) {
        error = errno;
        ::unlink(temp.c_str());
        return error;
    }
    // rename(2) does nothing when both names are already links to one file.
    ::unlink(temp.c_str());
    return 0;
}

/// Creates `path` as a copy (or clone) of the open file `in` with mode `mode`; its
/// stamp goes to `stamp`.
int make_copy(int in, const std::string& path, mode_t mode, bool clone, FileStamp& stamp) {
    const int out = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (out < 0) {
        return errno;
    }
    int error = 0;
    if (clone) {
        if (::ioctl(out, FICLONE, in) != 0) {
            error = errno;
        }
    } else {
        if (::lseek(in, 0, SEEK_SET) != 0 || !copy_bytes(in, out)) {
            error = errno != 0 ? errno : EIO;
        }
    }
    if (error == 0 && ::fchmod(out, mode) != 0) {  // the umask must not strip the executable bit
        error = errno;
    }
    struct stat st {};
    if (error == 0 && ::fstat(out, &st) == 0) {
        stamp = stamp_of(st);
    }
    ::close(out);
    if (error != 0) {
        ::unlink(path.c_str());
    }
    return error;
}

} // namespace

const char* link_mode_name(LinkMode mode) {
    switch (mode) {
    case LinkMode::Clone:
        return "clone";
    case LinkMode::Hardlink:
        return "hardlink";
    case LinkMode::Copy:
        return "copy";
    case LinkMode::Symlink:
        return "symlink";
    }
    return "copy";
}

std::string format_stamp_line(const std::string& path, const FileStamp& stamp) {
    return std::to_string(stamp.size) + " " + std::to_string(stamp.mtime_ns) + " " + std::to_string(stamp.inode) + " " +
           path + "\n";
}

std::optional<std::pair<std::string, FileStamp>> parse_stamp_line(std::string_view line) {
    FileStamp st;
    const char* p = line.data();
    const char* end = p + line.size();
    auto number = [&](auto& value) {
        const auto [ptr, ec] = std::from_chars(p, end, value);
        if (ec != std::errc() || ptr == end || *ptr != ' ') {
            return false;
        }
        p = ptr + 1;
        return true;
    };
    if (!number(st.size) || !number(st.mtime_ns) || !number(st.inode) || p == end) {
        return std::nullopt;
    }
    return std::pair{std::string(p, end), st};
}

std::optional<FileStamp> stamp_file(const std::filesystem::path& path) {
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) {
        return std::nullopt;
    }
    return stamp_of(st);
}

std::expected<FileStamp, std::string> Linker::place_as(LinkMode mode, const std::string& source,
                                                       const std::string& target,
                                                       const FileStamp* source_stamp, int& error_number) {
    error_number = 0;
    FileStamp stamp;
    if (mode == LinkMode::Hardlink || mode == LinkMode::Symlink) {
        error_number = create_replacing(target, [&](const std::string& at) {
            const int rc = mode == LinkMode::Hardlink ? ::link(source.c_str(), at.c_str())
                                                      : ::symlink(source.c_str(), at.c_str());
            return rc == 0 ? 0 : errno;
        });
        if (error_number == 0) {
            // A hard link is the cache's inode: its stamp is the cache file's, known already.
            if (mode == LinkMode::Hardlink && source_stamp != nullptr) {
                return *source_stamp;
            }
            auto st = stamp_file(target);
            if (!st) {
                error_number = errno;
                return std::unexpected(describe("check", source, target, error_number));
            }
            return *st;
        }
    } else {
        const int in = ::open(source.c_str(), O_RDONLY | O_CLOEXEC);
        if (in < 0) {
            error_number = errno;
            return std::unexpected(describe("read", source, target, error_number));
        }
        struct stat st {};
        ::fstat(in, &st);
        if (source_stamp != nullptr && stamp_of(st) != *source_stamp) {
            ::close(in);
            error_number = ESTALE;
            return std::unexpected(std::string(k_cache_changed) + source);
        }
        const mode_t bits = (st.st_mode & 0111) != 0 ? 0755 : 0644;
        error_number = create_replacing(target, [&](const std::string& at) {
            return make_copy(in, at, bits, mode == LinkMode::Clone, stamp);
        });
        ::close(in);
        if (error_number == 0) {
            return stamp;
        }
    }
    return std::unexpected(describe(mode == LinkMode::Copy ? "copy" : "link", source, target, error_number));
}

std::expected<FileStamp, std::string> Linker::place(const std::string& source, const std::string& target,
                                                    const FileStamp* source_stamp) {
    for (;;) {
        const auto mode = static_cast<LinkMode>(m_mode.load());
        int error = 0;
        auto placed = place_as(mode, source, target, source_stamp, error);
        if (placed) {
            m_settled = true;
            return placed;
        }
        if (effective() != mode) {
            continue;  // another thread found this mode unsupported meanwhile: use its choice
        }
        // A mode that has worked once is the filesystem's; failing now is a real error.
        if (m_settled.load() || mode == LinkMode::Copy || !unsupported(error)) {
            return placed;
        }
        const LinkMode next = mode == LinkMode::Clone ? LinkMode::Hardlink : LinkMode::Copy;
        auto expected = static_cast<std::uint8_t>(mode);
        m_mode.compare_exchange_strong(expected, static_cast<std::uint8_t>(next));
    }
}

std::expected<FileStamp, std::string> write_new_file(const std::filesystem::path& target_path,
                                                     std::string_view content, mode_t mode) {
    const std::string& target = target_path.native();
    FileStamp stamp;
    const int error = create_replacing(target, [&](const std::string& at) {
        const int fd = ::open(at.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
        if (fd < 0) {
            return errno;
        }
        int err = 0;
        for (std::size_t done = 0; done < content.size();) {
            const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
            if (n < 0) {
                if (errno == EINTR) {
                    continue;
                }
                err = errno;
                break;
            }
            done += static_cast<std::size_t>(n);
        }
        if (err == 0 && ::fchmod(fd, mode) != 0) {
            err = errno;
        }
        struct stat st {};
        if (err == 0 && ::fstat(fd, &st) == 0) {
            stamp = stamp_of(st);
        }
        ::close(fd);
        if (err != 0) {
            ::unlink(at.c_str());
        }
        return err;
    });
    if (error != 0) {
        return std::unexpected("cannot write " + target + ": " + std::strerror(error));
    }
    return stamp;
}

std::expected<void, std::string> make_directories(const std::string& dir) {
    if (::mkdir(dir.c_str(), 0755) == 0) {
        return {};
    }
    if (errno == EEXIST) {
        struct stat st {};
        if (::stat(dir.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
            return {};
        }
        return std::unexpected("cannot create folder " + dir + ": a file is in the way");
    }
    const auto slash = dir.rfind('/');
    if (errno != ENOENT || slash == std::string::npos || slash == 0) {
        return std::unexpected("cannot create folder " + dir + ": " + std::strerror(errno));
    }
    if (auto parent = make_directories(dir.substr(0, slash)); !parent) {
        return parent;
    }
    if (::mkdir(dir.c_str(), 0755) == 0 || errno == EEXIST) {
        return {};
    }
    return std::unexpected("cannot create folder " + dir + ": " + std::strerror(errno));
}

} // namespace lockkit::install
