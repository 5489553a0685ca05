// The build front end; see include/lockkit/build/source_builder.hpp.

#include "lockkit/build/source_builder.hpp"

#include "lockkit/build/build_failure.hpp"
#include "lockkit/build/build_system.hpp"
#include "lockkit/build/hook_runner.hpp"
#include "lockkit/build/sdist_archive.hpp"
#include "lockkit/build/source_key.hpp"
#include "lockkit/fs/lock_directory.hpp"
#include "lockkit/index/wheel_archive.hpp"
#include "lockkit/install/wheel_store.hpp"
#include "lockkit/pyproject/pyproject.hpp"
#include "lockkit/util/atomic_file.hpp"
#include "lockkit/util/sha256.hpp"

namespace lockkit::build {

namespace {

std::string describe(const BuildRequest& r) {
    std::string out = r.name + (r.version ? "==" + r.version->to_string() : std::string());
    return out + " (`" + r.path.string() + (r.subdirectory ? "`, subdirectory `" + *r.subdirectory : std::string()) + "`)";
}

/// What makes one interpreter's builds differ from another's (a built wheel may be
/// specific to the implementation, version, platform and ABI).
std::string interpreter_identity(const interpreter::InterpreterInfo& i) {
    return i.implementation + " " + i.implementation_version + " " + i.markers.sys_platform + " " +
           i.markers.platform_machine + (i.gil_disabled ? " t" : "") + (i.debug ? " d" : "") + " " + i.base_executable;
}

/// The cache lock on a path, when lockkit's lock directory can give one (a build without
/// it is only slower when two processes race).
std::optional<fs::FileLock> try_lock(const std::filesystem::path& path) {
    auto lock = fs::lock_for_writing(path);
    if (!lock) return std::nullopt;
    return std::move(*lock);
}

/// Deletes a folder when it goes out of scope.
struct FolderGuard {
    std::filesystem::path path;
    ~FolderGuard() {
        std::error_code ec;
        if (!path.empty()) std::filesystem::remove_all(path, ec);
    }
};

/// One build of one source: the unpacked tree, the build system and the environment,
/// made when first needed.
class Session {
public:
    Session(const BuilderSettings& settings, const BuildRequest& request, std::filesystem::path scratch)
        : m_settings(settings), m_request(request), m_guard{std::move(scratch)} {}

    const std::filesystem::path& scratch() const { return m_guard.path; }

    std::expected<void, std::string> prepare(BuildKind kind) {
        if (m_prepared) return {};
        std::filesystem::path tree = m_request.path;
        if (m_request.is_archive) {
            auto unpacked = unpack_sdist(m_request.path, scratch() / "source");
            if (!unpacked) return std::unexpected(unpacked.error());
            tree = *unpacked;
        }
        if (m_request.subdirectory) tree /= *m_request.subdirectory;
        m_tree = tree;
        auto system = read_build_system(tree);
        if (!system) return std::unexpected(system.error());
        m_system = std::move(*system);
        if (m_system.is_setuptools() && !m_request.is_archive) {
            m_tree_lock = try_lock(tree);
        }
        const PackageBuildOptions& options = m_settings.options;
        if (!options.isolated(m_request.name)) {
            // As uv: the environment is taken to hold the build requirements; nothing is
            // installed and get_requires_for_build_* is not asked.
            if (!options.shared) {
                return std::unexpected("builds of `" + m_request.name +
                                       "` are not isolated (no-build-isolation), but there is no environment to run them in");
            }
            m_prepared = true;
            return {};
        }
        auto extra = options.extra_requirements(m_request.name);
        if (!extra) return std::unexpected(extra.error());
        std::vector<std::string> requirements = m_system.requirements;
        requirements.insert(requirements.end(), extra->begin(), extra->end());
        EnvironmentSettings env_settings{m_settings.cache_root, m_settings.resolver.get(), m_settings.download,
                                         m_settings.unpack};
        auto env = BuildEnvironment::create(scratch() / "env", m_settings.interpreter, requirements, env_settings,
                                            extra->empty() ? "`build-system.requires`"
                                                           : "`build-system.requires` and `extra-build-dependencies`");
        if (!env) return std::unexpected(env.error());
        m_env = std::move(*env);
        m_prepared = true;
        const auto asked = call(kind == BuildKind::Editable ? Hook::GetRequiresForBuildEditable
                                                            : Hook::GetRequiresForBuildWheel);
        if (!asked) return std::unexpected(asked.error());
        if (auto added = m_env->add(asked->requirements); !added) return std::unexpected(added.error());
        return {};
    }

    std::expected<HookAnswer, std::string> call(Hook hook, const HookArguments& arguments = {}) {
        HookContext context;
        if (m_env) {
            context.python = m_env->python();
            context.environment = m_env->root();
        } else {
            const SharedEnvironment& shared = *m_settings.options.shared;
            context.python = shared.python;
            context.environment = shared.root;
            context.scripts = shared.scripts;
            context.isolated = false;
        }
        context.source_tree = m_tree;
        context.backend = m_system.backend;
        context.backend_path = m_system.backend_path;
        context.scratch = scratch();
        context.variables = m_settings.options.variables(m_request.name);
        return call_hook(context, hook, arguments);
    }

    /// Runs build_wheel or build_editable and checks what it made.
    std::expected<std::filesystem::path, std::string> build(BuildKind kind) {
        if (auto ready = prepare(kind); !ready) return std::unexpected(ready.error());
        const auto out = scratch() / (kind == BuildKind::Editable ? "editable" : "wheel");
        std::error_code ec;
        std::filesystem::create_directories(out, ec);
        auto answer = call(kind == BuildKind::Editable ? Hook::BuildEditable : Hook::BuildWheel, {out, std::nullopt});
        if (!answer) {
            std::string why = answer.error();
            if (kind == BuildKind::Editable && why.find("has no `build_editable` hook") != std::string::npos) {
                why += "\nhint: the build backend `" + m_system.backend +
                       "` cannot make editable installs (PEP 660); install the package without `editable = true`";
            }
            return std::unexpected(why);
        }
        const auto file = out / answer->basename;
        const auto status = std::filesystem::symlink_status(file, ec);
        if (ec || !std::filesystem::is_regular_file(status)) {
            return std::unexpected("the build backend `" + m_system.backend + "` reported `" + answer->basename +
                                   "`, but wrote no such file" + output_note(answer->output));
        }
        const auto identity = install::wheel_identity(answer->basename);
        if (!identity) {
            return std::unexpected("the build backend `" + m_system.backend + "` made `" + answer->basename +
                                   "`, which is not a wheel file name");
        }
        if (identity->name != m_request.name) {
            return std::unexpected("the build backend `" + m_system.backend + "` made `" + answer->basename +
                                   "`, a wheel of `" + identity->name + "`, not of `" + m_request.name + "`");
        }
        if (m_request.version) {
            const auto made = pep440::Version::parse(identity->version);
            if (!made || *made != *m_request.version) {
                return std::unexpected("the build backend `" + m_system.backend + "` made `" + answer->basename +
                                       "`, version " + identity->version + ", but version " +
                                       m_request.version->to_string() + " was expected");
            }
        }
        return file;
    }

    /// prepare_metadata_for_build_wheel's METADATA, or nothing when the backend leaves it to a build.
    std::expected<std::optional<std::string>, std::string> prepared_metadata() {
        if (auto ready = prepare(BuildKind::Wheel); !ready) return std::unexpected(ready.error());
        if (m_system.backend == "hatchling.build") {
            // Hatch's hooks may change metadata in the build; uv does not trust its prepared
            // metadata when dependencies are dynamic.
            if (auto pyproject = pyproject::read_pyproject(m_tree / "pyproject.toml");
                pyproject && pyproject->project &&
                (pyproject->project->is_dynamic("dependencies") || pyproject->project->is_dynamic("optional-dependencies"))) {
                return std::optional<std::string>();
            }
        }
        const auto out = scratch() / "metadata";
        std::error_code ec;
        std::filesystem::create_directories(out, ec);
        auto answer = call(Hook::PrepareMetadataForBuildWheel, {out, std::nullopt});
        if (!answer) return std::unexpected(answer.error());
        if (!answer->provided) return std::optional<std::string>();
        auto text = read_file(out / answer->basename / "METADATA");
        if (!text) {
            return std::unexpected("the build backend `" + m_system.backend + "` prepared `" + answer->basename +
                                   "` without a METADATA file");
        }
        return std::optional<std::string>(std::move(*text));
    }

private:
    static std::string output_note(const std::string& output) {
        const std::string tail = output_tail(output);
        return tail.empty() ? "" : "\n--- backend output (last lines) ---\n" + tail + "\n---";
    }

    const BuilderSettings& m_settings;
    const BuildRequest& m_request;
    FolderGuard m_guard;
    std::filesystem::path m_tree;
    BuildSystem m_system;
    std::unique_ptr<BuildEnvironment> m_env;  ///< none when the build is not isolated
    bool m_prepared = false;
    std::optional<fs::FileLock> m_tree_lock;
};

std::expected<std::string, std::string> build_key(const BuildRequest& request, const interpreter::InterpreterInfo& info,
                                                  const PackageBuildOptions& options) {
    std::string source;
    if (request.is_archive) {
        if (!request.sha256.empty()) {
            source = "sdist " + request.sha256;
        } else {
            auto digest = sha256_file(request.path);
            if (!digest) return std::unexpected("cannot read `" + request.path.string() + "`: " + digest.error());
            source = "sdist " + *digest;
        }
    } else {
        auto key = source_tree_key(request.subdirectory ? request.path / *request.subdirectory : request.path);
        if (!key) return std::unexpected(key.error());
        source = "tree " + *key;
    }
    Sha256 hash;
    const std::string text = "lockkit-build 1\n" + source + "\n" + request.subdirectory.value_or("") + "\n" +
                             interpreter_identity(info) + "\n";
    hash.update(text.data(), text.size());
    // Only builds with options get another key: the others keep theirs.
    if (const std::string extra = options.cache_key(request.name); !extra.empty()) hash.update(extra.data(), extra.size());
    return hash.finish_hex();
}

std::expected<metadata::CoreMetadata, std::string> checked_metadata(const std::string& text, const BuildRequest& r,
                                                                    const std::string& where) {
    auto parsed = metadata::parse_core_metadata(text, where);
    if (!parsed) return std::unexpected(parsed.error().render());
    if (parsed->name != r.name) {
        return std::unexpected("the built metadata of " + describe(r) + " names `" + parsed->name + "`");
    }
    return std::move(*parsed);
}

/// A cached wheel of another name or version than asked for (the same source asked for
/// under another name) is as wrong as a fresh one.
std::expected<BuiltWheel, std::string> matching(BuiltWheel wheel, const BuildRequest& r) {
    const auto identity = install::wheel_identity(wheel.filename);
    if (!identity || identity->name != r.name) {
        return std::unexpected("its build makes `" + wheel.filename + "`, not a wheel of `" + r.name + "`");
    }
    if (r.version) {
        const auto made = pep440::Version::parse(identity->version);
        if (!made || *made != *r.version) {
            return std::unexpected("its build makes `" + wheel.filename + "`, not version " + r.version->to_string());
        }
    }
    return wheel;
}

} // namespace

SourceBuilder::SourceBuilder(BuilderSettings settings)
    : m_settings(std::move(settings)), m_cache(m_settings.cache_root) {}

std::expected<BuiltWheel, std::string> SourceBuilder::build_wheel(const BuildRequest& request, BuildKind kind) {
    const auto failed = [&](const std::string& why) {
        return std::unexpected(failure_report(request, "cannot build " + describe(request), why));
    };
    auto key = build_key(request, m_settings.interpreter, m_settings.options);
    if (!key) return failed(key.error());
    const auto cached = [&](BuiltWheel found) -> std::expected<BuiltWheel, std::string> {
        auto ok = matching(std::move(found), request);
        if (!ok) return failed(ok.error());
        return ok;
    };
    if (auto found = m_cache.find_wheel(*key, kind)) return cached(std::move(*found));
    const auto entry_lock = try_lock(m_cache.entry(*key));
    if (auto found = m_cache.find_wheel(*key, kind)) return cached(std::move(*found));  // built while we waited
    auto scratch = m_cache.scratch_folder();
    if (!scratch) return failed(scratch.error());
    Session session(m_settings, request, *scratch);
    auto file = session.build(kind);
    if (!file) return failed(file.error());
    if (kind == BuildKind::Wheel && !m_cache.find_metadata(*key)) {
        if (auto text = index::read_wheel_metadata_file(*file, request.name)) {
            (void)m_cache.publish_metadata(*key, *text);  // only saves a later metadata build
        }
    }
    auto published = m_cache.publish_wheel(*key, kind, *file);
    if (!published) return failed(published.error());
    return published;
}

std::expected<metadata::CoreMetadata, std::string> SourceBuilder::metadata(const BuildRequest& request) {
    const auto failed = [&](const std::string& why) {
        return std::unexpected(failure_report(request, "cannot build the metadata of " + describe(request), why));
    };
    auto key = build_key(request, m_settings.interpreter, m_settings.options);
    if (!key) return failed(key.error());
    if (auto text = m_cache.find_metadata(*key)) return checked_metadata(*text, request, "cached METADATA");
    const auto entry_lock = try_lock(m_cache.entry(*key));
    if (auto text = m_cache.find_metadata(*key)) return checked_metadata(*text, request, "cached METADATA");
    auto scratch = m_cache.scratch_folder();
    if (!scratch) return failed(scratch.error());
    Session session(m_settings, request, *scratch);
    auto prepared = session.prepared_metadata();
    if (!prepared) return failed(prepared.error());
    std::string text;
    if (*prepared) {
        text = std::move(**prepared);
    } else {
        // No prepare hook: the wheel is built (and cached for the install that may follow).
        auto file = session.build(BuildKind::Wheel);
        if (!file) return failed(file.error());
        auto read = index::read_wheel_metadata_file(*file, request.name);
        if (!read) return failed("the built wheel has no readable METADATA: " + read.error().message);
        text = std::move(*read);
        if (auto published = m_cache.publish_wheel(*key, BuildKind::Wheel, *file); !published) {
            return failed(published.error());
        }
    }
    auto parsed = checked_metadata(text, request, "METADATA");
    if (!parsed) return failed(parsed.error());
    (void)m_cache.publish_metadata(*key, text);
    return parsed;
}

std::expected<metadata::CoreMetadata, std::string> SourceBuilder::build_metadata(const index::BuildSource& source) {
    BuildRequest request;
    request.path = source.path;
    request.is_archive = source.is_archive;
    request.name = source.name;
    request.version = source.version;
    request.subdirectory = source.subdirectory;
    return metadata(request);
}

} // namespace lockkit::build
