// Unpacking wheels; see include/lockkit/install/wheel_archive.hpp.

#include "lockkit/install/wheel_archive.hpp"

#include "lockkit/install/linker.hpp"
#include "lockkit/install/record.hpp"
#include "lockkit/util/sha256.hpp"

#include "../util/libarchive_api.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <memory>
#include <set>
#include <unistd.h>
#include <unordered_map>

namespace lockkit::install {

namespace {

using lockkit::detail::ArchiveApi;

std::string shown(std::string_view name) {
    std::string out = "`";
    for (const char c : name) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f) {
            static constexpr char k_hex[] = "0123456789abcdef";
            out += "\\x";
            out += k_hex[u >> 4];
            out += k_hex[u & 15];
        } else {
            out += c;
        }
    }
    return out + "`";
}

/// Strips a trailing '/' (folders) and collapses "./" and "//"; the name was checked first.
std::string normal_name(std::string_view name) {
    std::string out;
    std::size_t start = 0;
    while (start <= name.size()) {
        auto end = name.find('/', start);
        if (end == std::string_view::npos) {
            end = name.size();
        }
        const std::string_view part = name.substr(start, end - start);
        if (!part.empty() && part != ".") {
            if (!out.empty()) {
                out += '/';
            }
            out += part;
        }
        start = end + 1;
    }
    return out;
}

/// Whether a link target, relative to the folder of `name`, stays inside the root.
bool link_stays_inside(std::string_view name, std::string_view target) {
    if (target.empty() || target.front() == '/' || target.find('\\') != std::string_view::npos ||
        (target.size() >= 2 && target[1] == ':')) {
        return false;
    }
    int depth = 0;
    for (std::size_t i = 0; i < name.size(); ++i) {
        depth += name[i] == '/' ? 1 : 0;  // folders above the link
    }
    std::size_t start = 0;
    while (start <= target.size()) {
        auto end = target.find('/', start);
        if (end == std::string_view::npos) {
            end = target.size();
        }
        const std::string_view part = target.substr(start, end - start);
        if (part == "..") {
            if (--depth < 0) {
                return false;
            }
        } else if (!part.empty() && part != ".") {
            ++depth;
        }
        start = end + 1;
    }
    return true;
}

class Unpacker {
public:
    Unpacker(const std::filesystem::path& archive, const std::filesystem::path& destination, const UnpackRules& limits)
        : m_archive(archive), m_destination(destination), m_limits(limits) {
        std::error_code ec;
        m_archive_size = std::filesystem::file_size(archive, ec);
    }

    std::expected<std::vector<UnpackedFile>, std::string> run() {
        auto api = lockkit::detail::archive_api();
        if (!api) {
            return std::unexpected(api.error());
        }
        m_api = *api;
        auto free_archive = [this](struct archive* a) { m_api->read_free(a); };
        std::unique_ptr<struct archive, decltype(free_archive)> a(m_api->read_new(), free_archive);
        m_api->read_support_format_zip_seekable(a.get());
        if (m_api->read_open_filename(a.get(), m_archive.c_str(), 1 << 16) != ARCHIVE_OK) {
            return fail("it is not a readable zip archive: " + error_text(a.get()));
        }
        struct archive_entry* entry = nullptr;
        for (;;) {
            const int rc = m_api->read_next_header(a.get(), &entry);
            if (rc == ARCHIVE_EOF) {
                break;
            }
            if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN) {
                return fail("the zip archive is damaged: " + error_text(a.get()));
            }
            if (++m_entries > m_limits.max_entries) {
                return fail("it has more than " + std::to_string(m_limits.max_entries) + " entries");
            }
            if (auto handled = handle(a.get(), entry); !handled) {
                return std::unexpected(handled.error());
            }
        }
        return std::move(m_files);
    }

private:
    std::unexpected<std::string> fail(std::string why) const {
        return std::unexpected("refusing wheel " + m_archive.filename().string() + ": " + why);
    }

    std::string error_text(struct archive* a) const {
        const char* text = m_api->error_string(a);
        return text ? text : "unknown error";
    }

    std::expected<void, std::string> handle(struct archive* a, struct archive_entry* entry) {
        const char* raw = m_api->entry_pathname(entry);
        const std::string_view name = raw ? raw : "";
        if (const std::string why = unsafe_member_name(name); !why.empty()) {
            return fail("entry " + shown(name) + " " + why);
        }
        if (m_api->entry_is_encrypted(entry)) {
            return fail("entry " + shown(name) + " is encrypted");
        }
        std::string path = normal_name(name);
        if (path.empty()) {
            return {};  // the archive's root folder itself
        }
        if (!m_names.insert(path).second) {
            return fail("entry " + shown(path) + " appears twice (two entries for one file hide one of them)");
        }
        const auto type = m_api->entry_filetype(entry);
        if (type == AE_IFDIR) {
            return folder(path);
        }
        std::string link_text;
        if (type == AE_IFLNK) {
            const char* target = m_api->entry_symlink(entry);
            link_text = target ? target : "";
            if (!link_stays_inside(path, link_text)) {
                return fail("entry " + shown(path) + " is a symbolic link pointing outside the wheel (to " +
                            shown(link_text) + ")");
            }
        } else if (type != AE_IFREG && type != 0) {
            return fail("entry " + shown(path) + " is neither a file nor a folder");
        }
        const auto slash = path.rfind('/');
        if (slash != std::string::npos) {
            if (auto made = folder(path.substr(0, slash)); !made) {
                return made;
            }
        }
        const bool executable = type != AE_IFLNK && (m_api->entry_perm(entry) & 0111) != 0;
        const auto target = m_destination / path;
        const int fd = ::open(target.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, executable ? 0755 : 0644);
        if (fd < 0) {
            return fail("cannot create " + target.string() + ": " + std::strerror(errno));
        }
        Sha256 hash;
        std::uint64_t size = 0;
        auto write_all = [&](const char* data, std::size_t n) -> std::expected<void, std::string> {
            size += n;
            m_total += n;
            if (m_total > m_limits.max_total_bytes) {
                return fail("it expands past " + std::to_string(m_limits.max_total_bytes >> 20) + " MiB (at entry " +
                            shown(path) + ")");
            }
            if (m_total > m_limits.ratio_floor_bytes && m_archive_size > 0 &&
                static_cast<double>(m_total) > m_limits.max_ratio * static_cast<double>(m_archive_size)) {
                return fail("it expands more than " + std::to_string(static_cast<int>(m_limits.max_ratio)) +
                            " times its size (a zip bomb?; at entry " + shown(path) + ")");
            }
            hash.update(data, n);
            for (std::size_t done = 0; done < n;) {
                const ssize_t w = ::write(fd, data + done, n - done);
                if (w < 0) {
                    if (errno == EINTR) {
                        continue;
                    }
                    return fail("cannot write " + target.string() + ": " + std::strerror(errno));
                }
                done += static_cast<std::size_t>(w);
            }
            return {};
        };
        std::expected<void, std::string> written;
        if (type == AE_IFLNK) {
            written = write_all(link_text.data(), link_text.size());
        } else {
            static thread_local std::vector<char> buffer(1 << 17);
            for (;;) {
                const la_ssize_t n = m_api->read_data(a, buffer.data(), buffer.size());
                if (n == 0) {
                    break;
                }
                if (n < 0) {
                    written = fail("entry " + shown(path) + " cannot be read: " + error_text(a));
                    break;
                }
                written = write_all(buffer.data(), static_cast<std::size_t>(n));
                if (!written) {
                    break;
                }
            }
        }
        ::close(fd);
        if (!written) {
            return written;
        }
        m_files.push_back({std::move(path), size, record_hash_from_hex(hash.finish_hex()), executable});
        return {};
    }

    std::expected<void, std::string> folder(const std::string& path) {
        if (m_folders.contains(path)) {
            return {};
        }
        if (auto made = make_directories(m_destination / path); !made) {
            return fail(made.error());
        }
        m_folders.insert(path);
        return {};
    }

    const ArchiveApi* m_api = nullptr;
    const std::filesystem::path& m_archive;
    const std::filesystem::path& m_destination;
    const UnpackRules& m_limits;
    std::uint64_t m_archive_size = 0;
    std::uint64_t m_total = 0;
    std::uint64_t m_entries = 0;
    std::set<std::string> m_names;
    std::set<std::string> m_folders;
    std::vector<UnpackedFile> m_files;
};

} // namespace

std::string unsafe_member_name(std::string_view name) {
    if (name.empty()) {
        return "has an empty name";
    }
    for (const char c : name) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f) {
            return "has a control character in its name";
        }
    }
    if (name.front() == '/' || name.find('\\') != std::string_view::npos ||
        (name.size() >= 2 && name[1] == ':' && std::isalpha(static_cast<unsigned char>(name[0])))) {
        return "has an absolute or Windows path";
    }
    std::size_t start = 0;
    while (start <= name.size()) {
        auto end = name.find('/', start);
        if (end == std::string_view::npos) {
            end = name.size();
        }
        if (name.substr(start, end - start) == "..") {
            return "climbs out of the wheel with `..`";
        }
        start = end + 1;
    }
    return {};
}

std::expected<std::vector<UnpackedFile>, std::string> unpack_wheel_archive(const std::filesystem::path& archive,
                                                                          const std::filesystem::path& destination,
                                                                          const UnpackRules& limits) {
    return Unpacker(archive, destination, limits).run();
}

} // namespace lockkit::install
