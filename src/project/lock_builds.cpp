// Builds for `lock resolve`; see include/lockkit/project/lock_builds.hpp.

#include <lockkit/project/lock_builds.hpp>

#include <lockkit/build/index_requirement_resolver.hpp>
#include <lockkit/interpreter/discovery.hpp>
#include <lockkit/interpreter/interpreter_cache.hpp>
#include <lockkit/interpreter/probe.hpp>

namespace lockkit::project {

namespace {

/// Whether an interpreter is the file a File request names (itself, or the base it was made from).
bool is_requested_file(const std::filesystem::path& asked, const interpreter::InterpreterInfo& info) {
    std::error_code ec;
    const auto wanted = std::filesystem::canonical(asked, ec);
    if (ec) return false;
    for (const auto& candidate : {info.executable, info.base_executable}) {
        std::error_code ec2;
        if (!candidate.empty() && std::filesystem::canonical(candidate, ec2) == wanted && !ec2) return true;
    }
    return false;
}

/// The project's virtual environment's interpreter when it fits the request and requires-python,
/// as `uv lock` prefers it (ProjectInterpreter::discover); nothing when there is none or it does not fit.
std::optional<interpreter::InterpreterInfo> project_environment_interpreter(const LockBuildSettings& s,
                                                                           const interpreter::DiscoveryRequest& d) {
    const auto root = s.project_environment ? (s.project_environment->is_absolute() ? *s.project_environment
                                                                                    : s.root / *s.project_environment)
                                            : s.root / ".venv";
    std::error_code ec;
    if (!std::filesystem::is_regular_file(root / "pyvenv.cfg", ec)) return std::nullopt;
    auto probed = interpreter::probe_interpreter(root / "bin" / "python", d.cache);
    if (!probed) return std::nullopt;
    const bool fits = d.request.kind == interpreter::PythonRequest::Kind::File ? is_requested_file(d.request.file, probed->info)
                                                                               : d.request.matches(probed->info);
    if (!fits || !interpreter::satisfies_requires_python(probed->info, d.requires_python, nullptr)) return std::nullopt;
    return std::move(probed->info);
}

/// What a lookup gave: the interpreter, or why there is none (`prefixed`: a discovery failure,
/// which the caller's reason introduces; a bad request or version file speaks for itself).
struct Failure {
    std::string message;
    bool prefixed = false;
};

std::expected<interpreter::InterpreterInfo, Failure> look_for_interpreter(const LockBuildSettings& s) {
    interpreter::DiscoveryRequest discovery;
    discovery.request_origin = s.python_origin;
    if (!s.python.empty()) {
        auto parsed = interpreter::PythonRequest::parse(s.python);
        if (!parsed) return std::unexpected(Failure{s.python_origin + ": " + parsed.error()});
        discovery.request = std::move(*parsed);
    } else {
        // As `uv lock`: from the project folder (a member's, say) up to the workspace root.
        std::vector<std::string> warnings;
        auto file = interpreter::find_python_version_file(interpreter::VersionFileSearch{
            s.project_dir.empty() ? s.root : s.project_dir, s.root, s.user_config_dir, s.requires_python, s.no_config,
            &warnings});
        if (s.on_warning)
            for (const auto& w : warnings) s.on_warning(w);
        if (!file) return std::unexpected(Failure{file.error()});
        if (*file) {
            discovery.request = (*file)->first;
            discovery.request_origin = (*file)->second.string();
        }
    }
    discovery.requires_python = s.requires_python;
    discovery.places = interpreter::SearchPlaces::from_environment();
    const interpreter::InterpreterCache cache(s.cache_root);
    discovery.cache = &cache;
    if (auto project = project_environment_interpreter(s, discovery)) return std::move(*project);
    auto found = interpreter::find_interpreter(discovery);
    if (!found) return std::unexpected(Failure{found.error().render(), true});
    return std::move(found->info);
}

} // namespace

struct LockInterpreter::Lookup {
    std::expected<interpreter::InterpreterInfo, Failure> result;
};

LockInterpreter::LockInterpreter(LockBuildSettings settings) : m_settings(std::move(settings)) {}
LockInterpreter::~LockInterpreter() = default;

const LockInterpreter::Lookup& LockInterpreter::lookup() const {
    const std::lock_guard lock(m_mutex);  // a second caller waits for the first lookup's answer
    if (!m_lookup) m_lookup = std::make_unique<Lookup>(Lookup{look_for_interpreter(m_settings)});
    return *m_lookup;
}

std::expected<interpreter::InterpreterInfo, std::string> LockInterpreter::find(std::string_view why) const {
    const auto& result = lookup().result;
    if (result) return *result;
    return std::unexpected(result.error().prefixed ? std::string(why) + result.error().message : result.error().message);
}

std::expected<void, std::string> check_requested_interpreter(const LockInterpreter& interpreter) {
    if (interpreter.settings().python.empty()) return {};
    auto found = interpreter.find("the requested interpreter does not fit the project: ");
    if (!found) return std::unexpected(found.error());
    return {};
}

std::shared_ptr<build::LazySourceBuilder> lock_source_builder(std::shared_ptr<const LockInterpreter> interpreter) {
    build::PackageBuildOptions options = interpreter->settings().build_options;
    return std::make_shared<build::LazySourceBuilder>([interpreter = std::move(interpreter)]() -> std::expected<build::BuilderSettings, std::string> {
        auto python = interpreter->find("a build backend must run, but ");
        if (!python) return std::unexpected(python.error());
        const LockBuildSettings& s = interpreter->settings();
        index::RegistryOptions registry = s.registry;
        registry.builder = nullptr;  // build requirements are taken as wheels
        build::BuilderSettings out;
        out.cache_root = s.cache_root;
        out.interpreter = std::move(*python);
        out.resolver = std::make_shared<build::IndexRequirementResolver>(
            std::make_shared<index::RegistryClient>(std::move(registry)));
        out.options = s.build_options;
        if (out.options.isolation.any_shared()) {
            out.options.shared = build::SharedEnvironment{out.interpreter.executable, out.interpreter.prefix,
                                                          out.interpreter.scheme.scripts};
        }
        return out;
    }, 0, std::move(options));
}

} // namespace lockkit::project
