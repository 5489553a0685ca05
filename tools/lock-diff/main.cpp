// `lock-diff`: semantic diff of two uv.lock files or git revisions (terminal, Markdown, JSON).
// The command-line front end exists from the start so scripts and hooks can be
// wired up; the engine behind it lands in its own issue.

#include "lockkit_config.h"

#include <CLI/CLI.hpp>
#include <iostream>

int main(int argc, char** argv) {
    CLI::App app{"lock-diff: semantic diff of two uv.lock files or git revisions (terminal, Markdown, JSON).\n\nNot built yet: this release of lockkit ships the core library and `lock fmt`.\n"
                 "Exit codes: 0 success, 1 findings/conflicts, 2 error or not implemented.",
                 "lock-diff"};
    app.set_version_flag("--version", std::string("lock-diff (lockkit) ") + LOCKKIT_VERSION);
    app.allow_extras();
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? 0 : 2;
    }
    std::cerr << "error: lock-diff is not built yet in this version of lockkit\n";
    return 2;
}
