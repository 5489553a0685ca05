// `lock why P` and `lock why-not P==V`: option parsing and printing around lockkit::why.

#include "why_command.hpp"

#include "lockkit/lockfile/reader.hpp"
#include "lockkit/pep440/version.hpp"
#include "lockkit/pep508/package_name.hpp"
#include "lockkit/project/lock_target.hpp"
#include "lockkit/util/terminal_text.hpp"
#include "lockkit/why/render.hpp"

#include <filesystem>
#include <iostream>
#include <unistd.h>

namespace lockkit::tools {

namespace {

/// uv.lock of `--lock FILE`, else of the workspace around `--project DIR` (default: here).
std::filesystem::path lock_path(const std::string& lock, const std::string& project) {
    if (!lock.empty()) return lock;
    return project::find_workspace_root(project.empty() ? std::filesystem::path(".") : std::filesystem::path(project)) /
           "uv.lock";
}

} // namespace

void WhyCommands::add_to(CLI::App& app) {
    m_why = app.add_subcommand("why", "Show the chains of requirements in uv.lock that put a package at its locked version(s)");
    m_why->footer(
        "For each locked version of PACKAGE (one per fork when it is locked more than once), every chain from a\n"
        "workspace member (with its extras and dependency groups) or the workspace root's requirements down to it,\n"
        "shortest first, with the requirement and marker of each step. Reads uv.lock only.\n\n"
        "Examples:\n"
        "  lock why h11                  # hello 0.1.0 -> httpx>=0.27 -> httpcore -> h11 0.16.0\n"
        "  lock why h11 --all --json     # every chain, for scripts\n"
        "  lock why numpy --lock other/uv.lock\n\n"
        "Exit codes: 0 the package is locked, 1 it is not in the lock, 2 uv.lock could not be read.");
    m_why->add_option("PACKAGE", m_package, "the package")->required();
    m_why->add_option("--project", m_project, "the project directory (default: the current one)");
    m_why->add_option("--lock", m_lock, "read this lock file instead of the project's uv.lock");
    m_why->add_flag("--all", m_all, "list every chain (default: the 10 shortest per version)");
    m_why->add_flag("--json", m_json, "print JSON (schema in docs/lock-why.md)");

    m_why_not = app.add_subcommand("why-not", "Explain what keeps a version of a package out of uv.lock");
    m_why_not->footer(
        "First the requirements uv.lock records (workspace members, local packages, [manifest] constraints and\n"
        "overrides) that exclude VERSION; when none does, the project is resolved again with PACKAGE==VERSION\n"
        "forced, writing nothing: either the resolver's derivation explains the failure, or the version is\n"
        "possible and the packages that would move are listed. --frozen reads uv.lock only.\n\n"
        "Examples:\n"
        "  lock why-not h11==0.14.0           # resolve again with h11 0.14.0 forced and say what rules it out\n"
        "  lock why-not h11==0.14.0 --frozen  # only what uv.lock itself records (no index, no network)\n\n"
        "Exit codes: 0 something excludes the version (and it is shown), 1 nothing does (it is locked, or the\n"
        "project resolves with it, or --frozen found nothing), 2 error.");
    m_why_not->add_option("REQUIREMENT", m_pinned, "PACKAGE==VERSION")->required();
    m_why_not->add_option("--project", m_project, "the project directory (default: the current one)");
    m_why_not->add_flag("--frozen", m_frozen, "use uv.lock only: never resolve (no index, no network)");
    m_why_not->add_flag("--json", m_json, "print JSON (schema in docs/lock-why.md)");
    m_why_not->add_flag("-q,--quiet", m_quiet, "no progress");
    m_indexes.add_to(*m_why_not);
}

int WhyCommands::run() const { return m_why && m_why->parsed() ? run_why() : run_why_not(); }

int WhyCommands::run_why() const {
    auto lock = lockfile::read_lock(lock_path(m_lock, m_project));
    if (!lock) {
        std::cerr << lock.error().render();
        return 2;
    }
    why::WhyOptions options;
    if (m_all) options.max_chains = 0;
    const why::WhyReport report = why::explain_why(*lock, m_package, options);
    std::cout << (m_json ? why::render_why_json(report) : escape_for_terminal(why::render_why_text(report)));
    return report.found() ? 0 : 1;
}

int WhyCommands::run_why_not() const {
    const auto eq = m_pinned.find("==");
    const std::string name = eq == std::string::npos ? std::string() : m_pinned.substr(0, eq);
    const std::string version = eq == std::string::npos ? std::string() : m_pinned.substr(eq + 2);
    if (!pep508::is_valid_name(name) || !pep440::Version::parse(version)) {
        std::cerr << "error: `" << escape_for_terminal(m_pinned) << "` is not PACKAGE==VERSION\n"
                  << "hint: name one exact version, e.g. `lock why-not idna==3.5`\n";
        return 2;
    }
    const std::filesystem::path path = lock_path("", m_project);
    auto lock = lockfile::read_lock(path);
    if (!lock) {
        std::cerr << lock.error().render();
        return 2;
    }
    why::WhyNotReport report;
    report.lock = why::find_lock_exclusions(*lock, name, version);
    if (!m_frozen && !report.lock.version_locked && report.lock.excluded_by.empty()) {
        project::LockProjectOptions o;
        o.project_dir = path.parent_path();
        o.environment = pyproject::environment_map();
        m_indexes.apply(o);
        if (!m_quiet && ::isatty(STDERR_FILENO) != 0) o.progress = [](std::string_view line) { std::cerr << line << '\n'; };
        auto forced = why::resolve_with_version(o, name, version);
        if (!forced) {
            std::cerr << forced.error().render();
            return 2;
        }
        report.resolution = std::move(*forced);
    }
    std::cout << (m_json ? why::render_why_not_json(report) : escape_for_terminal(why::render_why_not_text(report)));
    const auto verdict = report.verdict();
    return verdict == why::WhyNotReport::Verdict::Excluded || verdict == why::WhyNotReport::Verdict::NoSolution ? 0 : 1;
}

} // namespace lockkit::tools
