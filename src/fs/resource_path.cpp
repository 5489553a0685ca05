#include "lockkit/fs/resource_path.hpp"

#include "lockkit/util/sha256.hpp"

#include <climits>
#include <fcntl.h>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string_view>
#include <unistd.h>
#include <vector>

namespace lockkit::fs {

namespace {

/// The canonical path of an existing `path`, or none when some component does
/// not exist (or cannot be searched, which for naming purposes is the same
/// thing). The kernel resolves the whole path in one open(O_PATH) and tells
/// where it ended up through /proc: three system calls, where realpath(3)
/// makes one per component; realpath(3) is the fallback without /proc.
std::optional<std::string> real_path(const std::string& path) {
    const int fd = ::open(path.c_str(), O_PATH | O_CLOEXEC);
    if (fd < 0) {
        return std::nullopt;
    }
    char buffer[PATH_MAX];
    const std::string self = "/proc/self/fd/" + std::to_string(fd);
    const ssize_t n = ::readlink(self.c_str(), buffer, sizeof buffer);
    ::close(fd);
    if (n > 0 && n < static_cast<ssize_t>(sizeof buffer) && buffer[0] == '/') {
        return std::string(buffer, static_cast<std::size_t>(n));
    }
    std::unique_ptr<char, decltype(&std::free)> resolved(::realpath(path.c_str(), nullptr), &std::free);
    if (!resolved) {
        return std::nullopt;
    }
    return std::string(resolved.get());
}

} // namespace

std::expected<std::filesystem::path, LockError> normalise_resource_path(const std::filesystem::path& resource) {
    if (resource.empty()) {
        return std::unexpected(LockError{LockError::Kind::InvalidResource, "cannot lock an empty path", {}});
    }
    std::error_code ec;
    const auto absolute = std::filesystem::absolute(resource, ec);
    if (ec) {
        return std::unexpected(LockError{LockError::Kind::InvalidResource,
                                         "cannot make " + resource.string() + " absolute: " + ec.message(),
                                         {}});
    }
    // The common case: the whole path exists.
    if (auto whole = real_path(absolute.string())) {
        return std::filesystem::path(std::move(*whole));
    }
    std::vector<std::string> components;
    for (const auto& part : absolute.relative_path()) {
        components.push_back(part.string());
    }
    // Longest existing prefix; "/" always exists, so k = 0 ends the search.
    std::size_t k = components.size();
    std::string base = "/";
    while (k > 0) {
        --k;
        std::string prefix = absolute.root_path().string();
        for (std::size_t i = 0; i < k; ++i) {
            prefix += components[i];
            prefix += '/';
        }
        if (auto resolved = real_path(prefix)) {
            base = std::move(*resolved);
            break;
        }
    }
    std::filesystem::path out(base);
    for (std::size_t i = k; i < components.size(); ++i) {
        const std::string& part = components[i];
        if (part.empty() || part == ".") {
            continue;
        }
        if (part == "..") {
            return std::unexpected(LockError{
                LockError::Kind::InvalidResource,
                "cannot lock " + resource.string() + ": `..` after the part of the path that exists (" + base + ")",
                {"name the resource without `..`, or create the folders it climbs out of first"}});
        }
        out /= part;
    }
    return out;
}

std::string lock_file_name(const std::filesystem::path& normalised) {
    // 128 bits of SHA-256: collisions are out of reach for any number of
    // paths one machine will ever lock.
    return sha256_hex(normalised.native()).substr(0, 32) + ".lock";
}

bool is_lock_file_name(std::string_view name) {
    if (name.size() != 37 || !name.ends_with(".lock")) {
        return false;
    }
    for (char c : name.substr(0, 32)) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return false;
        }
    }
    return true;
}

} // namespace lockkit::fs
