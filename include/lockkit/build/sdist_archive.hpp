#pragma once
// Unpacking a source distribution (`.tar.gz`, `.zip`, and the older `.tar.bz2`,
// `.tar.xz`, `.tgz`) into a folder for its build. A source distribution holds
// one top folder (`<name>-<version>/`); that folder is the source tree.
//
// An archive built to escape is refused before any byte leaves the folder: an
// absolute path, a `..` component, a symbolic link that points outside the
// tree, device files, a second top folder; so is one larger than `max_bytes`
// when unpacked.

#include <cstdint>
#include <expected>
#include <filesystem>
#include <string>

namespace lockkit::build {

/// Unpacks `archive` into `destination` (an empty folder) and returns the source tree.
std::expected<std::filesystem::path, std::string> unpack_sdist(const std::filesystem::path& archive,
                                                               const std::filesystem::path& destination,
                                                               std::uint64_t max_bytes = std::uint64_t{8} << 30);

} // namespace lockkit::build
