// Project environments; see include/lockkit/install/project_environment.hpp.

#include "lockkit/install/project_environment.hpp"

#include "lockkit/install/venv_creator.hpp"

namespace lockkit::install {

namespace {

/// Whether a kept environment's interpreter is the file a File request names.
bool same_interpreter(const std::filesystem::path& asked, const interpreter::InterpreterInfo& info) {
    std::error_code ec;
    const auto wanted = std::filesystem::canonical(asked, ec);
    if (ec) {
        return false;
    }
    for (const auto& candidate : {info.base_executable, info.executable}) {
        std::error_code ec2;
        if (!candidate.empty() && std::filesystem::canonical(candidate, ec2) == wanted && !ec2) {
            return true;
        }
    }
    return false;
}

} // namespace

std::expected<EnvironmentPlan, std::string> plan_environment(const EnvironmentRequest& r) {
    EnvironmentPlan plan;
    plan.root = (r.venv ? (r.venv->is_absolute() ? *r.venv : r.project_root / *r.venv) : r.project_root / ".venv")
                    .lexically_normal();
    if (plan.root.filename().empty()) {
        plan.root = plan.root.parent_path();
    }

    interpreter::PythonRequest request;
    std::string origin = r.python_origin;
    if (!r.python.empty()) {
        auto parsed = interpreter::PythonRequest::parse(r.python);
        if (!parsed) {
            return std::unexpected(r.python_origin + ": " + parsed.error());
        }
        request = std::move(*parsed);
    } else {
        auto file = interpreter::find_python_version_file(interpreter::VersionFileSearch{
            r.project_root, r.project_root, r.user_config_dir, r.requires_python, r.no_config, &plan.warnings});
        if (!file) {
            return std::unexpected(file.error());
        }
        if (*file) {
            request = (*file)->first;
            origin = (*file)->second.string();
        }
    }

    std::error_code ec;
    const bool exists = std::filesystem::exists(plan.root, ec);
    const bool is_venv = std::filesystem::is_regular_file(plan.root / "pyvenv.cfg", ec);
    if (is_venv) {
        const auto python = plan.root / "bin" / "python";
        auto probed = interpreter::probe_interpreter(python, r.cache);
        std::string why;
        if (!probed) {
            plan.reason = "its interpreter does not run (" + probed.error() + ")";
        } else if (request.kind == interpreter::PythonRequest::Kind::File) {
            if (!same_interpreter(request.file, probed->info)) {
                plan.reason = "it runs " + probed->info.base_executable + ", not " + request.file.string() + " (from " +
                              origin + ")";
            }
        } else if (!request.matches(probed->info, &why)) {
            plan.reason = why + " (asked: " + request.describe() + ", from " + origin + ")";
        }
        if (probed && plan.reason.empty() &&
            !interpreter::satisfies_requires_python(probed->info, r.requires_python, &why)) {
            plan.reason = why;
        }
        if (plan.reason.empty()) {
            plan.action = EnvironmentPlan::Action::Keep;
            plan.interpreter = std::move(probed->info);
            plan.layout = Layout::for_virtual_environment(plan.root, plan.interpreter);
            return plan;
        }
        plan.action = EnvironmentPlan::Action::Recreate;
    } else if (exists && !(std::filesystem::is_directory(plan.root, ec) && std::filesystem::is_empty(plan.root, ec))) {
        return std::unexpected("cannot use " + plan.root.string() +
                               " as the project's environment: it exists and is not a virtual environment (no "
                               "pyvenv.cfg)\nhint: remove it, or choose another place with --venv");
    } else {
        plan.action = EnvironmentPlan::Action::Create;
    }

    interpreter::DiscoveryRequest discovery;
    discovery.request = request;
    discovery.request_origin = origin;
    discovery.requires_python = r.requires_python;
    discovery.places = r.places;
    discovery.cache = r.cache;
    auto found = interpreter::find_interpreter(discovery);
    if (!found) {
        return std::unexpected(found.error().render());
    }
    plan.base_python = found->path;
    plan.interpreter = std::move(found->info);
    plan.layout = Layout::for_virtual_environment(plan.root, plan.interpreter);
    return plan;
}

std::expected<void, std::string> apply_environment_plan(const EnvironmentPlan& plan) {
    if (plan.action == EnvironmentPlan::Action::Keep) {
        return {};
    }
    std::error_code ec;
    if (plan.action == EnvironmentPlan::Action::Recreate) {
        // Only a folder that is a virtual environment is ever deleted.
        if (!std::filesystem::is_regular_file(plan.root / "pyvenv.cfg", ec)) {
            return std::unexpected("refusing to delete " + plan.root.string() + ": it is not a virtual environment");
        }
        std::filesystem::remove_all(plan.root, ec);
        if (ec) {
            return std::unexpected("cannot remove the old environment " + plan.root.string() + ": " + ec.message());
        }
    }
    std::filesystem::create_directories(plan.root.parent_path(), ec);
    return create_virtual_environment(plan.root, plan.interpreter);
}

} // namespace lockkit::install
