#pragma once
// What lock-verify is asked to check beyond the always-on offline integrity
// rules: the source policy (HTTPS only, allowed hosts, pinned git, no sdist-only
// packages, denied packages) and an optional folder of artifacts to hash.
// The program fills this from flags; nothing here reads files.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace lockkit::verify {

struct VerifyOptions {
    // Source policy (all off by default).
    bool https_only = false;                 ///< every remote URL must use https
    std::vector<std::string> allowed_hosts;  ///< non-empty: every remote URL's host must be listed
    bool require_pinned_git = false;         ///< git sources must name a full 40-hex commit
    bool no_sdist_only = false;              ///< registry packages must have at least one wheel
    std::vector<std::string> denied;         ///< package names (any spelling) that must not be locked

    /// Hash the files in this folder whose names appear in the lock (see artifact_check.hpp).
    std::optional<std::filesystem::path> artifacts_dir;
    /// Worker threads for hashing; 0 = std::thread::hardware_concurrency().
    unsigned jobs = 0;
};

} // namespace lockkit::verify
