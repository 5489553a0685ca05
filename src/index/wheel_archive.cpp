// A wheel's METADATA out of its zip; see include/lockkit/index/wheel_archive.hpp.

#include "lockkit/index/wheel_archive.hpp"

#include "lockkit/pep508/package_name.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>

namespace lockkit::index {

namespace {

constexpr std::uint64_t k_first_tail = 16384;
constexpr std::uint64_t k_local_slack = 1024;  ///< room for a local header's extra field, read with the data

std::unexpected<WheelReadError> zip_error(std::string message) {
    return std::unexpected(WheelReadError{std::move(message), false});
}

/// `<prefix>` of a top-level `<prefix>.dist-info/METADATA` path, or nothing.
std::optional<std::string_view> dist_info_prefix(std::string_view path) {
    const auto slash = path.find('/');
    if (slash == std::string_view::npos || path.substr(slash + 1) != "METADATA") return std::nullopt;
    const auto folder = path.substr(0, slash);
    if (!folder.ends_with(".dist-info")) return std::nullopt;
    return folder.substr(0, folder.size() - 10);
}

/// A dist-info folder name normalized as uv's DistInfoName does: lower case, runs of `-_.` as one `-`.
std::string normalize_dist_info(std::string_view name) {
    std::string out;
    bool separator = false;
    for (const char c : name) {
        if (c == '-' || c == '_' || c == '.') {
            if (!separator) out += '-';
            separator = true;
            continue;
        }
        separator = false;
        out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    return out;
}

std::optional<std::string> prefix_mismatch(std::string_view prefix, std::string_view project) {
    if (normalize_dist_info(prefix).starts_with(project)) return std::nullopt;
    return "the .dist-info folder `" + std::string(prefix) + ".dist-info` does not start with the package name `" +
           std::string(project) + "`";
}

std::uint16_t u16(std::string_view s, std::size_t at) {
    return static_cast<std::uint16_t>(static_cast<unsigned char>(s[at]) | (static_cast<unsigned char>(s[at + 1]) << 8));
}
std::uint32_t u32(std::string_view s, std::size_t at) {
    return static_cast<std::uint32_t>(u16(s, at)) | (static_cast<std::uint32_t>(u16(s, at + 2)) << 16);
}

} // namespace

std::expected<const ZipEntry*, std::string> find_metadata_entry(std::span<const ZipEntry> entries,
                                                                std::string_view project) {
    // Like pip and uv: exactly one dist-info folder with a METADATA.
    const ZipEntry* found = nullptr;
    std::size_t count = 0;
    std::string all;
    for (const auto& entry : entries) {
        const auto prefix = dist_info_prefix(entry.name);
        if (!prefix) continue;
        all += (all.empty() ? "" : ", ") + std::string(*prefix);
        found = &entry;
        ++count;
    }
    if (found == nullptr) return std::unexpected("no .dist-info/METADATA in the wheel");
    if (count > 1) return std::unexpected("several .dist-info folders in the wheel: " + all);
    if (auto mismatch = prefix_mismatch(*dist_info_prefix(found->name), project)) return std::unexpected(*mismatch);
    return found;
}

std::expected<std::string, WheelReadError> read_wheel_metadata(std::uint64_t file_size, const ReadRange& read,
                                                               std::string_view project) {
    std::uint64_t tail_length = std::min(file_size, k_first_tail);
    auto tail = read(file_size - tail_length, tail_length);
    if (!tail) return std::unexpected(tail.error());
    auto location = locate_zip_directory(*tail, file_size);
    if (!location && location.error().need_tail > tail_length) {
        tail_length = std::min(file_size, location.error().need_tail);
        tail = read(file_size - tail_length, tail_length);
        if (!tail) return std::unexpected(tail.error());
        location = locate_zip_directory(*tail, file_size);
    }
    if (!location) return zip_error(location.error().message);
    const std::uint64_t tail_offset = file_size - tail_length;
    // Bytes of the file, from the tail already read when they are in it.
    auto get = [&](std::uint64_t offset, std::uint64_t length) -> std::expected<std::string, WheelReadError> {
        if (offset >= tail_offset && offset + length <= file_size) {
            return tail->substr(static_cast<std::size_t>(offset - tail_offset), static_cast<std::size_t>(length));
        }
        return read(offset, length);
    };
    auto directory_bytes = get(location->offset, location->size);
    if (!directory_bytes) return std::unexpected(directory_bytes.error());
    auto entries = read_zip_directory(*directory_bytes, *location);
    if (!entries) return zip_error(entries.error().message);
    auto entry = find_metadata_entry(*entries, project);
    if (!entry) return zip_error(entry.error());
    const ZipEntry& member = **entry;
    // The header's extra field length is only known once it is read: ask for some slack.
    const std::uint64_t room = location->offset - member.local_header_offset;
    std::uint64_t guess = std::min(room, 30 + member.name.size() + member.compressed_size + k_local_slack);
    auto bytes = get(member.local_header_offset, guess);
    if (!bytes) return std::unexpected(bytes.error());
    auto span = zip_member_span(*bytes, member);
    if (!span) return zip_error(span.error().message);
    if (*span > room) {
        return zip_error("the local header of `" + member.name + "` runs into the central directory");
    }
    if (*span > bytes->size()) {
        bytes = get(member.local_header_offset, *span);
        if (!bytes) return std::unexpected(bytes.error());
    }
    auto content = extract_zip_member(*bytes, member, k_max_metadata_size);
    if (!content) return zip_error(content.error().message);
    return std::move(*content);
}

std::expected<std::string, WheelReadError> read_wheel_metadata(std::string_view wheel, std::string_view project) {
    const ReadRange read = [&](std::uint64_t offset, std::uint64_t length) -> std::expected<std::string, WheelReadError> {
        if (offset > wheel.size() || length > wheel.size() - offset) {
            return zip_error("the zip points past its own end (" + std::to_string(wheel.size()) + " bytes)");
        }
        return std::string(wheel.substr(static_cast<std::size_t>(offset), static_cast<std::size_t>(length)));
    };
    return read_wheel_metadata(wheel.size(), read, project);
}

std::expected<std::string, WheelReadError> read_wheel_metadata_file(const std::filesystem::path& path,
                                                                    std::string_view project) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return std::unexpected(WheelReadError{"cannot open " + path.string() + ": " + std::strerror(errno), true});
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        const int err = errno;
        ::close(fd);
        return std::unexpected(WheelReadError{"cannot read " + path.string() + ": " + std::strerror(err), true});
    }
    const auto size = static_cast<std::uint64_t>(st.st_size);
    const ReadRange read = [&](std::uint64_t offset, std::uint64_t length) -> std::expected<std::string, WheelReadError> {
        if (offset > size || length > size - offset) {
            return zip_error("the zip points past its own end (" + std::to_string(size) + " bytes)");
        }
        std::string out(static_cast<std::size_t>(length), '\0');
        std::size_t done = 0;
        while (done < out.size()) {
            const auto n = ::pread(fd, out.data() + done, out.size() - done, static_cast<off_t>(offset + done));
            if (n <= 0) return std::unexpected(WheelReadError{"cannot read " + path.string(), true});
            done += static_cast<std::size_t>(n);
        }
        return out;
    };
    auto result = read_wheel_metadata(size, read, project);
    ::close(fd);
    return result;
}

bool WheelStreamReader::feed(std::string_view bytes) {
    if (m_result) return false;
    if (m_skip > 0 && !m_keep_all) {
        const auto n = std::min<std::uint64_t>(m_skip, bytes.size());
        m_skip -= n;
        m_offset += n;
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    m_pending.append(bytes);
    return scan();
}

bool WheelStreamReader::scan() {
    while (!m_keep_all) {
        if (m_skip > 0) {
            const auto n = std::min<std::uint64_t>(m_skip, m_pending.size());
            m_pending.erase(0, static_cast<std::size_t>(n));
            m_skip -= n;
            m_offset += n;
            if (m_skip > 0) return true;
        }
        if (m_pending.size() < 30) return true;
        if (u32(m_pending, 0) != 0x04034b50) {
            // The central directory (or anything else) after the members: METADATA was not among them.
            m_result = zip_error("no .dist-info/METADATA among the wheel's files");
            return false;
        }
        const std::uint16_t flags = u16(m_pending, 6), method = u16(m_pending, 8);
        std::uint64_t compressed = u32(m_pending, 18), size = u32(m_pending, 22);
        const std::size_t name_length = u16(m_pending, 26), extra_length = u16(m_pending, 28);
        if (m_pending.size() < 30 + name_length + extra_length) return true;
        const std::string name = m_pending.substr(30, name_length);
        std::string_view extra = std::string_view(m_pending).substr(30 + name_length, extra_length);
        while (extra.size() >= 4) {
            const std::uint16_t id = u16(extra, 0), length = u16(extra, 2);
            if (static_cast<std::size_t>(length) + 4 > extra.size()) break;
            if (id == 0x0001) {
                std::string_view values = extra.substr(4, length);
                for (std::uint64_t* field : {&size, &compressed}) {
                    if (*field == 0xffffffff && values.size() >= 8) {
                        std::memcpy(field, values.data(), 8);
                        values.remove_prefix(8);
                    }
                }
            }
            extra.remove_prefix(static_cast<std::size_t>(length) + 4);
        }
        const bool hidden_size = (flags & 8) != 0;
        const auto prefix = dist_info_prefix(name);
        if (prefix) {
            if (auto mismatch = prefix_mismatch(*prefix, m_project)) {
                m_result = zip_error(*mismatch);
                return false;
            }
        }
        if (hidden_size) {
            // The size is in a descriptor after the data: the directory must tell the rest.
            m_keep_all = true;
            return true;
        }
        const std::uint64_t span = 30 + name_length + extra_length + compressed;
        if (prefix) {
            if (m_pending.size() < span) return true;
            ZipEntry entry;
            entry.name = name;
            entry.flags = flags;
            entry.method = method;
            entry.crc32 = u32(m_pending, 14);
            entry.compressed_size = compressed;
            entry.size = size;
            entry.local_header_offset = m_offset;
            auto content = extract_zip_member(m_pending, entry, k_max_metadata_size);
            if (content) {
                m_result = std::move(*content);
            } else {
                m_result = zip_error(content.error().message);
            }
            return false;
        }
        m_skip = span;
    }
    return true;
}

std::expected<std::string, WheelReadError> WheelStreamReader::finish() {
    if (m_result) return *m_result;
    if (!m_keep_all) return zip_error("the wheel ended before its METADATA");
    // Everything from the first member with a hidden size to the end is here.
    const std::uint64_t size = m_offset + m_pending.size();
    const ReadRange read = [&](std::uint64_t offset, std::uint64_t length) -> std::expected<std::string, WheelReadError> {
        if (offset < m_offset || offset + length > size) {
            return zip_error("the zip points outside the bytes it streamed");
        }
        return m_pending.substr(static_cast<std::size_t>(offset - m_offset), static_cast<std::size_t>(length));
    };
    return read_wheel_metadata(size, read, m_project);
}

void WheelStreamReader::reset() {
    m_pending.clear();
    m_offset = 0;
    m_skip = 0;
    m_keep_all = false;
    m_result.reset();
}

} // namespace lockkit::index
