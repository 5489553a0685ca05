// Build failure reports; see include/lockkit/build/build_failure.hpp.

#include "lockkit/build/build_failure.hpp"

#include "lockkit/build/hook_runner.hpp"

#include <algorithm>
#include <optional>
#include <vector>

namespace lockkit::build {

std::string build_label(const BuildRequest& r) {
    if (!r.label.empty()) return r.label;
    if (r.is_archive && r.version) return r.name + "==" + r.version->to_string();
    std::error_code ec;
    std::string path = std::filesystem::absolute(r.path, ec).lexically_normal().generic_string();
    while (path.size() > 1 && path.ends_with('/')) path.pop_back();
    return r.name + " @ file://" + path;
}

namespace {

/// The last 10 lines of a hook failure's `[stderr]` block, last first: where uv looks for a
/// module, header or library the build missed.
std::vector<std::string_view> last_stderr_lines(std::string_view why) {
    const auto block = why.rfind("\n[stderr]\n");
    if (block == std::string_view::npos) return {};
    std::string_view err = why.substr(block + 10);
    std::vector<std::string_view> lines;
    for (std::size_t start = 0; start <= err.size();) {
        const auto end = std::min(err.find('\n', start), err.size());
        lines.push_back(err.substr(start, end - start));
        start = end + 1;
    }
    std::reverse(lines.begin(), lines.end());
    if (lines.size() > 10) lines.resize(10);
    return lines;
}

/// The module of the last `ModuleNotFoundError: No module named 'x'` among a hook failure's
/// last 10 lines of stderr, as uv looks for it; `distutils` has a hint of its own in uv.
std::optional<std::string> missing_module(std::string_view why) {
    constexpr std::string_view k_prefix = "ModuleNotFoundError: No module named ";
    for (std::string_view line : last_stderr_lines(why)) {
        while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
        if (!line.starts_with(k_prefix)) continue;
        line.remove_prefix(k_prefix.size());
        if (line.size() < 2 || (line.front() != '\'' && line.front() != '"')) continue;
        const auto close = line.find_first_of("'\"", 1);
        if (close == std::string_view::npos) continue;
        const std::string module(line.substr(1, close - 1));
        if (module == "distutils") return std::nullopt;
        return module;
    }
    return std::nullopt;
}

} // namespace

std::string failure_report(const BuildRequest& r, std::string_view detail, const std::string& why) {
    std::string out = "Failed to build `" + build_label(r) + "`\n";
    if (is_hook_failure(why)) out += "  ├─▶ The build backend returned an error\n";
    out += "  ╰─▶ ";
    std::string_view rest = why;
    while (!rest.empty() && (rest.back() == '\n' || rest.back() == '\r')) rest.remove_suffix(1);
    for (bool first = true; !rest.empty() || first; first = false) {
        const auto end = std::min(rest.find('\n'), rest.size());
        const std::string_view line = rest.substr(0, end);
        if (!first) out += line.empty() ? "\n" : "\n      ";
        out += line;
        rest.remove_prefix(end == rest.size() ? end : end + 1);
    }
    out += "\n\n  " + std::string(detail);
    // uv's hint for a module the backend could not import (it reads the last lines of the
    // output; lockkit takes the module's name for the package's, without uv's table of
    // modules whose package is named otherwise).
    if (const auto module = missing_module(why); is_hook_failure(why) && module) {
        const std::string shown = r.version ? r.name + "@" + r.version->to_string() : r.name;
        const std::string key = r.name.find('.') != std::string::npos ? "\"" + r.name + "\"" : r.name;
        return out + "\nhint: This error likely indicates that `" + shown + "` depends on `" + *module +
               "`, but doesn't declare it as a build dependency. If `" + r.name +
               "` is a first-party package, consider adding `" + *module +
               "` to its `build-system.requires`. Otherwise, either add it to your `pyproject.toml` under:\n\n"
               "[tool.uv.extra-build-dependencies]\n" + key + " = [\"" + *module + "\"]\n\nor `uv pip install " +
               *module + "` into the environment and re-run with `--no-build-isolation`.";
    }
    // uv's hint for a backend that failed, unless it saw a missing module, header or library
    // in the last lines of stderr (then uv gives a hint of its own; lockkit gives only the module's).
    if (is_hook_failure(why)) {
        constexpr std::string_view k_specific[] = {"ModuleNotFoundError: No module named", ": fatal error",
                                                   "cannot find -l", "error: invalid command 'bdist_wheel'"};
        const auto lines = last_stderr_lines(why);
        const auto specific = [&](std::string_view line) {
            return std::any_of(std::begin(k_specific), std::end(k_specific),
                               [&](std::string_view s) { return line.find(s) != std::string_view::npos; });
        };
        if (std::none_of(lines.begin(), lines.end(), specific)) {
            out += "\nhint: Build failures usually indicate a problem with the package or the build environment";
        }
    }
    return out;
}

} // namespace lockkit::build
