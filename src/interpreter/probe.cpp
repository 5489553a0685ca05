#include "lockkit/interpreter/probe.hpp"

#include "lockkit/util/subprocess.hpp"

namespace lockkit::interpreter {

namespace {

/// The last lines of a program's complaint, for an error message.
std::string tail_of(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) {
        text.pop_back();
    }
    constexpr std::size_t k_max = 600;
    if (text.size() > k_max) {
        text = "..." + text.substr(text.size() - k_max);
    }
    return text;
}

std::string cannot_query(const std::filesystem::path& python, const std::string& why) {
    return "cannot query the Python interpreter `" + python.string() + "`: " + why;
}

/// Whether the interpreter's own executable is the file asked about (not a launcher).
bool runs_itself(const std::filesystem::path& python, const std::string& executable) {
    std::error_code a;
    std::error_code b;
    const auto asked = std::filesystem::canonical(python, a);
    const auto ran = std::filesystem::canonical(executable, b);
    return !a && !b && asked == ran;
}

} // namespace

std::expected<ProbeOutcome, std::string> probe_interpreter(const std::filesystem::path& python,
                                                           const InterpreterCache* cache) {
    std::optional<InterpreterStamp> stamp;
    if (cache != nullptr && python.has_parent_path()) {
        if (auto s = InterpreterStamp::of(python)) {
            stamp = std::move(*s);
            if (const auto cached = cache->find(*stamp)) {
                if (auto info = parse_interpreter_info(*cached)) {
                    return ProbeOutcome{std::move(*info), true};
                }
            }
        }
    }
    ProcessOptions options;
    options.capture_stderr = true;
    const auto result = run_process({python.string(), "-I", "-B", "-c", std::string(probe_script())}, options);
    if (!result) {
        return std::unexpected(cannot_query(python, "it does not exist or cannot be run"));
    }
    if (result->exit_code != 0) {
        std::string why = "it exited with status " + std::to_string(result->exit_code);
        if (!result->err.empty()) {
            why += ": " + tail_of(result->err);
        }
        if (result->err.find("Unknown option: -I") != std::string::npos) {
            why += "\nhint: lockkit needs Python 3.6 or later";
        }
        return std::unexpected(cannot_query(python, why));
    }
    auto info = parse_interpreter_info(result->out);
    if (!info) {
        std::string why = info.error();
        if (info.error().find("older than") != std::string::npos) {
            why += "\nhint: lockkit needs Python 3.6 or later";
        }
        return std::unexpected(cannot_query(python, why));
    }
    // A launcher (pyenv shim) may run another interpreter tomorrow: its answer is not cached.
    if (stamp && runs_itself(python, info->executable)) {
        (void)cache->store(*stamp, result->out);  // a cache that cannot be written only costs time
    }
    return ProbeOutcome{std::move(*info), false};
}

} // namespace lockkit::interpreter
