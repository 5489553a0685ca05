// `lock`: `lock resolve` (alias `lock lock`) writes uv.lock from pyproject.toml
// (resolve_command.cpp), `lock sync` installs uv.lock into a virtual environment
// (sync_command.cpp), `lock why` / `lock why-not` explain what uv.lock holds
// (why_command.cpp), `lock fmt` rewrites a uv.lock in uv's canonical layout, and
// `lock locks prune` removes the lock files nobody holds. `lock` alone is `lock sync`
// with its defaults: re-resolve when uv.lock is stale, then install.

#include "lockkit/fs/lock_directory.hpp"
#include "lockkit/lockfile/format.hpp"
#include "lockkit/util/atomic_file.hpp"
#include "lockkit/util/terminal_text.hpp"
#include "lockkit_config.h"
#include "resolve_command.hpp"
#include "sync_command.hpp"
#include "why_command.hpp"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <iostream>

namespace {

enum Exit { k_ok = 0, k_not_canonical = 1, k_error = 2 };

struct FmtOptions {
    std::string file = "uv.lock";
    bool check = false;
    bool to_stdout = false;
};

int run_fmt(const FmtOptions& opt) {
    // Rewriting changes the project: hold its lock from the read to the write.
    lockkit::fs::FileLock project_lock;
    if (!opt.check && !opt.to_stdout) {
        std::error_code ec;
        auto locked = lockkit::fs::lock_for_writing(std::filesystem::absolute(opt.file, ec).parent_path());
        if (!locked) {
            std::cerr << locked.error().render();
            return k_error;
        }
        project_lock = std::move(*locked);
    }
    auto text = lockkit::read_file(opt.file);
    if (!text) {
        std::cerr << "error: " << lockkit::escape_for_terminal(text.error()) << '\n';
        return k_error;
    }
    auto formatted = lockkit::lockfile::format_lock_text(*text, opt.file);
    if (!formatted) {
        std::cerr << formatted.error().render();
        return k_error;
    }
    if (opt.to_stdout) {
        std::fwrite(formatted->data(), 1, formatted->size(), stdout);
        return k_ok;
    }
    const auto diff = lockkit::lockfile::first_difference(*text, *formatted);
    if (opt.check) {
        if (diff.same) {
            return k_ok;
        }
        std::cerr << lockkit::escape_for_terminal(opt.file) << ":" << diff.line << ": not in uv's canonical layout";
        if (!diff.invisible.empty()) {
            std::cerr << ": " << diff.invisible;
        }
        std::cerr << "\n  found:    " << lockkit::escape_for_terminal(diff.actual_line) << '\n'
                  << "  expected: " << lockkit::escape_for_terminal(diff.expected_line) << '\n'
                  << "hint: run `lock fmt " << lockkit::escape_for_terminal(opt.file) << "` to rewrite it\n";
        return k_not_canonical;
    }
    if (diff.same) {
        return k_ok;
    }
    if (auto written = lockkit::write_file_atomically(opt.file, *formatted); !written) {
        std::cerr << "error: " << written.error() << '\n';
        return k_error;
    }
    std::cerr << "Reformatted " << opt.file << " (first change at line " << diff.line << ")\n";
    return k_ok;
}

int run_prune_locks() {
    const auto& locks = lockkit::fs::LockDirectory::process_wide();
    if (!locks) {
        std::cerr << locks.error().render();
        return k_error;
    }
    auto report = locks->prune();
    if (!report) {
        std::cerr << report.error().render();
        return k_error;
    }
    std::cerr << "Removed " << report->removed << " unused lock file" << (report->removed == 1 ? "" : "s") << " from "
              << locks->path().string() << " (" << report->in_use << " in use, kept)\n";
    return k_ok;
}

} // namespace

int main(int argc, char** argv) {
    CLI::App app{"lock: write uv.lock from pyproject.toml as uv does (`lock resolve`), install it into a virtual\n"
                 "environment (`lock sync`), and keep it in uv's canonical layout (`lock fmt`).\n"
                 "`lock` alone does the main job: it re-resolves uv.lock if pyproject.toml changed, then installs it\n"
                 "into .venv (the same as `lock sync` with its defaults).\n\n"
                 "Exit codes: 0 success, 1 check failed (`fmt --check` found a non-canonical file, `resolve --check` "
                 "an out-of-date lock, `sync --check` an out-of-date environment), 2 error (unreadable or invalid "
                 "input, no solution).",
                 "lock"};
    app.set_version_flag("--version", std::string("lock (lockkit) ") + LOCKKIT_VERSION);
    app.require_subcommand(0, 1);

    FmtOptions fmt;
    CLI::App* fmt_cmd = app.add_subcommand(
        "fmt", "Rewrite a uv.lock in uv's canonical layout (after a hand edit, an old uv, or CRLF line endings).\n"
               "The content is unchanged; the file is replaced atomically and only when it differs.");
    fmt_cmd->add_option("FILE", fmt.file, "the lock file to format")->capture_default_str();
    fmt_cmd->add_flag("--check", fmt.check,
                      "change nothing; exit 1 and name the first differing line if the file is not canonical");
    fmt_cmd->add_flag("--stdout", fmt.to_stdout, "print the canonical rendering to stdout and change nothing");

    CLI::App* locks_cmd = app.add_subcommand(
        "locks", "lockkit's lock files (in $LOCKKIT_LOCK_DIR, else $XDG_STATE_HOME/lockkit/locks, else "
                 "~/.local/state/lockkit/locks)");
    locks_cmd->require_subcommand(1);
    CLI::App* prune_cmd = locks_cmd->add_subcommand(
        "prune", "Remove the lock files no running command holds (safe while other lockkit commands run)");

    lockkit::tools::ResolveCommand resolve;
    resolve.add_to(app);
    lockkit::tools::WhyCommands why;
    why.add_to(app);
    lock_tool::SyncFrontEnd sync(app);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? 0 : k_error;
    }
    lockkit::fs::set_lock_reporter([](std::string_view line) { std::cerr << line << '\n'; });
    if (*fmt_cmd) {
        return run_fmt(fmt);
    }
    if (*prune_cmd) {
        return run_prune_locks();
    }
    if (resolve.parsed()) {
        return resolve.run();
    }
    if (why.parsed()) {
        return why.run();
    }
    // `sync`, or no subcommand at all: the main job.
    return sync.run();
}
