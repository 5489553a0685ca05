#pragma once
// Calling a PEP 517/660 build backend's hooks. Each call starts the build
// environment's Python on a small script shipped in lockkit (hook_script.cpp),
// in the source tree, with the environment's `bin/` first on PATH and
// VIRTUAL_ENV set (as uv runs its hooks). The script imports the backend
// (`module:object`, after the `backend-path` folders), calls one hook and
// writes the answer as JSON into a file, so nothing the backend prints can be
// mistaken for it. The optional hooks fall back as PEP 517 says:
//
//   get_requires_for_build_wheel / _editable       missing: no extra requirements
//   prepare_metadata_for_build_wheel / _editable   missing: no answer (the caller
//                                                  builds the wheel and reads its
//                                                  METADATA)
//   build_wheel                                    mandatory
//   build_editable                                 missing: the backend cannot
//                                                  install editable (an error)
//
// A hook that exits with an error (it raises, its backend cannot be imported, its
// Python dies) is reported as uv reports it: "Call to `backend.hook` failed (exit
// status: N)", then the last lines the backend printed, under `[stdout]` and
// `[stderr]` (each when not empty). An answer that cannot be used names the hook
// and ends with the backend's last lines.

#include <expected>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lockkit::build {

/// The hooks lockkit calls.
enum class Hook : std::uint8_t {
    GetRequiresForBuildWheel,
    GetRequiresForBuildEditable,
    PrepareMetadataForBuildWheel,
    PrepareMetadataForBuildEditable,
    BuildWheel,
    BuildEditable,
};

/// The hook's name, as the backend spells it.
std::string_view hook_name(Hook hook);

/// Where and how a hook runs.
struct HookContext {
    std::filesystem::path python;        ///< the build environment's interpreter
    std::filesystem::path environment;   ///< the build environment's root (VIRTUAL_ENV)
    std::filesystem::path scripts;       ///< first on PATH (empty: `environment`/bin)
    std::filesystem::path source_tree;   ///< the working directory
    std::string backend;                 ///< `module:object`
    std::vector<std::filesystem::path> backend_path;
    std::filesystem::path scratch;       ///< an empty folder for the answer file
    /// Variables the hook gets on top of lockkit's environment (`extra-build-variables`); a
    /// `PATH` goes after `scripts` and before the inherited PATH, as uv puts it.
    std::map<std::string, std::string> variables;
    /// false: the environment is not the build's own (no build isolation), which the
    /// error for a missing backend says.
    bool isolated = true;
};

/// A hook call's arguments: the folder a wheel or metadata goes to (absolute), and
/// for builds the metadata folder an earlier prepare_metadata call produced.
struct HookArguments {
    std::filesystem::path output_directory;
    std::optional<std::filesystem::path> metadata_directory;
};

struct HookAnswer {
    bool provided = true;                 ///< false: an optional hook the backend lacks
    std::vector<std::string> requirements;  ///< get_requires_*
    std::string basename;                 ///< prepare_metadata_* (.dist-info) and build_* (.whl)
    std::string output;                   ///< what the backend printed (stderr, then stdout)
};

/// The script the hooks run through (the text itself; tests look at it).
std::string_view hook_script();

/// Calls `hook`; the error says what failed, with the backend's last lines of output.
std::expected<HookAnswer, std::string> call_hook(const HookContext& context, Hook hook,
                                                 const HookArguments& arguments = {});

/// Whether an error of call_hook is a hook that exited with an error ("Call to ...").
bool is_hook_failure(std::string_view message);

/// The last `max_lines` lines of a program's output, for an error message.
std::string output_tail(std::string_view output, std::size_t max_lines = 30);

/// A hook's output as uv 0.12.5 shows it when the hook fails: every line, each without the
/// carriage return that ends it, and no line after a final newline.
std::string backend_output(std::string_view output);

} // namespace lockkit::build
