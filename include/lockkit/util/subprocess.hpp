#pragma once
// Running a helper program (git) without a shell: argv is passed as is, so no
// quoting problems with paths; stdout is captured, stderr goes to ours.

#include <expected>
#include <string>
#include <vector>

namespace lockkit {

struct ProcessResult {
    int exit_code = 0;       ///< the exit status, or 128+signal
    std::string out;         ///< everything written to stdout
};

/// Runs argv[0] (searched in PATH); the error says why it could not start.
std::expected<ProcessResult, std::string> run_process(const std::vector<std::string>& argv);

} // namespace lockkit
