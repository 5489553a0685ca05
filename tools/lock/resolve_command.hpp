#pragma once
// The `lock resolve` subcommand: its options, and running it.

#include "lockkit/project/lock_project.hpp"

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

namespace lockkit::tools {

/// Where packages come from, as `lock resolve` and `lock why-not` take it on the command line.
struct IndexArguments {
    std::string default_index, index_url, config_file, cache_dir;
    std::vector<std::string> index, extra_index_url, find_links;
    bool no_index = false, offline = false, no_config = false;

    /// Registers `--index`, `--default-index`, `-i`, `--extra-index-url`, `-f`, `--no-index`,
    /// `--offline`, `--no-config`, `--config-file` and `--cache-dir` on `cmd`.
    void add_to(CLI::App& cmd);
    /// Copies them into the project options (settings layer, cache, config).
    void apply(project::LockProjectOptions& options) const;
};

/// uv's build isolation options, as `lock resolve` and `lock sync` take them.
struct BuildIsolationArguments {
    int no_build_isolation = 0;  ///< 1: --no-build-isolation, -1: --build-isolation (the last given), 0: neither
    std::vector<std::string> no_build_isolation_package;

    /// Registers `--no-build-isolation`, `--build-isolation` and `--no-build-isolation-package` on `cmd`.
    void add_to(CLI::App& cmd);
    /// Copies them into the command line's settings layer.
    void apply(pyproject::SettingsLayer& command_line) const;
};

/// uv's lock flags: `--locked` and `--frozen` (`lock sync`), `--check`, `--locked` and
/// `--check-exists` alias `--frozen` (`lock resolve`), with UV_LOCKED and UV_FROZEN.
struct LockCheckArguments {
    pyproject::LockCheckFlags flags;
    /// The flags' names, in the order given (uv names the first in a conflict); `lock sync` adds
    /// `--no-sources`, which its `--frozen` excludes, and `lock resolve` adds `--upgrade`, which
    /// excludes `--check` and `--locked`.
    std::vector<std::string> given;

    /// Registers them on `cmd`; `resolve` adds `--check` and names `--frozen` `--check-exists`, as `uv lock` does.
    void add_to(CLI::App& cmd, bool resolve);
    /// uv's refusal of two of them given together ("the argument '--frozen' cannot be used with
    /// '--locked'"), or nothing.
    std::optional<std::string> conflict() const;
};


class ResolveCommand {
public:
    /// Registers `resolve` (alias `lock`) and its options on `app`.
    void add_to(CLI::App& app);
    bool parsed() const { return m_cmd != nullptr && m_cmd->parsed(); }
    /// Locks the project; returns the exit code (0 ok, 1 `--check` says out of date, 2 error).
    int run() const;

private:
    CLI::App* m_cmd = nullptr;
    std::string m_project, m_resolution, m_prerelease, m_exclude_newer, m_python;
    std::vector<std::string> m_upgrade_package, m_exclude_newer_package;
    IndexArguments m_indexes;
    BuildIsolationArguments m_isolation;
    LockCheckArguments m_lock_check;
    bool m_upgrade = false, m_refresh = false, m_quiet = false, m_no_sources = false;
};

} // namespace lockkit::tools
