#include "lockkit/fs/lock_directory.hpp"

#include "lock_call.hpp"
#include "lock_file_io.hpp"
#include "lock_wait.hpp"
#include "lockkit/fs/lock_holder.hpp"
#include "lockkit/fs/resource_path.hpp"
#include "process_info.hpp"

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <cstring>
#include <sys/stat.h>
#include <unistd.h>

namespace lockkit::fs {

namespace {

std::string directory_hint(const LockSettings& settings) {
    return settings.directory_configured
               ? "LOCKKIT_LOCK_DIR names this directory: point it at one you can write"
               : "set LOCKKIT_LOCK_DIR to a directory you can write; lockkit keeps its lock files there";
}

LockError unavailable(const LockSettings& settings, std::string message) {
    return LockError{LockError::Kind::DirectoryUnavailable, std::move(message), {directory_hint(settings)}};
}

/// Errors that say the directory cannot take new files, as opposed to a
/// problem with locking itself.
bool is_directory_trouble(int error) {
    return error == EACCES || error == EPERM || error == EROFS || error == ENOSPC || error == EDQUOT ||
           error == ENOENT || error == ENOTDIR;
}

/// `12 s`, `1.5 s`, `0.25 s`.
std::string seconds_text(std::chrono::milliseconds duration) {
    const auto ms = duration.count();
    std::string out = std::to_string(ms / 1000);
    if (const auto fraction = ms % 1000; fraction != 0) {
        std::string digits = std::to_string(1000 + fraction).substr(1);
        while (digits.back() == '0') {
            digits.pop_back();
        }
        out += "." + digits;
    }
    return out + " s";
}

} // namespace

LockDirectory::LockDirectory(LockSettings settings, LockMechanism mechanism, std::string host)
    : m_settings(std::move(settings)), m_mechanism(mechanism), m_host(std::move(host)) {}

std::expected<LockDirectory, LockError> LockDirectory::open(LockSettings settings) {
    if (settings.directory.empty()) {
        return std::unexpected(unavailable(settings, "no lock directory given"));
    }
    std::error_code ec;
    settings.directory = std::filesystem::absolute(settings.directory, ec);
    const auto& dir = settings.directory;
    if (!std::filesystem::is_directory(dir, ec)) {
        std::filesystem::create_directories(dir.parent_path(), ec);
        // The default directory is the user's own: holder lines name their
        // commands and paths. A configured one gets the umask's mode; one
        // shared between users is best made like /tmp (mode 1777) beforehand.
        const mode_t mode = settings.directory_configured ? 0777 : 0700;
        if (ec || (::mkdir(dir.c_str(), mode) != 0 && errno != EEXIST)) {
            const std::string reason = ec ? ec.message() : std::strerror(errno);
            return std::unexpected(
                unavailable(settings, "cannot create the lock directory " + dir.string() + ": " + reason));
        }
        if (!std::filesystem::is_directory(dir, ec)) {
            return std::unexpected(unavailable(settings, "the lock directory " + dir.string() + " is not a directory"));
        }
    }
    if (::access(dir.c_str(), W_OK | X_OK) != 0) {
        return std::unexpected(
            unavailable(settings, "cannot write to the lock directory " + dir.string() + ": " + std::strerror(errno)));
    }
    const LockMechanism mechanism = settings.mechanism.value_or(detail::detect_mechanism(dir));
    if (settings.command.empty()) {
        settings.command = detail::process_command();
    }
    return LockDirectory(std::move(settings), mechanism, detail::host_name());
}

std::expected<std::filesystem::path, LockError>
LockDirectory::lock_file_for(const std::filesystem::path& resource) const {
    auto normalised = normalise_resource_path(resource);
    if (!normalised) {
        return std::unexpected(normalised.error());
    }
    return m_settings.directory / lock_file_name(*normalised);
}

std::expected<FileLock, LockError> LockDirectory::acquire(const std::filesystem::path& resource, LockMode mode) const {
    return lock(resource, mode, true);
}

std::expected<FileLock, LockError> LockDirectory::try_acquire(const std::filesystem::path& resource,
                                                              LockMode mode) const {
    return lock(resource, mode, false);
}

void LockDirectory::notify(std::string_view line) const {
    if (m_settings.on_notice) {
        m_settings.on_notice(line);
    } else {
        detail::report_to_process(line);
    }
}

namespace {

/// `pid 4242: lock fmt, since 14:03:22`, or `another process` when the line
/// is missing, torn, or names a process of this host that no longer exists
/// (a shared holder that left while others stayed).
std::string holder_text(std::string_view content, const std::string& local_host) {
    const auto holder = LockHolder::parse(content);
    if (!holder) {
        return "another process";
    }
    if (holder->host == local_host && ::kill(holder->pid, 0) != 0 && errno == ESRCH) {
        return "another process";
    }
    return holder->describe(local_host);
}

std::string holder_text_of_file(const std::filesystem::path& file, const std::string& local_host) {
    std::string content;
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd >= 0) {
        content = detail::read_holder_text(fd);
        ::close(fd);
    }
    return holder_text(content, local_host);
}

} // namespace

std::expected<FileLock, LockError> LockDirectory::lock(const std::filesystem::path& resource, LockMode mode,
                                                       bool wait) const {
    auto normalised = normalise_resource_path(resource);
    if (!normalised) {
        return std::unexpected(normalised.error());
    }
    const std::string shown = normalised->string();
    const auto file = m_settings.directory / lock_file_name(*normalised);
    const auto start = std::chrono::steady_clock::now();
    const auto deadline = start + m_settings.timeout;
    bool noticed = false;
    // Each round opens the file afresh; a round ends early only when a prune
    // unlinked the file we locked (see lock_directory.hpp).
    for (int round = 0; round < 1000; ++round) {
        auto opened = detail::open_lock_file(file);
        if (!opened) {
            const int error = opened.error();
            std::string message = "cannot create the lock file " + file.string() + " for " + shown + ": " +
                                  std::strerror(error);
            if (is_directory_trouble(error)) {
                return std::unexpected(unavailable(m_settings, std::move(message)));
            }
            return std::unexpected(LockError{LockError::Kind::System, std::move(message), {}});
        }
        int fd = opened->fd;
        int error = detail::lock_fd(fd, mode, m_mechanism, false);
        if (error != 0 && detail::is_busy(error)) {
            if (!wait) {
                std::string message =
                    shown + " is locked (held by " + holder_text(detail::read_holder_text(fd), m_host) + ")";
                ::close(fd);
                return std::unexpected(
                    LockError{LockError::Kind::Busy, std::move(message), {"the lock file is " + file.string()}});
            }
            const auto notice = [this, fd, &shown, &noticed] {
                noticed = true;
                notify("waiting for " + shown + " (held by " + holder_text(detail::read_holder_text(fd), m_host) + ")");
            };
            const auto notice_at = noticed ? deadline : start + m_settings.notice_after;
            const auto waited = std::chrono::steady_clock::now() < deadline
                                    ? detail::wait_for_lock(fd, mode, m_mechanism, notice_at, deadline, notice)
                                    : detail::WaitResult{detail::WaitOutcome::TimedOut, 0};
            if (waited.outcome == detail::WaitOutcome::TimedOut) {
                if (fd >= 0) {
                    ::close(fd);
                }
                return std::unexpected(LockError{
                    LockError::Kind::Timeout,
                    "gave up after " + seconds_text(m_settings.timeout) + " waiting for the lock on " + shown +
                        " (held by " + holder_text_of_file(file, m_host) + ")",
                    {"the lock file is " + file.string() +
                     "; wait for that process to finish, or set LOCKKIT_LOCK_TIMEOUT (seconds) to wait longer"}});
            }
            error = waited.outcome == detail::WaitOutcome::Locked ? 0 : waited.error;
        }
        if (error != 0) {
            ::close(fd);
            std::vector<std::string> hints;
            if (error == EBADF && !opened->writable) {
                hints.push_back("the lock file belongs to another user and is read-only: make it writable by all "
                                "(chmod 666 " + file.string() + ")");
            } else if (error == ENOLCK || error == EOPNOTSUPP || error == ENOSYS || error == EINVAL) {
                hints.push_back(m_mechanism == LockMechanism::Flock
                                    ? "the filesystem may not support flock(2); try LOCKKIT_LOCK_KIND=fcntl, or a "
                                      "local LOCKKIT_LOCK_DIR"
                                    : "the filesystem may not support fcntl(2) locks; try LOCKKIT_LOCK_KIND=flock, or "
                                      "a local LOCKKIT_LOCK_DIR");
            }
            return std::unexpected(LockError{LockError::Kind::System,
                                             "cannot lock " + file.string() + " for " + shown + ": " +
                                                 std::strerror(error),
                                             std::move(hints)});
        }
        if (!detail::still_names(fd, file)) {
            detail::unlock_fd(fd, m_mechanism);
            ::close(fd);
            continue;
        }
        std::string line;
        if (opened->writable) {
            LockHolder holder;
            holder.pid = ::getpid();
            holder.host = m_host;
            holder.started = std::chrono::system_clock::now();
            holder.exclusive = mode == LockMode::Exclusive;
            holder.command = m_settings.command;
            holder.resource = shown;
            line = holder.to_line();
            detail::write_holder_line(fd, line);
        }
        return FileLock(fd, mode, m_mechanism, std::move(*normalised), file, std::move(line));
    }
    return std::unexpected(LockError{LockError::Kind::System,
                                     "cannot lock " + shown + ": its lock file " + file.string() +
                                         " kept disappearing (is something deleting the lock directory's files?)",
                                     {}});
}

} // namespace lockkit::fs
