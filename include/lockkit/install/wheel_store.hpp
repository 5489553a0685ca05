#pragma once
// Unpacked wheels in the lockkit cache, one folder per archive content, so a
// wheel is unpacked once and then linked into any number of environments:
//
//   unpacked-v1/sha256/ab/<64 hex of the archive>/
//       tree/      the wheel's files, exactly as the archive held them (RECORD healed)
//       stamps     "lockkit-unpacked-wheel 1", the .dist-info folder's name, then one
//                  line per file: size, mtime (ns), inode, path
//   tmp/           unpacking in progress (the same filesystem: publishing is a rename)
//
// A wheel is checked completely before it is published, and a wheel that fails is
// never published (nothing of it reaches an environment):
//   - the archive itself (wheel_archive.hpp: names, links, sizes, zip bombs);
//   - exactly one top-level `<name>-<version>.dist-info`, for the wheel's own name;
//   - WHEEL: `Wheel-Version` 1.x (uv also tolerates the ancient 0.1);
//   - METADATA: `Name` and `Version` are those of the file name (the file name may add a
//     local version label);
//   - RECORD: every row naming a file in the archive has that file's SHA-256 and size
//     (a RECORD that lies is refused, stricter than uv and pip, which never check;
//     `UnpackRules::accept_record_mismatch` installs it as they do, RECORD as it is);
//     rows for files the archive lacks are dropped and files RECORD lacks are added
//     without a hash, as uv heals it, so RECORD is exactly the files present;
//   - `.data/` holds only purelib, platlib, headers, scripts and data; no folder inside
//     `scripts/`; no script, entry point or `data/bin/` file named like the
//     environment's interpreters; entry_points.txt parses.
//
// Published trees are never modified. With hardlinks, though, an edit made in an
// environment edits the tree too. Every file's stamp (size, mtime, inode) is recorded
// at publication and handed to the installer: a hard link records it as the
// environment's stamp (the same inode, so no extra lstat), and a copy compares it with
// the file it reads. An edited tree thus shows up as a changed environment file on the
// next sync, or as a refused copy at once; either way the tree is re-hashed
// (`verify_contents`), discarded and unpacked again from the verified archive.

#include "lockkit/install/linker.hpp"
#include "lockkit/install/wheel_archive.hpp"

#include <expected>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace lockkit::install {

/// What a wheel must be, from its file name.
struct WheelIdentity {
    std::string filename;
    std::string name;     ///< normalized
    std::string version;  ///< as in the file name
};

/// The identity in a wheel file name; nullopt if it is no wheel file name.
std::optional<WheelIdentity> wheel_identity(std::string_view filename);

struct StoredWheel {
    std::filesystem::path tree;  ///< the unpacked files
    std::string dist_info;       ///< "alpha-1.0.dist-info"
    std::string sha256;          ///< of the archive: the store's key
    /// Each file's stamp when it was published (path relative to `tree`).
    std::unordered_map<std::string, FileStamp> stamps;
};

class WheelStore {
public:
    explicit WheelStore(std::filesystem::path root) : m_root(std::move(root)) {}

    const std::filesystem::path& root() const { return m_root; }
    std::filesystem::path entry_path(std::string_view sha256_hex) const;

    /// The unpacked wheel for this archive hash, if it is stored (its stamps file read,
    /// its files not looked at).
    std::optional<StoredWheel> find(std::string_view sha256_hex) const;

    /// Unpacks and checks `archive` (whose content hashes to `sha256_hex`) and publishes
    /// it. The error says why the wheel was refused.
    std::expected<StoredWheel, std::string> unpack(const std::filesystem::path& archive, std::string_view sha256_hex,
                                                   const WheelIdentity& identity,
                                                   const UnpackRules& limits = {}) const;

    /// Re-hashes a stored tree's files against its RECORD (slow; for repairs). Deletes
    /// the tree and returns false when one differs.
    bool verify_contents(std::string_view sha256_hex) const;

    /// Deletes a stored tree; false if there was none.
    bool remove(std::string_view sha256_hex) const;

private:
    std::filesystem::path m_root;
};

} // namespace lockkit::install
