// `lock resolve` as one core call (see lock_project.hpp).

#include <lockkit/project/lock_project.hpp>

#include <lockkit/fetch/artifact_cache.hpp>
#include <lockkit/fetch/credentials.hpp>
#include <lockkit/fetch/http_client.hpp>
#include <lockkit/fs/lock_directory.hpp>
#include <lockkit/index/index_locations.hpp>
#include <lockkit/index/registry_settings.hpp>
#include <lockkit/index/registry_client.hpp>
#include <lockkit/index/url.hpp>
#include <lockkit/lockfile/canonical.hpp>
#include <lockkit/lockfile/reader.hpp>
#include <lockkit/lockfile/writer.hpp>
#include <lockkit/lockfile/lock_problems.hpp>
#include <lockkit/project/budget_provider.hpp>
#include <lockkit/project/existing_lock.hpp>
#include <lockkit/project/locked_provider.hpp>
#include <lockkit/project/lock_builds.hpp>
#include <lockkit/project/index_provider.hpp>
#include <lockkit/project/resolve_lock.hpp>
#include <lockkit/pep508/package_name.hpp>
#include <lockkit/pyproject/exclude_newer.hpp>
#include <lockkit/pyproject/workspace.hpp>
#include <lockkit/util/atomic_file.hpp>
#include <lockkit/util/leave_for_exit.hpp>
#include <lockkit/util/timestamp.hpp>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cctype>
#include <memory>
#include <set>

namespace lockkit::project {

namespace fs = std::filesystem;
using Unexpected = std::unexpected<Diagnostic>;

namespace {

Diagnostic plain_error(std::string file, std::string message, std::vector<std::string> hints = {}) {
    Diagnostic d;
    d.file = std::move(file);
    d.message = std::move(message);
    d.hints = std::move(hints);
    return d;
}

resolver::ResolutionMode resolution_of(pyproject::ResolutionMode m) {
    switch (m) {
    case pyproject::ResolutionMode::Lowest: return resolver::ResolutionMode::Lowest;
    case pyproject::ResolutionMode::LowestDirect: return resolver::ResolutionMode::LowestDirect;
    default: return resolver::ResolutionMode::Highest;
    }
}

resolver::PrereleaseMode prerelease_of(pyproject::PrereleaseMode m) {
    switch (m) {
    case pyproject::PrereleaseMode::Disallow: return resolver::PrereleaseMode::Disallow;
    case pyproject::PrereleaseMode::Allow: return resolver::PrereleaseMode::Allow;
    case pyproject::PrereleaseMode::Explicit: return resolver::PrereleaseMode::Explicit;
    default: return resolver::PrereleaseMode::IfNecessary;  // if-necessary-or-explicit is its alias
    }
}

/// The cutoff in milliseconds and how `[options]` records it.
std::expected<std::optional<std::int64_t>, Diagnostic> exclude_newer(const pyproject::ExcludeNewerSetting& s,
                                                                     std::optional<std::string>& text,
                                                                     std::optional<std::string>& span,
                                                                     std::optional<std::string>& comment) {
    using Kind = pyproject::ExcludeNewerSetting::Kind;
    if (s.kind == Kind::Disabled) return std::optional<std::int64_t>();
    if (auto ms = pyproject::exclude_newer_date_cutoff(s.value)) {
        text = format_timestamp_ms(*ms);
        return std::optional<std::int64_t>(*ms);
    }
    if (auto ms = parse_timestamp_ms(s.value)) {
        text = format_timestamp_ms(*ms);
        return std::optional<std::int64_t>(*ms);
    }
    if (auto relative = pyproject::exclude_newer_span(s.value)) {
        const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
        text = "0001-01-01T00:00:00Z";
        (void)comment;  // the writer adds uv's fixed comment after the placeholder itself
        span = relative->first;
        return std::optional<std::int64_t>(now - relative->second * 86'400'000);
    }
    return Unexpected(plain_error("exclude-newer", "`" + s.value + "` is neither a timestamp nor a span",
                                  {"use an RFC 3339 timestamp (`2024-03-25T00:00:00Z`), a date, or a span (`7 days`)"}));
}

/// How the lock records a location given as `url`: a remote URL as it is, a local one as an
/// absolute path when it was given as a `file://` URL or an absolute path, else relative to the
/// workspace root.
std::string lock_spelling(const std::string& url, const fs::path& root) {
    if (index::has_scheme(url) && !url.starts_with("file://")) return url;
    fs::path path;
    if (url.starts_with("file://")) {
        auto p = fetch::file_url_path(url);
        if (!p) return url;
        path = fs::path(*p).lexically_normal();
    } else {
        path = fs::path(url).is_absolute() ? fs::path(url).lexically_normal() : (root / url).lexically_normal();
    }
    if (url.starts_with("file://") || fs::path(url).is_absolute()) return path.generic_string();
    std::string rel = path.lexically_relative(root).generic_string();
    return rel.empty() ? "." : rel;
}

/// `--frozen` (`uv lock --check-exists`): uv.lock must read, and hold every member of the
/// workspace once; nothing is resolved or written.
std::expected<LockOutcome, Diagnostic> frozen_lock(const fs::path& lock_path, const pyproject::Workspace& ws) {
    auto project_lock = lockkit::fs::lock_for_reading(lock_path.parent_path());
    if (!project_lock) return Unexpected(plain_error("", project_lock.error().message, project_lock.error().hints));
    LockOutcome out;
    out.lock_path = lock_path;
    auto text = read_file(lock_path);
    if (!text) return Unexpected(plain_error(lock_path.string(), text.error()));
    auto lock = lockfile::parse_lock(*text, lock_path.string());
    if (!lock) return Unexpected(std::move(lock.error()));
    for (const auto& member : ws.members) {
        const auto named = std::count_if(lock->packages.begin(), lock->packages.end(),
                                         [&](const lockfile::Package& p) { return p.id.name == member.name; });
        if (named != 1)
            // uv names `--frozen` here whatever asked for it (ProjectError::LockWorkspaceMismatch).
            return Unexpected(plain_error("", "The lockfile at `uv.lock` needs to be updated, but `--frozen` was "
                                              "provided: Missing workspace member `" + member.name + "`.",
                                          {"To update the lockfile, run `lock resolve` (or `uv lock`)"}));
    }
    out.packages = lock->packages.size();
    out.old_text = std::move(*text);
    out.new_text = out.old_text;
    return out;
}

} // namespace

std::expected<LockOutcome, Diagnostic> lock_project(const LockProjectOptions& options) {
    const auto started = std::chrono::steady_clock::now();
    auto say = [&](std::string_view line) {
        if (options.progress) options.progress(line);
    };
    std::error_code ec;
    if (!pyproject::overlay_is_file(options.project_dir / "pyproject.toml", options.overlay))
        return Unexpected(plain_error((options.project_dir / "pyproject.toml").string(), "no pyproject.toml found",
                                      {"run `lock resolve` in a project directory, or pass `--project DIR`"}));
    std::optional<pyproject::PyProject> root_pyproject;
    const fs::path root = find_workspace_root(options.project_dir, options.overlay, &root_pyproject);
    auto ws = pyproject::discover_workspace(root, options.overlay, std::move(root_pyproject));
    if (!ws) return Unexpected(std::move(ws.error()));
    pyproject::SettingsSources sources;
    sources.workspace_root = root;
    sources.command_line = options.command_line;
    sources.environment = options.environment;
    sources.no_config = options.no_config;
    sources.config_file = options.config_file;
    sources.overlay = options.overlay;
    sources.lock_flags = options.lock_flags;
    auto settings = pyproject::load_settings(sources);
    if (!settings) return Unexpected(std::move(settings.error()));
    std::vector<std::string> early_warnings;  // those the caller did not take as they came
    auto warn = [&](const std::string& w) {
        if (options.on_warning) options.on_warning(w);
        else early_warnings.push_back(w);
    };
    for (const auto& w : settings->warnings) warn(w);
    const pyproject::LockCheckSetting& lock_check = settings->lock_check;
    const bool check = options.check || lock_check.value == pyproject::LockCheck::Locked;
    if (lock_check.value != pyproject::LockCheck::Default && options.read_existing_lock && !fs::exists(root / "uv.lock", ec))
        return Unexpected(plain_error("", pyproject::missing_lockfile_message(lock_check.provided_by)));
    if (lock_check.value == pyproject::LockCheck::Frozen) {
        auto frozen = frozen_lock(root / "uv.lock", *ws);
        if (frozen) {
            frozen->warnings.insert(frozen->warnings.begin(), early_warnings.begin(), early_warnings.end());
            frozen->lock_check = lock_check;
        }
        return frozen;
    }
    std::optional<fs::path> cache_dir = options.cache_dir;
    if (!cache_dir)
        if (auto dir = fetch::ArtifactCache::default_root()) cache_dir = *dir;
    if (!cache_dir)
        return Unexpected(plain_error("--cache-dir", "no cache directory: neither $LOCKKIT_CACHE_DIR nor $XDG_CACHE_HOME nor $HOME is set",
                                      {"pass `--cache-dir DIR`"}));

    // Where packages come from: the settings' indexes and find-links, plus every named
    // `[[tool.uv.index]]` of the workspace (a package may be pinned to one that no setting
    // lists, under --no-config), and how the lock spells each local one.
    index::RegistryOptions registry = index::registry_options(*settings, root, options.environment, *cache_dir);
    registry.refresh_all = options.refresh;
    std::map<std::string, std::string> local_spellings;  // location URL -> lock spelling
    std::vector<std::string> registries;
    for (std::size_t i = 0; i < settings->indexes.size(); ++i) {
        const auto& location = registry.locations.indexes[i];
        if (location.is_local()) local_spellings.emplace(location.url, lock_spelling(settings->indexes[i].url, root));
        registries.push_back(location.is_local() ? lock_spelling(settings->indexes[i].url, root) : location.url);
    }
    for (std::size_t i = 0; i < settings->find_links.size(); ++i) {
        const auto& location = registry.locations.find_links[i];
        if (location.is_local()) local_spellings.emplace(location.url, lock_spelling(settings->find_links[i], root));
        registries.push_back(location.is_local() ? lock_spelling(settings->find_links[i], root) : location.url);
    }
    auto add_pinnable = [&](const pyproject::PyProject& py, const fs::path& dir) {
        for (const auto& declared : py.tool_uv.indexes) {
            if (!declared.name) continue;
            const index::IndexLocation wanted = index::make_location(declared.url, dir, options.environment, declared.name);
            const bool listed = std::any_of(registry.locations.indexes.begin(), registry.locations.indexes.end(),
                                            [&](const index::IndexLocation& l) { return l.name == wanted.name && l.url == wanted.url; });
            if (listed) continue;
            index::IndexLocation location = wanted;
            location.is_explicit = true;
            location.flat = declared.flat;
            if (location.is_local()) local_spellings.emplace(location.url, lock_spelling(declared.url, root));
            registry.locations.indexes.push_back(std::move(location));
        }
    };
    add_pinnable(ws->root_pyproject, root);
    for (const auto& m : ws->members) add_pinnable(m.pyproject, root);
    // An index URL as a lock spells it: a local index's path as the project wrote it.
    auto lock_spelling_of = [&](const std::string& url) {
        const auto local = local_spellings.find(url);
        return local != local_spellings.end() ? local->second : url;
    };
    // Metadata that is not static is built, with an interpreter found only then.
    LockBuildSettings build_settings;
    build_settings.root = root;
    build_settings.project_dir = options.project_dir;
    build_settings.on_warning = options.on_warning;
    build_settings.python = options.python;
    build_settings.python_origin = options.python_origin;
    build_settings.no_config = settings->no_config;
    build_settings.user_config_dir = pyproject::user_config_dir(options.environment);
    for (const auto& m : ws->members) {
        if (!m.pyproject.project || !m.pyproject.project->requires_python) continue;
        if (!build_settings.requires_python.empty()) build_settings.requires_python += ",";
        build_settings.requires_python += *m.pyproject.project->requires_python;
    }
    build_settings.registry = registry;
    build_settings.cache_root = *cache_dir;
    if (const auto venv = options.environment.find("UV_PROJECT_ENVIRONMENT");
        venv != options.environment.end() && !venv->second.empty())
        build_settings.project_environment = venv->second;
    build_settings.build_options.isolation = settings->build_isolation.value;
    build_settings.build_options.extra_dependencies = settings->extra_build_dependencies;
    build_settings.build_options.extra_variables = settings->extra_build_variables;
    // The run's interpreter, looked for once when first needed: by the request check, by the
    // messages that name the active interpreter (the requires-python of a workspace that declares
    // none, a failure's hints), and by the builds.
    const auto run_interpreter = std::make_shared<const LockInterpreter>(std::move(build_settings));
    if (auto requested = check_requested_interpreter(*run_interpreter); !requested)
        return Unexpected(plain_error(options.python_origin, requested.error()));
    std::optional<std::expected<interpreter::InterpreterInfo, std::string>> active;
    auto active_interpreter = [&]() -> const std::expected<interpreter::InterpreterInfo, std::string>& {
        if (!active) active = run_interpreter->find("");
        return *active;
    };
    // uv 0.12.5 (commands/project/lock.rs): no requires-python anywhere in the workspace means
    // `>=X.Y` of the interpreter, with a warning.
    const DefaultRequiresPython default_requires_python = [&]() -> std::expected<std::string, std::string> {
        const auto& found = active_interpreter();
        if (!found) return std::unexpected(found.error());
        const std::string bound = ">=" + std::to_string(found->python_major) + "." + std::to_string(found->python_minor);
        warn("No `requires-python` value found in the workspace. Defaulting to `" + bound + "`.");
        return bound;
    };
    const auto builder = options.run_builds ? lock_source_builder(run_interpreter) : nullptr;
    registry.builder = builder;
    auto client = std::make_shared<index::RegistryClient>(registry);

    // Direct-URL archives go into the artifact cache once (a URL's content is taken as fixed).
    const ArchiveFetcher fetcher = [&](const std::string& name, const std::string& url) -> std::expected<FetchedArchive, std::string> {
        index::DistributionRef ref;
        ref.name = name;
        ref.url = url;
        ref.filename = fs::path(url.substr(0, url.find_first_of("?#"))).filename().string();
        const index::DownloadResult& got = client->download(ref).get();
        if (!got) return std::unexpected(got.error().message);
        return FetchedArchive{got->path, got->sha256};
    };
    // Git sources are checked out into the cache (git-v1/), fetched once per run.
    git::GitFetchOptions git_options;
    git_options.cache_root = *cache_dir;
    git_options.offline = settings->offline.value;
    git_options.refresh = options.refresh;
    const GitFetcher git_fetcher = [&](const git::GitSource& source) { return git::fetch_git_source(source, git_options); };
    // `no-sources`: every requirement as written, from the indexes (the members stay members).
    pyproject::NoSources no_sources;
    no_sources.all = settings->no_sources.value;
    auto target = lock_target(*ws, fetcher, git_fetcher, options.overlay, builder.get(), default_requires_python, no_sources);
    if (!target) return Unexpected(std::move(target.error()));

    // What the resolver runs with, and what `[options]` records.
    resolver::ResolverOptions ro;
    lockfile::Options lo;
    ro.resolution = resolution_of(settings->resolution.value);
    if (ro.resolution != resolver::ResolutionMode::Highest) lo.resolution_mode = pyproject::setting_name(settings->resolution.value);
    ro.prerelease = prerelease_of(settings->prerelease.value);
    if (ro.prerelease != resolver::PrereleaseMode::IfNecessary) lo.prerelease_mode = pyproject::setting_name(settings->prerelease.value);
    ro.fork_strategy = settings->fork_strategy.value == pyproject::ForkStrategy::Fewest ? resolver::ForkStrategy::Fewest
                                                                                       : resolver::ForkStrategy::RequiresPython;
    if (ro.fork_strategy == resolver::ForkStrategy::Fewest) lo.fork_strategy = "fewest";
    ro.index_strategy = static_cast<resolver::IndexStrategy>(settings->index_strategy.value);
    // The failure hints name the index after the one a package was found on (uv's
    // `IndexLocations::indexes`: every index that is not explicit, the default last).
    for (const auto& location : client->options().locations.indexes)
        if (!location.is_explicit && !location.flat) ro.index_urls.push_back(location.url);
    for (const auto& location : client->options().locations.find_links) ro.find_links.push_back(location.url);
    if (settings->exclude_newer) {
        auto cutoff = exclude_newer(settings->exclude_newer->value, lo.exclude_newer, lo.exclude_newer_span, lo.exclude_newer_comment);
        if (!cutoff) return Unexpected(std::move(cutoff.error()));
        ro.exclude_newer.global = *cutoff;
    }
    for (const auto& [name, value] : settings->exclude_newer_package) {
        lockfile::ExcludeNewerPackage entry;
        entry.name = pep508::normalize_name(name);
        std::optional<std::string> text, span, comment;
        auto cutoff = exclude_newer(value, text, span, comment);
        if (!cutoff) return Unexpected(std::move(cutoff.error()));
        if (value.kind == pyproject::ExcludeNewerSetting::Kind::Disabled) entry.kind = lockfile::ExcludeNewerPackage::Kind::Disabled;
        else if (span) {
            entry.kind = lockfile::ExcludeNewerPackage::Kind::Relative;
            entry.timestamp = *text;
            entry.span = *span;
        } else entry.timestamp = *text;
        ro.exclude_newer.packages[entry.name] = *cutoff;
        lo.exclude_newer_package.push_back(std::move(entry));
        lo.has_exclude_newer_package_table = true;
    }
    ro.build.no_build = settings->no_build.value;
    ro.build.no_binary = settings->no_binary.value;
    for (const auto& p : settings->no_build_package) ro.build.no_build_packages.insert(pep508::normalize_name(p));
    for (const auto& p : settings->no_binary_package) ro.build.no_binary_packages.insert(pep508::normalize_name(p));

    // --upgrade-package P[==V]: P is not preferred, and P==V becomes a constraint.
    std::set<std::string> upgrade;
    for (const auto& spec : settings->upgrade_package) {
        auto req = pep508::Requirement::parse(spec);
        if (!req)
            return Unexpected(plain_error("--upgrade-package", "`" + spec + "` is not a package name or `name==version`"));
        upgrade.insert(req->name);
        if (!req->specifiers.empty()) target->manifest.constraints.push_back(*req);
    }

    IndexProviderOptions po;
    std::map<std::string, std::string> pinned_registries;  // name -> the pinned index as a lock spells it
    for (const auto& [name, url] : target->index_pins) {
        // The index the pin names: the first named location with that URL.
        for (const auto& location : client->options().locations.indexes) {
            const auto local = local_spellings.find(location.url);
            const bool same = local != local_spellings.end() ? local->second == lock_spelling(url, root)
                                                             : location.url == fetch::split_url_credentials(url).url;
            if (location.name && same) {
                po.pins[name] = *location.name;
                pinned_registries[name] = lock_spelling_of(location.url);
                break;
            }
        }
    }
    po.requires_python = target->requires_python;
    po.exclude_newer = ro.exclude_newer;

    LockOutcome out;
    out.lock_path = root / "uv.lock";
    out.warnings = std::move(early_warnings);
    out.lock_check = lock_check;

    // Changing uv.lock: hold the project's lock from reading the old lock to writing the new.
    lockkit::fs::FileLock project_lock;
    if (!check) {
        auto locked = lockkit::fs::lock_for_writing(root);
        // The lock's own message names the project and the holder, its hint the lock file.
        if (!locked) return Unexpected(plain_error("", locked.error().message, locked.error().hints));
        project_lock = std::move(*locked);
    }

    // The existing lock: what is it still good for?
    std::optional<lockfile::Lock> existing;
    // A lock with conflict markers: its two sides (ours, theirs).
    std::vector<lockfile::Lock> sides;
    if (options.read_existing_lock && fs::exists(out.lock_path, ec)) {
        auto text = read_file(out.lock_path);
        if (!text) return Unexpected(plain_error(out.lock_path.string(), text.error()));
        out.old_text = std::move(*text);
        lockfile::ReadOptions read;
        read.leave_for_exit = options.leave_for_exit;
        auto lock = lockfile::parse_lock(out.old_text, out.lock_path.string(), read);
        if (lock) {
            existing = std::move(*lock);
        } else {
            for (bool ours : {true, false}) {
                auto side_text = lockfile::conflict_side(out.old_text, ours);
                if (!side_text) return Unexpected(std::move(lock.error()));
                auto side = lockfile::parse_lock(*side_text, out.lock_path.string() + (ours ? " (ours)" : " (theirs)"));
                if (!side) return Unexpected(std::move(side.error()));
                sides.push_back(std::move(*side));
            }
            out.had_conflict_markers = true;
            out.reason = "uv.lock has conflict markers; both sides' versions are kept where they fit";
        }
    }
    ResolutionSettings rs;
    rs.options = ro;
    rs.lock_options = lo;
    rs.builder = builder.get();
    std::vector<const lockfile::Lock*> seeds = options.seed_locks;
    if (!sides.empty()) {
        // Both sides' versions are preferred (the newer where they differ), and both locks
        // answer first: only what the requirements changed since is resolved again.
        for (const auto& side : sides) {
            auto prefs = lock_preferences(side, upgrade);
            rs.preferences.insert(rs.preferences.end(), prefs.begin(), prefs.end());
            seeds.push_back(&side);
        }
        if (lock_forks(sides[0]) == lock_forks(sides[1])) rs.initial_forks = lock_forks(sides[0]);
    }
    if (existing) {
        LockRequestFacts facts;
        facts.options = lo;
        facts.upgrade = settings->upgrade.value;
        facts.upgrade_packages = !upgrade.empty();
        facts.refresh = options.refresh;
        facts.registries = registries;
        const LockValidation v = validate_lock(*existing, *target, facts);
        out.reason = v.reason;
        if (v.verdict == LockVerdict::Satisfies) {
            out.packages = existing->packages.size();
            out.new_text = out.old_text;
            say("Resolved " + std::to_string(out.packages) + " packages (uv.lock is up to date)");
            if (options.leave_for_exit) {
                leave_for_exit(std::move(*existing));
                leave_for_exit(std::move(*target));
                leave_for_exit(std::move(*ws));
            }
            return out;
        }
        if (v.verdict != LockVerdict::Unusable) rs.preferences = lock_preferences(*existing, upgrade);
        if (v.verdict == LockVerdict::Preferable) rs.initial_forks = lock_forks(*existing);
    }
    rs.preferences.insert(rs.preferences.end(), options.preferences.begin(), options.preferences.end());
    if (rs.initial_forks.empty()) rs.initial_forks = options.initial_forks;
    rs.registry = [&](const std::string& url) {
        RegistryLocation r;
        r.source.kind = lockfile::SourceKind::Registry;
        r.source.location = url;
        if (auto local = local_spellings.find(url); local != local_spellings.end()) {
            r.source.location = local->second;
            r.directory = fetch::file_url_path(url).value_or(url);
            r.absolute = fs::path(local->second).is_absolute();
        }
        return r;
    };

    // The seed locks first (no index, no network), then the indexes; both within the budget.
    auto resolve_with = [&](resolver::ResolverProvider& provider) -> std::expected<lockfile::Lock, LockFailure> {
        if (!options.deadline) return resolve_lock(*target, rs, provider);
        BudgetProvider budget(provider, *options.deadline);
        return resolve_lock(*target, rs, budget);
    };
    std::expected<lockfile::Lock, LockFailure> lock = std::unexpected(LockFailure{});
    std::vector<std::string> provider_warnings;
    try {
        // Only locks made for the project's Pythons and environments (or wider ones) answer:
        // a narrower lock lacks the edges the rest of the range needs.
        std::vector<std::string> unfit;
        std::erase_if(seeds, [&](const lockfile::Lock* seed) {
            auto why = lock_cannot_answer_for(*seed, *target);
            if (why) unfit.push_back(*why);
            return why.has_value();
        });
        if (!unfit.empty()) {
            // Without that lock its versions would not even be candidates: none answers.
            seeds.clear();
            out.seed_failure = "a lock cannot answer: " + unfit.front();
            say("The locks alone do not resolve the project (" + out.seed_failure + "); asking the indexes");
        }
        if (!seeds.empty()) {
            // An explicit index serves only the packages pinned to it.
            std::set<std::string> explicit_registries;
            for (const auto& location : client->options().locations.indexes) {
                if (!location.is_explicit) continue;
                explicit_registries.insert(lock_spelling_of(location.url));
            }
            LockedVersionsProvider seeded(seeds, root, target->requires_python, pinned_registries, explicit_registries);
            lock = resolve_with(seeded);
            if (lock)
                if (auto extra = extra_no_lock_records(*lock, seeds))
                    lock = std::unexpected(LockFailure{std::nullopt, "no lock records what " + *extra + " requires"});
            if (lock)
                if (auto why = reach_no_lock_records(*lock, seeds)) lock = std::unexpected(LockFailure{std::nullopt, *why});
            out.from_seed_locks = lock.has_value();
            if (!lock) {
                out.seed_failure = lock.error().no_solution ? lock.error().no_solution->header() : lock.error().message;
                say("The locks alone do not resolve the project (" + out.seed_failure + "); asking the indexes");
            }
        }
        if (!lock && !options.seed_locks_only) {
            auto provider = std::make_unique<IndexProvider>(client, po);
            lock = resolve_with(*provider);
            provider_warnings = provider->warnings();
            if (options.leave_for_exit) {
                // What the resolution fetched (pages, metadata) is left to the exit, once
                // the client's threads have ended.
                client->finish_work();
                leave_for_exit(std::move(provider));
            }
        }
    } catch (const ResolutionBudgetExceeded& e) {
        return Unexpected(plain_error(root.string(), e.what()));
    }
    out.resolved = true;
    out.warnings.insert(out.warnings.end(), provider_warnings.begin(), provider_warnings.end());
    if (!lock) {
        Diagnostic d;
        if (lock.error().no_solution) {
            // uv's layout: the header, then the derivation indented under it.
            // The hints speak of the active interpreter as uv's do, when there is one.
            resolver::NoSolution failure = *lock.error().no_solution;
            if (!failure.options.current_environment)
                if (const auto& found = active_interpreter()) failure.options.current_environment = found->markers;
            if (options.on_no_solution) options.on_no_solution(failure);
            d.message = failure.header();
            std::string report = failure.report();
            for (std::size_t start = 0; start < report.size();) {
                const std::size_t end = std::min(report.find('\n', start), report.size());
                d.message += "\n  " + report.substr(start, end - start);
                start = end + 1;
            }
            d.hints = failure.hints();
        } else {
            d.message = lock.error().message;
        }
        for (const auto& w : provider_warnings) d.hints.push_back(w);
        // The indexes were asked because the locks could not answer: say why, since the
        // indexes' own failure (offline, unreachable) hides it.
        if (!out.seed_failure.empty()) d.hints.push_back("the locks alone do not resolve the project: " + out.seed_failure);
        if (!out.reason.empty()) d.hints.push_back("uv.lock had to be re-resolved: " + out.reason);
        return Unexpected(std::move(d));
    }
    lockfile::canonicalize(*lock);
    out.new_text = lockfile::write_lock(*lock);
    out.packages = lock->packages.size();
    const auto elapsed =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
    say("Resolved " + std::to_string(out.packages) + " packages in " + std::to_string(elapsed) + "ms");

    bool unchanged = existing && !out.had_conflict_markers && out.new_text == out.old_text;
    if (!unchanged && existing) {
        // uv compares locks by content: a differently formatted file with the same content stays.
        lockfile::ReadOptions read;
        read.leave_for_exit = options.leave_for_exit;
        auto reread = lockfile::parse_lock(out.new_text, "uv.lock", read);
        unchanged = reread && *reread == *existing;
        if (options.leave_for_exit && reread) leave_for_exit(std::move(*reread));
    }
    if (options.leave_for_exit) {
        leave_for_exit(std::move(*lock));
        if (existing) leave_for_exit(std::move(*existing));
        leave_for_exit(std::move(sides));
        leave_for_exit(std::move(*target));
        leave_for_exit(std::move(*ws));
        client->finish_work();
        leave_for_exit(std::move(client));
    }
    if (unchanged) return out;
    if (check) {
        out.result = LockOutcome::Result::WouldChange;
        return out;
    }
    if (auto written = write_file_atomically(out.lock_path, out.new_text); !written)
        return Unexpected(plain_error(out.lock_path.string(), written.error()));
    out.result = LockOutcome::Result::Written;
    return out;
}

} // namespace lockkit::project
