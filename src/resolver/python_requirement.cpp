// Requires-Python for the resolver (see python_requirement.hpp).

#include <lockkit/resolver/python_requirement.hpp>

namespace lockkit::resolver {

using pep440::Version;
using BoundV = Bound<Version>;

namespace {
BoundV trimmed(const BoundV& b) {
    if (b.is_unbounded()) return b;
    return {b.kind, only_release_trimmed(b.value)};
}

std::string release_text(const Version& v) { return only_release(v).to_string(); }

/// The version with trailing zero release segments removed ("3.13.0" -> "3.13").
Version without_trailing_zeros(const Version& v) {
    auto release = v.release();
    std::size_t n = release.size();
    while (n > 1 && release[n - 1] == 0) --n;
    std::vector<pep440::LocalSegment> local(v.local().begin(), v.local().end());
    return Version::from_parts(v.epoch(), release.first(n), v.pre(), v.post(), v.dev(), std::move(local));
}
} // namespace

int compare_lower_bounds(const BoundV& a, const BoundV& b) {
    if (a.is_unbounded() && b.is_unbounded()) return 0;
    if (a.is_unbounded()) return -1;
    if (b.is_unbounded()) return 1;
    const auto c = a.value <=> b.value;
    if (c != 0) return c < 0 ? -1 : 1;
    // Equal values: an exclusive lower bound starts later.
    if (a.kind == b.kind) return 0;
    return a.is_excluded() ? 1 : -1;
}

int compare_upper_bounds(const BoundV& a, const BoundV& b) {
    if (a.is_unbounded() && b.is_unbounded()) return 0;
    if (a.is_unbounded()) return 1;
    if (b.is_unbounded()) return -1;
    const auto c = a.value <=> b.value;
    if (c != 0) return c < 0 ? -1 : 1;
    // Equal values: an exclusive upper bound ends earlier.
    if (a.kind == b.kind) return 0;
    return a.is_excluded() ? -1 : 1;
}

namespace {
/// The specifiers for release-only bounds (uv's `RequiresPythonRange::specifiers`).
pep440::VersionSpecifiers specifiers_for(const BoundV& lower, const BoundV& upper) {
    std::vector<pep440::VersionSpecifier> items;
    if (!lower.is_unbounded())
        items.push_back(*pep440::VersionSpecifier::from_version(
            lower.is_included() ? pep440::Operator::GreaterThanEqual : pep440::Operator::GreaterThan, lower.value));
    if (!upper.is_unbounded())
        items.push_back(*pep440::VersionSpecifier::from_version(
            upper.is_included() ? pep440::Operator::LessThanEqual : pep440::Operator::LessThan, upper.value));
    return pep440::VersionSpecifiers(std::move(items));
}
} // namespace

namespace {
pep440::VersionSpecifier make(pep440::Operator op, const Version& v) { return *pep440::VersionSpecifier::from_version(op, v); }

/// The specifiers whose intersection is `range` (uv's `VersionSpecifiers::from_release_only_bounds`):
/// holes between segments become `!=V` or `!=X.Y.*`, the bounding range `>=`/`<` or `==X.Y.*`.
pep440::VersionSpecifiers from_release_only_bounds(const VersionRanges& range) {
    std::vector<pep440::VersionSpecifier> items;
    auto segments = range.segments();
    if (segments.empty()) return {};
    const BoundV start = segments.front().first;
    BoundV next = segments.front().second;
    for (std::size_t i = 1; i < segments.size(); ++i) {
        const BoundV& lower = segments[i].first;
        if (next.is_excluded() && lower.is_excluded() && next.value == lower.value) {
            items.push_back(make(pep440::Operator::NotEqual, next.value));
        } else if (next.is_excluded() && lower.is_included()) {
            const Version prev = only_release_trimmed(next.value);
            const Version low = only_release_trimmed(lower.value);
            auto p = prev.release();
            auto l = low.release();
            if (p.size() == 1 && l.size() == 2 && p[0] == l[0]) {
                for (std::uint64_t minor = 0; minor < l[1]; ++minor)
                    items.push_back(make(pep440::Operator::NotEqualStar, Version::from_release(std::vector<std::uint64_t>{p[0], minor})));
            } else if (p.size() == 2 && l.size() == 2 && p[0] == l[0] && p[1] < l[1]) {
                for (std::uint64_t minor = p[1]; minor < l[1]; ++minor)
                    items.push_back(make(pep440::Operator::NotEqualStar, Version::from_release(std::vector<std::uint64_t>{p[0], minor})));
            }
        }
        next = segments[i].second;
    }
    const BoundV& end = next;
    bool star = false;
    if (start.is_included() && end.is_excluded()) {
        const Version lo = only_release_trimmed(start.value), hi = only_release_trimmed(end.value);
        const auto a = lo.release();
        const auto b = hi.release();
        if (a.size() == 1 && b.size() == 2 && b[0] == a[0] && b[1] == 1) {
            items.push_back(make(pep440::Operator::EqualStar, Version::from_release(std::vector<std::uint64_t>{a[0], 0})));
            star = true;
        } else if (a.size() == 2 && b.size() == 2 && b[0] == a[0] && b[1] == a[1] + 1) {
            items.push_back(make(pep440::Operator::EqualStar, Version::from_release(std::vector<std::uint64_t>{a[0], a[1]})));
            star = true;
        }
    }
    if (!star) {
        if (start.is_included() && end.is_included() && start.value == end.value) {
            items.push_back(make(pep440::Operator::Equal, start.value));
        } else {
            if (!start.is_unbounded())
                items.push_back(make(start.is_included() ? pep440::Operator::GreaterThanEqual : pep440::Operator::GreaterThan,
                                     start.value));
            if (!end.is_unbounded())
                items.push_back(make(end.is_included() ? pep440::Operator::LessThanEqual : pep440::Operator::LessThan, end.value));
        }
    }
    pep440::VersionSpecifiers out(std::move(items));
    out.sort();
    return out;
}
} // namespace

std::optional<RequiresPython> RequiresPython::intersection(std::span<const pep440::VersionSpecifiers> sets) {
    if (sets.empty()) return std::nullopt;
    VersionRanges range = release_ranges_from_specifiers(sets.front());
    for (std::size_t i = 1; i < sets.size(); ++i) range = range.intersection(release_ranges_from_specifiers(sets[i]));
    if (range.is_empty()) return std::nullopt;
    RequiresPython r;
    r.m_specifiers = from_release_only_bounds(range);
    auto b = *range.bounding_range();
    r.m_lower = trimmed(b.first);
    r.m_upper = trimmed(b.second);
    return r;
}

RequiresPython RequiresPython::from_bounds(BoundV lower, BoundV upper) {
    RequiresPython r;
    r.m_specifiers = specifiers_for(lower, upper);
    r.m_lower = std::move(lower);
    r.m_upper = std::move(upper);
    return r;
}

std::optional<RequiresPython> RequiresPython::narrow(const BoundV& lower, const BoundV& upper) const {
    if (lower == m_lower && upper == m_upper) return std::nullopt;
    const bool stricter_lower = compare_lower_bounds(lower, m_lower) >= 0;
    const bool stricter_upper = compare_upper_bounds(upper, m_upper) <= 0;
    if (!stricter_lower && !stricter_upper) return std::nullopt;
    return from_bounds(stricter_lower ? lower : m_lower, stricter_upper ? upper : m_upper);
}

std::optional<std::pair<RequiresPython, RequiresPython>> RequiresPython::split(const BoundV& bound) const {
    const VersionRanges self_range = VersionRanges::from_bounds(m_lower, m_upper);
    const VersionRanges upper = VersionRanges::from_bounds(bound, m_upper).intersection(self_range);
    const VersionRanges lower = VersionRanges::from_bounds(bound, m_upper).complement().intersection(self_range);
    if (lower.is_empty() || upper.is_empty()) return std::nullopt;
    auto make = [](const VersionRanges& r) {
        auto b = *r.bounding_range();
        return from_bounds(b.first, b.second);
    };
    return std::pair{make(lower), make(upper)};
}

std::optional<std::pair<BoundV, BoundV>> marker_python_range(pep508::MarkerTree marker) {
    if (marker.is_true() || marker.is_false()) return std::nullopt;
    auto to_bound = [](const pep508::ReleaseBound& b) {
        if (b.kind == pep508::ReleaseBound::Kind::Unbounded) return BoundV::unbounded();
        Version v = Version::from_release(std::span<const std::uint64_t>(b.release));
        return b.kind == pep508::ReleaseBound::Kind::Included ? BoundV::included(v) : BoundV::excluded(v);
    };
    bool constrained = false;
    VersionRanges all;
    for (const auto& [lo, hi] : marker.python_full_version_paths()) {
        const BoundV l = to_bound(lo), h = to_bound(hi);
        if (!l.is_unbounded() || !h.is_unbounded()) constrained = true;
        all = all.union_with(VersionRanges::from_bounds(l, h));
    }
    if (!constrained) return std::nullopt;
    auto b = all.bounding_range();
    if (!b) return std::nullopt;
    return std::pair{trimmed(b->first), trimmed(b->second)};
}

RequiresPython RequiresPython::greater_than_equal(const Version& version) {
    RequiresPython r;
    const Version release = only_release(version);
    r.m_specifiers = pep440::VersionSpecifiers(
        {*pep440::VersionSpecifier::from_version(pep440::Operator::GreaterThanEqual, release)});
    r.m_lower = trimmed(BoundV::included(release));
    r.m_upper = BoundV::unbounded();
    return r;
}

RequiresPython RequiresPython::from_specifiers(const pep440::VersionSpecifiers& specifiers) {
    RequiresPython r;
    r.m_specifiers = specifiers;
    if (auto bounds = release_ranges_from_specifiers(specifiers).bounding_range()) {
        r.m_lower = trimmed(bounds->first);
        r.m_upper = trimmed(bounds->second);
    }
    return r;
}

bool RequiresPython::is_contained_by(const pep440::VersionSpecifiers& candidate) const {
    return admits_lower_bound(candidate_lower_bound(candidate));
}

BoundV RequiresPython::candidate_lower_bound(const pep440::VersionSpecifiers& candidate) {
    if (auto bounds = release_ranges_from_specifiers(candidate).bounding_range()) return bounds->first;
    return BoundV::unbounded();
}

bool RequiresPython::admits_lower_bound(const BoundV& candidate_lower) const {
    // The candidate's lower bound must be at or below ours.
    return compare_lower_bounds(m_lower, candidate_lower) >= 0;
}

std::pair<pep508::ReleaseBound, pep508::ReleaseBound> RequiresPython::release_bounds() const {
    auto convert = [](const BoundV& b) {
        pep508::ReleaseBound r;
        if (b.is_unbounded()) return r;
        r.kind = b.is_included() ? pep508::ReleaseBound::Kind::Included : pep508::ReleaseBound::Kind::Excluded;
        r.release.assign(b.value.release().begin(), b.value.release().end());
        return r;
    };
    return {convert(m_lower), convert(m_upper)};
}

pep508::MarkerTree RequiresPython::to_marker_tree() const {
    if (m_marker) return *m_marker;
    std::string text;
    auto add = [&](const std::string& expr) {
        if (!text.empty()) text += " and ";
        text += expr;
    };
    if (!m_lower.is_unbounded())
        add(std::string("python_full_version ") + (m_lower.is_included() ? ">=" : ">") + " '" +
            release_text(m_lower.value) + "'");
    if (!m_upper.is_unbounded())
        add(std::string("python_full_version ") + (m_upper.is_included() ? "<=" : "<") + " '" +
            release_text(m_upper.value) + "'");
    if (text.empty()) return *(m_marker = pep508::MarkerTree::always_true());
    auto m = pep508::MarkerTree::parse(text);
    return *(m_marker = m ? *m : pep508::MarkerTree::always_true());
}

PythonRequirement PythonRequirement::from_interpreter(const Version& interpreter) {
    const Version installed = only_release_trimmed(interpreter);
    return {without_trailing_zeros(interpreter), RequiresPython::greater_than_equal(installed),
            RequiresPython::greater_than_equal(installed), PythonRequirementSource::Interpreter};
}

PythonRequirement PythonRequirement::from_python_version(const Version& interpreter, const Version& python_version) {
    const Version installed = only_release_trimmed(interpreter);
    // `--python-version 3.11` means 3.11.0: the patch defaults to 0, then zeros are trimmed.
    return {interpreter, RequiresPython::greater_than_equal(installed),
            RequiresPython::greater_than_equal(only_release_trimmed(python_version)),
            PythonRequirementSource::PythonVersion};
}

PythonRequirement PythonRequirement::from_requires_python(const Version& interpreter, RequiresPython requires_python) {
    const Version installed = only_release_trimmed(interpreter);
    return {without_trailing_zeros(interpreter), RequiresPython::greater_than_equal(installed),
            std::move(requires_python), PythonRequirementSource::RequiresPython};
}

} // namespace lockkit::resolver
