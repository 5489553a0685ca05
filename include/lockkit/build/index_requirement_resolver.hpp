#pragma once
// Build requirements resolved by lockkit's resolver (resolver::resolve, a
// specific resolution for the build's interpreter, as uv resolves them) over
// the project's indexes and find-links locations (project::IndexProvider over
// the registry client).
// Every package of the answer must have a wheel for the interpreter: building
// a build requirement from source is not done (uv would, recursively).

#include "lockkit/build/build_requirements.hpp"
#include "lockkit/project/index_provider.hpp"

#include <memory>

namespace lockkit::build {

class IndexRequirementResolver : public RequirementResolver {
public:
    explicit IndexRequirementResolver(std::shared_ptr<index::RegistryClient> client) : m_client(std::move(client)) {}

    std::expected<std::vector<RequirementWheel>, std::string> resolve(
        const std::vector<pep508::Requirement>& requirements, const interpreter::InterpreterInfo& interpreter) override;

private:
    std::shared_ptr<index::RegistryClient> m_client;
};

} // namespace lockkit::build
