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
//
// A resolution judges tens of thousands of wheels (18,000 for the transformers ecosystem) but
// only a few hundred distinct tag fields, and a version's wheels share its name and version: so
// the verdict is remembered per tag text (`cp312-cp312-manylinux_2_17_x86_64`), and the validity
// of the name and version per `{name}-{version}`, and a filename is parsed in full only when its
// tag text is new. The memo makes `judge` non-const: one judge serves one thread.

#include <lockkit/resolver/provider.hpp>
#include <lockkit/resolver/python_requirement.hpp>
#include <lockkit/tags/supported_tags.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace lockkit::resolver {

class WheelTagJudge {
public:
    /// For one target environment.
    explicit WheelTagJudge(tags::SupportedTags tags) : m_tags(std::move(tags)) {}
    /// For a universal resolution under the project's requires-python.
    explicit WheelTagJudge(const RequiresPython& requires_python);

    /// The verdict for one wheel filename.
    WheelTagVerdict judge(std::string_view filename);

    const tags::SupportedTags* supported_tags() const { return m_tags ? &*m_tags : nullptr; }

private:
    /// Hashes std::string keys and looks them up by string_view, without a copy.
    struct TextHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view text) const noexcept { return std::hash<std::string_view>{}(text); }
    };
    template <typename T>
    using TextMap = std::unordered_map<std::string, T, TextHash, std::equal_to<>>;

    /// The verdict from the filename parsed in full.
    WheelTagVerdict judge_parsed(std::string_view filename) const;

    std::optional<tags::SupportedTags> m_tags;
    pep508::ReleaseBound m_lower;
    pep508::ReleaseBound m_upper;
    TextMap<bool> m_valid_heads;            ///< `{name}-{version}`: both valid
    TextMap<WheelTagVerdict> m_tag_verdicts;  ///< by the python, ABI and platform fields
};

} // namespace lockkit::resolver
