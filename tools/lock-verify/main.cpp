// `lock-verify`: verify a uv.lock: integrity, hashes and source policy, offline.
// Thin front end: flags into VerifyOptions, run the core (lockkit/verify), print
// findings (data, stdout) and a summary (status, stderr), map to an exit code:
// 0 clean, 1 findings (errors; warnings too with --strict), 2 could not run.

#include "lockkit_config.h"
#include "lockkit/lockfile/reader.hpp"
#include "lockkit/util/atomic_file.hpp"
#include "lockkit/verify/artifact_check.hpp"
#include "lockkit/verify/pyproject_policy.hpp"
#include "lockkit/verify/report.hpp"
#include "lockkit/verify/verify.hpp"

#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>

namespace {

struct CliOptions {
    std::string lock_path = "uv.lock";
    std::string format = "text";
    std::string artifacts;
    std::string pyproject;  ///< default: pyproject.toml beside the lock, if present
    bool strict = false;
    bool quiet = false;
    lockkit::verify::VerifyOptions verify;
};

} // namespace

int main(int argc, char** argv) {
    CLI::App app{"lock-verify: verify a uv.lock offline: artifact filenames, hashes, markers, reachability,\n"
                 "recorded requirements, source policy, and (with --artifacts) file hashes.\n"
                 "Exit codes: 0 clean, 1 findings, 2 could not run.",
                 "lock-verify"};
    app.set_version_flag("--version", std::string("lock-verify (lockkit) ") + LOCKKIT_VERSION);
    CliOptions o;
    app.add_option("lock", o.lock_path, "the lock file (default: uv.lock)");
    app.add_option("--format", o.format, "output format: text or json")->check(CLI::IsMember({"text", "json"}));
    app.add_flag("--strict", o.strict, "warnings also fail (exit 1)");
    app.add_flag("-q,--quiet", o.quiet, "no summary line on stderr");
    app.add_flag("--https-only", o.verify.https_only, "every remote URL must use https");
    app.add_option("--allow-host", o.verify.allowed_hosts, "allowed index/artifact host (repeatable)")->allow_extra_args(false);
    app.add_flag("--require-pinned-git", o.verify.require_pinned_git, "git sources must name a full commit");
    app.add_flag("--no-sdist-only", o.verify.no_sdist_only, "registry packages must have a wheel");
    app.add_option("--deny", o.verify.denied, "package that must not be locked (repeatable)")->allow_extra_args(false);
    app.add_option("--artifacts", o.artifacts, "folder of wheels/sdists to hash and compare with the lock");
    app.add_option("--pyproject", o.pyproject,
                   "read [tool.lockkit.verify] from this file (default: pyproject.toml beside the lock)");
    app.add_option("-j,--jobs", o.verify.jobs, "hashing threads (default: all cores)");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? 0 : 2;
    }

    std::filesystem::path pyproject = o.pyproject;
    if (pyproject.empty()) {
        const auto beside = std::filesystem::path(o.lock_path).parent_path() / "pyproject.toml";
        if (std::filesystem::is_regular_file(beside)) {
            pyproject = beside;
        }
    }
    if (!pyproject.empty()) {
        auto text = lockkit::read_file(pyproject);
        if (!text) {
            std::cerr << "error: " << text.error() << "\n";
            return 2;
        }
        if (auto applied = lockkit::verify::apply_pyproject_policy(*text, pyproject.string(), o.verify); !applied) {
            std::cerr << "error: " << applied.error() << "\n";
            return 2;
        }
    }

    auto lock = lockkit::lockfile::read_lock(o.lock_path);
    if (!lock) {
        std::cerr << lock.error().render();
        return 2;
    }
    lockkit::verify::Report report;
    report.lock_path = o.lock_path;
    report.findings = lockkit::verify::verify_lock(*lock, o.verify);
    if (!o.artifacts.empty()) {
        auto checked = lockkit::verify::check_artifacts(*lock, o.artifacts, o.verify.jobs);
        if (!checked) {
            std::cerr << "error: " << checked.error() << "\n";
            return 2;
        }
        report.findings.insert(report.findings.end(), checked->findings.begin(), checked->findings.end());
        report.artifacts_checked = checked->checked;
    }
    if (o.format == "json") {
        std::cout << lockkit::verify::render_json(report);
    } else {
        std::cout << lockkit::verify::render_text(report);
        if (!o.quiet) {
            std::cerr << lockkit::verify::render_summary(report);
        }
    }
    return lockkit::verify::exit_code_for(report, o.strict);
}
