// One lock-verify run (see run.hpp): the part of the program that is not
// option parsing or printing.

#include "lockkit/verify/run.hpp"

#include "lockkit/fs/file_lock.hpp"
#include "lockkit/fs/lock_directory.hpp"
#include "lockkit/lockfile/reader.hpp"
#include "lockkit/util/atomic_file.hpp"
#include "lockkit/verify/artifact_check.hpp"
#include "lockkit/install/install_selection.hpp"
#include "lockkit/verify/pyproject_policy.hpp"
#include "lockkit/verify/staleness.hpp"
#include "lockkit/verify/verify.hpp"

namespace lockkit::verify {

namespace {

/// The nearest folder at or above `dir` holding `.git`, else `dir`: the root that
/// `--require-paths-inside-repo` keeps paths inside.
std::filesystem::path repository_root(const std::filesystem::path& dir) {
    std::error_code ec;
    for (auto d = dir; !d.empty(); d = d.parent_path()) {
        if (std::filesystem::exists(d / ".git", ec)) {
            return d;
        }
        if (d == d.parent_path()) {
            break;
        }
    }
    return dir;
}

std::string error_line(const std::string& message) { return "error: " + message + "\n"; }

/// Adds the findings of a check after applying the severity overrides.
void add_findings(Report& report, std::vector<Finding> findings, const VerifyOptions& options) {
    apply_severity(findings, options);
    report.findings.insert(report.findings.end(), std::make_move_iterator(findings.begin()),
                           std::make_move_iterator(findings.end()));
}

} // namespace

std::expected<Report, std::string> run(RunOptions o) {
    std::error_code ec;
    const auto lock_dir = std::filesystem::absolute(o.lock_path, ec).parent_path();
    o.verify.lock_dir = lock_dir;
    o.verify.repo_root = repository_root(lock_dir);

    if (o.download) {
        // Filling the cache is writing: it needs the lock directory.
        if (const auto& locks = fs::LockDirectory::process_wide(); !locks) {
            return std::unexpected(locks.error().render());
        }
    }
    // The lock and the pyproject.toml files are read as one state of the
    // project: a shared lock while they are read and checked (lockkit/fs).
    auto project_lock = fs::lock_for_reading(lock_dir);
    if (!project_lock) {
        return std::unexpected(project_lock.error().render());
    }

    std::filesystem::path pyproject = o.pyproject;
    if (pyproject.empty()) {
        const auto beside = o.lock_path.parent_path() / "pyproject.toml";
        if (std::filesystem::is_regular_file(beside, ec)) {
            pyproject = beside;
        }
    }
    if (!pyproject.empty()) {
        auto text = read_file(pyproject);
        if (!text) {
            return std::unexpected(error_line(text.error()));
        }
        if (auto applied = apply_pyproject_policy(*text, pyproject.string(), o.verify); !applied) {
            return std::unexpected(error_line(applied.error()));
        }
    }

    Report report;
    report.lock_path = o.lock_path.string();
    auto text = read_file(o.lock_path);
    if (!text) {
        Diagnostic d;
        d.file = report.lock_path;
        d.message = text.error();
        return std::unexpected(d.render());
    }
    auto lock = lockfile::parse_lock(*text, report.lock_path);
    if (!lock) {
        // A broken lock is what lock-verify is for: every problem is a finding.
        auto findings = check_structure(*text, report.lock_path);
        if (findings.empty()) {
            Finding f;  // cannot happen (the reader and check_structure agree); never report success on it
            f.rule = std::string(rule::invalid_field);
            f.message = lock.error().message;
            f.fix = lock.error().hints.empty() ? "re-create the lock with `uv lock`" : lock.error().hints.front();
            f.line = lock.error().line;
            f.column = lock.error().column;
            findings.push_back(std::move(f));
        }
        add_findings(report, std::move(findings), o.verify);
        report.lock_readable = false;
        return report;
    }
    report.findings = verify_lock(*lock, o.verify);

    const bool has_project = std::filesystem::is_regular_file(lock_dir / "pyproject.toml", ec);
    if (o.staleness == RunOptions::Staleness::Required && !has_project) {
        return std::unexpected(error_line("--check-stale: no pyproject.toml beside " + report.lock_path));
    }
    if (has_project && o.staleness != RunOptions::Staleness::Off) {
        auto stale = check_stale(*lock, lock_dir);
        if (!stale) {
            return std::unexpected(stale.error() + error_line("cannot check staleness (use --no-stale to skip)"));
        }
        add_findings(report, std::move(*stale), o.verify);
    }
    project_lock->release();  // what follows reads other things, each under its own lock
    if (!o.artifacts.empty()) {
        auto checked = check_artifacts(*lock, o.artifacts, o.verify.jobs);
        if (!checked) {
            return std::unexpected(error_line(checked.error()));
        }
        add_findings(report, std::move(checked->findings), o.verify);
        report.artifacts_checked = checked->checked;
    }
    if (o.download) {
        std::filesystem::path cache_root = o.cache_dir;
        if (cache_root.empty()) {
            auto root = fetch::ArtifactCache::default_root();
            if (!root) {
                return std::unexpected(error_line(root.error()));
            }
            cache_root = *root;
        }
        const fetch::ArtifactCache cache(cache_root);
        o.download_options.lock_dir = lock_dir;
        auto downloaded = check_downloads(*lock, cache, o.download_options);
        add_findings(report, std::move(downloaded.findings), o.verify);
        report.artifacts_checked += downloaded.checked;
        report.download = {true,
                           downloaded.downloaded,
                           downloaded.from_cache,
                           downloaded.local,
                           downloaded.without_hash,
                           downloaded.bytes_downloaded,
                           cache_root.string()};
    }
    if (!o.venv.empty()) {
        auto venv_lock = fs::lock_for_reading(o.venv);
        if (!venv_lock) {
            return std::unexpected(venv_lock.error().render());
        }
        if (has_project) {
            if (auto read = install::read_default_groups(lock_dir / "pyproject.toml", o.venv_check.selection); !read) {
                return std::unexpected(read.error() + error_line("cannot read tool.uv.default-groups"));
            }
        }
        o.venv_check.jobs = o.verify.jobs;
        auto checked = check_venv(*lock, o.venv, o.venv_check);
        if (!checked) {
            return std::unexpected(error_line(checked.error()));
        }
        add_findings(report, std::move(checked->findings), o.verify);
        report.venv = {o.venv.string(), checked->environment, checked->expected, checked->distributions_checked,
                       checked->files_hashed};
    }
    return report;
}

} // namespace lockkit::verify
