#pragma once
// Removing an installed distribution through its RECORD, as uv does: every row is
// joined to the site-packages folder, normalised lexically, and removed only when it
// lies inside one of the environment's scheme folders (a RECORD row such as
// `../../../../etc/passwd` is ignored, never followed). Then every folder that lost
// a file is pruned upwards while it is empty (its `__pycache__` removed first),
// stopping at site-packages.
//
// The .dist-info folder goes last, after every other file: an uninstall interrupted
// at any point leaves a RECORD naming what is left, so the next sync can finish it
// and `lock-verify --venv` reports the missing files meanwhile. A distribution
// without RECORD (an install that died before writing it, or a foreign tool) loses
// its .dist-info folder only, with a warning.

#include "lockkit/install/layout.hpp"

#include <expected>
#include <filesystem>
#include <string>
#include <vector>

namespace lockkit::install {

struct UninstallOutcome {
    std::size_t files_removed = 0;
    std::vector<std::string> warnings;  ///< rows outside the scheme, a missing RECORD
};

/// Uninstalls the distribution whose metadata folder is `dist_info` (absolute).
std::expected<UninstallOutcome, std::string> uninstall_distribution(const std::filesystem::path& dist_info,
                                                                    const Layout& layout);

} // namespace lockkit::install
