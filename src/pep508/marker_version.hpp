#pragma once
// Release-only versions as markers use them. uv strips every marker version to its release
// segments (`only_release`), so the decision diagram never needs epochs, pre-releases or local
// labels; a full PEP 440 parser is still needed to tell valid text from invalid text, and
// environments may hold pre-release Pythons, which compare just below their release.

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace lockkit::pep508::detail {

/// A parsed PEP 440 version (or `X.Y.*` pattern) reduced to what markers need.
struct MarkerVersionText {
    std::uint64_t epoch = 0;
    std::vector<std::uint64_t> release;
    bool star = false;       ///< ended in `.*`
    bool has_local = false;  ///< had a `+local` label
    /// -1 if pre/dev release (sorts below the bare release), +1 if post or local (above), 0 if bare.
    int suffix_class = 0;
};

/// Parses PEP 440 text (leniently, as PEP 440 normalisation allows). `allow_star` permits a
/// trailing `.*` after the release segments.
std::optional<MarkerVersionText> parse_marker_version(std::string_view text, bool allow_star);

/// Compares release segments, padding the shorter with zeros (3.9 == 3.9.0).
int compare_release(std::span<const std::uint64_t> a, std::span<const std::uint64_t> b);

/// Compares an environment version with a release-only bound value.
int compare_env_version(const MarkerVersionText& env, std::span<const std::uint64_t> bound);

} // namespace lockkit::pep508::detail
