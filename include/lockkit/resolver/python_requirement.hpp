#pragma once
// The Python versions a resolution targets (uv's `RequiresPython` and `PythonRequirement`,
// `uv-distribution-types/src/requires_python.rs`, `uv-resolver/src/python_requirement.rs`).
//
// `RequiresPython` is a release-only range ("Requires-Python semantics": `>=3.13` admits
// 3.13.0b1) with its lower and upper bound trimmed of trailing zeros. A candidate's own
// `Requires-Python` is checked by comparing *lower bounds only*: the candidate fits when its
// lower bound is at or below ours (`>=3.8,<4` counts as `>=3.8`).
//
// `PythonRequirement` holds the interpreter ("installed") and the version being resolved for
// ("target"); they differ with `--python-version`, which changes how failures are worded.

#include <lockkit/pep440/specifiers.hpp>
#include <lockkit/pep508/marker.hpp>
#include <lockkit/resolver/specifier_ranges.hpp>

#include <optional>
#include <span>

namespace lockkit::resolver {

int compare_lower_bounds(const Bound<pep440::Version>& a, const Bound<pep440::Version>& b);

class RequiresPython {
public:
    /// `>= version` (release-only).
    static RequiresPython greater_than_equal(const pep440::Version& version);
    /// From specifiers (release-only semantics).
    static RequiresPython from_specifiers(const pep440::VersionSpecifiers& specifiers);

    const pep440::VersionSpecifiers& specifiers() const { return m_specifiers; }
    const Bound<pep440::Version>& lower() const { return m_lower; }
    const Bound<pep440::Version>& upper() const { return m_upper; }

    /// The intersection of several sets (a workspace's members), as uv computes it
    /// (`RequiresPython::intersection`); nothing when it is empty or no set is given. The
    /// specifiers are re-derived from the range: `==3.11.*` for one minor series, `!=3.12.*`
    /// for holes, sorted by version then operator.
    static std::optional<RequiresPython> intersection(std::span<const pep440::VersionSpecifiers> sets);

    /// From release-only bounds (a fork's Python range); the specifiers are derived from them.
    static RequiresPython from_bounds(Bound<pep440::Version> lower, Bound<pep440::Version> upper);

    /// Whether a candidate's `Requires-Python` admits every version we target (lower bounds).
    bool is_contained_by(const pep440::VersionSpecifiers& candidate) const;
    /// The part of a candidate's `Requires-Python` that is_contained_by looks at: its lower
    /// bound, worked out once for a text many versions share.
    static Bound<pep440::Version> candidate_lower_bound(const pep440::VersionSpecifiers& candidate);
    /// is_contained_by, given the candidate's candidate_lower_bound.
    bool admits_lower_bound(const Bound<pep440::Version>& candidate_lower) const;
    /// The range narrowed to `lower`..`upper` where those are stricter; nothing when the range
    /// is already exactly that (uv's `RequiresPython::narrow`).
    std::optional<RequiresPython> narrow(const Bound<pep440::Version>& lower, const Bound<pep440::Version>& upper) const;
    /// The range split at `bound` into [lower, bound) and [bound, upper); nothing when either
    /// half would be empty (uv's `RequiresPython::split`).
    std::optional<std::pair<RequiresPython, RequiresPython>> split(const Bound<pep440::Version>& bound) const;
    /// The range as a `python_full_version` marker.
    pep508::MarkerTree to_marker_tree() const;
    /// The lower and upper bound as the marker engine's release bounds.
    std::pair<pep508::ReleaseBound, pep508::ReleaseBound> release_bounds() const;

    friend bool operator==(const RequiresPython& a, const RequiresPython& b) {
        return a.m_lower == b.m_lower && a.m_upper == b.m_upper;
    }

private:
    pep440::VersionSpecifiers m_specifiers;
    Bound<pep440::Version> m_lower;
    Bound<pep440::Version> m_upper;
    /// `to_marker_tree`, built once: every version's requirements are checked against it.
    mutable std::optional<pep508::MarkerTree> m_marker;
};

/// Which Python a Requires-Python failure is about.
enum class PythonRequirementKind : std::uint8_t { Installed, Target };

/// Where the target Python came from (it words the Requires-Python hint).
enum class PythonRequirementSource : std::uint8_t { PythonVersion, RequiresPython, Interpreter };

struct PythonRequirement {
    pep440::Version exact;      ///< the interpreter's full version
    RequiresPython installed;   ///< >= the interpreter's release
    RequiresPython target;      ///< the versions resolved for
    PythonRequirementSource source = PythonRequirementSource::Interpreter;

    /// Resolving for the interpreter itself (`pip install`): target == installed.
    static PythonRequirement from_interpreter(const pep440::Version& interpreter);
    /// Resolving for `--python-version` on another interpreter.
    static PythonRequirement from_python_version(const pep440::Version& interpreter,
                                                 const pep440::Version& python_version);
    /// Resolving for a project's requires-python (universal mode).
    static PythonRequirement from_requires_python(const pep440::Version& interpreter, RequiresPython requires_python);

    /// The target narrowed to a fork's Python range, if that is stricter.
    std::optional<PythonRequirement> narrow(const Bound<pep440::Version>& lower,
                                            const Bound<pep440::Version>& upper) const {
        auto t = target.narrow(lower, upper);
        if (!t) return std::nullopt;
        return PythonRequirement{exact, installed, *t, source};
    }
    /// Whether a marker's Python lower bound is above the target's.
    bool raises(const Bound<pep440::Version>& lower) const { return compare_lower_bounds(lower, target.lower()) > 0; }

    PythonRequirementKind kind() const {
        return installed == target ? PythonRequirementKind::Installed : PythonRequirementKind::Target;
    }
};

/// `Requires-Python` lower bounds compare like this (uv's `LowerBound` order): -1, 0, 1.
int compare_lower_bounds(const Bound<pep440::Version>& a, const Bound<pep440::Version>& b);
/// Upper bounds in uv's `UpperBound` order: -1, 0, 1.
int compare_upper_bounds(const Bound<pep440::Version>& a, const Bound<pep440::Version>& b);

/// The bounding Python range a marker implies (uv's `marker::requires_python`), trimmed; nothing
/// when the marker does not constrain `python_full_version` (or is TRUE or FALSE).
std::optional<std::pair<Bound<pep440::Version>, Bound<pep440::Version>>> marker_python_range(pep508::MarkerTree marker);

} // namespace lockkit::resolver
