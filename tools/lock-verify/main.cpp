// `lock-verify`: verify a uv.lock: integrity, hashes and source policy, offline.
// Thin front end: flags into RunOptions, one call to the core (verify::run),
// print findings (data, stdout) and a summary (status, stderr), map to an exit
// code: 0 clean, 1 findings (errors; warnings too with --strict; a lock that
// cannot be read is findings too), 2 could not run.

#include "lockkit_config.h"
#include "lockkit/util/huge_page_heap.hpp"
#include "lockkit/util/terminal_text.hpp"
#include "lockkit/verify/download_target.hpp"
#include "lockkit/verify/report.hpp"
#include "lockkit/fs/file_lock.hpp"
#include "lockkit/verify/run.hpp"

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <unistd.h>

namespace {

struct CliOptions {
    std::string lock_path = "uv.lock";
    std::string format = "text";
    std::string artifacts;
    std::string pyproject;  ///< default: pyproject.toml beside the lock, if present
    bool strict = false;
    bool quiet = false;
    bool check_stale = false;
    bool no_stale = false;
    std::string min_age;
    std::string now;
    std::vector<std::string> warn_rules, error_rules;
    bool download = false;
    std::vector<std::string> python_versions, platforms;
    std::string cache_dir;
    unsigned connections = 8;
    unsigned retries = 3;
    std::string venv;
};

/// A one-line progress bar on stderr while downloading (only on a terminal).
class ProgressLine {
public:
    void operator()(const lockkit::fetch::DownloadProgress& p) {
        const auto now = std::chrono::steady_clock::now();
        // Redraw at most ten times a second, and always on the last file.
        if (p.finished != p.total && now - last_ < std::chrono::milliseconds(100)) {
            return;
        }
        last_ = now;
        constexpr int k_width = 24;
        const int filled = p.total == 0 ? k_width : static_cast<int>(k_width * p.finished / p.total);
        std::fprintf(stderr, "\r\033[Kdownloading [%.*s%*s] %zu/%zu artifacts, %.1f MiB%s", filled,
                     "========================", k_width - filled, "", p.finished, p.total,
                     static_cast<double>(p.bytes_received) / (1024.0 * 1024.0), p.failed ? ", failures" : "");
        std::fflush(stderr);
    }
    static void clear() { std::fputs("\r\033[K", stderr); }

private:
    std::chrono::steady_clock::time_point last_{};
};

} // namespace

int main(int argc, char** argv) {
    CLI::App app{"lock-verify: verify a uv.lock offline: artifact filenames, hashes, markers, reachability,\n"
                 "recorded requirements, source policy, (with --artifacts) file hashes and (with --venv) an\n"
                 "installed environment.\n"
                 "Exit codes: 0 clean, 1 findings, 2 could not run.",
                 "lock-verify"};
    app.set_version_flag("--version", std::string("lock-verify (lockkit) ") + LOCKKIT_VERSION);
    CliOptions o;
    lockkit::verify::RunOptions run;
    using Staleness = lockkit::verify::RunOptions::Staleness;
    app.add_option("lock", o.lock_path, "the lock file (default: uv.lock)");
    app.add_option("--format", o.format, "output format: text, json or sarif")->check(CLI::IsMember({"text", "json", "sarif"}));
    app.add_flag("--strict", o.strict, "warnings also fail (exit 1)");
    app.add_flag("-q,--quiet", o.quiet, "no summary line on stderr");
    app.add_flag("--https-only", run.verify.https_only, "every remote URL must use https");
    app.add_option("--allow-host", run.verify.allowed_hosts, "allowed index/artifact host (repeatable)")->allow_extra_args(false);
    app.add_flag("--require-pinned-git", run.verify.require_pinned_git, "git sources must name a full commit");
    app.add_flag("--no-sdist-only", run.verify.no_sdist_only, "registry packages must have a wheel");
    app.add_option("--deny", run.verify.denied, "package that must not be locked (repeatable)")->allow_extra_args(false);
    app.add_option("--artifacts", o.artifacts, "folder of wheels/sdists to hash and compare with the lock");
    app.add_option("--pyproject", o.pyproject,
                   "read [tool.lockkit.verify] from this file (default: pyproject.toml beside the lock)");
    app.add_flag("--check-stale", o.check_stale,
                 "compare the lock with the workspace's pyproject.toml files (default when one sits beside the lock)");
    app.add_flag("--no-stale", o.no_stale, "skip the staleness check");
    app.add_flag("--require-paths-inside-repo", run.verify.require_paths_inside_repo,
                 "path/directory/editable sources must lie inside the repository");
    app.add_option("--min-age", o.min_age, "artifacts must have been uploaded at least this long ago (7d, 12h, 2w)");
    app.add_option("--now", o.now, "the current time for --min-age (RFC 3339; default: the clock)");
    app.add_option("--warn", o.warn_rules, "report RULE as a warning (repeatable)")->allow_extra_args(false);
    app.add_option("--error", o.error_rules, "report RULE as an error (repeatable)")->allow_extra_args(false);
    app.add_option("-j,--jobs", run.verify.jobs, "hashing threads (default: all cores)");
    app.add_flag("--download", o.download,
                 "download the lock's artifacts (into the cache) and check each hash and size");
    app.add_option("--python-version", o.python_versions,
                   "with --download: only what this Python (3.12) would install (repeatable)")
        ->allow_extra_args(false);
    app.add_option("--platform", o.platforms,
                   "with --download: only what this platform would install: linux, macos, windows, "
                   "linux-aarch64, x86_64-unknown-linux-gnu, ... (repeatable)")
        ->allow_extra_args(false);
    app.add_option("--cache-dir", o.cache_dir,
                   "artifact cache (default: $LOCKKIT_CACHE_DIR, else $XDG_CACHE_HOME/lockkit or ~/.cache/lockkit)");
    // The last of repeated values wins, so a script can append to a user's flags.
    app.add_option("--connections", o.connections, "parallel downloads (default: 8)")
        ->check(CLI::Range(1, 64))
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    app.add_option("--retries", o.retries, "retries of a transient download failure (default: 3)")
        ->check(CLI::Range(0, 10))
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    auto& selection = run.venv_check.selection;
    app.add_option("--venv", o.venv,
                   "compare this virtual environment with the lock: missing, extraneous and other-version "
                   "packages, and every installed file against its RECORD hash");
    app.add_option("--venv-extra", selection.extras, "with --venv: the extra was synced (repeatable)")
        ->allow_extra_args(false);
    app.add_flag("--venv-all-extras", selection.all_extras, "with --venv: all extras were synced");
    app.add_option("--venv-group", selection.groups, "with --venv: the dependency group was synced (repeatable)")
        ->allow_extra_args(false);
    app.add_flag("--venv-all-groups", selection.all_groups, "with --venv: all dependency groups were synced");
    app.add_flag("--venv-no-default-groups", selection.no_default_groups,
                 "with --venv: the default groups (`dev`, or tool.uv.default-groups) were not synced");
    app.add_option("--venv-package", selection.packages,
                   "with --venv: only this workspace member was synced (repeatable)")
        ->allow_extra_args(false);
    app.add_flag("--venv-all-packages", selection.all_packages, "with --venv: every workspace member was synced");
    app.add_option("--venv-no-extra", selection.no_extras,
                   "with --venv: with --venv-all-extras, this extra was left out (repeatable)")
        ->allow_extra_args(false);
    app.add_option("--venv-no-group", selection.no_groups, "with --venv: this group was left out (repeatable)")
        ->allow_extra_args(false);
    app.add_option("--venv-only-group", selection.only_groups,
                   "with --venv: only this group was synced, not the project (repeatable)")
        ->allow_extra_args(false);
    app.add_flag("--venv-no-install-project", selection.no_install_project,
                 "with --venv: the project itself was not installed");
    app.add_flag("--venv-no-install-workspace", selection.no_install_workspace,
                 "with --venv: no workspace member was installed");
    app.add_option("--venv-no-install-package", selection.no_install_packages,
                   "with --venv: this package was not installed (repeatable)")
        ->allow_extra_args(false);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? 0 : 2;
    }

    for (const auto* list : {&o.warn_rules, &o.error_rules}) {
        for (const auto& id : *list) {
            if (!lockkit::verify::is_known_rule(id)) {
                std::cerr << "error: unknown rule `" << id << "` (see docs/lock-verify.md)\n";
                return 2;
            }
            const auto severity =
                list == &o.warn_rules ? lockkit::verify::Severity::Warning : lockkit::verify::Severity::Error;
            if (auto it = run.verify.severity.find(id); it != run.verify.severity.end() && it->second != severity) {
                std::cerr << "error: rule `" << id << "` given to both --warn and --error\n";
                return 2;
            }
            run.verify.severity[id] = severity;
        }
    }
    if (!o.min_age.empty()) {
        run.verify.min_age_seconds = lockkit::verify::parse_duration(o.min_age);
        if (!run.verify.min_age_seconds) {
            std::cerr << "error: --min-age: `" << o.min_age << "` is not a duration such as 7d, 12h or 2w\n";
            return 2;
        }
    }
    if (!o.now.empty()) {
        run.verify.now = lockkit::verify::parse_timestamp(o.now);
        if (!run.verify.now) {
            std::cerr << "error: --now: `" << o.now << "` is not an RFC 3339 timestamp\n";
            return 2;
        }
    }
    if (!o.download && (!o.python_versions.empty() || !o.platforms.empty() || !o.cache_dir.empty())) {
        std::cerr << "error: --python-version, --platform and --cache-dir only apply with --download\n";
        return 2;
    }
    auto& download_options = run.download_options;
    run.download = o.download;
    if (o.download) {
        // Targets are the product of the Python versions and platforms given.
        std::vector<lockkit::verify::DownloadTarget> platforms;
        for (const auto& text : o.platforms) {
            auto target = lockkit::verify::parse_platform(text);
            if (!target) {
                std::cerr << "error: --platform: " << target.error() << "\n";
                return 2;
            }
            platforms.push_back(*target);
        }
        if (platforms.empty() && !o.python_versions.empty()) {
            platforms.emplace_back();
        }
        for (auto target : platforms) {
            if (o.python_versions.empty()) {
                download_options.targets.push_back(target);
            }
            for (const auto& text : o.python_versions) {
                auto version = lockkit::verify::parse_python_version(text);
                if (!version) {
                    std::cerr << "error: --python-version: " << version.error() << "\n";
                    return 2;
                }
                target.python = *version;
                download_options.targets.push_back(target);
            }
        }
        download_options.download.connections = o.connections;
        download_options.download.retry.retries = o.retries;
    }
    if (o.venv.empty() && (!selection.extras.empty() || selection.all_extras || !selection.groups.empty() ||
                           selection.all_groups || selection.no_default_groups || !selection.packages.empty() ||
                           selection.all_packages || !selection.no_extras.empty() || !selection.no_groups.empty() ||
                           !selection.only_groups.empty() || selection.no_install_project ||
                           selection.no_install_workspace || !selection.no_install_packages.empty())) {
        std::cerr << "error: the --venv-* options only apply with --venv\n";
        return 2;
    }
    if (o.check_stale && o.no_stale) {
        std::cerr << "error: --check-stale and --no-stale exclude each other\n";
        return 2;
    }
    // A 2 MB lock becomes ~15 MB of heap; in huge pages that is a few hundred
    // page faults instead of thousands (see lockkit/util/huge_page_heap.hpp).
    lockkit::prefer_huge_page_heap(std::size_t{64} << 20);
    run.lock_path = o.lock_path;
    run.pyproject = o.pyproject;
    run.staleness = o.check_stale ? Staleness::Required : o.no_stale ? Staleness::Off : Staleness::Auto;
    run.artifacts = o.artifacts;
    run.cache_dir = o.cache_dir;
    run.venv = o.venv;
    ProgressLine progress;
    const bool show_progress = o.download && !o.quiet && ::isatty(STDERR_FILENO) != 0;
    if (show_progress) {
        run.download_options.download.on_progress = std::ref(progress);
    }
    lockkit::fs::set_lock_reporter([](std::string_view line) { std::cerr << line << '\n'; });
    auto report = lockkit::verify::run(std::move(run));
    if (show_progress) {
        ProgressLine::clear();
    }
    if (!report) {
        std::cerr << lockkit::escape_for_terminal(report.error());
        return 2;
    }
    if (o.format == "json") {
        std::cout << lockkit::verify::render_json(*report);
    } else if (o.format == "sarif") {
        std::cout << lockkit::verify::render_sarif(*report, LOCKKIT_VERSION);
    } else {
        std::cout << lockkit::verify::render_text(*report);
        if (!o.quiet) {
            std::cerr << lockkit::verify::render_summary(*report);
        }
    }
    return lockkit::verify::exit_code_for(*report, o.strict);
}
