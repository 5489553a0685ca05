// Unpacking source distributions; see include/lockkit/build/sdist_archive.hpp.

#include "lockkit/build/sdist_archive.hpp"

#include "../util/libarchive_api.hpp"

#include <fcntl.h>
#include <memory>
#include <optional>
#include <vector>
#include <sys/stat.h>
#include <unistd.h>

namespace lockkit::build {

namespace {

/// The entry's path, relative and lexically normal, or empty when it would escape.
std::filesystem::path safe_relative(std::string_view name) {
    while (name.starts_with("./")) name.remove_prefix(2);
    if (name.empty() || name.front() == '/' || name.find('\\') != std::string_view::npos) return {};
    std::filesystem::path out;
    for (const auto& part : std::filesystem::path(name)) {
        if (part == ".." ) return {};
        if (part == "." || part.empty()) continue;
        out /= part;
    }
    return out;
}

bool write_all(int fd, const char* data, std::size_t size) {
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size);
        if (n < 0) return false;
        data += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

} // namespace

std::expected<std::filesystem::path, std::string> unpack_sdist(const std::filesystem::path& archive_path,
                                                               const std::filesystem::path& destination,
                                                               std::uint64_t max_bytes) {
    const auto api = lockkit::detail::archive_api();
    if (!api) return std::unexpected(api.error());
    const lockkit::detail::ArchiveApi& la = **api;
    const auto free_archive = [&la](archive* p) { la.read_free(p); };
    std::unique_ptr<archive, decltype(free_archive)> a(la.read_new(), free_archive);
    la.read_support_filter_all(a.get());
    la.read_support_format_tar(a.get());
    la.read_support_format_zip(a.get());
    const std::string what = "the source distribution `" + archive_path.filename().string() + "`";
    if (la.read_open_filename(a.get(), archive_path.c_str(), 65536) != ARCHIVE_OK) {
        return std::unexpected("cannot open " + what + ": " + la.error_string(a.get()));
    }
    std::error_code ec;
    std::uint64_t total = 0;
    std::optional<std::filesystem::path> top;
    archive_entry* entry = nullptr;
    std::vector<char> buffer(1 << 16);
    for (;;) {
        const int status = la.read_next_header(a.get(), &entry);
        if (status == ARCHIVE_EOF) break;
        if (status != ARCHIVE_OK && status != ARCHIVE_WARN) {
            return std::unexpected(what + " cannot be read: " + la.error_string(a.get()));
        }
        const char* raw = la.entry_pathname(entry);
        const std::string name = raw != nullptr ? raw : "";
        const auto relative = safe_relative(name);
        if (relative.empty()) {
            if (name == "." || name == "./") continue;
            return std::unexpected(what + " holds `" + name + "`, a path outside its folder: refused");
        }
        const auto first = *relative.begin();
        if (!top) {
            top = first;
        } else if (*top != first) {
            return std::unexpected(what + " has more than one top folder (`" + top->string() + "`, `" +
                                   first.string() + "`)");
        }
        const auto target = destination / relative;
        const auto type = la.entry_filetype(entry);
        std::filesystem::create_directories(target.parent_path(), ec);
        if (type == AE_IFDIR) {
            std::filesystem::create_directories(target, ec);
            if (ec) return std::unexpected("cannot create `" + target.string() + "`: " + ec.message());
            continue;
        }
        if (type == AE_IFLNK) {
            const char* link = la.entry_symlink(entry);
            const std::filesystem::path to = link != nullptr ? link : "";
            const auto resolved = (relative.parent_path() / to).lexically_normal();
            if (to.empty() || to.is_absolute() || resolved.empty() || *resolved.begin() == ".." ||
                *resolved.begin() != first) {
                return std::unexpected(what + " holds the link `" + name + "` -> `" + to.string() +
                                       "`, which points outside its folder: refused");
            }
            std::filesystem::create_symlink(to, target, ec);
            if (ec) return std::unexpected("cannot create `" + target.string() + "`: " + ec.message());
            continue;
        }
        if (type != AE_IFREG) {
            return std::unexpected(what + " holds `" + name + "`, which is neither a file, a folder nor a link: refused");
        }
        const bool executable = (la.entry_perm(entry) & 0111) != 0;
        const int fd = ::open(target.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, executable ? 0755 : 0644);
        if (fd < 0) return std::unexpected("cannot create `" + target.string() + "` (a second copy in the archive?)");
        for (la_ssize_t n; (n = la.read_data(a.get(), buffer.data(), buffer.size())) != 0;) {
            if (n < 0 || (total += static_cast<std::uint64_t>(n)) > max_bytes || !write_all(fd, buffer.data(), static_cast<std::size_t>(n))) {
                ::close(fd);
                return std::unexpected(n < 0 ? what + " cannot be read: " + la.error_string(a.get())
                                             : total > max_bytes ? what + " unpacks to more than " +
                                                                       std::to_string(max_bytes >> 20) + " MiB: refused"
                                                                 : "cannot write `" + target.string() + "`");
            }
        }
        ::close(fd);
    }
    if (!top || !std::filesystem::is_directory(destination / *top, ec)) {
        return std::unexpected(what + " has no top folder");
    }
    return destination / *top;
}

} // namespace lockkit::build
