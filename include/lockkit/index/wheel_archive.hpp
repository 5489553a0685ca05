#pragma once
// A wheel's METADATA read out of its zip, wherever the bytes are: a file on
// disk, a whole download in memory, a remote file read with HTTP ranges, or
// a download as it streams in.
//
// Which member is METADATA follows uv (and pip): exactly one top-level
// `<dist-info>/METADATA` whose `<dist-info>` folder ends in `.dist-info`, and
// whose name, normalized as a dist-info name, starts with the project's name.
//
// Reading by ranges asks for as little as possible: the last 16 KiB (the end
// record and, for most wheels, the whole central directory), then the
// directory if it is larger, then METADATA's local header and data (no request
// when they were already in the tail). Reading a stream follows the local
// headers in order and stops as soon as METADATA is in; when an entry before it
// hides its size (a data descriptor), the rest is kept and read through the
// central directory at the end.

#include "lockkit/index/zip_directory.hpp"

#include <cstdint>
#include <expected>
#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace lockkit::index {

/// The largest METADATA read (descriptions make some a few MB; 64 MiB is a zip bomb).
inline constexpr std::uint64_t k_max_metadata_size = std::uint64_t{64} << 20;

/// Why METADATA could not be read.
struct WheelReadError {
    std::string message;
    /// The byte source failed, not the zip (a range the server would not serve): the
    /// caller may fall back to reading the whole file.
    bool source_failed = false;
};

/// The METADATA entry among `entries` of a wheel of `project` (normalized).
std::expected<const ZipEntry*, std::string> find_metadata_entry(std::span<const ZipEntry> entries,
                                                                std::string_view project);

/// Bytes [offset, offset + length) of the file, or why not.
using ReadRange = std::function<std::expected<std::string, WheelReadError>(std::uint64_t offset, std::uint64_t length)>;

/// METADATA of a wheel of `file_size` bytes whose bytes `read` serves.
std::expected<std::string, WheelReadError> read_wheel_metadata(std::uint64_t file_size, const ReadRange& read,
                                                               std::string_view project);

/// METADATA of a wheel held in memory.
std::expected<std::string, WheelReadError> read_wheel_metadata(std::string_view wheel, std::string_view project);

/// METADATA of a wheel on disk (only its tail, directory and METADATA are read).
std::expected<std::string, WheelReadError> read_wheel_metadata_file(const std::filesystem::path& path,
                                                                    std::string_view project);

/// Follows a wheel's local headers as its bytes arrive, until METADATA is read.
class WheelStreamReader {
public:
    explicit WheelStreamReader(std::string project) : m_project(std::move(project)) {}

    /// Takes the next bytes; false once nothing more is needed (METADATA found, or an error).
    bool feed(std::string_view bytes);
    /// After the last bytes (or once feed returned false): METADATA, or why not.
    std::expected<std::string, WheelReadError> finish();
    /// Starts over (the download is being retried).
    void reset();

private:
    bool scan();

    std::string m_project;
    std::string m_pending;          ///< bytes not yet consumed (everything from m_kept_from when keeping)
    std::uint64_t m_offset = 0;     ///< file offset of m_pending's first byte
    std::uint64_t m_skip = 0;       ///< bytes of the current member still to skip
    bool m_keep_all = false;        ///< a data descriptor was seen: keep the rest for the directory
    std::optional<std::expected<std::string, WheelReadError>> m_result;
};

} // namespace lockkit::index
