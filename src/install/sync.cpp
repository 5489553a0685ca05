// `lock sync`; see include/lockkit/install/sync.hpp.

#include "lockkit/install/sync.hpp"

#include "lockkit/build/requirement_sources.hpp"
#include "lockkit/install/bytecode.hpp"
#include "lockkit/install/source_builds.hpp"
#include "lockkit/pyproject/settings.hpp"
#include "lockkit/install/direct_url.hpp"
#include "lockkit/fs/lock_directory.hpp"
#include "lockkit/install/install_state.hpp"
#include "lockkit/install/installed_distribution.hpp"
#include "lockkit/install/uninstaller.hpp"
#include "lockkit/install/virtual_environment.hpp"
#include "lockkit/install/wheel_choice.hpp"
#include "lockkit/install/wheel_installer.hpp"
#include "lockkit/install/wheel_preparer.hpp"
#include "lockkit/lockfile/reader.hpp"
#include "lockkit/project/lock_project.hpp"
#include "lockkit/util/parallel.hpp"

#include <algorithm>
#include <future>
#include <mutex>

namespace lockkit::install {

namespace {

using Clock = std::chrono::steady_clock;

std::chrono::milliseconds since(Clock::time_point start) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
}

std::string label(const lockfile::Package& p) {
    return p.id.name + (p.id.version ? "==" + *p.id.version : std::string());
}

/// How a package that cannot use a locked wheel is built, or nothing when a wheel can do.
std::optional<WheelOrigin> source_origin(const lockfile::Package& p) {
    using lockfile::SourceKind;
    switch (p.id.source.kind) {
    case SourceKind::Git:
    case SourceKind::Directory:
        return WheelOrigin::Tree;
    case SourceKind::Editable:
        return WheelOrigin::Editable;
    default:
        return std::nullopt;
    }
}

/// What `uv sync` does before installing, unless `--frozen`: the lock must answer
/// pyproject.toml by uv's own test (project/lock_project: the same validation `lock resolve`
/// runs, so a lock `lock resolve` leaves alone is never re-resolved here). When it does not,
/// the project is re-resolved and uv.lock rewritten; `--locked` makes that an error, and a dry
/// run resolves without writing, installing the new lock in its plan. Returns the text of the
/// lock to install when it is not the file's (a dry run's resolution).
std::expected<std::optional<std::string>, std::string> bring_lock_up_to_date(const SyncOptions& options,
                                                                              const pyproject::LockCheckSetting& lock_check,
                                                                              const std::filesystem::path& root,
                                                                              SyncReport& report) {
    std::error_code ec;
    const auto trust = lock_check.value;
    if (trust == pyproject::LockCheck::Frozen && !std::filesystem::exists(options.lock_path, ec)) {
        return std::unexpected(pyproject::missing_lockfile_message(lock_check.provided_by));
    }
    if (trust == pyproject::LockCheck::Frozen || !std::filesystem::exists(root / "pyproject.toml", ec)) {
        return std::nullopt;  // --frozen, or a lock without a project (a script's, or copied alone)
    }
    project::LockProjectOptions lock_options = options.resolve;
    lock_options.project_dir = root;
    lock_options.lock_flags = options.lock_flags;
    lock_options.check = options.dry_run;
    if (lock_options.python.empty()) {  // builds while locking use the sync's interpreter request
        lock_options.python = options.python;
        lock_options.python_origin = options.python_origin;
    }
    if (!lock_options.cache_dir && !options.cache_root.empty()) {
        lock_options.cache_dir = options.cache_root;
    }
    auto outcome = project::lock_project(lock_options);
    if (!outcome) {
        return std::unexpected(outcome.error().render());
    }
    LockUpdate& update = report.lock_update.emplace();
    update.resolved = outcome->resolved;
    update.packages = outcome->packages;
    update.reason = outcome->reason;
    update.warnings = outcome->warnings;
    switch (outcome->result) {
    case project::LockOutcome::Result::Unchanged:
        return std::nullopt;
    case project::LockOutcome::Result::Written:
        update.written = true;
        return std::nullopt;
    case project::LockOutcome::Result::WouldChange:
        break;
    }
    update.would_change = true;
    if (trust == pyproject::LockCheck::Locked) {
        update.refused_by = lock_check.provided_by;
        return std::nullopt;
    }
    return std::move(outcome->new_text);
}

/// The installer's settings (`link-mode`, `compile-bytecode`) merged as uv merges them: the
/// command line's, UV_LINK_MODE and UV_COMPILE_BYTECODE, then the settings files'. Read even
/// under `--frozen`, as uv reads them.
std::expected<pyproject::Settings, std::string> installer_settings(const SyncOptions& options,
                                                                   const std::filesystem::path& root) {
    pyproject::SettingsSources sources;
    sources.workspace_root = root;
    sources.command_line = options.resolve.command_line;
    sources.environment = options.resolve.environment;
    sources.no_config = options.resolve.no_config;
    sources.config_file = options.resolve.config_file;
    sources.lock_flags = options.lock_flags;
    auto settings = pyproject::load_settings(sources);
    if (!settings) {
        return std::unexpected(settings.error().render());
    }
    return std::move(*settings);
}

LinkMode link_mode_of(pyproject::LinkMode mode) {
    switch (mode) {
    case pyproject::LinkMode::Clone:
        return LinkMode::Clone;
    case pyproject::LinkMode::Copy:
        return LinkMode::Copy;
    case pyproject::LinkMode::Hardlink:
        return LinkMode::Hardlink;
    case pyproject::LinkMode::Symlink:
        return LinkMode::Symlink;
    }
    return LinkMode::Clone;
}

class Sync {
public:
    explicit Sync(const SyncOptions& options) : m_options(options) {}

    std::expected<SyncReport, std::string> run() {
        const auto start = Clock::now();
        std::error_code ec;
        const auto lock_path = std::filesystem::absolute(m_options.lock_path, ec).lexically_normal();
        m_lock_dir = lock_path.parent_path();
        // Locks in the order every lockkit command takes them: the project
        // (shared: the lock and pyproject.toml are only read), then the
        // environment, then cache entries (lockkit/fs, docs/locking.md).
        // Re-resolving takes the project's lock exclusively, so it comes first.
        auto settings = installer_settings(m_options, m_lock_dir);
        if (!settings) {
            return std::unexpected(settings.error());
        }
        m_link_mode = link_mode_of(settings->link_mode.value);
        m_compile_bytecode = settings->compile_bytecode.value;
        auto resolved_text = bring_lock_up_to_date(m_options, settings->lock_check, m_lock_dir, m_report);
        if (!resolved_text) {
            return std::unexpected(resolved_text.error());
        }
        if (!m_report.lock_update) {
            // Nothing was locked (`--frozen`, or a lock without a project), so nothing reported the
            // settings' warnings yet; uv reads and reports them before any command.
            m_report.warnings.insert(m_report.warnings.end(), settings->warnings.begin(), settings->warnings.end());
        }
        if (m_report.lock_update && !m_report.lock_update->refused_by.empty()) {
            m_report.total_time = since(start);
            return std::move(m_report);
        }
        auto project_lock = fs::lock_for_reading(m_lock_dir);
        if (!project_lock) {
            return std::unexpected(project_lock.error().render());
        }
        auto lock = *resolved_text ? lockfile::parse_lock(**resolved_text, m_options.lock_path.string())
                                   : lockfile::read_lock(m_options.lock_path);
        if (!lock) {
            return std::unexpected(lock.error().render());
        }
        InstallSelection selection = m_options.selection;
        if (std::filesystem::exists(m_lock_dir / "pyproject.toml", ec)) {
            if (auto read = read_default_groups(m_lock_dir / "pyproject.toml", selection); !read) {
                return std::unexpected(read.error());
            }
        }

        const interpreter::InterpreterCache interpreters(m_options.cache_root);
        EnvironmentRequest env_request;
        env_request.project_root = m_lock_dir;
        env_request.venv = m_options.venv;
        env_request.python = m_options.python;
        env_request.python_origin = m_options.python_origin;
        env_request.requires_python = lock->requires_python;
        env_request.user_config_dir = pyproject::user_config_dir(m_options.resolve.environment);
        env_request.no_config = pyproject::config_discovery_disabled(m_options.resolve.no_config, m_options.resolve.environment);
        env_request.cache = &interpreters;
        env_request.places = interpreter::SearchPlaces::from_environment();
        auto env = plan_environment(env_request);
        if (!env) {
            return std::unexpected(env.error());
        }
        m_report.warnings.insert(m_report.warnings.end(), env->warnings.begin(), env->warnings.end());
        m_report.environment = env->root;
        m_report.environment_action = env->action;
        m_report.recreate_reason = env->reason;
        m_report.interpreter_path = env->base_python;
        m_report.interpreter = describe_interpreter(env->interpreter);
        m_report.dry_run = m_options.dry_run;

        // The one place the environment is locked: from reading what is installed to the
        // last file written.
        auto env_lock = m_options.dry_run ? fs::lock_for_reading(env->root) : fs::lock_for_writing(env->root);
        if (!env_lock) {
            return std::unexpected(env_lock.error().render());
        }

        // The one check a no-op sync spends real time on (an lstat per installed file)
        // starts now, beside the selection and the site-packages scan.
        const Layout& layout = env->layout;
        InstallState state;
        std::future<ChangedFiles> stamps_checked;
        if (env->action == EnvironmentPlan::Action::Keep) {
            state = InstallState::read(layout.root);
        }
        if (env->action == EnvironmentPlan::Action::Keep && m_options.verify_files) {
            stamps_checked = std::async(std::launch::async, [&] { return changed_files(layout.root, state, m_options.jobs); });
        }

        auto selected = select_packages(*lock, env->interpreter.markers, selection);
        if (!selected) {
            return std::unexpected(selected.error());
        }
        // The interpreter's tags, computed once for every package's wheel choice.
        const auto supported = env->interpreter.supported_tags();
        if (!supported) {
            return std::unexpected("cannot tell which wheels " + describe_interpreter(env->interpreter) +
                                   " installs: " + supported.error());
        }
        std::vector<WantedDistribution> wanted;
        std::string unbuildable;
        for (const auto& s : *selected) {
            const auto& p = *s.package;
            if (const auto origin = source_origin(p)) {
                wanted.push_back({&p, nullptr, direct_url_for(p, m_lock_dir), *origin});
                continue;
            }
            auto wheel = choose_wheel(p, env->interpreter, *supported);
            if (wheel) {
                wanted.push_back({&p, *wheel, direct_url_for(p, m_lock_dir), WheelOrigin::Locked});
            } else if (p.sdist) {
                wanted.push_back({&p, nullptr, direct_url_for(p, m_lock_dir), WheelOrigin::Sdist});
            } else {
                unbuildable += "\n  " + wheel.error();
            }
        }
        if (!unbuildable.empty()) {
            return std::unexpected("cannot install the lock:" + unbuildable +
                                   "\nhint: leave such packages out with --no-install-package NAME");
        }
        m_interpreter = env->interpreter;
        m_report.selected = wanted.size();
        for (const auto& w : wanted) {
            if (w.package->id.version) m_runtime_versions.emplace(w.package->id.name, *w.package->id.version);
        }

        // What is there now.
        std::vector<InstalledDistribution> installed;
        bool seedless = true;
        if (env->action == EnvironmentPlan::Action::Keep) {
            for (const auto& dir : site_folders(layout)) {
                auto found = scan_site_packages(dir);
                if (found) {
                    installed.insert(installed.end(), found->begin(), found->end());
                }
            }
            if (auto venv = open_virtual_environment(layout.root)) {
                seedless = venv->seedless();
            }
        }
        PlanOptions plan_options;
        plan_options.exact = m_options.exact;
        plan_options.seedless = seedless;
        plan_options.jobs = m_options.jobs;
        plan_options.verify_files = m_options.verify_files;
        ChangedFiles changed;
        if (stamps_checked.valid()) {
            changed = stamps_checked.get();
            plan_options.changed = &changed;
        }
        SyncPlan plan = plan_sync(wanted, installed, layout, state, plan_options);
        m_report.actions = plan.actions;
        if (m_options.dry_run) {
            m_report.total_time = since(start);
            return std::move(m_report);
        }

        auto applied = apply(*env, wanted, plan, state);
        m_report.total_time = since(start);
        if (!applied) {
            return std::unexpected(applied.error());
        }
        return std::move(m_report);
    }

private:
    static std::vector<std::filesystem::path> site_folders(const Layout& layout) {
        std::vector<std::filesystem::path> out = {layout.purelib};
        if (layout.platlib != layout.purelib) {
            out.push_back(layout.platlib);
        }
        return out;
    }

    void progress(SyncProgress::Phase phase, std::size_t done, std::size_t total, std::uint64_t bytes = 0) {
        if (m_options.on_progress) {
            std::lock_guard lock(m_progress_mutex);
            m_options.on_progress(SyncProgress{phase, done, total, bytes});
        }
    }

    std::expected<void, std::string> apply(const EnvironmentPlan& env, const std::vector<WantedDistribution>& wanted,
                                           const SyncPlan& plan, InstallState& state) {
        const Layout& layout = env.layout;
        if (!plan.changes() && env.action == EnvironmentPlan::Action::Keep) {
            if (plan.refreshed.empty()) {
                return {};
            }
            for (const auto& [dist, files] : plan.refreshed) {
                state.set(dist, files);
            }
            if (auto written = state.write(layout.root); !written) {
                m_report.warnings.push_back("cannot save the environment's stamps: " + written.error());
            }
            return {};
        }

        // Prepare every wheel before touching the environment.
        const auto prepare_start = Clock::now();
        std::vector<WheelRequest> requests;
        std::vector<const SyncAction*> installs;
        std::vector<const WantedDistribution*> builds;
        std::vector<bool> built(0);
        for (const auto& action : plan.actions) {
            if (action.wanted) {
                const auto& w = wanted[*action.wanted];
                if (w.origin == WheelOrigin::Locked) {
                    requests.push_back({w.package, w.wheel, action.files_changed});
                    built.push_back(false);
                } else {
                    builds.push_back(&w);
                    built.push_back(true);
                }
                installs.push_back(&action);
            }
        }
        const WheelStore store(m_options.cache_root);
        const fetch::ArtifactCache artifacts(m_options.cache_root);
        PrepareOptions prepare;
        prepare.lock_dir = m_lock_dir;
        prepare.download = m_options.download;
        prepare.limits = m_options.unpack;
        prepare.jobs = m_options.jobs;
        prepare.on_progress = [&](std::size_t done, std::size_t total) { progress(SyncProgress::Phase::Preparing, done, total); };
        if (m_options.on_progress && !prepare.download.on_progress) {
            prepare.download.on_progress = [&](const fetch::DownloadProgress& p) {
                progress(SyncProgress::Phase::Downloading, p.finished, p.total, p.bytes_received);
            };
        }
        auto downloaded = prepare_wheels(requests, store, artifacts, prepare);
        if (!downloaded) {
            return std::unexpected(downloaded.error() + "\nnothing was installed");
        }
        // uv builds without isolation in the project's environment, which it has made first.
        bool environment_ready = false;
        if (!builds.empty()) {
            const auto* options = build_options();
            if (options == nullptr) return std::unexpected(m_build_options_error + "\nnothing was installed");
            const bool shared = std::any_of(builds.begin(), builds.end(), [&](const WantedDistribution* w) {
                return !options->isolated(w->package->id.name);
            });
            if (shared) {
                if (auto created = apply_environment_plan(env); !created) return created;
                environment_ready = true;
            }
        }
        auto made = build_all(builds, store, artifacts, layout);
        if (!made) {
            // Before uv's hint, which ends a build failure's report.
            std::string report = made.error();
            const auto hint = report.rfind("\nhint: ");
            report.insert(hint == std::string::npos ? report.size() : hint, "\nnothing was installed");
            return std::unexpected(report);
        }
        // In install order: the locked wheels and the built ones.
        std::optional<std::vector<PreparedWheel>> prepared(std::in_place);
        std::vector<std::size_t> request_of(installs.size(), 0);
        for (std::size_t i = 0, d = 0, b = 0; i < installs.size(); ++i) {
            if (built[i]) {
                prepared->push_back(std::move((*made)[b++]));
            } else {
                request_of[i] = d;
                prepared->push_back(std::move((*downloaded)[d++]));
            }
        }
        for (const auto& p : *prepared) {
            m_report.prepared += p.unpacked || p.downloaded ? 1 : 0;
            m_report.downloaded += p.downloaded ? 1 : 0;
        }
        m_report.prepare_time = since(prepare_start);

        if (auto created = environment_ready ? std::expected<void, std::string>() : apply_environment_plan(env); !created) {
            return created;
        }
        // What this sync touches is unstamped before it is touched: if the sync dies, the
        // next one finds those distributions unstamped and checks them by hash.
        bool unstamped = false;
        for (const auto& action : plan.actions) {
            for (const auto& dist : action.old_dist_infos) {
                const std::string key = dist.lexically_relative(layout.root).generic_string();
                unstamped = unstamped || state.contains(key);
                state.erase(key);
            }
        }
        if (unstamped) {
            save_state(state, layout);
        }

        // Uninstall what goes (removals and the old copies of reinstalls).
        const auto uninstall_start = Clock::now();
        std::vector<std::filesystem::path> doomed;
        for (const auto& action : plan.actions) {
            doomed.insert(doomed.end(), action.old_dist_infos.begin(), action.old_dist_infos.end());
        }
        std::vector<std::string> errors(doomed.size());
        std::vector<std::vector<std::string>> warnings(doomed.size());
        parallel_for(doomed.size(), m_options.jobs, [&](std::size_t i) {
            auto done = uninstall_distribution(doomed[i], layout);
            if (!done) {
                errors[i] = done.error();
            } else {
                warnings[i] = std::move(done->warnings);
            }
        });
        for (std::size_t i = 0; i < doomed.size(); ++i) {
            state.erase(doomed[i].lexically_relative(layout.root).generic_string());
            m_report.warnings.insert(m_report.warnings.end(), warnings[i].begin(), warnings[i].end());
        }
        m_report.uninstalled = std::count_if(plan.actions.begin(), plan.actions.end(),
                                             [](const SyncAction& a) { return !a.old_dist_infos.empty(); });
        m_report.uninstall_time = since(uninstall_start);
        if (auto failed = first_error(errors)) {
            save_state(state, layout);
            return std::unexpected(*failed);
        }

        // Install.
        const auto install_start = Clock::now();
        Linker linker(m_link_mode);
        std::vector<std::optional<InstalledWheel>> results(installs.size());
        errors.assign(installs.size(), {});
        std::atomic<std::size_t> installed_count{0};
        std::vector<bool> stale(installs.size(), false);
        auto install_one = [&](std::size_t i) {
            const auto& w = wanted[*installs[i]->wanted];
            InstallerMetadata metadata;
            metadata.direct_url_json = w.direct_url;
            auto done = install_wheel((*prepared)[i].stored, w.package->id.name, layout, metadata, linker);
            if (!done) {
                stale[i] = done.error().starts_with(k_cache_changed);
                errors[i] = "cannot install " + label(*w.package) + ": " + done.error();
                return;
            }
            errors[i].clear();
            results[i] = std::move(*done);
            progress(SyncProgress::Phase::Installing, ++installed_count, installs.size());
        };
        parallel_for(installs.size(), m_options.jobs, install_one);
        // A cached tree edited through a hard link elsewhere: unpack it again from its
        // verified archive, and install once more over the partial copy.
        std::vector<std::size_t> again;
        std::vector<WheelRequest> again_requests;
        std::vector<const WantedDistribution*> again_builds;
        for (std::size_t i = 0; i < installs.size(); ++i) {
            if (stale[i]) {
                store.remove((*prepared)[i].stored.sha256);
                if (built[i]) {
                    again_builds.push_back(&wanted[*installs[i]->wanted]);
                    continue;
                }
                again.push_back(i);
                again_requests.push_back(requests[request_of[i]]);
            }
        }
        if (!again_builds.empty()) {
            // A built wheel's tree: unpacked again from the cached build.
            auto redone = build_all(again_builds, store, artifacts, layout);
            if (!redone) {
                save_state(state, layout);
                return std::unexpected(redone.error());
            }
            std::size_t k = 0;
            for (std::size_t i = 0; i < installs.size(); ++i) {
                if (stale[i] && built[i]) {
                    (*prepared)[i] = std::move((*redone)[k++]);
                    install_one(i);
                }
            }
        }
        if (!again.empty()) {
            auto redone = prepare_wheels(again_requests, store, artifacts, prepare);
            if (!redone) {
                save_state(state, layout);
                return std::unexpected(redone.error());
            }
            for (std::size_t k = 0; k < again.size(); ++k) {
                (*prepared)[again[k]] = std::move((*redone)[k]);
            }
            parallel_for(again.size(), m_options.jobs, [&](std::size_t k) { install_one(again[k]); });
        }
        for (auto& r : results) {
            if (r) {
                state.set(r->dist_info.lexically_relative(layout.root).generic_string(), std::move(r->files));
                ++m_report.installed;
            }
        }
        for (const auto& [dist, files] : plan.refreshed) {
            state.set(dist, files);
        }
        m_report.link_mode = linker.effective();
        if (linker.effective() != m_link_mode && linker.effective() == LinkMode::Copy) {
            m_report.warnings.push_back(std::string("files were copied: the cache and the environment cannot share ") +
                                        link_mode_name(m_link_mode) +
                                        "s (different filesystems?); set the cache on the environment's filesystem");
        }
        m_report.install_time = since(install_start);
        save_state(state, layout);
        if (auto failed = first_error(errors)) {
            return std::unexpected(*failed);
        }

        if (m_compile_bytecode) {
            const auto compile_start = Clock::now();
            progress(SyncProgress::Phase::Compiling, 0, 1);
            if (auto compiled = compile_bytecode(layout); !compiled) {
                return compiled;
            }
            m_report.compile_time = since(compile_start);
        }
        return {};
    }

    build::RequirementSources requirement_sources() const {
        build::RequirementSources sources{m_lock_dir, m_options.find_links, pyproject::environment_map(),
                                          m_options.cache_root, false};
        sources.command_line = m_options.resolve.command_line;
        sources.command_line.find_links.clear();
        return sources;
    }

    /// The project's build settings (read once); null with m_build_options_error set when they do not read.
    const build::PackageBuildOptions* build_options() {
        if (!m_build_options && m_build_options_error.empty()) {
            auto options = build::package_build_options(requirement_sources());
            if (!options) {
                m_build_options_error = options.error();
            } else {
                m_build_options = std::move(*options);
            }
        }
        return m_build_options ? &*m_build_options : nullptr;
    }

    std::expected<std::vector<PreparedWheel>, std::string> build_all(const std::vector<const WantedDistribution*>& builds,
                                                                    const WheelStore& store,
                                                                    const fetch::ArtifactCache& artifacts,
                                                                    const Layout& layout) {
        if (builds.empty()) return std::vector<PreparedWheel>{};
        const auto* options = build_options();
        if (options == nullptr) return std::unexpected(m_build_options_error);
        if (!m_requirements) {
            build::RequirementSources sources = requirement_sources();
            // Locking (or, under --frozen, the sync itself) read the same settings and
            // reported their warnings already.
            sources.on_warning = [this](const std::string& w) {
                const auto& locked = m_report.lock_update;
                if (locked && std::ranges::find(locked->warnings, w) != locked->warnings.end()) return;
                if (std::ranges::find(m_report.warnings, w) != m_report.warnings.end()) return;
                m_report.warnings.push_back(w);
            };
            auto resolver = build::requirement_resolver(sources);
            if (!resolver) return std::unexpected(resolver.error());
            m_requirements = std::move(*resolver);
        }
        SourceBuildSettings settings;
        settings.lock_dir = m_lock_dir;
        settings.cache_root = m_options.cache_root;
        settings.interpreter = m_interpreter;
        settings.requirements = m_requirements;
        settings.download = m_options.download;
        settings.download.on_progress = nullptr;
        settings.unpack = m_options.unpack;
        settings.build_options = *options;
        // Builds without isolation run in the environment being synced, as in `uv sync`.
        settings.build_options.shared = build::SharedEnvironment{layout.python, layout.root, layout.scripts};
        settings.build_options.runtime_versions = m_runtime_versions;
        std::size_t done = 0;
        settings.on_build = [&](const std::string&) { progress(SyncProgress::Phase::Building, done++, builds.size()); };
        auto out = build_wheels(builds, store, artifacts, settings);
        if (out) {
            for (const auto& w : *out) m_report.built += w.unpacked ? 1 : 0;
        }
        return out;
    }

    void save_state(InstallState& state, const Layout& layout) {
        state.prune(layout.root);
        if (auto written = state.write(layout.root); !written) {
            m_report.warnings.push_back("cannot save the environment's stamps: " + written.error());
        }
    }

    static std::optional<std::string> first_error(const std::vector<std::string>& errors) {
        std::string all;
        for (const auto& e : errors) {
            if (!e.empty()) {
                all += (all.empty() ? "" : "\n") + e;
            }
        }
        return all.empty() ? std::nullopt : std::optional(all);
    }

    const SyncOptions& m_options;
    std::filesystem::path m_lock_dir;
    LinkMode m_link_mode = LinkMode::Clone;  ///< from the settings
    bool m_compile_bytecode = false;
    interpreter::InterpreterInfo m_interpreter;
    std::shared_ptr<build::RequirementResolver> m_requirements;
    std::optional<build::PackageBuildOptions> m_build_options;
    std::string m_build_options_error;
    /// Package -> the version this sync installs (what `match-runtime` build dependencies pin).
    std::map<std::string, std::string> m_runtime_versions;
    SyncReport m_report;
    std::mutex m_progress_mutex;
};

} // namespace

std::expected<SyncReport, std::string> sync_lock(const SyncOptions& options) {
    return Sync(options).run();
}

} // namespace lockkit::install
