#pragma once
// The wheel-tag parts of failure reports (internal; uv's `IncompatibleDist::context_message`
// and `PubGrubReportFormatter::tag_hint`): "(e.g., `cp312`)" after a tag refusal, and the hint
// listing the tags the refused wheels do have.

#include <lockkit/resolver/no_solution.hpp>

#include <optional>
#include <string>

namespace lockkit::resolver::detail {

/// "(e.g., `cp312`)": the best tag of the kind that did not match, if known.
std::optional<std::string> tag_context(const NoSolution& failure, const UnavailableVersion& reason);

/// "You require CPython 3.12 (`cp312`), but we only found wheels for `a` (v1.0.0) with the
/// following Python ABI tag: `graalpy240_310_native`", and the platform variant.
std::optional<std::string> tag_hint(const NoSolution& failure, const std::string& name, const VersionRange& set,
                                    TagIncompatibility tag);

} // namespace lockkit::resolver::detail
