#pragma once
// The core metadata inside a distribution archive: a wheel's `<name>-<version>.dist-info/METADATA`
// and an sdist's top-level `<name>-<version>/PKG-INFO`, read with libarchive from a file or
// from bytes already in memory (a downloaded archive). Only the one member is decompressed.

#include <expected>
#include <filesystem>
#include <string>
#include <string_view>

namespace lockkit::metadata {

/// The text of the `.dist-info/METADATA` of a wheel (the first `*.dist-info/METADATA` at
/// depth one). The error says what is wrong with the archive.
std::expected<std::string, std::string> read_wheel_metadata_text(const std::filesystem::path& wheel);
std::expected<std::string, std::string> read_wheel_metadata_text(std::string_view bytes);

/// The text of the top-level `PKG-INFO` of an sdist (`.tar.gz` or `.zip`).
std::expected<std::string, std::string> read_sdist_pkg_info_text(const std::filesystem::path& sdist);
std::expected<std::string, std::string> read_sdist_pkg_info_text(std::string_view bytes);

} // namespace lockkit::metadata
