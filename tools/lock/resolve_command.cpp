// `lock resolve` (alias `lock lock`): option parsing and printing around
// lockkit::project::lock_project, which does the work.

#include "resolve_command.hpp"

#include "lockkit/fs/lock_directory.hpp"
#include "lockkit/lockfile/format.hpp"
#include "lockkit/pep508/package_name.hpp"
#include "lockkit/pyproject/exclude_newer.hpp"
#include "lockkit/util/huge_page_heap.hpp"
#include "lockkit/util/malloc_arenas.hpp"
#include "lockkit/util/terminal_text.hpp"

#include <iostream>
#include <unistd.h>

namespace lockkit::tools {

namespace {

/// Heap reserved in huge pages before the existing lock is read (address space only).
constexpr std::size_t k_heap_reserve = std::size_t{64} << 20;

/// `--index name=url` or `--index url`.
pyproject::IndexSetting index_argument(const std::string& text, const char* origin) {
    pyproject::IndexSetting index;
    index.origin = origin;
    const auto eq = text.find('=');
    const std::string head = eq == std::string::npos ? std::string() : text.substr(0, eq);
    if (!head.empty() && head.find_first_of(":/\\") == std::string::npos) {
        index.name = head;
        index.url = text.substr(eq + 1);
    } else {
        index.url = text;
    }
    return index;
}

/// `--exclude-newer-package PACKAGE=VALUE`: the normalized name and the value, or why not.
std::expected<std::pair<std::string, pyproject::ExcludeNewerSetting>, std::string>
exclude_newer_package_argument(const std::string& entry) {
    const auto eq = entry.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == entry.size())
        return std::unexpected("`" + entry + "`: expected `PACKAGE=DATE` or `PACKAGE=false`");
    auto value = pyproject::parse_exclude_newer(entry.substr(eq + 1));
    if (!value) return std::unexpected("package `" + entry.substr(0, eq) + "`: " + value.error());
    return std::pair{pep508::normalize_name(entry.substr(0, eq)), std::move(*value)};
}

/// A warning on stderr; one that spans lines (uv's layout) is escaped line by line.
void print_warning(std::string_view text) {
    std::string_view prefix = "warning: ";
    for (std::size_t start = 0; start < text.size();) {
        const std::size_t end = std::min(text.find('\n', start), text.size());
        std::cerr << prefix << escape_for_terminal(text.substr(start, end - start)) << '\n';
        prefix = "";
        start = end + 1;
    }
    if (text.ends_with('\n')) std::cerr << '\n';
}

} // namespace

void IndexArguments::add_to(CLI::App& cmd) {
    cmd.add_option("--index", index, "an index to use before the default one ([NAME=]URL; repeatable)");
    cmd.add_option("--default-index", default_index, "the index used last (default: https://pypi.org/simple)");
    cmd.add_option("-i,--index-url", index_url, "the default index (deprecated spelling of --default-index)");
    cmd.add_option("--extra-index-url", extra_index_url, "an index used before the default one (deprecated spelling of --index)");
    cmd.add_option("-f,--find-links", find_links, "a folder or HTML page of wheels and sdists (repeatable)");
    cmd.add_flag("--no-index", no_index, "use no index, only --find-links locations");
    cmd.add_flag("--offline", offline, "use the network for nothing: cached pages and metadata only");
    cmd.add_flag("--no-config", no_config, "read no uv.toml and no [tool.uv] settings");
    cmd.add_option("--config-file", config_file, "read settings from this uv.toml only");
    cmd.add_option("--cache-dir", cache_dir, "where index pages and metadata are cached (default: $LOCKKIT_CACHE_DIR, "
                                              "else $XDG_CACHE_HOME/lockkit)");
}

void IndexArguments::apply(project::LockProjectOptions& o) const {
    o.no_config = no_config;
    if (!config_file.empty()) o.config_file = config_file;
    if (!cache_dir.empty()) o.cache_dir = cache_dir;
    pyproject::SettingsLayer& cl = o.command_line;
    cl.origin = "command line";
    if (offline) cl.offline = true;
    if (no_index) cl.no_index = true;
    for (const auto& i : index) cl.indexes.push_back(index_argument(i, "--index"));
    if (!default_index.empty()) {
        auto d = index_argument(default_index, "--default-index");
        d.is_default = true;
        cl.indexes.push_back(std::move(d));
    }
    if (!index_url.empty()) cl.index_url = pyproject::IndexSetting{std::nullopt, index_url, true, false, false, "--index-url", std::nullopt};
    for (const auto& u : extra_index_url)
        cl.extra_index_urls.push_back(pyproject::IndexSetting{std::nullopt, u, false, false, false, "--extra-index-url", std::nullopt});
    cl.find_links = find_links;
}

void BuildIsolationArguments::add_to(CLI::App& cmd) {
    // The last of the two given wins, as in uv: each sets the value as it is parsed.
    cmd.add_flag_callback("--no-build-isolation", [this] { no_build_isolation = 1; },
                          "run build backends in the target environment, with no isolated build environment "
                          "(also `no-build-isolation` in [tool.uv], UV_NO_BUILD_ISOLATION)")
        ->trigger_on_parse();
    cmd.add_flag_callback("--build-isolation", [this] { no_build_isolation = -1; },
                          "isolate the builds again (over --no-build-isolation and the settings)")
        ->trigger_on_parse();
    cmd.add_option("--no-build-isolation-package", no_build_isolation_package,
                   "build this package without isolation (repeatable; also `no-build-isolation-package` in [tool.uv])");
}

void BuildIsolationArguments::apply(pyproject::SettingsLayer& cl) const {
    if (no_build_isolation != 0) {
        cl.no_build_isolation = no_build_isolation > 0;
        cl.where["no-build-isolation"] = no_build_isolation > 0 ? "--no-build-isolation" : "--build-isolation";
    }
    for (const auto& p : no_build_isolation_package) cl.no_build_isolation_package.push_back(pep508::normalize_name(p));
    if (!no_build_isolation_package.empty()) cl.where["no-build-isolation-package"] = "--no-build-isolation-package";
}

void LockCheckArguments::add_to(CLI::App& cmd, bool resolve) {
    auto flag = [&](const std::string& names, const std::string& shown, bool pyproject::LockCheckFlags::*field,
                    const std::string& help) {
        cmd.add_flag_callback(names, [this, shown, field] {
               flags.*field = true;
               given.push_back(shown);
           }, help)
            ->trigger_on_parse();
    };
    if (resolve) {
        flag("--check", "--check", &pyproject::LockCheckFlags::check, "change nothing; exit 1 when uv.lock would change");
        flag("--locked", "--locked", &pyproject::LockCheckFlags::locked,
             "the same as --check (also UV_LOCKED)");
        flag("--check-exists,--frozen", "--check-exists", &pyproject::LockCheckFlags::frozen,
             "only check that uv.lock exists, reads and holds every member; resolve nothing (also UV_FROZEN)");
    } else {
        flag("--frozen", "--frozen", &pyproject::LockCheckFlags::frozen,
             "install the lock as it is, without comparing it with pyproject.toml (also UV_FROZEN)");
        flag("--locked", "--locked", &pyproject::LockCheckFlags::locked,
             "fail (exit 1) if the lock is out of date with pyproject.toml (default: re-resolve it, as `lock resolve` "
             "would, and write it; also UV_LOCKED)");
    }
}

std::optional<std::string> LockCheckArguments::conflict() const {
    // `--check-exists` (`lock sync`'s `--frozen`) excludes the others (`lock sync --no-sources` among
    // them); `--check` and `--locked` go together.
    // `lock resolve`'s `--upgrade` excludes `--check` and `--locked`, as `uv lock`'s does.
    auto excludes = [](const std::string& a, const std::string& b) {
        if (a == b) return false;
        if (a == "--upgrade" || b == "--upgrade") {
            const auto& other = a == "--upgrade" ? b : a;
            return other == "--check" || other == "--locked";
        }
        return a == "--check-exists" || a == "--frozen" || b == "--check-exists" || b == "--frozen";
    };
    for (std::size_t i = 0; i < given.size(); ++i)
        for (std::size_t j = i + 1; j < given.size(); ++j)
            if (excludes(given[i], given[j]))
                return "the argument '" + given[i] + "' cannot be used with '" + given[j] + "'";
    return std::nullopt;
}


void ResolveCommand::add_to(CLI::App& app) {
    m_cmd = app.add_subcommand("resolve",
                               "Resolve the project's dependencies and write uv.lock, byte for byte as `uv lock` 0.12.5 "
                               "writes it (alias: `lock lock`)");
    m_cmd->footer(
        "A universal lock needs no Python interpreter. When uv.lock already satisfies pyproject.toml, nothing is\n"
        "resolved and nothing is written. Settings come from [tool.uv] / uv.toml and UV_* variables, as in uv.\n\n"
        "Examples:\n"
        "  lock resolve                       # in a project directory\n"
        "  lock resolve --check               # CI: exit 1 if uv.lock is out of date, write nothing\n"
        "  lock resolve -P httpx              # move httpx to its newest allowed version, keep the rest\n"
        "  lock resolve --offline --no-index --find-links ./wheels\n\n"
        "Exit codes: 0 uv.lock is up to date (or was written), 1 `--check` found it out of date, "
        "2 the lock could not be made.");
    m_cmd->alias("lock");
    m_cmd->add_option("--project", m_project, "the project directory (default: the current one); its workspace is locked");
    m_lock_check.add_to(*m_cmd, /*resolve=*/true);
    m_cmd->add_flag_callback("-U,--upgrade", [this] {
              m_upgrade = true;
              m_lock_check.given.emplace_back("--upgrade");  // uv names it so, even when given as -U
          }, "ignore the versions in uv.lock: newest allowed everywhere (not with --check or --locked)")
        ->trigger_on_parse();
    m_cmd->add_option("-P,--upgrade-package", m_upgrade_package,
                      "let this package move (P or P==V); the others keep their locked versions");
    m_cmd->add_option("--resolution", m_resolution, "which versions to prefer")
        ->check(CLI::IsMember({"highest", "lowest", "lowest-direct"}));
    m_cmd->add_option("--prerelease", m_prerelease, "when pre-releases may be chosen (default: if-necessary)")
        ->check(CLI::IsMember({"disallow", "allow", "if-necessary", "explicit", "if-necessary-or-explicit"}));
    m_cmd->add_option("--exclude-newer", m_exclude_newer,
                      "ignore files uploaded at or after this time (RFC 3339 timestamp, date, or span such as `7 days`)");
    m_cmd->add_option("--exclude-newer-package", m_exclude_newer_package,
                      "PACKAGE=DATE or PACKAGE=false: this package's own cutoff (repeatable)")
        ->check([](const std::string& entry) -> std::string {
            const auto parsed = exclude_newer_package_argument(entry);
            return parsed ? std::string() : parsed.error();
        });
    m_cmd->add_option("-p,--python", m_python,
                      "the interpreter that runs build backends, when a package's metadata needs a build, and whose "
                      "version a project without requires-python is locked for "
                      "(default: $UV_PYTHON, .python-version, else any fitting the project's requires-python)");
    m_indexes.add_to(*m_cmd);
    m_isolation.add_to(*m_cmd);
    m_cmd->add_flag("--no-sources", m_no_sources,
                    "ignore `tool.uv.sources`: lock every requirement as written, from the indexes (also `no-sources` "
                    "in [tool.uv], UV_NO_SOURCES)");
    m_cmd->add_flag("--refresh", m_refresh, "revalidate cached index pages and re-resolve even when uv.lock is up to date");
    m_cmd->add_flag("-q,--quiet", m_quiet, "print nothing on success");
}

int ResolveCommand::run() const {
    // Even a no-op reads the whole lock: a 1.5 MB lock touches ~10 MB of fresh heap, and in
    // 4 KiB pages the faults were a tenth of the run (docs/performance.md).
    prefer_huge_page_heap(k_heap_reserve);
    // The registry client's threads wait on the network; in arenas of their own, the response
    // bodies they freed stayed resident (a third of a cold run's peak memory).
    use_one_malloc_arena();
    project::LockProjectOptions o;
    o.project_dir = m_project.empty() ? std::filesystem::path(".") : std::filesystem::path(m_project);
    o.environment = pyproject::environment_map();
    if (const auto conflict = m_lock_check.conflict()) {
        std::cerr << "error: " << *conflict << '\n';
        return 2;
    }
    o.lock_flags = m_lock_check.flags;
    o.refresh = m_refresh;
    if (!m_python.empty()) {
        o.python = m_python;
    } else if (const auto from_env = o.environment.find("UV_PYTHON");
               from_env != o.environment.end() && !from_env->second.empty()) {
        o.python = from_env->second;
        o.python_origin = "UV_PYTHON";
    }
    m_indexes.apply(o);
    pyproject::SettingsLayer& cl = o.command_line;
    m_isolation.apply(cl);
    if (m_no_sources) {
        cl.no_sources = true;
        cl.where["no-sources"] = "--no-sources";
    }
    if (m_upgrade) cl.upgrade = true;
    cl.upgrade_package = m_upgrade_package;
    if (!m_resolution.empty())
        cl.resolution = m_resolution == "lowest"          ? pyproject::ResolutionMode::Lowest
                        : m_resolution == "lowest-direct" ? pyproject::ResolutionMode::LowestDirect
                                                          : pyproject::ResolutionMode::Highest;
    if (!m_prerelease.empty()) {
        using P = pyproject::PrereleaseMode;
        cl.prerelease = m_prerelease == "disallow"   ? P::Disallow
                        : m_prerelease == "allow"    ? P::Allow
                        : m_prerelease == "explicit" ? P::Explicit
                        : m_prerelease == "if-necessary-or-explicit" ? P::IfNecessaryOrExplicit
                                                                     : P::IfNecessary;
    }
    for (const std::string& entry : m_exclude_newer_package)
        if (auto parsed = exclude_newer_package_argument(entry)) cl.exclude_newer_package.push_back(std::move(*parsed));
    if (!m_exclude_newer.empty()) {
        pyproject::ExcludeNewerSetting e;
        e.value = m_exclude_newer;
        cl.exclude_newer = e;
    }
    // Progress only where someone watches it.
    if (!m_quiet && ::isatty(STDERR_FILENO) != 0) o.progress = [](std::string_view line) { std::cerr << line << '\n'; };

    o.on_warning = print_warning;
    // `lock resolve` ends when this returns.
    o.leave_for_exit = true;
    auto outcome = project::lock_project(o);
    if (!outcome) {
        std::cerr << outcome.error().render();
        return 2;
    }
    for (const auto& w : outcome->warnings) print_warning(w);
    const std::string path = escape_for_terminal(outcome->lock_path.string());
    if (outcome->lock_check.value == pyproject::LockCheck::Frozen) {
        // uv's words: the lock was read, not compared.
        print_warning("The lockfile at `uv.lock` was only checked for validity, not whether it is up-to-date, because " +
                      outcome->lock_check.provided_by + " was provided; use `--check` instead");
        return 0;
    }
    switch (outcome->result) {
    case project::LockOutcome::Result::WouldChange: {
        // uv's sentence, then what changed.
        std::cerr << "error: " << pyproject::lock_needs_update_message(outcome->lock_check.provided_by) << '\n';
        if (!outcome->reason.empty()) std::cerr << "  " << escape_for_terminal(outcome->reason) << '\n';
        if (!outcome->old_text.empty()) {
            const auto diff = lockfile::first_difference(outcome->old_text, outcome->new_text);
            if (!diff.same)
                std::cerr << "  line " << diff.line << ":\n  locked:   " << escape_for_terminal(diff.actual_line)
                          << "\n  resolved: " << escape_for_terminal(diff.expected_line) << '\n';
        }
        std::cerr << "hint: To update the lockfile, run `lock resolve` (or `uv lock`) and commit uv.lock\n";
        return 1;
    }
    case project::LockOutcome::Result::Written:
        if (!m_quiet && outcome->had_conflict_markers)
            std::cerr << path << " had conflict markers: both sides' versions were kept where they fit\n";
        if (!m_quiet) std::cerr << "Wrote " << path << " (" << outcome->packages << " packages)\n";
        return 0;
    case project::LockOutcome::Result::Unchanged: break;
    }
    if (!m_quiet) std::cerr << path << " is up to date (" << outcome->packages << " packages)\n";
    return 0;
}

} // namespace lockkit::tools
