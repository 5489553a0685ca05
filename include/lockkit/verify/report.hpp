#pragma once
// Rendering findings for people (one block per finding) and for machines
// (JSON, schema_version 1, documented in docs/lock-verify.md), and the exit
// code they imply: 0 clean, 1 errors (or warnings under --strict).

#include "lockkit/verify/finding.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace lockkit::verify {

struct Report {
    std::string lock_path;
    std::vector<Finding> findings;
    std::size_t artifacts_checked = 0;
};

std::string render_text(const Report& report);
/// "uv.lock: 2 errors, 0 warnings (3 artifacts hashed)" plus a newline.
std::string render_summary(const Report& report);
std::string render_json(const Report& report);
/// SARIF 2.1.0: one run of tool `lock-verify`, one result per finding with ruleId, level,
/// message (with the fix) and the location uv.lock:line of the package's [[package]] header.
std::string render_sarif(const Report& report, std::string_view tool_version);
/// 0 when nothing counts as a failure, 1 otherwise.
int exit_code_for(const Report& report, bool strict);

} // namespace lockkit::verify
