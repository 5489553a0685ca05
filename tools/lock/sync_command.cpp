// `lock sync`: a thin front end over lockkit::install::sync_lock. It reads the
// options (and uv's environment variables for them), prints the summary uv prints
// (stderr), the list of changes (stdout with --dry-run), a progress line on a
// terminal, and maps the outcome to the exit code: 0 done (or nothing to do), 1
// `--check` found the environment out of date, 2 could not sync.

#include "sync_command.hpp"

#include "resolve_command.hpp"

#include "lockkit/fetch/artifact_cache.hpp"
#include "lockkit/install/sync.hpp"
#include "lockkit/pyproject/settings.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <unistd.h>

namespace lock_tool {

namespace {

namespace install = lockkit::install;

enum Exit { k_ok = 0, k_outdated = 1, k_error = 2 };

std::string env_or_empty(const char* name) {
    const char* v = std::getenv(name);
    return v ? v : "";
}

std::string plural(std::size_t n, const char* word) {
    return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

std::string ms(std::chrono::milliseconds d) {
    return std::to_string(d.count()) + " ms";
}

/// A path as the user would write it: relative to the working directory when below it.
std::string shown(const std::filesystem::path& p) {
    std::error_code ec;
    const auto rel = p.lexically_relative(std::filesystem::current_path(ec));
    return !rel.empty() && *rel.begin() != ".." ? rel.string() : p.string();
}

/// One redrawn line on stderr (terminals only).
class ProgressLine {
public:
    void operator()(const install::SyncProgress& p) {
        const auto now = std::chrono::steady_clock::now();
        std::lock_guard lock(m_mutex);
        if (p.done != p.total && now - m_last < std::chrono::milliseconds(80)) {
            return;
        }
        m_last = now;
        const char* what = "Preparing";
        switch (p.phase) {
        case install::SyncProgress::Phase::Preparing:
            break;
        case install::SyncProgress::Phase::Downloading:
            what = "Downloading";
            break;
        case install::SyncProgress::Phase::Building:
            what = "Building";
            break;
        case install::SyncProgress::Phase::Uninstalling:
            what = "Uninstalling";
            break;
        case install::SyncProgress::Phase::Installing:
            what = "Installing";
            break;
        case install::SyncProgress::Phase::Compiling:
            what = "Compiling bytecode";
            break;
        }
        std::string line = std::string(what) + " " + std::to_string(p.done) + "/" + std::to_string(p.total);
        if (p.bytes > 0) {
            line += " (" + std::to_string(p.bytes >> 20) + " MiB)";
        }
        std::cerr << "\r\033[K" << line << std::flush;
        m_drawn = true;
    }
    void clear() {
        if (m_drawn) {
            std::cerr << "\r\033[K" << std::flush;
        }
    }

private:
    std::mutex m_mutex;
    std::chrono::steady_clock::time_point m_last{};
    bool m_drawn = false;
};

std::vector<std::string> change_lines(const install::SyncReport& report) {
    std::vector<std::string> lines;
    for (const auto& a : report.actions) {
        switch (a.kind) {
        case install::SyncAction::Kind::Install:
            lines.push_back(" + " + a.name + "==" + a.version);
            break;
        case install::SyncAction::Kind::Remove:
            lines.push_back(" - " + a.name + "==" + a.version);
            break;
        case install::SyncAction::Kind::Reinstall:
            lines.push_back(" - " + a.name + "==" + a.old_version + " (" + a.reason + ")");
            lines.push_back(" + " + a.name + "==" + a.version);
            break;
        }
    }
    return lines;
}

} // namespace

struct SyncCommand {
    CLI::App* app = nullptr;
    std::string project;
    bool check = false, dry_run = false, quiet = false, no_sources = false;
    lockkit::tools::LockCheckArguments lock_check;
    bool inexact = false, exact = false;
    bool dev = false, no_dev = false, only_dev = false;
    std::string python, venv, link_mode, cache_dir;
    int compile_bytecode = 0;  ///< 1: --compile-bytecode, -1: --no-compile-bytecode (the last given), 0: neither
    bool allow_record_mismatch = false;
    bool verify_files = false;
    bool offline = false;
    unsigned connections = 8;
    std::vector<std::string> find_links;
    lockkit::tools::BuildIsolationArguments isolation;
    install::InstallSelection selection;

    int run() {
        install::SyncOptions o;
        std::error_code ec;
        // uv's boolean variables, checked as `uv sync` checks them before doing anything.
        const auto environment = lockkit::pyproject::environment_map();
        if (auto checked = lockkit::pyproject::check_environment_flags(environment, /*installs=*/true); !checked) {
            std::cerr << checked.error().render();
            return k_error;
        }
        auto variable_set = [&](std::string_view name, std::string_view flag = {}) {
            const auto value = lockkit::pyproject::environment_flag(environment, name, flag);
            return value && *value == true;
        };
        o.lock_path = find_lock();
        // uv's option parser takes UV_NO_SOURCES, whatever its value, as `--no-sources` given after
        // the command line's flags: `--frozen` excludes it too.
        if (const auto it = environment.find("UV_NO_SOURCES"); it != environment.end() && !it->second.empty() &&
            std::find(lock_check.given.begin(), lock_check.given.end(), "--no-sources") == lock_check.given.end()) {
            lock_check.given.emplace_back("--no-sources");
        }
        if (const auto conflict = lock_check.conflict()) {
            std::cerr << "error: " << *conflict << '\n';
            return k_error;
        }
        o.lock_flags = lock_check.flags;
        if (!venv.empty()) {
            o.venv = venv;
        } else if (auto from_env = env_or_empty("UV_PROJECT_ENVIRONMENT"); !from_env.empty()) {
            o.venv = from_env;
        }
        if (!python.empty()) {
            o.python = python;
        } else if (auto from_env = env_or_empty("UV_PYTHON"); !from_env.empty()) {
            o.python = from_env;
            o.python_origin = "UV_PYTHON";
        }
        o.selection = selection;
        if (dev) {
            o.selection.groups.push_back("dev");
        }
        if (no_dev) {
            o.selection.no_groups.push_back("dev");
        }
        if (only_dev) {
            o.selection.only_groups.push_back("dev");
        }
        o.exact = !inexact;
        o.dry_run = check || dry_run;
        // The installer's settings go into the command line's layer; the core merges them with
        // UV_LINK_MODE, UV_COMPILE_BYTECODE and the settings files.
        auto& command_line = o.resolve.command_line;
        if (!link_mode.empty()) {
            auto mode = lockkit::pyproject::link_mode_argument(link_mode);
            if (!mode) {
                std::cerr << "error: " << mode.error() << '\n';
                return k_error;
            }
            command_line.link_mode = *mode;
            command_line.where["link-mode"] = "--link-mode";
        }
        if (compile_bytecode < 0 && variable_set("UV_COMPILE_BYTECODE", "--compile-bytecode")) {
            // uv's option parser takes the variable as the flag, which the other excludes.
            std::cerr << "error: the argument '--no-compile-bytecode' cannot be used with '--compile-bytecode'\n";
            return k_error;
        }
        if (compile_bytecode != 0) {
            command_line.compile_bytecode = compile_bytecode > 0;
            command_line.where["compile-bytecode"] = compile_bytecode > 0 ? "--compile-bytecode" : "--no-compile-bytecode";
        }
        if (no_sources) {
            command_line.no_sources = true;
            command_line.where["no-sources"] = "--no-sources";
        }
        if (!cache_dir.empty()) {
            o.cache_root = cache_dir;
        } else {
            auto root = lockkit::fetch::ArtifactCache::default_root();
            if (!root) {
                std::cerr << "error: " << root.error() << "\nhint: pass --cache-dir\n";
                return k_error;
            }
            o.cache_root = *root;
        }
        o.download.connections = connections;
        o.find_links = find_links;
        o.unpack.accept_record_mismatch = allow_record_mismatch;
        o.verify_files = verify_files;
        o.resolve.environment = environment;
        command_line.origin = "command line";
        if (offline) {
            command_line.offline = true;
        }
        isolation.apply(command_line);
        o.resolve.cache_dir = o.cache_root;
        ProgressLine progress;
        const bool terminal = !quiet && ::isatty(STDERR_FILENO) != 0 && !variable_set("UV_NO_PROGRESS");
        if (terminal) {
            o.on_progress = std::ref(progress);
            o.resolve.progress = [](std::string_view line) { std::cerr << line << '\n'; };
        }

        auto report = install::sync_lock(o);
        progress.clear();
        if (!report) {
            // Located diagnostics (a lock that does not parse) come rendered, prefix and all.
            std::cerr << (report.error().starts_with("error: ") ? "" : "error: ") << report.error()
                      << (report.error().ends_with('\n') ? "" : "\n");
            return k_error;
        }
        return print(*report);
    }

    std::filesystem::path find_lock() const {
        if (!project.empty()) {
            return std::filesystem::path(project) / "uv.lock";
        }
        std::error_code ec;
        for (auto dir = std::filesystem::current_path(ec); !dir.empty(); dir = dir.parent_path()) {
            if (std::filesystem::exists(dir / "uv.lock", ec)) {
                return dir / "uv.lock";
            }
            if (dir == dir.parent_path()) {
                break;
            }
        }
        return "uv.lock";  // reading it reports the missing file
    }

    /// What happened to uv.lock first (stderr), as `lock resolve` words it.
    void print_lock_update(const install::SyncReport& r) const {
        if (quiet || !r.lock_update) {
            return;
        }
        const auto& u = *r.lock_update;
        for (const auto& w : u.warnings) {
            std::cerr << "warning: " << w << '\n';
        }
        const std::string why = u.reason.empty() ? std::string() : " (" + u.reason + ")";
        if (u.written) {
            std::cerr << "Updated uv.lock" << why << ": " << plural(u.packages, "package") << '\n';
        } else if (u.would_change) {
            std::cerr << "Would update uv.lock" << why << ": " << plural(u.packages, "package") << '\n';
        }
    }

    int print(const install::SyncReport& r) const {
        using Action = install::EnvironmentPlan::Action;
        if (r.lock_update && !r.lock_update->refused_by.empty()) {
            // uv's sentence and exit code, then why (the reason is lockkit's).
            for (const auto& w : r.lock_update->warnings) {
                std::cerr << "warning: " << w << '\n';
            }
            std::cerr << "error: " << lockkit::pyproject::lock_needs_update_message(r.lock_update->refused_by) << '\n';
            if (!r.lock_update->reason.empty()) {
                std::cerr << "  " << r.lock_update->reason << '\n';
            }
            std::cerr << "hint: To update the lockfile, run `lock resolve` (or `uv lock`) and commit uv.lock, or sync it "
                         "as it is with --frozen\n";
            return k_outdated;
        }
        print_lock_update(r);
        const auto lines = change_lines(r);
        if (r.dry_run) {
            if (!quiet) {
                if (r.environment_action == Action::Create) {
                    std::cerr << "Would create a virtual environment at: " << shown(r.environment) << '\n';
                } else if (r.environment_action == Action::Recreate) {
                    std::cerr << "Would recreate the virtual environment at: " << shown(r.environment) << " ("
                              << r.recreate_reason << ")\n";
                }
                std::cerr << (r.actions.empty() ? "Would make no changes" : "Would change " + plural(r.actions.size(), "package"))
                          << " (" << plural(r.selected, "package") << " selected)\n";
            }
            if (dry_run) {
                for (const auto& l : lines) {
                    std::cout << l << '\n';
                }
            } else if (!quiet) {
                for (const auto& l : lines) {
                    std::cerr << l << '\n';
                }
            }
            if (check && r.changes()) {
                std::cerr << "error: the environment is out of date\nhint: run `lock sync` to update it\n";
                return k_outdated;
            }
            return k_ok;
        }
        if (quiet) {
            return k_ok;
        }
        for (const auto& w : r.warnings) {
            std::cerr << "warning: " << w << '\n';
        }
        if (r.environment_action != Action::Keep) {
            std::cerr << "Using " << r.interpreter << " interpreter at: " << r.interpreter_path.string() << '\n';
            if (r.environment_action == Action::Recreate) {
                std::cerr << "Recreating virtual environment at: " << shown(r.environment) << " (" << r.recreate_reason
                          << ")\n";
            } else {
                std::cerr << "Creating virtual environment at: " << shown(r.environment) << '\n';
            }
        }
        if (r.actions.empty()) {
            std::cerr << "Audited " << plural(r.selected, "package") << " in " << ms(r.total_time) << '\n';
            return k_ok;
        }
        if (r.built > 0) {
            std::cerr << "Built " << plural(r.built, "package") << '\n';
        }
        if (r.prepared > 0) {
            std::cerr << "Prepared " << plural(r.prepared, "package") << " in " << ms(r.prepare_time) << '\n';
        }
        if (r.uninstalled > 0) {
            std::cerr << "Uninstalled " << plural(r.uninstalled, "package") << " in " << ms(r.uninstall_time) << '\n';
        }
        if (r.installed > 0) {
            std::cerr << "Installed " << plural(r.installed, "package") << " in " << ms(r.install_time) << '\n';
        }
        for (const auto& l : lines) {
            std::cerr << l << '\n';
        }
        return k_ok;
    }
};

SyncFrontEnd::SyncFrontEnd(CLI::App& app) : m_command(std::make_unique<SyncCommand>()) {
    auto& c = *m_command;
    CLI::App* cmd = app.add_subcommand(
        "sync", "Install uv.lock into the project's virtual environment, exactly, like `uv sync`.\n"
                "Exit codes: 0 done, 1 --check found the environment out of date, 2 could not sync.");
    c.app = cmd;
    cmd->add_option("--project", c.project, "the folder holding uv.lock (default: the nearest above the current one)")
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    c.lock_check.add_to(*cmd, /*resolve=*/false);
    cmd->add_flag("--offline", c.offline, "when re-resolving, use cached index pages and metadata only");
    // `--frozen` excludes it, as in uv (a frozen sync resolves nothing).
    cmd->add_flag_callback("--no-sources", [&c] {
           c.no_sources = true;
           c.lock_check.given.emplace_back("--no-sources");
       }, "ignore `tool.uv.sources` when re-resolving: every requirement as written, from the indexes (also "
          "`no-sources` in [tool.uv], UV_NO_SOURCES)")
        ->trigger_on_parse();
    cmd->add_flag("--check", c.check, "change nothing; exit 1 if the environment would change");
    cmd->add_flag("--dry-run", c.dry_run, "change nothing; print the installs and removals (stdout)");
    cmd->add_option("-p,--python", c.python,
                    "the interpreter: a path, a version (3.12), specifiers (>=3.11) or a name (default: $UV_PYTHON, "
                    ".python-version, then any fitting the lock's requires-python)")
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    cmd->add_option("--venv", c.venv, "the environment (default: $UV_PROJECT_ENVIRONMENT, else .venv beside uv.lock)")
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    auto& s = c.selection;
    cmd->add_option("--extra", s.extras, "include an extra of the project (repeatable)")->type_name("NAME");
    cmd->add_flag("--all-extras", s.all_extras, "include every extra");
    cmd->add_option("--no-extra", s.no_extras, "with --all-extras: leave this extra out (repeatable)")->type_name("NAME");
    cmd->add_option("--group", s.groups, "include a dependency group (repeatable)")->type_name("NAME");
    cmd->add_option("--no-group", s.no_groups, "leave a dependency group out, whatever else says (repeatable)")
        ->type_name("NAME");
    cmd->add_option("--only-group", s.only_groups, "only this group's packages, not the project's (repeatable)")
        ->type_name("NAME");
    cmd->add_flag("--all-groups", s.all_groups, "include every dependency group");
    cmd->add_flag("--no-default-groups", s.no_default_groups, "leave the default groups (dev) out");
    cmd->add_flag("--dev", c.dev, "include the dev group (the default)");
    cmd->add_flag("--no-dev", c.no_dev, "leave the dev group out");
    cmd->add_flag("--only-dev", c.only_dev, "only the dev group's packages");
    cmd->add_option("--package", s.packages, "sync this workspace member (repeatable)")->type_name("NAME");
    cmd->add_flag("--all-packages", s.all_packages, "sync every workspace member");
    cmd->add_flag("--no-install-project", s.no_install_project, "do not install the project itself");
    cmd->add_flag("--no-install-workspace", s.no_install_workspace, "do not install any workspace member");
    cmd->add_flag("--no-install-local", s.no_install_local, "do not install path and directory sources");
    cmd->add_option("--no-install-package", s.no_install_packages, "do not install this package (repeatable)")
        ->type_name("NAME");
    cmd->add_flag("--inexact", c.inexact, "keep installed packages the lock does not select");
    cmd->add_flag("--exact", c.exact, "remove installed packages the lock does not select (the default)");
    cmd->add_option("--link-mode", c.link_mode,
                    "clone (or reflink), hardlink, copy or symlink (default: $UV_LINK_MODE, else `link-mode` in "
                    "[tool.uv] / uv.toml, else clone, falling back to hardlink, then copy)")
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    cmd->add_flag_callback("--compile-bytecode", [&c] { c.compile_bytecode = 1; },
                           "byte-compile site-packages after installing (also `compile-bytecode` in [tool.uv], "
                           "UV_COMPILE_BYTECODE)")
        ->trigger_on_parse();
    cmd->add_flag_callback("--no-compile-bytecode", [&c] { c.compile_bytecode = -1; },
                           "do not byte-compile, whatever the settings files say")
        ->trigger_on_parse();
    cmd->add_flag("--verify-files", c.verify_files,
                  "compare every installed file with what was installed (an lstat each) and reinstall what "
                  "changed");
    cmd->add_flag("--allow-record-mismatch", c.allow_record_mismatch,
                  "install wheels whose RECORD states a wrong hash or size for a file (as uv does) instead of "
                  "refusing them");
    cmd->add_option("--cache-dir", c.cache_dir, "the cache (default: $LOCKKIT_CACHE_DIR, else ~/.cache/lockkit)")
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    cmd->add_option("--connections", c.connections, "parallel downloads")->capture_default_str();
    cmd->add_option("-f,--find-links", c.find_links,
                    "a find-links location for build requirements, before the project's indexes (repeatable; "
                    "also `find-links` in [tool.uv], UV_FIND_LINKS)")
        ->type_name("FOLDER");
    c.isolation.add_to(*cmd);
    cmd->add_flag("-q,--quiet", c.quiet, "print errors only");
}

SyncFrontEnd::~SyncFrontEnd() = default;

bool SyncFrontEnd::chosen() const {
    return m_command->app->parsed();
}

int SyncFrontEnd::run() {
    return m_command->run();
}

} // namespace lock_tool
