#pragma once
// Unpacking a wheel (a zip archive) into an empty folder, refusing hostile archives
// instead of trusting them. This is the only place wheel bytes become files; it
// always writes into a fresh folder in the cache, never into an environment.
//
// libarchive reads the zip (its seekable reader: the central directory is
// authoritative, as in Python's zipfile and pip; every entry's CRC-32 is checked).
// On top of it, every entry is judged before its bytes are written:
//   - names: relative, no `..` component, no empty or control characters, no drive
//     or UNC prefix, no backslash; each name once (a duplicate is refused);
//   - types: files and folders only; a symbolic link pointing outside the archive's
//     root is refused, one pointing inside becomes a regular file holding the link's
//     text (uv never creates links from wheels either); anything else is refused;
//   - encryption: refused;
//   - size: the bytes actually written are counted, never the header's claim; the
//     total may not pass `max_total_bytes`, the entry count `max_entries`, and past
//     `ratio_floor_bytes` the total may not exceed `max_ratio` times the archive's
//     size (the zip bomb bounds; ordinary wheels expand 2-10 times).
// Only the executable bit of an entry's mode is kept (0755 or 0644).
//
// Each file is hashed (SHA-256) as it is written, so RECORD can be checked against
// what the archive really held (wheel_store.hpp).

#include <cstdint>
#include <expected>
#include <filesystem>
#include <string>
#include <vector>

namespace lockkit::install {

/// The bounds an archive must keep, and how strictly its RECORD is judged.
struct UnpackRules {
    std::uint64_t max_total_bytes = std::uint64_t{16} << 30;  ///< 16 GiB of content
    std::uint64_t max_entries = 1'000'000;
    double max_ratio = 250.0;                                 ///< content bytes per archive byte
    std::uint64_t ratio_floor_bytes = std::uint64_t{64} << 20;  ///< the ratio applies past 64 MiB
    /// Install a wheel whose RECORD states a wrong hash or size for one of its files, as
    /// uv and pip do (some published wheels have one: decord 0.6.0's top_level.txt), its
    /// RECORD kept as it is. Off: such a wheel is refused (wheel_store.hpp).
    bool accept_record_mismatch = false;
};

/// One regular file the archive held.
struct UnpackedFile {
    std::string path;         ///< '/'-separated, relative to the destination
    std::uint64_t size = 0;
    std::string record_hash;  ///< "sha256=<urlsafe base64>"
    bool executable = false;
};

/// Unpacks `archive` into `destination` (an existing empty folder). The error says what
/// was refused and names the entry; `destination` may then hold a partial tree, which
/// the caller deletes.
std::expected<std::vector<UnpackedFile>, std::string> unpack_wheel_archive(const std::filesystem::path& archive,
                                                                          const std::filesystem::path& destination,
                                                                          const UnpackRules& limits = {});

/// Why `name` is not a safe archive member name, or empty when it is.
std::string unsafe_member_name(std::string_view name);

} // namespace lockkit::install
