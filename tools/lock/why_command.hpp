#pragma once
// The `lock why P` and `lock why-not P==V` subcommands: their options, and running them.

#include "resolve_command.hpp"

#include <CLI/CLI.hpp>
#include <string>

namespace lockkit::tools {

class WhyCommands {
public:
    /// Registers `why` and `why-not` on `app`.
    void add_to(CLI::App& app);
    bool parsed() const { return (m_why && m_why->parsed()) || (m_why_not && m_why_not->parsed()); }
    /// Answers; returns the exit code (see the commands' help).
    int run() const;

private:
    int run_why() const;
    int run_why_not() const;

    CLI::App* m_why = nullptr;
    CLI::App* m_why_not = nullptr;
    std::string m_package, m_pinned, m_project, m_lock;
    IndexArguments m_indexes;
    bool m_all = false, m_json = false, m_frozen = false, m_quiet = false;
};

} // namespace lockkit::tools
