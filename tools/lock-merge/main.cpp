// `lock-merge`: semantic three-way merge driver for uv.lock.
//   git config merge.uvlock.driver = "lock-merge %O %A %B %P -L %L"  (see `lock-merge install`)
// Options go into a DriverInput; the core (lockkit/merge/driver.hpp) decides
// what to write into %A and the exit code; this file writes it atomically.
// Exit codes: 0 merged cleanly, 1 conflicts (markers written), 2 error/refused.

#include "lockkit/fs/lock_directory.hpp"
#include "lockkit/merge/budget.hpp"
#include "lockkit/merge/driver.hpp"
#include "lockkit/merge/install.hpp"
#include "lockkit/merge/marker_size.hpp"
#include "lockkit/pyproject/settings.hpp"
#include "lockkit/util/atomic_file.hpp"
#include "lockkit/util/program_path.hpp"
#include "lockkit/util/terminal_text.hpp"
#include "lockkit_config.h"

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>

int main(int argc, char** argv) {
    CLI::App app{"lock-merge: semantic three-way merge driver for uv.lock.\n"
                 "Usage as a git merge driver: lock-merge %O %A %B %P [%L %S %X %Y]\n"
                 "Set-up: lock-merge install [--global|--local]; check it: lock-merge doctor\n"
                 "Exit codes: 0 merged cleanly, 1 conflicts (markers written to %A), 2 error.",
                 "lock-merge"};
    app.set_version_flag("--version", std::string("lock-merge (lockkit) ") + LOCKKIT_VERSION);

    lockkit::merge::DriverInput in;
    std::string base, ours, theirs, prefer = "none";
    std::vector<std::string> extra;  // %L %S %X %Y, positionally
    app.add_option("base", base, "%O: the merge base");
    app.add_option("ours", ours, "%A: our side; receives the result");
    app.add_option("theirs", theirs, "%B: their side");
    app.add_option("path", in.path_name, "%P: the path of the file in the repository");
    app.add_option("git-extra", extra, "%L %S %X %Y: marker size and labels (optional)");
    std::string marker_size;
    auto* marker_size_option =
        app.add_option("-L,--marker-size", marker_size, "conflict marker size (1 to 100; default 7)");
    app.add_option("--base-label", in.base_label, "label of the base (%S)");
    app.add_option("--ours-label", in.labels.ours, "label of our side (%X)");
    app.add_option("--theirs-label", in.labels.theirs, "label of their side (%Y)");
    const std::map<std::string, lockkit::merge::Prefer> prefers = {{"none", lockkit::merge::Prefer::None},
                                                                   {"newer", lockkit::merge::Prefer::Newer},
                                                                   {"ours", lockkit::merge::Prefer::Ours},
                                                                   {"theirs", lockkit::merge::Prefer::Theirs}};
    app.add_option("--prefer", prefer, "when both sides moved a package to different versions: none|newer|ours|theirs")
        ->check(CLI::IsMember({"none", "newer", "ours", "theirs"}));

    std::string report_path;
    app.add_option("--report", report_path, "write a JSON merge report (provenance, removals, conflicts, diffs) to FILE");
    bool no_verify = false;
    app.add_flag("--no-verify", no_verify, "do not run lock-verify's offline checks on a clean result");
    bool no_reresolve = false, offline = false;
    std::string exclude_newer, cache_dir, budget;
    app.add_flag("--no-reresolve", no_reresolve,
                 "leave conflict markers where both sides changed the same packages instead of resolving again");
    app.add_flag("--offline", offline, "re-resolve from the three locks and cached index pages only, no network");
    app.add_option("--exclude-newer", exclude_newer,
                   "when re-resolving, ignore files uploaded at or after this time (RFC 3339 timestamp or date)");
    app.add_option("--budget", budget,
                   "seconds a re-resolution may take before the merge ends with markers (default 30; 0: none)");
    app.add_option("--cache-dir", cache_dir, "index pages and metadata cache used when re-resolving");

    bool global = false, local_attributes = false;
    auto* install = app.add_subcommand("install", "register the driver with git (config + .gitattributes)");
    auto* global_flag = install->add_flag("--global", global, "write the global git config and attributes file");
    install->add_flag("--local", local_attributes, "write the attribute line to .git/info/attributes (not versioned)")
        ->excludes(global_flag);
    auto* doctor = app.add_subcommand("doctor", "check the git set-up of the driver and say how to fix it (exit 0 ok, 1 not)");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? 0 : 2;
    }

    if (install->parsed()) {
        lockkit::merge::InstallOptions options;
        options.executable = lockkit::invoked_program_path(argv[0]);
        options.global = global;
        options.local_attributes = local_attributes;
        auto r = lockkit::merge::install_driver(options);
        if (!r) {
            std::cerr << "lock-merge install: error: " << r.error() << "\n";
            return 2;
        }
        std::cout << *r;
        if (auto warning = lockkit::cache_location_warning(options.executable)) std::cerr << *warning;
        return 0;
    }
    if (doctor->parsed()) {
        lockkit::merge::InstallOptions options;
        options.executable = lockkit::invoked_program_path(argv[0]);
        const auto report = lockkit::merge::doctor(options);
        std::cout << report.render();
        return report.ok() ? 0 : 1;
    }
    if (base.empty() || ours.empty() || theirs.empty()) {
        std::cerr << "lock-merge: error: expected %O %A %B [%P] (see --help)\n";
        return 2;
    }
    // -L and %L are one value, validated alike; %L (positional) wins as the later one.
    if (extra.size() >= 1) marker_size = extra[0];
    if (extra.size() >= 1 || marker_size_option->count() > 0) {
        auto size = lockkit::merge::parse_marker_size(marker_size);
        if (!size) {
            std::cerr << "lock-merge: error: " << size.error() << "\n";
            return 2;
        }
        in.labels.marker_size = *size;
    }
    if (extra.size() >= 2) in.base_label = extra[1];
    if (extra.size() >= 3) in.labels.ours = extra[2];
    if (extra.size() >= 4) in.labels.theirs = extra[3];
    in.base = base;
    in.ours = ours;
    in.theirs = theirs;
    in.options.prefer = prefers.at(prefer);
    in.want_report = !report_path.empty();
    in.verify = !no_verify;
    in.reresolve = !no_reresolve;
    in.reresolve_options.offline = offline;
    if (!exclude_newer.empty()) in.reresolve_options.exclude_newer = exclude_newer;
    if (!cache_dir.empty()) in.reresolve_options.cache_dir = cache_dir;
    in.reresolve_options.environment = lockkit::pyproject::environment_map();
    // A bad --budget is a usage error (exit 2), but %A still gets the merge without
    // re-resolution: git would otherwise keep ours' lock without markers, and `git add` would
    // drop theirs silently.
    bool usage_error = false;
    std::optional<std::chrono::microseconds> command_line_budget;
    if (app.count("--budget")) {
        if (auto b = lockkit::merge::parse_budget(budget)) {
            command_line_budget = *b;
        } else {
            std::cerr << "lock-merge: error: --budget: " << b.error() << "; merging without re-resolution\n"
                      << "hint: fix --budget in the driver's command line (`git config merge.uvlock.driver`)\n";
            in.reresolve = false;
            usage_error = true;
        }
    }
    // The environment's and git config's settings are read only when a merge re-resolves:
    // `git config` is a process, which a clean merge need not wait for. The command line
    // wins over them. A bad one is named and the merge goes on without re-resolution.
    in.reresolve_settings = [command_line_budget](lockkit::merge::DriverInput& input) -> std::expected<void, std::string> {
        auto read = lockkit::merge::apply_reresolve_settings(input);
        if (command_line_budget) input.reresolve_options.budget = *command_line_budget;
        return read;
    };

    // %A is written under the project's exclusive lock (lockkit/fs): the
    // folder of %P in the work tree git runs us from, else the folder of %A.
    std::error_code ec;
    const auto project = std::filesystem::absolute(app.count("path") ? in.path_name : ours, ec).parent_path();
    const auto write_ours = [&in, &project](std::string_view content) -> std::expected<void, std::string> {
        auto guard = lockkit::fs::lock_for_writing(project);
        if (!guard) return std::unexpected(guard.error().describe());
        return lockkit::write_file_atomically(in.ours, content);
    };
    in.write_result = write_ours;
    lockkit::fs::set_lock_reporter([](std::string_view line) { std::cerr << "lock-merge: " << line << "\n"; });

    lockkit::merge::prepare_driver_process();
    const auto result = lockkit::merge::run_merge_driver(in);
    // The messages name packages and labels from the three sides: escaped for the terminal.
    std::cerr << lockkit::escape_for_terminal(result.messages);
    if (!report_path.empty()) {
        if (auto w = lockkit::write_file_atomically(report_path, result.report); !w) {
            std::cerr << "lock-merge: error: cannot write the report: " << w.error() << "\n";
            return 2;
        }
    }
    if (result.write_error) {
        std::cerr << "lock-merge: error: " << *result.write_error << "\n";
        return 2;
    }
    if (result.content) {
        if (auto w = write_ours(*result.content); !w) {
            std::cerr << "lock-merge: error: " << w.error() << "\n";
            return 2;
        }
    }
    // Exit without destroying `result`: the OS takes the lock models back
    // faster than freeing them one by one would (DriverResult::retained).
    std::exit(usage_error ? 2 : result.exit_code);
}
