#pragma once
// Streaming SHA-256 of a file with OpenSSL's EVP interface: the file is read
// in fixed-size blocks, so memory stays constant whatever the file size.

#include <expected>
#include <filesystem>
#include <string>
#include <string_view>

namespace lockkit::verify {

/// Lower-case hex SHA-256 of the file's bytes; the error names the file and the reason.
std::expected<std::string, std::string> sha256_file(const std::filesystem::path& path);

/// Lower-case hex SHA-256 of a byte string (for tests and small inputs).
std::string sha256_hex(std::string_view bytes);

} // namespace lockkit::verify
