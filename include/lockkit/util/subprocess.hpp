#pragma once
// Running a helper program (git, a Python interpreter) without a shell: argv is
// passed as is, so no quoting problems with paths; stdout is captured, and
// stderr either goes to ours or is captured too (for a program whose complaints
// belong in our error message rather than on the user's terminal).

#include <expected>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace lockkit {

struct ProcessResult {
    int exit_code = 0;       ///< the exit status, or 128+signal
    std::string out;         ///< everything written to stdout
    std::string err;         ///< everything written to stderr, when captured
};

struct ProcessOptions {
    bool capture_stderr = false;  ///< collect stderr in `err` instead of passing it through
    /// The child's working directory; none: ours.
    std::optional<std::filesystem::path> working_directory{};
    /// Changes to the child's environment: a value sets the variable, nullopt removes it.
    std::map<std::string, std::optional<std::string>> environment{};
    /// Give the child /dev/null as stdin (a build backend must not wait for a terminal).
    bool null_stdin = false;
};

/// Runs argv[0] (searched in PATH); the error says why it could not start.
std::expected<ProcessResult, std::string> run_process(const std::vector<std::string>& argv,
                                                      const ProcessOptions& options = {});

} // namespace lockkit
