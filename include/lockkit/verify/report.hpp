#pragma once
// Rendering findings for people (one block per finding) and for machines
// (JSON, schema_version 1, documented in docs/lock-verify.md), and the exit
// code they imply: 0 clean, 1 errors (or warnings under --strict).

#include "lockkit/verify/finding.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lockkit::verify {

struct Report {
    std::string lock_path;
    std::vector<Finding> findings;
    std::size_t artifacts_checked = 0;
    /// False when the lock could not be read: the findings are its problems, and the
    /// checks that need its content did not run.
    bool lock_readable = true;
    /// `--venv`: the environment as given (empty: not checked), what was assumed about it,
    /// and how much of it was compared (see venv_check.hpp).
    struct Venv {
        std::string path;
        std::string environment;  ///< "CPython 3.12.4, linux x86_64"
        std::size_t expected = 0;
        std::size_t distributions_checked = 0;
        std::size_t files_hashed = 0;
    } venv;
    /// `--download`: how the artifacts were obtained (`requested` false: not asked).
    struct Download {
        bool requested = false;
        std::size_t downloaded = 0;
        std::size_t from_cache = 0;
        std::size_t local = 0;
        std::size_t without_hash = 0;
        std::uint64_t bytes = 0;
        std::string cache;  ///< the cache folder used
    } download;
};

std::string render_text(const Report& report);
/// "uv.lock: 2 errors, 0 warnings (3 artifacts hashed)" plus a newline; with --venv also
/// "(.venv: 5 installed distributions, 40 files hashed, CPython 3.12.4, linux x86_64)".
std::string render_summary(const Report& report);
std::string render_json(const Report& report);
/// SARIF 2.1.0: one run of tool `lock-verify`, one result per finding with ruleId, level,
/// message (with the fix) and the location uv.lock:line of the package's [[package]] header.
std::string render_sarif(const Report& report, std::string_view tool_version);
/// 0 when nothing counts as a failure, 1 otherwise.
int exit_code_for(const Report& report, bool strict);

} // namespace lockkit::verify
