#pragma once
// Just enough of the zip format to take one member out of a wheel without
// reading the rest of it: from the last bytes of the file (the end of central
// directory record, ZIP64 included) to the central directory, from there to
// the member's local header, and from its compressed bytes to its content.
// That is what lets metadata come from a remote wheel in two or three HTTP
// range requests.
//
// Nothing read here is trusted: every offset and size is checked against the
// file's size and against the others (the directory lies before its end
// record, a member's data before the directory, the local header names the
// same file with the same method), and a member's content must have the
// size and CRC-32 the directory promised. A zip that lies gets an error
// saying which promise it broke, never a read outside what was given.
//
// Members may be stored, deflated or zstd-compressed (the three methods uv
// accepts in wheels); libarchive does the decompressing.

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace lockkit::index {

/// Where the central directory is, from the end of central directory record.
struct ZipDirectoryLocation {
    std::uint64_t offset = 0;
    std::uint64_t size = 0;
    std::uint64_t entries = 0;
};

/// One central directory entry.
struct ZipEntry {
    std::string name;
    std::uint16_t flags = 0;
    std::uint16_t method = 0;
    std::uint32_t crc32 = 0;
    std::uint64_t compressed_size = 0;
    std::uint64_t size = 0;
    std::uint64_t local_header_offset = 0;
};

/// Why a zip could not be read, and whether more of the file's tail would help.
struct ZipError {
    std::string message;
    /// Non-zero: the end record was not within the bytes given; this many tail bytes are needed.
    std::uint64_t need_tail = 0;
};

/// Finds the central directory from `tail`, the last bytes of a file of `file_size` bytes.
std::expected<ZipDirectoryLocation, ZipError> locate_zip_directory(std::string_view tail, std::uint64_t file_size);

/// Reads the central directory's entries from `bytes`, the directory's bytes exactly.
std::expected<std::vector<ZipEntry>, ZipError> read_zip_directory(std::string_view bytes,
                                                                  const ZipDirectoryLocation& location);

/// How many bytes from the entry's local header on hold its data, given the first
/// bytes of the local header (at least 30); an error when they are not a local header.
std::expected<std::uint64_t, ZipError> zip_member_span(std::string_view local_header, const ZipEntry& entry);

/// The content of `entry`, from `bytes` starting at its local header and holding at
/// least zip_member_span() bytes; at most `max_size` bytes once uncompressed.
std::expected<std::string, ZipError> extract_zip_member(std::string_view bytes, const ZipEntry& entry,
                                                        std::uint64_t max_size);

/// CRC-32 (the zip and gzip polynomial).
std::uint32_t crc32(std::string_view bytes, std::uint32_t crc = 0);

} // namespace lockkit::index
