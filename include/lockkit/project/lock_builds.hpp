#pragma once
// The PEP 517 builds `lock resolve` runs when a source's metadata is not static (a member
// with a dynamic version, an sdist without static PKG-INFO), as `uv lock` runs them.
//
// A universal lock needs no interpreter, so none is looked for until a build is asked for.
// Then one is found as uv finds it: the project's virtual environment (`.venv`, or
// $UV_PROJECT_ENVIRONMENT) when its interpreter fits the request and the workspace's
// `requires-python`, as `uv lock` prefers it; else `--python` (or $UV_PYTHON), else the
// `.python-version` of the workspace root (not of a folder above it), else the user's global
// one, narrowed by the workspace's `requires-python` (interpreter/discovery.hpp). Build
// requirements come from the project's own indexes, read by a registry client of their own;
// builds without isolation run in the found interpreter's own environment.

#include <lockkit/build/lazy_builder.hpp>
#include <lockkit/index/registry_client.hpp>
#include <lockkit/interpreter/interpreter_info.hpp>

#include <filesystem>
#include <expected>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace lockkit::project {

struct LockBuildSettings {
    std::filesystem::path root;          ///< the workspace root
    std::filesystem::path project_dir;   ///< where `.python-version` is first looked for (empty: the root)
    std::string python;                  ///< the interpreter request; empty: `.python-version` or any
    std::string python_origin = "--python";
    std::string requires_python;         ///< the workspace's (empty: none)
    bool no_config = false;              ///< --no-config / UV_NO_CONFIG: `.python-version` is not read, as in uv
    std::optional<std::filesystem::path> user_config_dir;  ///< holds the global `.python-version`
    index::RegistryOptions registry;     ///< where build requirements come from (its builder is ignored)
    /// Build isolation, extra build dependencies and variables; builds without isolation run
    /// in the found interpreter's own environment, as `uv lock` runs them.
    build::PackageBuildOptions build_options;
    std::filesystem::path cache_root;    ///< the lockkit cache (builds, interpreters)
    /// $UV_PROJECT_ENVIRONMENT (relative: to the root); none: `<root>/.venv`.
    std::optional<std::filesystem::path> project_environment;
    /// Gets uv's warnings about `.python-version` lines it ignores, once (maybe from a build's thread).
    std::function<void(const std::string&)> on_warning;
};

/// The interpreter of one `lock resolve` run, as `uv lock` finds it: `--python` (or $UV_PYTHON),
/// else the nearest `.python-version` from `project_dir` up to the workspace root, or the user's
/// global one (unless `no_config`), else any, within `settings.requires_python`
/// (interpreter/discovery.hpp). uv looks for it once per command, so it is looked for once, on
/// first use, and the answer (or the failure) kept: the request check, the messages that name
/// the active interpreter and the builds share it, and a `.python-version` warning is given
/// once. Safe to use from several threads (builds ask from theirs).
class LockInterpreter {
public:
    explicit LockInterpreter(LockBuildSettings settings);
    ~LockInterpreter();
    LockInterpreter(const LockInterpreter&) = delete;
    LockInterpreter& operator=(const LockInterpreter&) = delete;

    /// The interpreter; a failure to find one starts with `why`.
    std::expected<interpreter::InterpreterInfo, std::string> find(std::string_view why) const;
    const LockBuildSettings& settings() const { return m_settings; }

private:
    struct Lookup;
    const Lookup& lookup() const;

    LockBuildSettings m_settings;
    mutable std::mutex m_mutex;
    mutable std::unique_ptr<Lookup> m_lookup;  ///< set on first use, then never changed
};

/// An interpreter asked for by name (`--python`, $UV_PYTHON) must exist and fit the workspace's
/// requires-python even when nothing is built: `uv lock` finds and checks one on every run, and
/// fails on a request outside requires-python. Without a request nothing is looked for.
std::expected<void, std::string> check_requested_interpreter(const LockInterpreter& interpreter);

/// A builder that takes the run's interpreter on the first build (build/lazy_builder.hpp).
std::shared_ptr<build::LazySourceBuilder> lock_source_builder(std::shared_ptr<const LockInterpreter> interpreter);

} // namespace lockkit::project
