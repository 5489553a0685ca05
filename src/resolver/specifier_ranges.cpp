// PEP 440 specifiers as version sets (see specifier_ranges.hpp for the table of encodings).

#include <lockkit/resolver/specifier_ranges.hpp>

#include <vector>

namespace lockkit::resolver {

using pep440::Operator;
using pep440::Version;
using pep440::VersionSpecifier;
using BoundV = Bound<Version>;

namespace {

/// 0.dev0, the smallest version PEP 440 can spell.
const Version& pep440_min_version() {
    static const Version v = Version::from_release({0}).with_dev(0);
    return v;
}

/// The release of `v` with its last segment raised by one, e.g. 1.4 -> 1.5.
Version bump_last_release(std::span<const std::uint64_t> release) {
    std::vector<std::uint64_t> r(release.begin(), release.end());
    r.back() += 1;
    return Version::from_release(std::span<const std::uint64_t>(r));
}

/// The least real version above a sentinel bound, if `v` is one whose successor PEP 440 knows.
std::optional<Version> sentinel_successor(const Version& v) {
    if (v.has_local_max()) {
        const Version w = v.without_local();
        if (auto dev = w.dev()) return w.with_dev(*dev + 1);
        if (auto post = w.post()) return w.with_post(*post + 1).with_dev(0);
        return w.with_post(0).with_dev(0);
    }
    if (v.is_min_sentinel()) return v.without_min_max().with_dev(0);
    if (v.is_max_sentinel()) {
        if (auto pre = v.pre()) {
            return v.without_min_max().with_pre(Version::Pre{pre->kind, pre->number + 1}).with_dev(0);
        }
    }
    return std::nullopt;
}

bool lower_needs_canonicalization(const BoundV& b) {
    if (b.is_unbounded()) return false;
    const bool below = b.is_included() ? !(pep440_min_version() < b.value) : b.value < pep440_min_version();
    return below || sentinel_successor(b.value).has_value();
}

bool upper_needs_canonicalization(const BoundV& b) {
    if (b.is_unbounded()) return false;
    const bool below = b.is_included() ? b.value < pep440_min_version() : !(pep440_min_version() < b.value);
    return below || sentinel_successor(b.value).has_value();
}

} // namespace

Version only_release(const Version& version) { return Version::from_release(version.release()); }

Version only_release_trimmed(const Version& version) {
    auto release = version.release();
    std::size_t n = release.size();
    while (n > 0 && release[n - 1] == 0) --n;
    if (n == 0) return Version::from_release({0});
    return Version::from_release(release.first(n));
}

VersionRanges ranges_from_specifier(const VersionSpecifier& specifier) {
    const Version& v = specifier.version();
    switch (specifier.op()) {
    case Operator::Equal:
        if (!v.has_local()) return VersionRanges::between(v, v.with_local_max());
        return VersionRanges::singleton(v);
    case Operator::ExactEqual: return VersionRanges::singleton(v);
    case Operator::NotEqual:
        if (!v.has_local()) return VersionRanges::between(v, v.with_local_max()).complement();
        return VersionRanges::singleton(v).complement();
    case Operator::TildeEqual: {
        auto release = v.release();
        Version upper = bump_last_release(release.first(release.size() - 1)).with_epoch(v.epoch()).with_dev(0);
        return VersionRanges::from_bounds(BoundV::included(v), BoundV::excluded(std::move(upper)));
    }
    case Operator::LessThan:
        // PEP 440: `<V` must not admit pre-releases of V unless V is one.
        if (v.is_prerelease()) return VersionRanges::strictly_lower_than(v);
        if (v.is_postrelease()) return VersionRanges::strictly_lower_than(v.with_dev(0));
        return VersionRanges::strictly_lower_than(v.with_min());
    case Operator::LessThanEqual: return VersionRanges::lower_than(v.with_local_max());
    case Operator::GreaterThan:
        // PEP 440: `>V` must not admit post releases of V unless V is one.
        if (auto dev = v.dev()) return VersionRanges::higher_than(v.with_dev(*dev + 1));
        if (v.is_postrelease()) return VersionRanges::strictly_higher_than(v.with_local_max());
        return VersionRanges::strictly_higher_than(v.with_max());
    case Operator::GreaterThanEqual: return VersionRanges::higher_than(v);
    case Operator::EqualStar:
    case Operator::NotEqualStar: {
        const Version low = v.with_dev(0);
        Version high = low;
        if (auto post = high.post()) high = high.with_post(*post + 1);
        else if (auto pre = high.pre()) high = high.with_pre(Version::Pre{pre->kind, pre->number + 1});
        else high = bump_last_release(high.release()).with_epoch(high.epoch()).with_dev(0);
        auto range = VersionRanges::from_bounds(BoundV::included(low), BoundV::excluded(std::move(high)));
        return specifier.op() == Operator::EqualStar ? range : range.complement();
    }
    }
    return VersionRanges::full();
}

VersionRanges ranges_from_specifiers(const pep440::VersionSpecifiers& specifiers) {
    VersionRanges range = VersionRanges::full();
    for (const auto& s : specifiers.items()) range = range.intersection(ranges_from_specifier(s));
    return range;
}

VersionRanges release_range_from_specifier(const VersionSpecifier& specifier, bool trim) {
    const Version& v = specifier.version();
    const Version r = trim ? only_release_trimmed(v) : only_release(v);
    switch (specifier.op()) {
    case Operator::Equal:
    case Operator::ExactEqual: return VersionRanges::singleton(r);
    case Operator::NotEqual: return VersionRanges::singleton(r).complement();
    case Operator::LessThan: return VersionRanges::strictly_lower_than(r);
    case Operator::LessThanEqual: return VersionRanges::lower_than(r);
    case Operator::GreaterThan: return VersionRanges::strictly_higher_than(r);
    case Operator::GreaterThanEqual: return VersionRanges::higher_than(r);
    case Operator::TildeEqual: {
        auto release = v.release();
        Version upper = bump_last_release(release.first(release.size() - 1));
        return VersionRanges::from_bounds(BoundV::included(r), BoundV::excluded(std::move(upper)));
    }
    case Operator::EqualStar:
    case Operator::NotEqualStar: {
        // Trailing zeros still count before the star; the lower bound is the version as written.
        Version high = bump_last_release(only_release(v).release());
        auto range = VersionRanges::from_bounds(BoundV::included(v), BoundV::excluded(std::move(high)));
        return specifier.op() == Operator::EqualStar ? range : range.complement();
    }
    }
    return VersionRanges::full();
}

VersionRanges release_ranges_from_specifiers(const pep440::VersionSpecifiers& specifiers) {
    VersionRanges range = VersionRanges::full();
    for (const auto& s : specifiers.items()) range = range.intersection(release_range_from_specifier(s, false));
    return range;
}

std::optional<VersionRanges> canonicalize_version_ranges(const VersionRanges& ranges) {
    bool needed = false;
    for (const auto& [lo, hi] : ranges.segments())
        if (lower_needs_canonicalization(lo) || upper_needs_canonicalization(hi)) needed = true;
    if (!needed) return std::nullopt;

    std::vector<VersionRanges::Segment> segments;
    for (const auto& [lo, hi] : ranges.segments()) {
        BoundV lower = lo;
        if (!lo.is_unbounded()) {
            if (auto next = sentinel_successor(lo.value)) lower = BoundV::included(std::move(*next));
        }
        BoundV upper = hi;
        if (!hi.is_unbounded()) {
            if (auto next = sentinel_successor(hi.value)) upper = BoundV::excluded(std::move(*next));
        }
        if (lower.is_included() ? !(pep440_min_version() < lower.value)
                                : (lower.is_excluded() && lower.value < pep440_min_version()))
            lower = BoundV::unbounded();
        const bool below_floor = upper.is_included()   ? upper.value < pep440_min_version()
                                 : upper.is_excluded() ? !(pep440_min_version() < upper.value)
                                                       : false;
        if (!below_floor) segments.push_back({std::move(lower), std::move(upper)});
    }
    return VersionRanges::from_segments(std::move(segments));
}

VersionRanges strip_local_version_sentinels(const VersionRanges& ranges) {
    std::vector<VersionRanges::Segment> segments;
    for (const auto& [lo, hi] : ranges.segments()) {
        BoundV lower = lo;
        if (!lo.is_unbounded() && lo.value.has_local_max()) lower = BoundV::excluded(lo.value.without_local());
        BoundV upper = hi;
        if (!hi.is_unbounded() && hi.value.has_local_max()) {
            if (hi.is_included() || lo.is_included()) upper = BoundV::included(hi.value.without_local());
            else upper = BoundV::excluded(hi.value.without_local());
        }
        segments.push_back({std::move(lower), std::move(upper)});
    }
    return VersionRanges::from_segments(std::move(segments));
}

} // namespace lockkit::resolver
