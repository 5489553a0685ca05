#pragma once
// Installing one unpacked wheel (wheel_store.hpp) into an environment (layout.hpp),
// as uv installs it, so the two installers' environments hold the same files with
// the same RECORD rows:
//
//   - the archive's root goes to purelib (`Root-Is-Purelib: true`) or platlib;
//   - `<name>-<version>.data/<kind>/...` goes to the scheme folder of that kind
//     (`headers/` into `include/<name>/`); a script starting with `#!python` gets the
//     environment's interpreter as its shebang, other scripts are linked (copied when
//     they lack the executable bit); a script that an entry point of the same name
//     replaces is skipped, keeping its RECORD row as uv does;
//   - every console and GUI entry point gets a launcher in `bin/`;
//   - `INSTALLER`, `REQUESTED` (always, as uv) and `direct_url.json` (non-registry
//     sources) are written into the .dist-info folder;
//   - RECORD is rewritten: moved files under their new paths, rewritten scripts with
//     their new hash and size, every written file added, rows sorted.
//
// The order protects an interrupted install (kill -9): RECORD is written first,
// then the .dist-info files, then the rest. At every moment the environment either
// lacks the distribution or has a RECORD naming every file it will have, so
// `lock-verify --venv` reports what is missing and the next sync, which finds the
// distribution without intact stamps, checks it and reinstalls it.

#include "lockkit/install/layout.hpp"
#include "lockkit/install/linker.hpp"
#include "lockkit/install/wheel_store.hpp"

#include <expected>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace lockkit::install {

struct InstallerMetadata {
    std::string installer = "lockkit";             ///< INSTALLER's content
    std::optional<std::string> direct_url_json;     ///< direct_url.json's content, if any
};

/// A file an install put in place: its path relative to the environment's root, and
/// its stamp right after.
using PlacedFile = std::pair<std::string, FileStamp>;

struct InstalledWheel {
    std::filesystem::path dist_info;  ///< absolute path of the installed .dist-info folder
    std::vector<PlacedFile> files;
};

/// Installs `wheel` (whose METADATA name, normalized, is `name`) into `layout`. The
/// error names the file that could not be placed.
std::expected<InstalledWheel, std::string> install_wheel(const StoredWheel& wheel, const std::string& name,
                                                         const Layout& layout, const InstallerMetadata& metadata,
                                                         Linker& linker);

} // namespace lockkit::install
