// Reading one member of a zip; see include/lockkit/index/zip_directory.hpp.

#include "lockkit/index/zip_directory.hpp"

#include <archive.h>
#include <archive_entry.h>

#include "../util/libarchive_api.hpp"

#include <array>
#include <cstring>
#include <memory>

namespace lockkit::index {

namespace {

constexpr std::uint32_t k_end_signature = 0x06054b50;
constexpr std::uint32_t k_zip64_end_signature = 0x06064b50;
constexpr std::uint32_t k_zip64_locator_signature = 0x07064b50;
constexpr std::uint32_t k_directory_signature = 0x02014b50;
constexpr std::uint32_t k_local_signature = 0x04034b50;
constexpr std::size_t k_end_size = 22;
constexpr std::size_t k_locator_size = 20;
constexpr std::size_t k_zip64_end_size = 56;
constexpr std::size_t k_directory_entry_size = 46;
constexpr std::size_t k_local_size = 30;

std::uint16_t u16(std::string_view s, std::size_t at) {
    return static_cast<std::uint16_t>(static_cast<unsigned char>(s[at]) | (static_cast<unsigned char>(s[at + 1]) << 8));
}
std::uint32_t u32(std::string_view s, std::size_t at) {
    return static_cast<std::uint32_t>(u16(s, at)) | (static_cast<std::uint32_t>(u16(s, at + 2)) << 16);
}
std::uint64_t u64(std::string_view s, std::size_t at) {
    return static_cast<std::uint64_t>(u32(s, at)) | (static_cast<std::uint64_t>(u32(s, at + 4)) << 32);
}

std::unexpected<ZipError> fail(std::string message) {
    return std::unexpected(ZipError{std::move(message), 0});
}

/// Decompresses `data` with libarchive's raw reader: a gzip stream (deflate
/// members are given a gzip header and trailer) or a zstd frame.
std::expected<std::string, ZipError> decompress(std::string_view data, std::uint64_t max_size) {
    const auto api = lockkit::detail::archive_api();
    if (!api) return fail(api.error());
    const lockkit::detail::ArchiveApi& la = **api;
    const auto free_archive = [&la](archive* p) { la.read_free(p); };
    std::unique_ptr<archive, decltype(free_archive)> a(la.read_new(), free_archive);
    la.read_support_filter_gzip(a.get());
    la.read_support_filter_zstd(a.get());
    la.read_support_format_raw(a.get());
    if (la.read_open_memory(a.get(), data.data(), data.size()) != ARCHIVE_OK) {
        return fail(std::string("cannot decompress: ") + la.error_string(a.get()));
    }
    archive_entry* entry = nullptr;
    if (la.read_next_header(a.get(), &entry) != ARCHIVE_OK) {
        const char* why = la.error_string(a.get());
        return fail(std::string("cannot decompress: ") + (why != nullptr ? why : "no data"));
    }
    std::string out;
    std::array<char, 65536> buffer;
    for (;;) {
        const la_ssize_t n = la.read_data(a.get(), buffer.data(), buffer.size());
        if (n < 0) {
            const char* why = la.error_string(a.get());
            return fail(std::string("the compressed data is damaged: ") + (why != nullptr ? why : "unknown error"));
        }
        if (n == 0) break;
        if (out.size() + static_cast<std::size_t>(n) > max_size) {
            return fail("the member is larger than the " + std::to_string(max_size) + " bytes allowed");
        }
        out.append(buffer.data(), static_cast<std::size_t>(n));
    }
    return out;
}

} // namespace

std::uint32_t crc32(std::string_view bytes, std::uint32_t crc) {
    static const auto table = [] {
        std::array<std::uint32_t, 256> t{};
        for (std::uint32_t i = 0; i < 256; ++i) {
            std::uint32_t c = i;
            for (int k = 0; k < 8; ++k) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[i] = c;
        }
        return t;
    }();
    crc = ~crc;
    for (const char ch : bytes) crc = table[(crc ^ static_cast<unsigned char>(ch)) & 0xff] ^ (crc >> 8);
    return ~crc;
}

std::expected<ZipDirectoryLocation, ZipError> locate_zip_directory(std::string_view tail, std::uint64_t file_size) {
    if (tail.size() > file_size) return fail("more tail bytes than the file has");
    if (file_size < k_end_size) return fail("the file is too short to be a zip (" + std::to_string(file_size) + " bytes)");
    // The end record is the last thing in the file, followed only by a comment of up to 64 KiB.
    std::size_t found = std::string_view::npos;
    for (std::size_t at = tail.size() >= k_end_size ? tail.size() - k_end_size + 1 : 0; at-- > 0;) {
        if (u32(tail, at) == k_end_signature && at + k_end_size + u16(tail, at + 20) == tail.size()) {
            found = at;
            break;
        }
        if (tail.size() - at > k_end_size + 0xffff) break;
    }
    if (found == std::string_view::npos) {
        const std::uint64_t most = std::min<std::uint64_t>(file_size, k_end_size + 0xffff + k_locator_size);
        if (tail.size() < most) return std::unexpected(ZipError{"the zip's end record is not in its last bytes", most});
        return fail("no end of central directory record: not a zip file");
    }
    const std::uint64_t end_offset = file_size - (tail.size() - found);
    ZipDirectoryLocation location;
    const std::uint16_t disk = u16(tail, found + 4), directory_disk = u16(tail, found + 6);
    location.entries = u16(tail, found + 10);
    location.size = u32(tail, found + 12);
    location.offset = u32(tail, found + 16);
    std::uint64_t directory_end = end_offset;
    const bool zip64 = location.entries == 0xffff || location.size == 0xffffffff || location.offset == 0xffffffff;
    if (zip64) {
        if (found < k_locator_size) {
            if (end_offset >= k_locator_size && tail.size() < file_size) {
                return std::unexpected(ZipError{"the ZIP64 locator is not in the bytes read", tail.size() + k_locator_size});
            }
            return fail("the end record asks for ZIP64 but there is no ZIP64 locator");
        }
        const std::size_t locator = found - k_locator_size;
        if (u32(tail, locator) != k_zip64_locator_signature) {
            return fail("the end record asks for ZIP64 but there is no ZIP64 locator");
        }
        const std::uint64_t record = u64(tail, locator + 8);
        if (record + k_zip64_end_size > end_offset - k_locator_size) {
            return fail("the ZIP64 end record lies outside the file");
        }
        const std::uint64_t tail_start = file_size - tail.size();
        if (record < tail_start) {
            return std::unexpected(ZipError{"the ZIP64 end record is before the bytes read", file_size - record});
        }
        const std::size_t at = static_cast<std::size_t>(record - tail_start);
        if (u32(tail, at) != k_zip64_end_signature) return fail("no ZIP64 end record where the locator points");
        if (u32(tail, at + 16) != 0 || u32(tail, at + 20) != 0) return fail("multi-disk zips are not supported");
        location.entries = u64(tail, at + 32);
        location.size = u64(tail, at + 40);
        location.offset = u64(tail, at + 48);
        directory_end = record;
    } else if (disk != 0 || directory_disk != 0) {
        return fail("multi-disk zips are not supported");
    }
    if (location.offset > directory_end || location.size > directory_end - location.offset) {
        return fail("the central directory (offset " + std::to_string(location.offset) + ", " +
                    std::to_string(location.size) + " bytes) does not end before its end record at " +
                    std::to_string(directory_end));
    }
    if (location.entries > location.size / k_directory_entry_size) {
        return fail("the end record claims " + std::to_string(location.entries) + " entries, more than " +
                    std::to_string(location.size) + " directory bytes can hold");
    }
    return location;
}

std::expected<std::vector<ZipEntry>, ZipError> read_zip_directory(std::string_view bytes,
                                                                  const ZipDirectoryLocation& location) {
    if (bytes.size() != location.size) return fail("the central directory read is not the size its end record gives");
    std::vector<ZipEntry> entries;
    entries.reserve(static_cast<std::size_t>(location.entries));
    std::size_t at = 0;
    for (std::uint64_t i = 0; i < location.entries; ++i) {
        if (at + k_directory_entry_size > bytes.size() || u32(bytes, at) != k_directory_signature) {
            return fail("central directory entry " + std::to_string(i + 1) + " of " + std::to_string(location.entries) +
                        " is missing or damaged");
        }
        ZipEntry entry;
        entry.flags = u16(bytes, at + 8);
        entry.method = u16(bytes, at + 10);
        entry.crc32 = u32(bytes, at + 16);
        entry.compressed_size = u32(bytes, at + 20);
        entry.size = u32(bytes, at + 24);
        const std::size_t name_length = u16(bytes, at + 28), extra_length = u16(bytes, at + 30),
                          comment_length = u16(bytes, at + 32);
        const std::uint16_t start_disk = u16(bytes, at + 34);
        entry.local_header_offset = u32(bytes, at + 42);
        const std::size_t next = at + k_directory_entry_size + name_length + extra_length + comment_length;
        if (next > bytes.size()) return fail("central directory entry " + std::to_string(i + 1) + " runs past the directory");
        entry.name.assign(bytes.substr(at + k_directory_entry_size, name_length));
        // ZIP64 extra field: the values the fixed fields mark as 0xffffffff, in this order.
        std::string_view extra = bytes.substr(at + k_directory_entry_size + name_length, extra_length);
        while (extra.size() >= 4) {
            const std::uint16_t id = u16(extra, 0), length = u16(extra, 2);
            if (static_cast<std::size_t>(length) + 4 > extra.size()) break;
            if (id == 0x0001) {
                std::string_view values = extra.substr(4, length);
                auto take = [&](std::uint64_t& field) {
                    if (values.size() < 8) return false;
                    field = u64(values, 0);
                    values.remove_prefix(8);
                    return true;
                };
                if ((entry.size == 0xffffffff && !take(entry.size)) ||
                    (entry.compressed_size == 0xffffffff && !take(entry.compressed_size)) ||
                    (entry.local_header_offset == 0xffffffff && !take(entry.local_header_offset))) {
                    return fail("the ZIP64 field of `" + entry.name + "` is too short");
                }
            }
            extra.remove_prefix(static_cast<std::size_t>(length) + 4);
        }
        if (start_disk != 0 && start_disk != 0xffff) return fail("multi-disk zips are not supported");
        // A member's header and data come before the directory.
        if (entry.local_header_offset > location.offset ||
            entry.compressed_size > location.offset - entry.local_header_offset ||
            k_local_size + name_length > location.offset - entry.local_header_offset - entry.compressed_size) {
            return fail("the central directory places `" + entry.name + "` (offset " +
                        std::to_string(entry.local_header_offset) + ", " + std::to_string(entry.compressed_size) +
                        " bytes) beyond the start of the directory at " + std::to_string(location.offset));
        }
        entries.push_back(std::move(entry));
        at = next;
    }
    return entries;
}

std::expected<std::uint64_t, ZipError> zip_member_span(std::string_view local, const ZipEntry& entry) {
    if (local.size() < k_local_size) return fail("fewer than 30 bytes of `" + entry.name + "`'s local header");
    if (u32(local, 0) != k_local_signature) {
        return fail("no local file header where the central directory places `" + entry.name + "` (offset " +
                    std::to_string(entry.local_header_offset) + ")");
    }
    return k_local_size + std::uint64_t{u16(local, 26)} + u16(local, 28) + entry.compressed_size;
}

std::expected<std::string, ZipError> extract_zip_member(std::string_view bytes, const ZipEntry& entry,
                                                        std::uint64_t max_size) {
    auto span = zip_member_span(bytes, entry);
    if (!span) return std::unexpected(span.error());
    if (bytes.size() < *span) return fail("the bytes of `" + entry.name + "` end early");
    const std::size_t name_length = u16(bytes, 26), extra_length = u16(bytes, 28);
    if (bytes.substr(k_local_size, name_length) != entry.name) {
        return fail("the local header at offset " + std::to_string(entry.local_header_offset) + " names `" +
                    std::string(bytes.substr(k_local_size, std::min<std::size_t>(name_length, 200))) +
                    "`, the central directory `" + entry.name + "`");
    }
    if (u16(bytes, 8) != entry.method) {
        return fail("the local header of `" + entry.name + "` gives another compression method than the directory");
    }
    if (entry.size > max_size) {
        return fail("`" + entry.name + "` is " + std::to_string(entry.size) + " bytes, more than the " +
                    std::to_string(max_size) + " allowed");
    }
    const std::string_view data =
        bytes.substr(k_local_size + name_length + extra_length, static_cast<std::size_t>(entry.compressed_size));
    std::string content;
    if (entry.method == 0) {
        if (entry.compressed_size != entry.size) {
            return fail("`" + entry.name + "` is stored, but its compressed and uncompressed sizes differ");
        }
        content.assign(data);
    } else if (entry.method == 8 || entry.method == 93) {
        std::string framed;
        if (entry.method == 8) {
            // A raw deflate stream becomes a gzip stream with a header and the directory's CRC and size.
            static constexpr char k_gzip_header[10] = {'\x1f', '\x8b', 8, 0, 0, 0, 0, 0, 0, '\xff'};
            framed.reserve(data.size() + 18);
            framed.append(k_gzip_header, sizeof k_gzip_header);
            framed.append(data);
            for (const std::uint32_t v : {entry.crc32, static_cast<std::uint32_t>(entry.size)}) {
                for (int b = 0; b < 4; ++b) framed.push_back(static_cast<char>((v >> (8 * b)) & 0xff));
            }
        }
        auto out = decompress(entry.method == 8 ? std::string_view(framed) : data, max_size);
        if (!out) {
            out.error().message = "`" + entry.name + "`: " + out.error().message;
            return std::unexpected(out.error());
        }
        content = std::move(*out);
    } else {
        return fail("`" + entry.name + "` uses compression method " + std::to_string(entry.method) +
                    "; wheels may only use stored, deflate or zstd");
    }
    if (content.size() != entry.size) {
        return fail("`" + entry.name + "` is " + std::to_string(content.size()) + " bytes once decompressed, the central "
                    "directory says " + std::to_string(entry.size));
    }
    if (const std::uint32_t actual = crc32(content); actual != entry.crc32) {
        char text[64];
        std::snprintf(text, sizeof text, "(got %08x, expected %08x)", actual, entry.crc32);
        return fail("bad CRC-32 for `" + entry.name + "` " + text);
    }
    return content;
}

} // namespace lockkit::index
