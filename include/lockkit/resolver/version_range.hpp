#pragma once
// The version set the solver works with: a PEP 440 range kept in two forms (uv's
// `pubgrub::Range`, `uv-resolver/src/pubgrub/range.rs`).
//
//  * The *encoded* form keeps the sentinel bounds of specifier_ranges.hpp. It decides
//    membership (`contains`), drives candidate iteration, and is what messages start from.
//  * The *canonical* form folds the sentinels onto real versions, so two spellings of the same
//    set of real versions are equal. Equality, hashing and the set relations the solver asks
//    for (subset, disjoint) use it.
//
// Set operations are applied to both forms side by side, which keeps them equivalent; the
// canonical form is stored only when it differs from the encoded one. This mirrors uv exactly,
// because PubGrub's decisions depend on which ranges compare equal (incompatibility merging)
// and on how ranges print (messages).

#include <lockkit/resolver/specifier_ranges.hpp>

#include <cstddef>
#include <memory>
#include <span>
#include <string>

namespace lockkit::resolver {

class VersionRange {
public:
    /// The empty set.
    VersionRange() = default;
    /// A range from its encoded form (the canonical form is computed).
    explicit VersionRange(VersionRanges encoded);

    static VersionRange empty() { return {}; }
    static VersionRange full();
    static VersionRange singleton(const pep440::Version& v);
    static VersionRange from_specifiers(const pep440::VersionSpecifiers& specifiers);

    /// The encoded form (sentinel bounds kept): for iteration and messages.
    const VersionRanges& encoded() const { return m_encoded; }
    /// The canonical form: for identity and set relations.
    const VersionRanges& canonical() const { return m_canonical ? *m_canonical : m_encoded; }

    bool is_empty() const { return m_encoded.is_empty(); }
    bool contains(const pep440::Version& v) const { return m_encoded.contains(v); }
    const pep440::Version* as_singleton() const { return m_encoded.as_singleton(); }

    VersionRange complement() const;
    VersionRange intersection(const VersionRange& other) const;
    VersionRange union_with(const VersionRange& other) const;
    VersionRange difference(const VersionRange& other) const;

    bool is_disjoint(const VersionRange& other) const { return canonical().is_disjoint(other.canonical()); }
    bool subset_of(const VersionRange& other) const { return canonical().subset_of(other.canonical()); }
    SetRelation relation(const VersionRange& other) const { return canonical().relation(other.canonical()); }

    /// Widened across the gaps between `known` versions (sorted): see Ranges::widen_versions.
    VersionRange widen_versions(std::span<const pep440::Version> known) const;
    /// Narrowed onto the `known` versions (sorted): see Ranges::narrow_versions.
    VersionRange narrow_versions(std::span<const pep440::Version> known) const;

    /// True for `==V` pins: a singleton, or [V, V+max) segments (uv's `is_singleton_constraint`).
    bool is_singleton_constraint() const;
    /// True when the set holds only local versions of one public version: (V, V+max).
    bool is_local_version_complement() const;
    /// The range with "+max" sentinels rewritten for display (strip_local_version_sentinels).
    VersionRange without_local_version_sentinels() const;

    /// The encoded form as version-ranges prints it (`>=1.0, <1.0+`).
    std::string to_string() const { return m_encoded.to_string(); }

    friend bool operator==(const VersionRange& a, const VersionRange& b) { return a.canonical() == b.canonical(); }
    /// A hash consistent with operator==.
    std::size_t hash() const;

private:
    VersionRange(VersionRanges encoded, std::optional<VersionRanges> canonical);
    template <typename Op>
    VersionRange binary(const VersionRange& other, Op op) const;

    VersionRanges m_encoded;
    std::shared_ptr<const VersionRanges> m_canonical;  ///< null when equal to m_encoded
};

/// Hashes the segments of a range (values by PEP 440 equality).
std::size_t hash_ranges(const VersionRanges& ranges);

} // namespace lockkit::resolver

template <>
struct std::hash<lockkit::resolver::VersionRange> {
    std::size_t operator()(const lockkit::resolver::VersionRange& r) const noexcept { return r.hash(); }
};
