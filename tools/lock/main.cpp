// `lock`: `lock sync` installs uv.lock into a virtual environment (sync_command.cpp),
// `lock fmt` rewrites a uv.lock in uv's canonical layout; `lock lock` (resolving
// pyproject.toml into uv.lock) is not built yet.

#include "lockkit/lockfile/format.hpp"
#include "lockkit/util/atomic_file.hpp"
#include "lockkit_config.h"
#include "sync_command.hpp"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>

namespace {

enum Exit { k_ok = 0, k_not_canonical = 1, k_error = 2 };

struct FmtOptions {
    std::string file = "uv.lock";
    bool check = false;
    bool to_stdout = false;
};

int run_fmt(const FmtOptions& opt) {
    auto text = lockkit::read_file(opt.file);
    if (!text) {
        std::cerr << "error: " << text.error() << '\n';
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
        std::cerr << opt.file << ":" << diff.line << ": not in uv's canonical layout\n"
                  << "  found:    " << diff.actual_line << '\n'
                  << "  expected: " << diff.expected_line << '\n'
                  << "hint: run `lock fmt " << opt.file << "` to rewrite it\n";
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

} // namespace

int main(int argc, char** argv) {
    CLI::App app{"lock: resolve pyproject.toml into uv.lock, install it, and keep it canonical.\n\n"
                 "Exit codes: 0 success, 1 check failed (`fmt --check` found a non-canonical file, `sync --check` "
                 "an out-of-date environment), 2 error (unreadable or invalid input, not implemented).",
                 "lock"};
    app.set_version_flag("--version", std::string("lock (lockkit) ") + LOCKKIT_VERSION);
    app.require_subcommand(1);

    FmtOptions fmt;
    CLI::App* fmt_cmd = app.add_subcommand(
        "fmt", "Rewrite a uv.lock in uv's canonical layout (after a hand edit, an old uv, or CRLF line endings).\n"
               "The content is unchanged; the file is replaced atomically and only when it differs.");
    fmt_cmd->add_option("FILE", fmt.file, "the lock file to format")->capture_default_str();
    fmt_cmd->add_flag("--check", fmt.check,
                      "change nothing; exit 1 and name the first differing line if the file is not canonical");
    fmt_cmd->add_flag("--stdout", fmt.to_stdout, "print the canonical rendering to stdout and change nothing");

    CLI::App* lock_cmd = app.add_subcommand("lock", "Resolve pyproject.toml into uv.lock (like `uv lock`)");
    lock_cmd->allow_extras();
    lock_tool::SyncFrontEnd sync(app);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? 0 : k_error;
    }
    if (*fmt_cmd) {
        return run_fmt(fmt);
    }
    if (sync.chosen()) {
        return sync.run();
    }
    std::cerr << "error: `lock lock` is not available yet: the resolver is not part of this lockkit\n"
                 "hint: lock with `uv lock`, then install with `lock sync --frozen`\n";
    return k_error;
}
