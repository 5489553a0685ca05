#pragma once
// `lock-merge install`: registers the driver with git. It writes
// merge.uvlock.name and merge.uvlock.driver (the absolute path of the binary,
// so GUI clients without the shell's PATH find it) into the repository's config
// (or the global one), and the attribute line `uv.lock merge=uvlock` into the
// repository's .gitattributes (or the global attributes file) when missing.

#include <expected>
#include <filesystem>
#include <string>

namespace lockkit::merge {

inline constexpr const char* k_attribute_line = "uv.lock merge=uvlock";

struct InstallOptions {
    std::filesystem::path executable;  ///< absolute path of lock-merge
    bool global = false;
    std::filesystem::path work_dir = "."; ///< where git runs (inside the repository)
};

/// On success, a description of what was written.
std::expected<std::string, std::string> install_driver(const InstallOptions& options);

} // namespace lockkit::merge
