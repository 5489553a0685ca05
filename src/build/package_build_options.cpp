// Per-package build options; see include/lockkit/build/package_build_options.hpp.

#include "lockkit/build/package_build_options.hpp"

#include "lockkit/pep508/requirement.hpp"

namespace lockkit::build {

std::expected<std::vector<std::string>, std::string> PackageBuildOptions::extra_requirements(
    std::string_view package) const {
    std::vector<std::string> out;
    const auto found = extra_dependencies.find(std::string(package));
    if (found == extra_dependencies.end()) return out;
    for (const auto& dependency : found->second) {
        if (!dependency.match_runtime) {
            out.push_back(dependency.requirement);
            continue;
        }
        auto parsed = pep508::Requirement::parse(dependency.requirement);
        if (!parsed) return std::unexpected("`" + dependency.requirement + "` is not a valid requirement");
        if (!runtime_versions) {
            // When locking nothing is matched: uv takes a requirement with a version or URL as
            // it is, and refuses a bare name (uv-build-frontend, Error::UnmatchedRuntime).
            if (!parsed->specifiers.empty() || parsed->url) {
                out.push_back(dependency.requirement);
                continue;
            }
            return std::unexpected("Extra build requirement `" + parsed->name +
                                   "` was declared with `match-runtime = true`, but `" + std::string(package) +
                                   "` does not declare static metadata, making runtime-matching impossible");
        }
        if (!parsed->specifiers.empty() || parsed->url) {
            // uv's wording (uv-distribution-types, ExtraBuildRequiresError).
            return std::unexpected("Dependencies marked with `match-runtime = true` cannot include version "
                                   "specifiers, but found: `" + dependency.requirement + "`");
        }
        const auto version = runtime_versions->find(parsed->name);
        if (version == runtime_versions->end()) {
            return std::unexpected("`" + parsed->name +
                                   "` was declared as an extra build dependency with `match-runtime = true`, but "
                                   "was not found in the resolution");
        }
        auto pinned = pep440::VersionSpecifiers::parse("==" + version->second);
        if (!pinned) return std::unexpected("the locked version `" + version->second + "` of `" + parsed->name + "` is not valid");
        parsed->specifiers = std::move(*pinned);
        out.push_back(parsed->to_string());
    }
    return out;
}

std::map<std::string, std::string> PackageBuildOptions::variables(std::string_view package) const {
    const auto found = extra_variables.find(std::string(package));
    return found == extra_variables.end() ? std::map<std::string, std::string>{} : found->second;
}

std::string PackageBuildOptions::cache_key(std::string_view package) const {
    std::string out;
    if (!isolated(package)) out += "shared " + (shared ? shared->root.string() : std::string()) + "\n";
    auto requirements = extra_requirements(package);
    if (requirements) {
        for (const auto& r : *requirements) out += "requires " + r + "\n";
    }
    for (const auto& [name, value] : variables(package)) out += "env " + name + "=" + value + "\n";
    return out;
}

} // namespace lockkit::build
