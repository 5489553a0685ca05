// Calling backend hooks; see include/lockkit/build/hook_runner.hpp.

#include "lockkit/build/hook_runner.hpp"

#include "lockkit/util/atomic_file.hpp"
#include "lockkit/util/subprocess.hpp"

#include <nlohmann/json.hpp>

#include <cstdlib>

namespace lockkit::build {

namespace {

/// Variables a backend must not see: uv's own and tokens for package hosts (as uv removes them).
constexpr const char* k_removed[] = {"PYX_API_KEY", "UV_API_KEY", "PYX_AUTH_TOKEN", "UV_AUTH_TOKEN",
                                     "PYTHONHOME", "PYTHONPATH", "__PYVENV_LAUNCHER__"};

std::string search_path(const HookContext& context) {
    std::string path = (context.scripts.empty() ? context.environment / "bin" : context.scripts).string();
    if (const auto user = context.variables.find("PATH"); user != context.variables.end() && !user->second.empty()) {
        path += ":" + user->second;
    }
    if (const char* inherited = std::getenv("PATH"); inherited != nullptr && *inherited != '\0') {
        path += ":" + std::string(inherited);
    }
    return path;
}

} // namespace

std::string_view hook_name(Hook hook) {
    switch (hook) {
    case Hook::GetRequiresForBuildWheel:
        return "get_requires_for_build_wheel";
    case Hook::GetRequiresForBuildEditable:
        return "get_requires_for_build_editable";
    case Hook::PrepareMetadataForBuildWheel:
        return "prepare_metadata_for_build_wheel";
    case Hook::PrepareMetadataForBuildEditable:
        return "prepare_metadata_for_build_editable";
    case Hook::BuildWheel:
        return "build_wheel";
    case Hook::BuildEditable:
        return "build_editable";
    }
    return "?";
}

bool is_hook_failure(std::string_view message) {
    return message.starts_with("Call to `");
}

std::string output_tail(std::string_view output, std::size_t max_lines) {
    while (!output.empty() && (output.back() == '\n' || output.back() == '\r')) {
        output.remove_suffix(1);
    }
    std::size_t start = output.size();
    for (std::size_t lines = 0; start > 0 && lines < max_lines;) {
        --start;
        if (output[start] == '\n' && ++lines == max_lines) {
            ++start;
            break;
        }
    }
    constexpr std::size_t k_max_bytes = 4000;
    if (output.size() - start > k_max_bytes) start = output.size() - k_max_bytes;
    std::string out = start > 0 ? "[...]\n" : "";
    out += output.substr(start);
    return out;
}

std::string backend_output(std::string_view output) {
    std::string out;
    out.reserve(output.size());
    while (!output.empty()) {
        const auto end = output.find('\n');
        std::string_view line = output.substr(0, end);
        if (line.ends_with('\r')) line.remove_suffix(1);
        out += line;
        if (end == std::string_view::npos) break;
        output.remove_prefix(end + 1);
        if (!output.empty()) out += '\n';
    }
    return out;
}

std::expected<HookAnswer, std::string> call_hook(const HookContext& context, Hook hook, const HookArguments& arguments) {
    const std::string name(hook_name(hook));
    const auto answer_file = context.scratch / (name + ".json");
    std::error_code ec;
    std::filesystem::remove(answer_file, ec);
    nlohmann::json request;
    request["backend"] = context.backend;
    request["backend_path"] = nlohmann::json::array();
    for (const auto& p : context.backend_path) request["backend_path"].push_back(p.string());
    request["hook"] = name;
    request["output_directory"] = arguments.output_directory.string();
    request["metadata_directory"] =
        arguments.metadata_directory ? nlohmann::json(arguments.metadata_directory->string()) : nlohmann::json();
    request["answer"] = answer_file.string();

    ProcessOptions options;
    options.capture_stderr = true;
    options.null_stdin = true;
    options.working_directory = context.source_tree;
    for (const char* variable : k_removed) options.environment[variable] = std::nullopt;
    for (const auto& [variable, value] : context.variables) options.environment[variable] = value;
    options.environment["PATH"] = search_path(context);
    options.environment["VIRTUAL_ENV"] = context.environment.string();
    options.environment["PYTHONIOENCODING"] = "utf-8:backslashreplace";
    if (!context.variables.contains("PYTHONDONTWRITEBYTECODE")) options.environment["PYTHONDONTWRITEBYTECODE"] = std::nullopt;

    const std::string what = "`" + context.backend + "." + name + "`";
    const auto ran = run_process({context.python.string(), "-c", std::string(hook_script()), request.dump()}, options);
    if (!ran) {
        return std::unexpected("cannot call " + what + ": " + ran.error());
    }
    HookAnswer answer;
    answer.output = ran->err;
    if (!ran->out.empty()) {
        answer.output += (answer.output.empty() || answer.output.ends_with('\n') ? "" : "\n") + ran->out;
    }
    const auto failed = [&](const std::string& why) -> std::unexpected<std::string> {
        std::string message = "the build backend's " + what + " " + why;
        const std::string tail = output_tail(ran->err.empty() ? ran->out : ran->err);
        if (!tail.empty()) {
            message += "\n--- backend output (last lines) ---\n" + tail + "\n---";
        }
        return std::unexpected(message);
    };
    if (ran->exit_code != 0) {
        // uv's report of the call, then what lockkit knows of a backend that is not there.
        // uv names a failed get_requires_for_build_X by the build it serves, `build_X`.
        const std::string_view requires_prefix = "get_requires_for_";
        const std::string reported = name.starts_with(requires_prefix)
                                         ? "`" + context.backend + "." + std::string(name.substr(requires_prefix.size())) + "`"
                                         : what;
        std::string message = "Call to " + reported + " failed (exit status: " + std::to_string(ran->exit_code) + ")";
        const auto has_text = [](const std::string& s) { return s.find_first_not_of(" \t\r\n") != std::string::npos; };
        // The whole output, as uv gives it: the cause is often far from the last lines.
        if (has_text(ran->out)) message += "\n\n[stdout]\n" + backend_output(ran->out);
        if (has_text(ran->err)) message += "\n\n[stderr]\n" + backend_output(ran->err);
        if (ran->err.find("lockkit-hook: the build backend `") != std::string::npos &&
            ran->err.find("` is not installed (") != std::string::npos) {
            message += context.isolated ? "\n\nthe build backend `" + context.backend +
                                              "` is not installed in the build environment"
                                        : "\n\nthe build backend `" + context.backend + "` is not installed in `" +
                                              context.environment.string() +
                                              "`, where builds without isolation run (no-build-isolation)";
        }
        return std::unexpected(message);
    }
    auto text = read_file(answer_file);
    if (!text) {
        return failed("ended without an answer");
    }
    nlohmann::json parsed;
    try {
        parsed = nlohmann::json::parse(*text);
    } catch (const nlohmann::json::exception&) {
        return failed("gave an answer lockkit cannot read");
    }
    answer.provided = parsed.value("provided", false);
    const auto& value = parsed["value"];
    if (!answer.provided) {
        return answer;
    }
    switch (hook) {
    case Hook::GetRequiresForBuildWheel:
    case Hook::GetRequiresForBuildEditable:
        if (!value.is_array()) return failed("returned something that is not a list of requirements");
        for (const auto& r : value) {
            if (!r.is_string()) return failed("returned something that is not a list of requirements");
            answer.requirements.push_back(r.get<std::string>());
        }
        break;
    default:
        if (!value.is_string() || value.get<std::string>().empty()) {
            return failed("returned no file name");
        }
        answer.basename = value.get<std::string>();
        // The name is joined to our folder: it must not lead out of it.
        if (answer.basename.find('/') != std::string::npos || answer.basename == "." || answer.basename == "..") {
            return failed("returned `" + answer.basename + "`, which is not a plain file name");
        }
        break;
    }
    return answer;
}

} // namespace lockkit::build
