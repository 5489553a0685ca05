#pragma once
// A wheel's METADATA read with HTTP range requests, without downloading the wheel (uv's
// `wheel_metadata_from_remote_zip`): a wheel is a zip, whose central directory at the end of
// the file says where `<name>.dist-info/METADATA` lies. Three reads: the last 64 KiB (the end
// of central directory record, usually with the directory itself), the directory if it did
// not fit, then that one member. A deflated member is inflated by libarchive, fed as a gzip
// stream (the member's CRC and size make the gzip trailer). Zip64 archives (over 4 GiB) are
// not read this way.

#include <cstdint>
#include <expected>
#include <functional>
#include <string>
#include <string_view>

namespace lockkit::metadata {

/// Bytes [offset, offset + length) of the remote file, or why they could not be read.
using RangeReader = std::function<std::expected<std::string, std::string>(std::uint64_t offset, std::uint64_t length)>;

/// The METADATA text of the wheel of `size` bytes that `read` reads from. `tail` is its last
/// bytes, already read (at most `size`).
std::expected<std::string, std::string> read_wheel_metadata_by_ranges(std::uint64_t size, std::string_view tail,
                                                                      const RangeReader& read);

} // namespace lockkit::metadata
