#include "lockkit/fetch/artifact_cache.hpp"

#include "lockkit/fs/resource_path.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sys/stat.h>
#include <unistd.h>

namespace lockkit::fetch {

namespace {

std::string os_error(std::string_view what, const std::filesystem::path& path) {
    std::string message(what);
    message += " ";
    message += path.string();
    message += ": ";
    message += std::strerror(errno);
    return message;
}

constexpr std::string_view k_cachedir_tag =
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file marks the lockkit artifact cache; backup tools may skip this folder.\n";

} // namespace

PendingEntry::PendingEntry(PendingEntry&& other) noexcept : fd_(other.fd_), path_(std::move(other.path_)) {
    other.fd_ = -1;
    other.path_.clear();
}

PendingEntry& PendingEntry::operator=(PendingEntry&& other) noexcept {
    if (this != &other) {
        discard();
        fd_ = other.fd_;
        path_ = std::move(other.path_);
        other.fd_ = -1;
        other.path_.clear();
    }
    return *this;
}

PendingEntry::~PendingEntry() {
    discard();
}

void PendingEntry::discard() {
    if (fd_ >= 0) {
        ::close(fd_);
        fd_ = -1;
    }
    if (!path_.empty()) {
        std::error_code ec;
        std::filesystem::remove(path_, ec);
        path_.clear();
    }
}

bool PendingEntry::write(const void* data, std::size_t size) {
    const auto* bytes = static_cast<const char*>(data);
    while (size > 0) {
        const ssize_t n = ::write(fd_, bytes, size);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return false;
        }
        bytes += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

bool PendingEntry::reset() {
    return ::ftruncate(fd_, 0) == 0 && ::lseek(fd_, 0, SEEK_SET) == 0;
}

std::expected<std::filesystem::path, std::string> ArtifactCache::default_root() {
    if (const char* dir = std::getenv("LOCKKIT_CACHE_DIR"); dir != nullptr && *dir != '\0') {
        return std::filesystem::path(dir);
    }
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg != nullptr && *xdg != '\0') {
        return std::filesystem::path(xdg) / "lockkit";
    }
    if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
        return std::filesystem::path(home) / ".cache" / "lockkit";
    }
    return std::unexpected(std::string(
        "no cache folder: set LOCKKIT_CACHE_DIR (or XDG_CACHE_HOME or HOME), or pass --cache-dir"));
}

bool is_sha256_hex(std::string_view text) {
    if (text.size() != 64) {
        return false;
    }
    for (char c : text) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return false;
        }
    }
    return true;
}

std::filesystem::path ArtifactCache::entry_path(std::string_view sha256_hex) const {
    // Two-character fan-out keeps any one folder small for large caches.
    return root_ / "artifacts-v1" / "sha256" / std::string(sha256_hex.substr(0, 2)) / std::string(sha256_hex);
}

std::optional<std::filesystem::path> ArtifactCache::find(std::string_view sha256_hex) const {
    if (!is_sha256_hex(sha256_hex)) {
        return std::nullopt;
    }
    auto path = entry_path(sha256_hex);
    std::error_code ec;
    if (std::filesystem::is_regular_file(std::filesystem::symlink_status(path, ec))) {
        return path;
    }
    return std::nullopt;
}

std::expected<fs::FileLock, fs::LockError> ArtifactCache::lock_entry(std::string_view sha256_hex,
                                                                    fs::LockMode mode) const {
    if (!is_sha256_hex(sha256_hex)) {
        return std::unexpected(fs::LockError{fs::LockError::Kind::InvalidResource,
                                             "not a SHA-256 digest: " + std::string(sha256_hex), {}});
    }
    const auto entry = entry_path(sha256_hex);
    if (locks_ != nullptr) {
        return locks_->acquire(entry, mode);
    }
    return mode == fs::LockMode::Shared ? fs::lock_for_reading(entry) : fs::lock_for_writing(entry);
}

std::expected<PendingEntry, std::string> ArtifactCache::begin() const {
    const auto tmp = root_ / "tmp";
    std::error_code ec;
    std::filesystem::create_directories(tmp, ec);
    if (ec) {
        return std::unexpected("cannot create cache folder " + tmp.string() + ": " + ec.message());
    }
    if (const auto tag = root_ / "CACHEDIR.TAG"; !std::filesystem::exists(tag, ec)) {
        std::ofstream(tag, std::ios::binary) << k_cachedir_tag;  // best effort: only a hint for backup tools
    }
    std::string name = (tmp / "download-XXXXXX").string();
    const int fd = ::mkstemp(name.data());
    if (fd < 0) {
        return std::unexpected(os_error("cannot create a temporary file in", tmp));
    }
    // mkstemp creates 0600; cache entries are ordinary readable files.
    const mode_t mask = ::umask(0);
    ::umask(mask);
    ::fchmod(fd, 0644 & ~mask);
    return PendingEntry(fd, std::filesystem::path(name));
}

std::expected<std::filesystem::path, std::string> ArtifactCache::publish(PendingEntry&& entry,
                                                                        std::string_view sha256_hex,
                                                                        const fs::FileLock& entry_lock) const {
    PendingEntry owned = std::move(entry);  // removes the temp file on every early return
    if (!is_sha256_hex(sha256_hex)) {
        return std::unexpected("not a SHA-256 digest: " + std::string(sha256_hex));
    }
    const auto target = entry_path(sha256_hex);
    if (const auto locked = fs::normalise_resource_path(target);
        !entry_lock.held() || entry_lock.mode() != fs::LockMode::Exclusive || !locked ||
        *locked != entry_lock.resource()) {
        return std::unexpected("cannot publish " + target.string() + " without holding its exclusive lock");
    }
    if (::fsync(owned.fd_) != 0) {
        return std::unexpected(os_error("cannot flush", owned.path_));
    }
    if (::close(owned.fd_) != 0) {
        owned.fd_ = -1;
        return std::unexpected(os_error("cannot close", owned.path_));
    }
    owned.fd_ = -1;
    std::error_code ec;
    std::filesystem::create_directories(target.parent_path(), ec);
    if (ec) {
        return std::unexpected("cannot create cache folder " + target.parent_path().string() + ": " + ec.message());
    }
    if (::rename(owned.path_.c_str(), target.c_str()) != 0) {
        return std::unexpected(os_error("cannot move the download into", target));
    }
    owned.path_.clear();
    return target;
}

bool ArtifactCache::remove(std::string_view sha256_hex) const {
    if (!is_sha256_hex(sha256_hex)) {
        return false;
    }
    std::error_code ec;
    return std::filesystem::remove(entry_path(sha256_hex), ec);
}

} // namespace lockkit::fetch
