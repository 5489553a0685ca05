// The two-form PEP 440 version set (see version_range.hpp).

#include <lockkit/resolver/version_range.hpp>

namespace lockkit::resolver {

using pep440::Version;

VersionRange::VersionRange(VersionRanges encoded) : m_encoded(std::move(encoded)) {
    // Worked out from the stored form, which spares a copy of the segments per range.
    if (auto canonical = canonicalize_version_ranges(m_encoded); canonical && !(*canonical == m_encoded))
        m_canonical = std::make_shared<const VersionRanges>(std::move(*canonical));
}

VersionRange::VersionRange(VersionRanges encoded, std::optional<VersionRanges> canonical)
    : m_encoded(std::move(encoded)) {
    if (canonical && !(*canonical == m_encoded))
        m_canonical = std::make_shared<const VersionRanges>(std::move(*canonical));
}

VersionRange VersionRange::full() { return VersionRange(VersionRanges::full(), std::nullopt); }

VersionRange VersionRange::singleton(const Version& v) {
    // The solver pins a version at every decision: a real version above 0.dev0 is its own
    // canonical form, so the sentinel checks are skipped for it.
    static const Version floor = Version::from_release({0}).with_dev(0);
    if (!v.has_sentinel() && floor < v) return VersionRange(VersionRanges::singleton(v), std::nullopt);
    return VersionRange(VersionRanges::singleton(v));
}

VersionRange VersionRange::from_specifiers(const pep440::VersionSpecifiers& specifiers) {
    return VersionRange(ranges_from_specifiers(specifiers));
}

VersionRange VersionRange::complement() const {
    std::optional<VersionRanges> canonical;
    if (m_canonical) canonical = m_canonical->complement();
    return VersionRange(m_encoded.complement(), std::move(canonical));
}

template <typename Op>
VersionRange VersionRange::binary(const VersionRange& other, Op op) const {
    VersionRanges encoded = op(m_encoded, other.m_encoded);
    std::optional<VersionRanges> logical;
    // Canonical inputs give a canonical result, so only a sentinel on either side needs the
    // second computation.
    if (m_canonical || other.m_canonical) logical = op(canonical(), other.canonical());
    return VersionRange(std::move(encoded), std::move(logical));
}

VersionRange VersionRange::intersection(const VersionRange& other) const {
    return binary(other, [](const VersionRanges& a, const VersionRanges& b) { return a.intersection(b); });
}

VersionRange VersionRange::union_with(const VersionRange& other) const {
    return binary(other, [](const VersionRanges& a, const VersionRanges& b) { return a.union_with(b); });
}

VersionRange VersionRange::difference(const VersionRange& other) const {
    return binary(other, [](const VersionRanges& a, const VersionRanges& b) { return a.difference(b); });
}

VersionRange VersionRange::widen_versions(std::span<const Version> known) const {
    return VersionRange(m_encoded.widen_versions(known));
}

VersionRange VersionRange::narrow_versions(std::span<const Version> known) const {
    return VersionRange(m_encoded.narrow_versions(known));
}

bool VersionRange::is_singleton_constraint() const {
    if (m_encoded.as_singleton() != nullptr) return true;
    // `==1.0` is [1.0, 1.0+max): every segment must be such a pin.
    for (const auto& [lo, hi] : m_encoded.segments()) {
        if (!lo.is_included() || !hi.is_excluded()) return false;
        if (lo.value.has_local() || !hi.value.has_local_max()) return false;
        if (!(lo.value == hi.value.without_local())) return false;
    }
    return true;
}

bool VersionRange::is_local_version_complement() const {
    for (const auto& [lo, hi] : m_encoded.segments()) {
        if (!lo.is_excluded() || !hi.is_excluded()) return false;
        if (lo.value.has_local() || !hi.value.has_local_max()) return false;
        if (!(lo.value == hi.value.without_local())) return false;
    }
    return true;
}

VersionRange VersionRange::without_local_version_sentinels() const {
    return VersionRange(strip_local_version_sentinels(m_encoded));
}

std::size_t hash_ranges(const VersionRanges& ranges) {
    std::size_t h = 0x51ed270b27e5a1f3ULL;
    auto mix = [&](std::size_t x) { h ^= x + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2); };
    for (const auto& [lo, hi] : ranges.segments()) {
        mix(static_cast<std::size_t>(lo.kind));
        if (!lo.is_unbounded()) mix(lo.value.hash());
        mix(static_cast<std::size_t>(hi.kind) + 7);
        if (!hi.is_unbounded()) mix(hi.value.hash());
    }
    return h;
}

std::size_t VersionRange::hash() const { return hash_ranges(canonical()); }

} // namespace lockkit::resolver
