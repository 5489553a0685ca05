// Builds for `lock resolve`; see include/lockkit/project/lock_builds.hpp.

#include <lockkit/project/lock_builds.hpp>

#include <lockkit/build/index_requirement_resolver.hpp>
#include <lockkit/interpreter/discovery.hpp>
#include <lockkit/interpreter/interpreter_cache.hpp>

namespace lockkit::project {

namespace {

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
        return out;
    });
}

} // namespace lockkit::project
