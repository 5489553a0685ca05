#pragma once
// What an installer left in a site-packages folder, read without judging it.
//
// Every installed distribution has one `<name>-<version>.dist-info` directory (the
// *Recording installed projects* spec, PEP 376 as amended by PEP 627) holding:
//   - METADATA: core metadata headers; `Name:` and `Version:` identify the distribution;
//   - RECORD: CSV (`"` quoting, no header) of `path,hash,size`, one row per installed file,
//     paths relative to the folder holding the .dist-info (`../../../bin/tool` for scripts,
//     absolute paths allowed), hash `<algorithm>=<urlsafe base64 of the digest, no padding>`;
//     RECORD itself and byte-compiled files have empty hash and size;
//   - INSTALLER, REQUESTED and, for non-registry installs, `direct_url.json` (PEP 610).
// Legacy `*.egg-info` (a directory with PKG-INFO, or a single PKG-INFO-format file) is
// recognised for name and version only; it has no RECORD.
//
// Parsing is lenient where the spec is (extra columns, CRLF, a missing trailing
// newline) and returns errors as strings naming the line. venv_check.hpp compares the
// result with the lock; nothing here hashes files.

#include "lockkit/install/record.hpp"

#include <cstdint>
#include <expected>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lockkit::install {

/// `Name:` and `Version:` of core metadata (METADATA or PKG-INFO); empty when absent.
struct CoreMetadata {
    std::string name;
    std::string version;
};

/// Reads the header block of a core metadata file (up to the first empty line).
CoreMetadata parse_core_metadata(std::string_view text);

/// `direct_url.json`: where a distribution that did not come from an index was installed from.
struct DirectUrl {
    enum class Kind : std::uint8_t { Archive, Directory, Vcs, Unknown };
    Kind kind = Kind::Unknown;
    std::string url;
    bool editable = false;                    ///< dir_info.editable
    std::string commit_id;                    ///< vcs_info.commit_id
    std::optional<std::string> subdirectory;  ///< top-level "subdirectory"
};

/// Parses a direct_url.json document.
std::expected<DirectUrl, std::string> parse_direct_url(std::string_view json);

/// One distribution found in a site-packages folder.
struct InstalledDistribution {
    std::string name;                     ///< normalized (PEP 503)
    std::string version;                  ///< as written in METADATA (or in the directory name)
    std::filesystem::path metadata_dir;   ///< the .dist-info / .egg-info path
    std::filesystem::path site_packages;  ///< the folder holding metadata_dir
    bool egg_info = false;                ///< legacy egg-info: no RECORD, no direct_url.json
    std::optional<DirectUrl> direct_url;  ///< parsed direct_url.json, when present and valid
    std::string problem;                  ///< why METADATA or direct_url.json could not be read; empty if fine
};

/// The distributions installed in one site-packages folder, sorted by name, then path.
/// The error says why the folder could not be listed.
std::expected<std::vector<InstalledDistribution>, std::string> scan_site_packages(const std::filesystem::path& dir);


} // namespace lockkit::install
