#pragma once
// `lock-merge install`: registers the driver with git. It writes
// merge.uvlock.name and merge.uvlock.driver (an absolute path, so that GUI
// clients without the shell's PATH find it; the path the program was invoked
// as, so that a tool manager's upgrade keeps it valid: see
// lockkit/util/program_path.hpp) into the repository's config
// (or the global one), and the attribute line `uv.lock merge=uvlock` into the
// repository's .gitattributes (or .git/info/attributes with `local_attributes`,
// or the global attributes file) when missing. `lock-merge doctor` checks it all.

#include <expected>
#include <filesystem>
#include <string>
#include <vector>

namespace lockkit::merge {

inline constexpr const char* k_attribute_line = "uv.lock merge=uvlock";

struct InstallOptions {
    std::filesystem::path executable;  ///< absolute path git should run (lockkit::invoked_program_path)
    bool global = false;
    /// Write the attribute line into $GIT_DIR/info/attributes (not versioned)
    /// instead of .gitattributes.
    bool local_attributes = false;
    std::filesystem::path work_dir = "."; ///< where git runs (inside the repository)
};

/// One check of `lock-merge doctor`.
struct DoctorCheck {
    bool ok = false;
    bool warning_only = false;  ///< not ok, but the driver still works
    std::string what;           ///< "merge.uvlock.driver is set", ...
    std::string detail;         ///< what was found / what is wrong
    std::string fix;            ///< how to fix it (empty when ok)
};

struct DoctorReport {
    std::vector<DoctorCheck> checks;
    bool ok() const {
        for (const auto& c : checks) {
            if (!c.ok && !c.warning_only) return false;
        }
        return true;
    }
    std::string render() const;
};

/// Checks the set-up in the repository at `options.work_dir`: the driver
/// command (set, absolute program path, executable, `%O %A %B %P` arguments),
/// and the `merge=uvlock` attribute of every tracked uv.lock (`git check-attr`).
DoctorReport doctor(const InstallOptions& options);

/// On success, a description of what was written.
std::expected<std::string, std::string> install_driver(const InstallOptions& options);

} // namespace lockkit::merge
