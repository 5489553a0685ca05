#pragma once
// The one question a build environment asks about its requirements: which
// wheels (one per package) satisfy `build-system.requires` (plus what
// `get_requires_for_build_*` adds) for the interpreter the build runs on. The
// answer is installed with lockkit's own installer (build_environment.hpp).
//
// The environment depends only on this interface; the implementation is given
// by the caller (the resolver over the registry client, or a fixed set of
// local wheels), so swapping how requirements are resolved changes no build
// code.

#include "lockkit/interpreter/interpreter_info.hpp"
#include "lockkit/pep508/requirement.hpp"

#include <expected>
#include <filesystem>
#include <string>
#include <vector>

namespace lockkit::build {

/// One wheel to install into a build environment.
struct RequirementWheel {
    std::string name;      ///< normalized
    std::string version;
    std::string filename;  ///< the wheel's file name
    std::filesystem::path file;  ///< a local file, or empty
    std::string url;             ///< where to download it when not local
    std::string sha256;          ///< the hash the index publishes; empty when none
};

class RequirementResolver {
public:
    virtual ~RequirementResolver() = default;
    /// The wheels satisfying `requirements` on `interpreter`, or why there are none.
    virtual std::expected<std::vector<RequirementWheel>, std::string> resolve(
        const std::vector<pep508::Requirement>& requirements, const interpreter::InterpreterInfo& interpreter) = 0;
};

} // namespace lockkit::build
