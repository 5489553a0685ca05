#pragma once
// Zips built byte by byte for tests, so that every field can be made to lie:
// members stored or deflated (deflate from libarchive's gzip writer, its gzip
// framing taken off), optionally with a data descriptor (sizes after the data,
// as streaming writers do), then the central directory and its end record.
// `zip64 = true` writes the ZIP64 form (APPNOTE 4.3.14-4.3.15, 4.5.3): every
// size and offset in the fixed fields 0xffffffff with the values in a 0x0001
// extra field (local headers and directory entries), 8-byte sizes in data
// descriptors, and a ZIP64 end record and locator before an end record whose
// counts and offsets are all "see ZIP64". `comment` follows the end record.
// `layout()` says where each piece landed, for tests that damage one.

#include "lockkit/index/zip_directory.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lockkit::testing {

struct ZipMember {
    std::string name;
    std::string content;
    bool deflate = true;
    bool data_descriptor = false;
};

/// Raw deflate of `data`.
inline std::string deflate_raw(std::string_view data) {
    archive* a = archive_write_new();
    archive_write_add_filter_gzip(a);
    archive_write_set_format_raw(a);
    std::string out(data.size() + 1024, '\0');
    std::size_t used = 0;
    archive_write_open_memory(a, out.data(), out.size(), &used);
    archive_entry* e = archive_entry_new();
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_size(e, static_cast<la_int64_t>(data.size()));
    archive_write_header(a, e);
    archive_write_data(a, data.data(), data.size());
    archive_entry_free(e);
    archive_write_close(a);
    archive_write_free(a);
    out.resize(used);
    // gzip: 10-byte header (plus optional fields), the deflate stream, 8-byte trailer.
    std::size_t at = 10;
    const auto flags = static_cast<unsigned char>(out[3]);
    if ((flags & 4) != 0) at += 2 + (static_cast<unsigned char>(out[at]) | (static_cast<unsigned char>(out[at + 1]) << 8));
    if ((flags & 8) != 0) at = out.find('\0', at) + 1;
    if ((flags & 16) != 0) at = out.find('\0', at) + 1;
    if ((flags & 2) != 0) at += 2;
    return out.substr(at, out.size() - at - 8);
}

class ZipBuilder {
public:
    struct Placed {
        std::size_t local_header = 0;
        std::size_t directory_entry = 0;
    };

    void add(ZipMember member) { m_members.push_back(std::move(member)); }

    bool zip64 = false;
    std::string comment;

    std::string build() {
        std::string out;
        std::string directory;
        m_placed.clear();
        const std::uint16_t version = zip64 ? 45 : 20;
        const std::uint32_t see_zip64 = 0xffffffff;
        for (const auto& m : m_members) {
            const std::string data = m.deflate ? deflate_raw(m.content) : m.content;
            const std::uint32_t crc = index::crc32(m.content);
            const std::uint16_t flags = m.data_descriptor ? 8 : 0;
            const std::uint16_t method = m.deflate ? 8 : 0;
            Placed placed;
            placed.local_header = out.size();
            std::string local_extra;
            if (zip64) {
                put16(local_extra, 0x0001);
                put16(local_extra, 16);
                put64(local_extra, m.data_descriptor ? 0 : m.content.size());
                put64(local_extra, m.data_descriptor ? 0 : data.size());
            }
            put32(out, 0x04034b50);
            put16(out, version);
            put16(out, flags);
            put16(out, method);
            put16(out, 0);
            put16(out, 0x21);
            put32(out, m.data_descriptor ? 0 : crc);
            put32(out, zip64 ? see_zip64 : m.data_descriptor ? 0 : static_cast<std::uint32_t>(data.size()));
            put32(out, zip64 ? see_zip64 : m.data_descriptor ? 0 : static_cast<std::uint32_t>(m.content.size()));
            put16(out, static_cast<std::uint16_t>(m.name.size()));
            put16(out, static_cast<std::uint16_t>(local_extra.size()));
            out += m.name;
            out += local_extra;
            out += data;
            if (m.data_descriptor) {
                put32(out, 0x08074b50);
                put32(out, crc);
                if (zip64) {
                    put64(out, data.size());
                    put64(out, m.content.size());
                } else {
                    put32(out, static_cast<std::uint32_t>(data.size()));
                    put32(out, static_cast<std::uint32_t>(m.content.size()));
                }
            }
            std::string extra;
            if (zip64) {
                put16(extra, 0x0001);
                put16(extra, 24);
                put64(extra, m.content.size());
                put64(extra, data.size());
                put64(extra, placed.local_header);
            }
            placed.directory_entry = directory.size();
            put32(directory, 0x02014b50);
            put16(directory, zip64 ? 0x032d : 0x031e);
            put16(directory, version);
            put16(directory, flags);
            put16(directory, method);
            put16(directory, 0);
            put16(directory, 0x21);
            put32(directory, crc);
            put32(directory, zip64 ? see_zip64 : static_cast<std::uint32_t>(data.size()));
            put32(directory, zip64 ? see_zip64 : static_cast<std::uint32_t>(m.content.size()));
            put16(directory, static_cast<std::uint16_t>(m.name.size()));
            put16(directory, static_cast<std::uint16_t>(extra.size()));
            put16(directory, 0);
            put16(directory, 0);
            put16(directory, 0);
            put32(directory, 0);
            put32(directory, zip64 ? see_zip64 : static_cast<std::uint32_t>(placed.local_header));
            directory += m.name;
            directory += extra;
            m_placed.push_back(placed);
        }
        m_directory_offset = out.size();
        for (auto& p : m_placed) p.directory_entry += m_directory_offset;
        out += directory;
        if (zip64) {
            m_zip64_end_record = out.size();
            put32(out, 0x06064b50);
            put64(out, 44);  // the record's size after this field
            put16(out, 0x0300 | version);
            put16(out, version);
            put32(out, 0);
            put32(out, 0);
            put64(out, m_members.size());
            put64(out, m_members.size());
            put64(out, directory.size());
            put64(out, m_directory_offset);
            put32(out, 0x07064b50);
            put32(out, 0);
            put64(out, m_zip64_end_record);
            put32(out, 1);
        }
        m_end_record = out.size();
        put32(out, 0x06054b50);
        put16(out, 0);
        put16(out, 0);
        put16(out, zip64 ? 0xffff : static_cast<std::uint16_t>(m_members.size()));
        put16(out, zip64 ? 0xffff : static_cast<std::uint16_t>(m_members.size()));
        put32(out, zip64 ? see_zip64 : static_cast<std::uint32_t>(directory.size()));
        put32(out, zip64 ? see_zip64 : static_cast<std::uint32_t>(m_directory_offset));
        put16(out, static_cast<std::uint16_t>(comment.size()));
        out += comment;
        return out;
    }

    const std::vector<Placed>& layout() const { return m_placed; }
    std::size_t directory_offset() const { return m_directory_offset; }
    std::size_t end_record() const { return m_end_record; }
    std::size_t zip64_end_record() const { return m_zip64_end_record; }

    static void put16(std::string& s, std::uint16_t v) {
        s += static_cast<char>(v & 0xff);
        s += static_cast<char>(v >> 8);
    }
    static void put32(std::string& s, std::uint32_t v) {
        put16(s, static_cast<std::uint16_t>(v & 0xffff));
        put16(s, static_cast<std::uint16_t>(v >> 16));
    }
    static void put64(std::string& s, std::uint64_t v) {
        put32(s, static_cast<std::uint32_t>(v & 0xffffffff));
        put32(s, static_cast<std::uint32_t>(v >> 32));
    }
    /// Overwrites 4 bytes at `at` with `v` (little-endian).
    static void poke32(std::string& s, std::size_t at, std::uint32_t v) {
        std::string bytes;
        put32(bytes, v);
        s.replace(at, 4, bytes);
    }

private:
    std::vector<ZipMember> m_members;
    std::vector<Placed> m_placed;
    std::size_t m_directory_offset = 0;
    std::size_t m_end_record = 0;
    std::size_t m_zip64_end_record = 0;
};

/// A small wheel of `name` (dist-info form) `version` with the given METADATA text (in the ZIP64 form when asked).
inline std::string make_test_wheel(std::string_view dist_name, std::string_view version, std::string_view metadata,
                                   bool data_descriptor = false, bool zip64 = false) {
    ZipBuilder zip;
    zip.zip64 = zip64;
    const std::string dist_info = std::string(dist_name) + "-" + std::string(version) + ".dist-info/";
    zip.add({std::string(dist_name) + "/__init__.py", std::string(3000, '#') + "\n", true, data_descriptor});
    zip.add({dist_info + "METADATA", std::string(metadata), true, false});
    zip.add({dist_info + "WHEEL", "Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n", false, false});
    zip.add({dist_info + "RECORD", "", false, false});
    return zip.build();
}

} // namespace lockkit::testing
