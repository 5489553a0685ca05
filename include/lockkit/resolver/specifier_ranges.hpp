#pragma once
// PEP 440 version specifiers as version sets, with uv's semantics.
//
// A specifier becomes an interval set over `pep440::Version`. Because PEP 440 has rules that
// plain intervals cannot express (`<1.0` excludes 1.0a1, `>1.0` excludes 1.0.post1, `==1.0`
// admits 1.0+cpu), the bounds use the sentinel versions of pep440/version.hpp:
//
//   ==V (no local)     [V, V+max)          ==V+l      {V+l}           ===V    {V}
//   !=V, !=V.*         complement of the == form
//   >=V                [V, inf)            <=V        (-inf, V+max]
//   >V (final or pre)  (V.max, inf)        >V.postN   (V.postN+max, inf)
//   >V.devN            [V.dev(N+1), inf)
//   <V (final)         (-inf, V.min)       <V.postN   (-inf, V.postN.dev0)   <V (pre)  (-inf, V)
//   ~=1.4.5            [1.4.5, 1.5.dev0)   ==1.4.*    [1.4.dev0, 1.5.dev0)
//
// (uv-pep440 `version_ranges.rs`, `impl From<VersionSpecifier> for Ranges<Version>`.)
//
// Sentinel bounds make different encodings of the same set of real versions possible, e.g.
// `<=1.0` is (-inf, 1.0+max] and `<1.0.post0.dev0` is (-inf, 1.0.post0.dev0). The *canonical*
// form folds every sentinel bound onto the least real version above it and drops bounds at or
// below the smallest PEP 440 version 0.dev0, so equal sets get equal representations
// (`canonicalize_version_ranges`).
//
// `Requires-Python` uses release-only semantics instead (`release_specifiers_to_ranges`): only
// the release segments of the specifier matter, so `>=3.13` admits 3.13.0b1 when the tested
// Python version is itself release-only.

#include <lockkit/pep440/specifiers.hpp>
#include <lockkit/pep440/version.hpp>
#include <lockkit/resolver/ranges.hpp>

#include <optional>

namespace lockkit::resolver {

using VersionRanges = Ranges<pep440::Version>;

/// The set of versions a specifier admits, in uv's encoding (with sentinel bounds).
VersionRanges ranges_from_specifier(const pep440::VersionSpecifier& specifier);
/// The intersection of the sets of each specifier; the full set for no specifiers.
VersionRanges ranges_from_specifiers(const pep440::VersionSpecifiers& specifiers);

/// Release-only semantics (for `Requires-Python`): the specifier's version is reduced to its
/// release segments, trailing zeros trimmed when `trim` is set (uv trims for markers only).
VersionRanges release_range_from_specifier(const pep440::VersionSpecifier& specifier, bool trim);
/// The intersection of `release_range_from_specifier(s, false)` over the specifiers.
VersionRanges release_ranges_from_specifiers(const pep440::VersionSpecifiers& specifiers);

/// The canonical form of a range (sentinel bounds folded onto real successors, bounds at or
/// below 0.dev0 removed); nothing when the range is already canonical.
std::optional<VersionRanges> canonicalize_version_ranges(const VersionRanges& ranges);

/// The range with "+max" local sentinels rewritten for messages: `[1.0, 1.0+max)` becomes
/// `==1.0`, `(-inf, 1.0+max]` becomes `<=1.0` (uv's `strip_local_version_sentinels`).
VersionRanges strip_local_version_sentinels(const VersionRanges& ranges);

/// The version with only its release segments ("1!2.0rc1+x" -> "2.0").
pep440::Version only_release(const pep440::Version& version);
/// `only_release` with trailing zero segments removed ("3.10.0" -> "3.10", "0.0" -> "0").
pep440::Version only_release_trimmed(const pep440::Version& version);

} // namespace lockkit::resolver
