#pragma once
// Build requirements answered from local folders of wheels (`--find-links`
// folders, flat `file://` indexes), for offline builds: for each requirement
// the newest wheel that fits the interpreter and the specifiers (stable
// versions before pre-releases), then its Requires-Dist in turn. It never
// backtracks: two requirements that disagree on a package are an error naming
// both. The resolver over the registry client (RequirementResolver) is the
// general answer; this one serves builds whose requirements sit in a folder.

#include "lockkit/build/build_requirements.hpp"

#include <filesystem>
#include <vector>

namespace lockkit::build {

class LocalWheelResolver : public RequirementResolver {
public:
    explicit LocalWheelResolver(std::vector<std::filesystem::path> folders) : m_folders(std::move(folders)) {}

    std::expected<std::vector<RequirementWheel>, std::string> resolve(
        const std::vector<pep508::Requirement>& requirements, const interpreter::InterpreterInfo& interpreter) override;

private:
    std::vector<std::filesystem::path> m_folders;
};

} // namespace lockkit::build
