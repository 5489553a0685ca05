#pragma once
// One lock-verify run, as the program performs it, callable from a test: find
// the repository and the project around the lock, apply the pyproject.toml
// policy, read the lock, and run every check asked for (offline rules,
// staleness, --artifacts, --download, --venv) into one Report.
//
// A lock that cannot be read is a result, not an error: its problems are
// findings (check_structure) and the checks that need the lock's model do not
// run (Report::lock_readable is false). The error side is for failures of the
// run itself: a lock file or pyproject.toml that cannot be read, a policy
// that is invalid, a workspace that cannot be read, no cache folder.

#include "lockkit/verify/download_check.hpp"
#include "lockkit/verify/options.hpp"
#include "lockkit/verify/report.hpp"
#include "lockkit/verify/venv_check.hpp"

#include <expected>
#include <filesystem>
#include <string>

namespace lockkit::verify {

struct RunOptions {
    std::filesystem::path lock_path = "uv.lock";
    /// The [tool.lockkit.verify] policy file; empty = pyproject.toml beside the lock, if any.
    std::filesystem::path pyproject;
    /// Staleness against the workspace: when a pyproject.toml sits beside the lock
    /// (Auto), demanded (Required: none is an error), or not at all (Off).
    enum class Staleness : std::uint8_t { Auto, Required, Off } staleness = Staleness::Auto;
    /// Hash the artifacts in this folder (check_artifacts); empty = do not.
    std::filesystem::path artifacts;
    /// Download and hash artifacts (check_downloads); `download.lock_dir` is filled in.
    bool download = false;
    DownloadCheckOptions download_options;
    /// The artifact cache for `download`; empty = fetch::ArtifactCache::default_root().
    std::filesystem::path cache_dir;
    /// Compare this virtual environment with the lock (check_venv); empty = do not.
    std::filesystem::path venv;
    VenvCheckOptions venv_check;
    /// Policy and severities; `lock_dir` and `repo_root` are filled in from `lock_path`.
    VerifyOptions verify;
};

/// Runs the checks. The error is the text for stderr (one or more `error:` lines).
std::expected<Report, std::string> run(RunOptions options);

} // namespace lockkit::verify
