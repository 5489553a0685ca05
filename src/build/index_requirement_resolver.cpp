// Build requirements through the resolver; see include/lockkit/build/index_requirement_resolver.hpp.

#include "lockkit/build/index_requirement_resolver.hpp"

#include "lockkit/fetch/http_client.hpp"
#include "lockkit/resolver/forwarding_provider.hpp"
#include "lockkit/resolver/resolver.hpp"
#include "lockkit/resolver/wheel_tags.hpp"

namespace lockkit::build {

namespace {

/// The index provider, with wheel verdicts for one interpreter's tags (the provider
/// itself judges wheels for a universal resolution only).
class InterpreterTagsProvider : public resolver::ForwardingProvider {
public:
    InterpreterTagsProvider(project::IndexProvider& inner, tags::SupportedTags tags)
        : ForwardingProvider(inner), m_judge(std::move(tags)) {}

    resolver::WheelTagVerdict wheel_tags(std::string_view filename) override { return m_judge.judge(filename); }
    const tags::SupportedTags* target_tags() const override { return m_judge.supported_tags(); }

private:
    resolver::WheelTagJudge m_judge;
};

} // namespace

std::expected<std::vector<RequirementWheel>, std::string> IndexRequirementResolver::resolve(
    const std::vector<pep508::Requirement>& requirements, const interpreter::InterpreterInfo& interpreter) {
    auto supported = interpreter.supported_tags();
    if (!supported) return std::unexpected(supported.error());
    const auto version = pep440::Version::parse(interpreter.markers.python_full_version.empty()
                                                    ? interpreter.python_version()
                                                    : interpreter.markers.python_full_version);
    if (!version) return std::unexpected("cannot read the interpreter's version");
    project::IndexProviderOptions options;
    options.requires_python = resolver::RequiresPython::greater_than_equal(*version);
    project::IndexProvider index(m_client, std::move(options));
    InterpreterTagsProvider provider(index, std::move(*supported));
    resolver::Manifest manifest;
    manifest.requirements = requirements;
    auto resolution = resolver::resolve(manifest, resolver::ResolverOptions{},
                                        resolver::ResolverEnvironment::specific(interpreter.markers),
                                        resolver::PythonRequirement::from_interpreter(*version), provider);
    if (!resolution) {
        std::string why = resolution.error().no_solution ? resolution.error().no_solution->report()
                                                         : resolution.error().message;
        for (const auto& w : index.warnings()) why += "\n" + w;
        return std::unexpected(why);
    }
    std::vector<RequirementWheel> out;
    for (const auto& p : resolution->packages) {
        const auto* file = p.install_file;
        if (file == nullptr || !file->is_wheel()) {
            return std::unexpected("the build requirement " + p.name + "==" + p.version.to_string() +
                                   " has no wheel for this interpreter, and build requirements are not built "
                                   "from source");
        }
        RequirementWheel wheel;
        wheel.name = p.name;
        wheel.version = p.version.to_string();
        wheel.filename = file->filename;
        if (const auto local = fetch::file_url_path(file->url)) {
            wheel.file = *local;
        } else {
            wheel.url = file->url;
        }
        for (const auto& [algorithm, hex] : file->hashes) {
            if (algorithm == "sha256") wheel.sha256 = hex;
        }
        out.push_back(std::move(wheel));
    }
    return out;
}

} // namespace lockkit::build
