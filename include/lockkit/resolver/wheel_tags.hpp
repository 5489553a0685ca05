#pragma once
// The default answer to `ResolverProvider::wheel_tags`, built only from the tags module, so that
// every provider judges wheels the same way (uv's `VersionMap` wheel check,
// `uv-resolver/src/version_map.rs`):
//
//   * a specific resolution (`pip install`, `pip compile`, a lock for one platform) has the
//     target's `SupportedTags`: a wheel fits when one of its tag combinations is supported, with
//     that combination's priority, else the closest miss (`Python`, `Abi`, `Platform`, ...);
//   * a universal resolution has no interpreter: a wheel fits unless no Python inside the
//     project's requires-python could install it (`tags::matches_requires_python`), which is
//     reported as an `AbiPythonVersion` miss, and carries no priority (so the first compatible
//     wheel listed wins).
//
// A filename that is not a valid wheel name is judged `Invalid`.

#include <lockkit/resolver/provider.hpp>
#include <lockkit/resolver/python_requirement.hpp>
#include <lockkit/tags/supported_tags.hpp>

#include <optional>
#include <string_view>

namespace lockkit::resolver {

class WheelTagJudge {
public:
    /// For one target environment.
    explicit WheelTagJudge(tags::SupportedTags tags) : m_tags(std::move(tags)) {}
    /// For a universal resolution under the project's requires-python.
    explicit WheelTagJudge(const RequiresPython& requires_python);

    /// The verdict for one wheel filename.
    WheelTagVerdict judge(std::string_view filename) const;

    const tags::SupportedTags* supported_tags() const { return m_tags ? &*m_tags : nullptr; }

private:
    std::optional<tags::SupportedTags> m_tags;
    pep508::ReleaseBound m_lower;
    pep508::ReleaseBound m_upper;
};

} // namespace lockkit::resolver
