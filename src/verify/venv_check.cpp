// `--venv`: see venv_check.hpp. The work is in three passes: compare the selected
// lock packages with the installed distributions by name (missing, version, source,
// extraneous), hash every RECORD row in parallel, then look for files that no RECORD
// accounts for.

#include "lockkit/verify/venv_check.hpp"

#include "finding_builder.hpp"
#include "lockkit/pep440/specifiers.hpp"
#include "lockkit/pep440/same_version.hpp"
#include "lockkit/pep440/version.hpp"
#include "lockkit/util/atomic_file.hpp"
#include "lockkit/util/parallel.hpp"
#include "lockkit/util/sha256.hpp"
#include "lockkit/util/strings.hpp"
#include "lockkit/install/installed_distribution.hpp"
#include "lockkit/install/virtual_environment.hpp"

#include <algorithm>
#include <atomic>
#include <map>
#include <set>
#include <system_error>
#include <unordered_map>

namespace lockkit::verify {

using detail::make_finding;
using detail::package_label;
using lockfile::Package;
using lockfile::SourceKind;
using install::DirectUrl;
using install::InstalledDistribution;
using install::RecordEntry;
using install::SelectedPackage;
using install::VirtualEnvironment;

namespace {

constexpr std::size_t k_listed_paths = 5;  // unrecorded files named per folder before "and N more"
constexpr std::size_t k_no_owner = static_cast<std::size_t>(-1);      // recorded by an egg-info
constexpr std::size_t k_not_recorded = static_cast<std::size_t>(-2);  // nothing recorded below a folder

/// The part of a git source location after `#` (the locked commit).
std::string git_commit(const std::string& location) {
    const auto hash = location.rfind('#');
    return hash == std::string::npos ? std::string() : location.substr(hash + 1);
}

std::string without_fragment(const std::string& url) {
    return url.substr(0, url.find('#'));
}

std::string describe_origin(const InstalledDistribution& d) {
    if (!d.direct_url) {
        return "from an index (it has no direct_url.json)";
    }
    const DirectUrl& u = *d.direct_url;
    switch (u.kind) {
    case DirectUrl::Kind::Archive:
        return "from the archive `" + u.url + "`";
    case DirectUrl::Kind::Directory:
        return std::string(u.editable ? "as an editable install" : "as a non-editable copy") + " of `" + u.url + "`";
    case DirectUrl::Kind::Vcs:
        return "from `" + u.url + "`" + (u.commit_id.empty() ? "" : " at commit " + u.commit_id);
    case DirectUrl::Kind::Unknown:
        break;
    }
    return "from `" + u.url + "`";
}

/// A path as the user named the venv: `<venv as given>/<path below the root>`.
class PathDisplay {
public:
    PathDisplay(std::filesystem::path given, std::filesystem::path root)
        : m_given(std::move(given)), m_root(std::move(root)) {}
    std::string operator()(const std::filesystem::path& p) const {
        const auto rel = p.lexically_relative(m_root);
        if (rel.empty() || *rel.begin() == "..") {
            return p.string();
        }
        if (rel == ".") {
            return m_given.string();
        }
        return (m_given / rel).lexically_normal().string();
    }

private:
    std::filesystem::path m_given, m_root;
};

struct HashJob {
    std::size_t dist = 0;  ///< index into the installed list
    RecordEntry entry;
    std::filesystem::path path;
    enum class Outcome : std::uint8_t { Match, Mismatch, Missing, Unreadable } outcome = Outcome::Match;
    std::string actual;  ///< "sha256=..." or the read error
};

class VenvChecker {
public:
    VenvChecker(const lockfile::Lock& lock, const std::filesystem::path& given, VirtualEnvironment venv,
                const VenvCheckOptions& options)
        : m_lock(lock), m_venv(std::move(venv)), m_options(options), m_display(given, m_venv.root) {
        std::error_code ec;
        m_canonical_root = std::filesystem::canonical(m_venv.root, ec);
        if (ec) {
            m_canonical_root = m_venv.root;
        }
    }

    std::expected<VenvCheckResult, std::string> run() {
        const pep508::MarkerEnvironment env =
            m_options.environment ? *m_options.environment : install::marker_environment(m_venv);
        m_result.environment = install::describe_environment(env);
        check_requires_python(env);

        auto selected = install::select_packages(m_lock, env, m_options.selection);
        if (!selected) {
            return std::unexpected(selected.error());
        }
        m_result.expected = selected->size();
        for (const auto& site : m_venv.site_packages) {
            auto found = install::scan_site_packages(site);
            if (!found) {
                return std::unexpected(found.error());
            }
            m_installed.insert(m_installed.end(), found->begin(), found->end());
        }
        m_result.distributions_checked = m_installed.size();

        compare(*selected);
        check_records();
        check_unrecorded_files();

        // Rule order first (the header's order), then package; stable, so each pass's order stays.
        const std::vector<std::string_view> order = {
            rule::venv_version_mismatch, rule::venv_missing,         rule::venv_source_mismatch,
            rule::venv_extraneous,       rule::venv_record_invalid,  rule::venv_record_mismatch,
            rule::venv_record_missing_file, rule::venv_unrecorded_file};
        auto rank = [&](const Finding& f) { return std::find(order.begin(), order.end(), f.rule) - order.begin(); };
        std::stable_sort(m_result.findings.begin(), m_result.findings.end(), [&](const Finding& a, const Finding& b) {
            if (rank(a) != rank(b)) {
                return rank(a) < rank(b);
            }
            return a.package < b.package;
        });
        return std::move(m_result);
    }

private:
    // ---- the environment's Python -----------------------------------------------------

    void check_requires_python(const pep508::MarkerEnvironment& env) {
        if (m_lock.requires_python.empty()) {
            return;
        }
        const auto specs = pep440::VersionSpecifiers::parse(m_lock.requires_python);
        const auto version = pep440::Version::parse(env.python_full_version);
        if (specs && version && !specs->contains(*version)) {
            Finding f;
            f.rule = std::string(rule::venv_version_mismatch);
            f.severity = Severity::Error;
            f.message = "the environment's Python " + env.python_full_version + " is outside the lock's " +
                        "requires-python `" + m_lock.requires_python + "`";
            f.fix = "recreate the environment with a matching interpreter (`uv sync --python X.Y`)";
            m_result.findings.push_back(std::move(f));
        }
    }

    // ---- names and versions -----------------------------------------------------------

    /// A finding about an installed distribution: named by its installed name and
    /// version, located at the lock package of that name and version if there is one.
    Finding installed_finding(std::string_view rule_id, Severity severity, const InstalledDistribution& d,
                              std::string message, std::string fix) const {
        const Package* match = nullptr;
        for (const auto& p : m_lock.packages) {
            if (p.id.name == d.name && (!p.id.version || pep440::same_version(*p.id.version, d.version))) {
                match = &p;
                break;
            }
        }
        Finding f = make_finding(rule_id, severity, match, std::move(message), std::move(fix));
        f.package = d.name;
        f.version = d.version.empty() ? std::nullopt : std::optional(d.version);
        return f;
    }

    std::string label(const InstalledDistribution& d) const {
        return d.name + (d.version.empty() ? "" : "==" + d.version);
    }

    void compare(const std::vector<SelectedPackage>& selected) {
        std::map<std::string, std::vector<const InstalledDistribution*>> installed;
        for (const auto& d : m_installed) {
            installed[d.name].push_back(&d);
        }
        std::set<std::string> expected_names;
        for (const auto& s : selected) {
            const Package& p = *s.package;
            expected_names.insert(p.id.name);
            const auto it = installed.find(p.id.name);
            if (it == installed.end()) {
                m_result.findings.push_back(make_finding(
                    rule::venv_missing, Severity::Error, &p,
                    package_label(p) + " is locked for this environment but not installed in " +
                        m_display(m_venv.root),
                    "run `uv sync --frozen` to install what the lock selects (or pass the --venv-extra/--venv-group "
                    "options that match how the environment was synced)"));
                continue;
            }
            const auto& copies = it->second;
            if (copies.size() > 1) {
                std::vector<std::string> where;
                for (const auto* d : copies) {
                    where.push_back(d->version + " (" + m_display(d->metadata_dir) + ")");
                }
                m_result.findings.push_back(make_finding(
                    rule::venv_version_mismatch, Severity::Error, &p,
                    p.id.name + " is installed " + std::to_string(copies.size()) + " times: " + join(where, ", ") +
                        (p.id.version ? "; the lock has " + *p.id.version : ""),
                    "reinstall it: `uv sync --frozen --reinstall-package " + p.id.name + "`"));
                continue;
            }
            const InstalledDistribution& d = *copies.front();
            if (p.id.version && !pep440::same_version(*p.id.version, d.version)) {
                m_result.findings.push_back(make_finding(
                    rule::venv_version_mismatch, Severity::Error, &p,
                    p.id.name + " is installed as " + (d.version.empty() ? "an unknown version" : d.version) + " (" +
                        m_display(d.metadata_dir) + "), but the lock has " + *p.id.version,
                    "run `uv sync --frozen` to install the locked version (or `uv lock` if the new version is "
                    "intended)"));
                continue;
            }
            check_source(p, d);
        }
        for (const auto& [name, copies] : installed) {
            if (expected_names.contains(name)) {
                continue;
            }
            const bool seeds_tolerated = !m_venv.seedless();
            if (install::is_seed_package(name) && seeds_tolerated) {
                continue;
            }
            std::vector<std::string> locked;
            for (const auto& p : m_lock.packages) {
                if (p.id.name == name) {
                    locked.push_back(package_label(p));
                }
            }
            for (const auto* d : copies) {
                std::string message = label(*d) + " is installed (" + m_display(d->metadata_dir) + ") but ";
                std::string fix;
                if (locked.empty()) {
                    message += "the lock does not have it";
                    fix = "add it to the project and run `uv lock`, or remove it: `uv sync --frozen` removes "
                          "packages the lock does not select";
                } else {
                    message += "the lock does not select it for this environment (" + m_result.environment +
                               "; locked: " + join(locked, ", ") + ")";
                    fix = "if it comes from an extra, group or other member, pass --venv-extra, --venv-group or "
                          "--venv-all-packages; otherwise `uv sync --frozen` removes it";
                }
                m_result.findings.push_back(
                    installed_finding(rule::venv_extraneous, Severity::Warning, *d, std::move(message), std::move(fix)));
            }
        }
    }

    void check_source(const Package& p, const InstalledDistribution& d) {
        if (d.egg_info) {
            return;  // legacy metadata records no origin
        }
        const std::string reinstall = "reinstall it from the lock: `uv sync --frozen --reinstall-package " + p.id.name + "`";
        auto report = [&](Severity severity, std::string message, std::string fix) {
            m_result.findings.push_back(
                make_finding(rule::venv_source_mismatch, severity, &p, std::move(message), std::move(fix)));
        };
        if (!d.problem.empty() && d.problem.find("direct_url.json") != std::string::npos) {
            report(Severity::Error,
                   package_label(p) + " at " + m_display(d.metadata_dir) + " has an unreadable " + d.problem, reinstall);
            return;
        }
        const std::string& location = p.id.source.location;
        const DirectUrl* u = d.direct_url ? &*d.direct_url : nullptr;
        const std::string installed = package_label(p) + " is installed " + describe_origin(d);
        switch (p.id.source.kind) {
        case SourceKind::Registry:
            if (u) {
                report(Severity::Error, installed + ", but the lock takes it from the index `" + location + "`",
                       reinstall);
            }
            break;
        case SourceKind::Editable:
        case SourceKind::Directory: {
            const bool want_editable = p.id.source.kind == SourceKind::Editable;
            if (!u || u->kind != DirectUrl::Kind::Directory) {
                report(Severity::Error,
                       installed + ", but the lock has it as " + (want_editable ? "an editable" : "a") +
                           " source tree at `" + location + "`",
                       reinstall);
            } else if (u->editable != want_editable) {
                report(Severity::Warning,
                       installed + ", but the lock has " + (want_editable ? "an editable" : "a non-editable") +
                           " source tree (`uv sync --no-editable` installs members as copies)",
                       "sync without --no-editable, or ignore this rule with --warn/--error if that is intended");
            }
            break;
        }
        case SourceKind::Git:
            if (!u || u->kind != DirectUrl::Kind::Vcs) {
                report(Severity::Error, installed + ", but the lock takes it from git `" + location + "`", reinstall);
            } else if (const std::string commit = git_commit(location); !commit.empty() && u->commit_id != commit) {
                report(Severity::Error,
                       package_label(p) + " is installed from commit " +
                           (u->commit_id.empty() ? std::string("(none recorded)") : u->commit_id) +
                           ", but the lock pins " + commit,
                       reinstall);
            }
            break;
        case SourceKind::Url:
            if (!u || u->kind != DirectUrl::Kind::Archive) {
                report(Severity::Error, installed + ", but the lock takes it from the URL `" + location + "`",
                       reinstall);
            } else if (without_fragment(u->url) != without_fragment(location)) {
                report(Severity::Error, installed + ", but the lock takes it from `" + location + "`", reinstall);
            }
            break;
        case SourceKind::Path:
            if (!u || u->kind != DirectUrl::Kind::Archive) {
                report(Severity::Error, installed + ", but the lock takes it from the file `" + location + "`",
                       reinstall);
            }
            break;
        case SourceKind::Virtual:
            break;
        }
    }

    // ---- RECORD -----------------------------------------------------------------------

    /// Whether a resolved path lies inside the environment's root.
    bool inside_root(const std::filesystem::path& p) const {
        for (const auto* root : {&m_venv.root, &m_canonical_root}) {
            const auto rel = p.lexically_relative(*root);
            if (!rel.empty() && *rel.begin() != ".." && rel.is_relative()) {
                return true;
            }
        }
        return false;
    }

    std::filesystem::path resolve(const InstalledDistribution& d, const std::string& record_path) const {
        const std::filesystem::path raw(record_path);
        return (raw.is_absolute() ? raw : d.site_packages / raw).lexically_normal();
    }

    void check_records() {
        std::vector<HashJob> jobs;
        for (std::size_t i = 0; i < m_installed.size(); ++i) {
            const InstalledDistribution& d = m_installed[i];
            if (d.egg_info) {
                continue;
            }
            const std::string where = m_display(d.metadata_dir / "RECORD");
            const std::string fix = "reinstall it: `uv sync --frozen --reinstall-package " + d.name + "`";
            auto text = read_file(d.metadata_dir / "RECORD");
            if (!text) {
                m_result.findings.push_back(installed_finding(
                    rule::venv_record_invalid, Severity::Error, d,
                    label(d) + " has no readable RECORD (" + where + "), so its files cannot be verified", fix));
                continue;
            }
            auto rows = install::parse_record(*text);
            if (!rows) {
                m_result.findings.push_back(installed_finding(rule::venv_record_invalid, Severity::Error, d,
                                                              where + ": " + rows.error(), fix));
                continue;
            }
            for (auto& row : *rows) {
                const auto path = resolve(d, row.path);
                if (!inside_root(path)) {
                    m_result.findings.push_back(installed_finding(
                        rule::venv_record_invalid, Severity::Error, d,
                        where + ":" + std::to_string(row.line) + ": `" + row.path +
                            "` points outside the environment; it was not opened",
                        "no installer writes such a row: treat the environment as tampered with and recreate it"));
                    continue;
                }
                m_recorded.emplace(path, i);
                if (row.hash.empty()) {
                    continue;
                }
                const auto eq = row.hash.find('=');
                if (eq == std::string::npos || eq == 0 || eq + 1 == row.hash.size()) {
                    m_result.findings.push_back(installed_finding(
                        rule::venv_record_invalid, Severity::Error, d,
                        where + ":" + std::to_string(row.line) + ": malformed hash `" + row.hash + "` for `" + row.path +
                            "` (expected `sha256=<urlsafe base64>`)",
                        fix));
                    continue;
                }
                std::string algorithm = row.hash.substr(0, eq);
                std::transform(algorithm.begin(), algorithm.end(), algorithm.begin(),
                               [](unsigned char c) { return std::tolower(c); });
                if (algorithm != "sha256") {
                    continue;  // other algorithms are legal but rare; not verified
                }
                jobs.push_back({i, std::move(row), path, HashJob::Outcome::Match, {}});
            }
        }
        hash_all(jobs);
        for (const HashJob& job : jobs) {
            const InstalledDistribution& d = m_installed[job.dist];
            const std::string fix = "the installed file differs from what was installed: reinstall it with "
                                    "`uv sync --frozen --reinstall-package " +
                                    d.name + "` and find out who changed it";
            switch (job.outcome) {
            case HashJob::Outcome::Match:
                break;
            case HashJob::Outcome::Mismatch:
                m_result.findings.push_back(installed_finding(
                    rule::venv_record_mismatch, Severity::Error, d,
                    "`" + m_display(job.path) + "` of " + label(d) + " has hash " + job.actual +
                        ", but its RECORD expects " + job.entry.hash,
                    fix));
                break;
            case HashJob::Outcome::Missing:
                m_result.findings.push_back(installed_finding(
                    rule::venv_record_missing_file, Severity::Error, d,
                    "`" + m_display(job.path) + "` of " + label(d) + " is listed in RECORD (" + job.entry.hash +
                        ") but missing",
                    "a file of the installed distribution was deleted: reinstall it with `uv sync --frozen "
                    "--reinstall-package " +
                        d.name + "`"));
                break;
            case HashJob::Outcome::Unreadable:
                m_result.findings.push_back(installed_finding(
                    rule::venv_record_missing_file, Severity::Error, d,
                    "`" + m_display(job.path) + "` of " + label(d) + " cannot be read: " + job.actual,
                    "check the file's permissions, then reinstall it if it was changed"));
                break;
            }
        }
    }

    void hash_all(std::vector<HashJob>& jobs) {
        std::atomic<std::size_t> hashed{0};
        // RECORD rows are many and mostly small files: no thread for fewer than 8.
        parallel_for(jobs.size(), m_options.jobs, [&](std::size_t i) {
            HashJob& job = jobs[i];
            std::error_code ec;
            const auto status = std::filesystem::status(job.path, ec);
            if (status.type() == std::filesystem::file_type::not_found) {
                job.outcome = HashJob::Outcome::Missing;
                return;
            }
            if (status.type() == std::filesystem::file_type::directory) {
                job.outcome = HashJob::Outcome::Unreadable;
                job.actual = "it is a directory";
                return;
            }
            auto digest = sha256_file(job.path);
            if (!digest) {
                job.outcome = HashJob::Outcome::Unreadable;
                job.actual = digest.error();
                return;
            }
            ++hashed;
            job.actual = install::record_hash_from_hex(*digest);
            // RECORD writers omit base64 padding; tolerate it anyway.
            std::string expected = job.entry.hash;
            while (!expected.empty() && expected.back() == '=') {
                expected.pop_back();
            }
            const auto eq = expected.find('=');
            const bool same = expected.substr(eq + 1) == std::string_view(job.actual).substr(7);
            job.outcome = same ? HashJob::Outcome::Match : HashJob::Outcome::Mismatch;
        }, 8);
        m_result.files_hashed += hashed;
    }

    // ---- files nobody recorded --------------------------------------------------------

    static bool expected_unrecorded(const std::string& name) {
        return name == "__pycache__" || name == "_virtualenv.py" || name == "_virtualenv.pth" ||
               name.ends_with(".pyc") || name.ends_with(".dist-info") || name.ends_with(".egg-info") ||
               name.ends_with(".egg-link");
    }

    void check_unrecorded_files() {
        // Legacy egg-info distributions: installed-files.txt rows and top_level.txt names.
        std::set<std::filesystem::path> owned_dirs;
        for (const auto& d : m_installed) {
            if (!d.egg_info) {
                continue;
            }
            if (auto text = read_file(d.metadata_dir / "installed-files.txt")) {
                for (const auto& line : split_lines(*text)) {
                    m_recorded.emplace((d.metadata_dir / line).lexically_normal(), k_no_owner);
                }
            }
            if (auto text = read_file(d.metadata_dir / "top_level.txt")) {
                for (const auto& line : split_lines(*text)) {
                    owned_dirs.insert((d.site_packages / line).lexically_normal());
                    m_recorded.emplace((d.site_packages / (line + ".py")).lexically_normal(), k_no_owner);
                }
            }
        }
        for (const auto& site : m_venv.site_packages) {
            std::error_code ec;
            std::vector<std::filesystem::path> entries;
            for (std::filesystem::directory_iterator it(site, ec), end; !ec && it != end; it.increment(ec)) {
                entries.push_back(it->path());
            }
            std::sort(entries.begin(), entries.end());
            for (const auto& entry : entries) {
                const std::string name = entry.filename().string();
                const auto normal = entry.lexically_normal();
                if (expected_unrecorded(name) || owned_dirs.contains(normal)) {
                    continue;
                }
                if (!std::filesystem::is_directory(entry, ec) || std::filesystem::is_symlink(entry, ec)) {
                    if (!m_recorded.contains(normal)) {
                        report_unrecorded(entry, {}, nullptr);
                    }
                    continue;
                }
                // A folder: list its files that no RECORD names. Paths below it sort right
                // after it, so the first recorded one (if any) names its owner.
                const std::size_t owner = [&] {
                    for (auto it = m_recorded.lower_bound(normal); it != m_recorded.end(); ++it) {
                        const auto rel = it->first.lexically_relative(normal);
                        if (rel.empty() || *rel.begin() == "..") {
                            break;
                        }
                        if (rel != ".") {
                            return it->second;
                        }
                    }
                    return k_not_recorded;
                }();
                std::vector<std::filesystem::path> unrecorded;
                for (std::filesystem::recursive_directory_iterator it(entry, ec), end; !ec && it != end;
                     it.increment(ec)) {
                    const std::string leaf = it->path().filename().string();
                    if (leaf == "__pycache__" && it->is_directory(ec)) {
                        it.disable_recursion_pending();
                        continue;
                    }
                    if (it->is_directory(ec) || leaf.ends_with(".pyc")) {
                        continue;
                    }
                    if (!m_recorded.contains(it->path().lexically_normal())) {
                        unrecorded.push_back(it->path());
                    }
                }
                std::sort(unrecorded.begin(), unrecorded.end());
                if (!unrecorded.empty()) {
                    report_unrecorded(entry, unrecorded, owner < m_installed.size() ? &m_installed[owner] : nullptr,
                                      owner == k_not_recorded);
                }
            }
        }
    }

    static std::vector<std::string> split_lines(const std::string& text) {
        std::vector<std::string> out;
        std::size_t pos = 0;
        while (pos < text.size()) {
            auto eol = text.find('\n', pos);
            if (eol == std::string::npos) {
                eol = text.size();
            }
            std::string line = text.substr(pos, eol - pos);
            pos = eol + 1;
            while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) {
                line.pop_back();
            }
            if (!line.empty()) {
                out.push_back(std::move(line));
            }
        }
        return out;
    }

    void report_unrecorded(const std::filesystem::path& entry, const std::vector<std::filesystem::path>& files,
                           const InstalledDistribution* owner, bool whole_folder = false) {
        std::string message;
        const std::string fix = "no installer recorded this: if nobody you trust put it there, inspect and delete it "
                                "(`.pth` files and modules in site-packages run or shadow code at start-up)";
        if (files.empty()) {
            message = "`" + m_display(entry) + "` is not listed in any installed distribution's RECORD";
        } else if (whole_folder) {
            message = "folder `" + m_display(entry) + "` (" + std::to_string(files.size()) + " file" +
                      (files.size() == 1 ? "" : "s") + ") is not listed in any installed distribution's RECORD";
        } else {
            std::vector<std::string> names;
            for (std::size_t i = 0; i < files.size() && i < k_listed_paths; ++i) {
                names.push_back("`" + m_display(files[i]) + "`");
            }
            message = std::to_string(files.size()) + " file" + (files.size() == 1 ? "" : "s") + " in `" +
                      m_display(entry) + "` " + (files.size() == 1 ? "is" : "are") + " not listed in " +
                      (owner ? label(*owner) + "'s" : std::string("any")) + " RECORD: " + join(names, ", ");
            if (files.size() > k_listed_paths) {
                message += " and " + std::to_string(files.size() - k_listed_paths) + " more";
            }
        }
        if (owner) {
            m_result.findings.push_back(
                installed_finding(rule::venv_unrecorded_file, Severity::Warning, *owner, std::move(message), fix));
        } else {
            m_result.findings.push_back(
                make_finding(rule::venv_unrecorded_file, Severity::Warning, nullptr, std::move(message), fix));
        }
    }

    const lockfile::Lock& m_lock;
    VirtualEnvironment m_venv;
    const VenvCheckOptions& m_options;
    PathDisplay m_display;
    std::filesystem::path m_canonical_root;
    std::vector<InstalledDistribution> m_installed;
    /// Every RECORD path, resolved and lexically normal, with the index of the distribution
    /// listing it (k_no_owner for egg-info files).
    std::map<std::filesystem::path, std::size_t> m_recorded;
    VenvCheckResult m_result;
};

} // namespace

std::expected<VenvCheckResult, std::string> check_venv(const lockfile::Lock& lock, const std::filesystem::path& venv,
                                                       const VenvCheckOptions& options) {
    auto opened = install::open_virtual_environment(venv);
    if (!opened) {
        return std::unexpected(opened.error());
    }
    return VenvChecker(lock, venv, std::move(*opened), options).run();
}

} // namespace lockkit::verify
