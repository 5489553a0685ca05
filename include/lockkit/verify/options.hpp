#pragma once
// What lock-verify is asked to check beyond the always-on offline integrity
// rules: the source policy (HTTPS only, allowed hosts, pinned git, no sdist-only
// packages, denied packages) and an optional folder of artifacts to hash.
// The program fills this from flags; nothing here reads files.

#include "lockkit/verify/finding.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lockkit::verify {

struct VerifyOptions {
    // Source policy (all off by default).
    bool https_only = false;                 ///< every remote URL must use https
    std::vector<std::string> allowed_hosts;  ///< non-empty: every remote URL's host must be listed
    bool require_pinned_git = false;         ///< git sources must name a full 40-hex commit
    bool no_sdist_only = false;              ///< registry packages must have at least one wheel
    std::vector<std::string> denied;         ///< package names (any spelling) that must not be locked
    bool require_paths_inside_repo = false;  ///< path/directory/editable sources must stay inside repo_root
    /// Directory the lock's relative paths are relative to (the lock's folder); empty = a
    /// virtual root, so only the relative paths themselves are judged.
    std::filesystem::path lock_dir;
    /// The repository root for `require_paths_inside_repo`; empty = lock_dir.
    std::filesystem::path repo_root;
    /// Every artifact with an upload-time must be at least this old (seconds).
    std::optional<std::int64_t> min_age_seconds;
    /// "Now" for min-age, as Unix seconds; empty = the system clock.
    std::optional<std::int64_t> now;

    /// Per-rule severity overrides (`--warn RULE`, `--error RULE`, [tool.lockkit.verify] warn/error).
    std::map<std::string, Severity, std::less<>> severity;

    /// Hash the files in this folder whose names appear in the lock (see artifact_check.hpp).
    std::optional<std::filesystem::path> artifacts_dir;
    /// Worker threads for hashing; 0 = std::thread::hardware_concurrency().
    unsigned jobs = 0;
};

} // namespace lockkit::verify

namespace lockkit::verify {

/// Parses a duration such as "7d", "12h", "2w", "30m", "90s" or "1d12h" into seconds.
std::optional<std::int64_t> parse_duration(std::string_view text);

/// Parses an RFC 3339 timestamp ("2024-01-15T10:30:00.123Z", "...+02:00", a bare date
/// "2024-01-15") into Unix seconds.
std::optional<std::int64_t> parse_timestamp(std::string_view text);

/// Unix seconds as "2024-01-15T10:30:00Z".
std::string format_timestamp(std::int64_t seconds);

} // namespace lockkit::verify
