#pragma once
// The `lock resolve` subcommand: its options, and running it.

#include "lockkit/project/lock_project.hpp"

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace lockkit::tools {

class ResolveCommand {
public:
    /// Registers `resolve` (alias `lock`) and its options on `app`.
    void add_to(CLI::App& app);
    bool parsed() const { return m_cmd != nullptr && m_cmd->parsed(); }
    /// Locks the project; returns the exit code (0 ok, 1 `--check` says out of date, 2 error).
    int run() const;

private:
    CLI::App* m_cmd = nullptr;
    std::string m_project, m_resolution, m_prerelease, m_exclude_newer, m_default_index, m_index_url, m_config_file,
        m_cache_dir;
    std::vector<std::string> m_upgrade_package, m_index, m_extra_index_url, m_find_links;
    bool m_check = false, m_upgrade = false, m_no_index = false, m_offline = false, m_refresh = false,
         m_no_config = false, m_quiet = false;
};

} // namespace lockkit::tools
