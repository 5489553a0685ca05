#pragma once
// `lock sync`: options into lockkit::install::SyncOptions, one core call, printing.

#include <CLI/CLI.hpp>

#include <memory>

namespace lock_tool {

struct SyncCommand;

/// Registers `sync` on `app`; `run` executes it after parsing when it was chosen.
class SyncFrontEnd {
public:
    explicit SyncFrontEnd(CLI::App& app);
    ~SyncFrontEnd();
    bool chosen() const;
    int run();

private:
    std::unique_ptr<SyncCommand> m_command;
};

} // namespace lock_tool
