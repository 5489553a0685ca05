// Build requirements through the resolver; see include/lockkit/build/index_requirement_resolver.hpp.

#include "lockkit/build/index_requirement_resolver.hpp"

#include "lockkit/fetch/http_client.hpp"
#include "lockkit/resolver/resolver.hpp"
#include "lockkit/tags/wheel_filename.hpp"

namespace lockkit::build {

namespace {

/// The index provider, with wheel verdicts for one interpreter's tags (the provider
/// itself judges wheels for a universal resolution only).
class InterpreterTagsProvider : public resolver::ResolverProvider {
public:
    InterpreterTagsProvider(project::IndexProvider& inner, tags::SupportedTags tags)
        : m_inner(inner), m_tags(std::move(tags)) {}

    void prefetch_versions(const std::string& name) override { m_inner.prefetch_versions(name); }
    void prefetch_metadata(const std::string& name, const pep440::Version& version,
                           const resolver::DistributionFile& file) override {
        m_inner.prefetch_metadata(name, version, file);
    }
    const resolver::PackageVersions& versions(const std::string& name) override { return m_inner.versions(name); }
    resolver::MetadataResult metadata(const std::string& name, const pep440::Version& version,
                                      const resolver::DistributionFile& file) override {
        return m_inner.metadata(name, version, file);
    }
    resolver::WheelTagVerdict wheel_tags(std::string_view filename) override {
        const auto wheel = tags::WheelFilename::parse(filename);
        if (!wheel) return {false, std::nullopt, resolver::TagIncompatibility::Invalid};
        const auto fit = m_tags.compatibility(*wheel);
        if (fit.compatible) return {true, fit.priority, resolver::TagIncompatibility::Invalid};
        return {false, std::nullopt, resolver::TagIncompatibility::Platform};
    }
    const tags::SupportedTags* target_tags() const override { return &m_tags; }

private:
    project::IndexProvider& m_inner;
    tags::SupportedTags m_tags;
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
