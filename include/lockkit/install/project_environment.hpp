#pragma once
// The virtual environment a project syncs into, and the interpreter it runs, decided
// the way `uv sync` decides:
//
//   where    `--venv`, else $UV_PROJECT_ENVIRONMENT (relative to the project), else
//            `<project>/.venv`;
//   which    the request (`--python`, $UV_PYTHON, else `.python-version` of the project
//            or a folder above it) and the lock's `requires-python`;
//   what     an existing environment whose interpreter still runs and fits both is
//            kept; one that does not (its base interpreter was removed or upgraded, or
//            another version is asked for) is recreated from a discovered interpreter;
//            a missing environment (or an empty folder) is created. A folder that is
//            neither a virtual environment nor empty is never touched: that is an error.
//
// Deciding changes nothing on disk; `apply` creates or recreates the environment.

#include "lockkit/install/layout.hpp"
#include "lockkit/interpreter/discovery.hpp"

#include <expected>
#include <filesystem>
#include <optional>
#include <string>

namespace lockkit::install {

struct EnvironmentRequest {
    std::filesystem::path project_root;             ///< absolute
    std::optional<std::filesystem::path> venv;      ///< `--venv` or $UV_PROJECT_ENVIRONMENT
    std::string python;                             ///< the request text; empty: none given
    std::string python_origin = "--python";         ///< where `python` came from, for messages
    std::string requires_python;                    ///< the lock's
    /// Where `.python-version` may come from when `python` is empty (as uv: the project's
    /// folder, else the global pin of the user's uv folder; none under --no-config/UV_NO_CONFIG).
    std::optional<std::filesystem::path> user_config_dir;
    bool no_config = false;
    const interpreter::InterpreterCache* cache = nullptr;
    interpreter::SearchPlaces places;
};

struct EnvironmentPlan {
    enum class Action : std::uint8_t { Keep, Create, Recreate };
    Action action = Action::Keep;
    std::filesystem::path root;               ///< absolute
    interpreter::InterpreterInfo interpreter; ///< the environment's interpreter (or the base it will have)
    std::filesystem::path base_python;        ///< for Create/Recreate: the interpreter found
    std::string reason;                       ///< for Recreate: why the old one does not do
    Layout layout;
    std::vector<std::string> warnings;        ///< uv's, about `.python-version` lines it ignores
};

/// Decides; the error says why no environment can be used (no fitting interpreter, with
/// every candidate and its rejection; a folder in the way; a bad request).
std::expected<EnvironmentPlan, std::string> plan_environment(const EnvironmentRequest& request);

/// Creates or recreates the environment as planned (nothing for Keep).
std::expected<void, std::string> apply_environment_plan(const EnvironmentPlan& plan);

} // namespace lockkit::install
