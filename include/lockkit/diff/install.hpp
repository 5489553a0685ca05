#pragma once
// `lock-diff install`: makes `git diff` / `git log -p` of uv.lock readable. It
// writes diff.uvlock.textconv (the absolute path of the binary + ` --textconv`,
// so GUI clients without the shell's PATH find it) and diff.uvlock.cachetextconv
// = true into the repository's config (or the global one with --global), and
// the attribute line `uv.lock diff=uvlock` into the repository's .gitattributes
// (or the global attributes file) when no `uv.lock` line already sets
// `diff=uvlock`. Running it again changes nothing.

#include <expected>
#include <filesystem>
#include <string>

namespace lockkit::diff {

inline constexpr const char* k_diff_attribute_line = "uv.lock diff=uvlock";

struct InstallOptions {
    std::filesystem::path executable;      ///< absolute path of lock-diff
    bool global = false;
    std::filesystem::path work_dir = ".";  ///< where git runs (inside the repository)
};

/// On success, a description of what was written (or found already in place).
std::expected<std::string, std::string> install_textconv(const InstallOptions& options);

} // namespace lockkit::diff
