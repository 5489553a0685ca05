#pragma once
// PEP 440 versions.
//
// A Version has two representations that callers never see:
//
//  * the "small" form, used whenever the version has epoch 0, one to four
//    release segments that fit the widths below, at most one of a pre-release,
//    a post-release or a dev-release suffix (with a number below 2^17), and no
//    local label. Nearly every version found in a uv.lock is small. Its whole
//    ordering key is packed into one 64-bit integer (m_key), so comparing two
//    small versions is a single unsigned integer comparison. The release
//    segments are also kept unpacked (m_small_release, m_len) so release() can
//    hand out a span and to_string() can reproduce the written segment count.
//  * the "full" form, used for everything else: an immutable, heap-allocated
//    record shared through a std::shared_ptr, so copying any Version is cheap.
//
// Invariant: a version that fits the small form is always stored small (every
// constructor goes through one normalising factory). Comparisons and equality
// between a small and a full version, or two full ones, take the general path,
// which implements exactly the same order as the packed key.
//
// Layout of the small key, most significant bit first:
//
//   63          48 47      38 37      28 27    20 19  17 16            0
//   +-------------+----------+----------+--------+------+---------------+
//   | release[0]  | release1 | release2 | rel. 3 | kind | suffix number |
//   |   16 bits   | 10 bits  | 10 bits  | 8 bits |3 bits|    17 bits    |
//   +-------------+----------+----------+--------+------+---------------+
//
//   kind: 0 = "min" sentinel, 1 = dev release only (1.0.devN), 2 = alpha,
//         3 = beta, 4 = rc, 5 = final (number 0; number 1 is the final
//         release with the "+max" local sentinel), 6 = post release
//         (1.0.postN), 7 = "max" sentinel.
//
// Why the packing works: PEP 440 orders versions by epoch, then release
// segments left to right (missing segments count as 0), then the suffix, where
// 1.0.devN < 1.0aN < 1.0bN < 1.0rcN < 1.0 < 1.0.postN and suffixes of the same
// kind order by their number. The fields above appear in exactly that order of
// significance, each is an unsigned fixed-width number, and absent release
// segments are stored as 0 - so lexicographic comparison of the fields, which
// is what an unsigned comparison of the packed integer does, is the PEP 440
// order. The epoch is always 0 and there is no local label in the small form,
// so neither needs a field. Two small versions are equal exactly when their
// keys are equal ("1.0" and "1.0.0" share a key; m_len differs).
//
// Sentinels. Version ranges (resolver/version_range.hpp) need bounds that no
// real version can take, exactly as uv's PEP 440 crate defines them:
//   * "min" (V.MIN) sorts below every pre-release and dev release of V's
//     release, so `<1.0` can exclude 1.0a1: it is (-inf, 1.0.MIN);
//   * "max" (V.MAX) sorts above every post release and local version of V,
//     so `>1.0` can exclude 1.0.post1: it is (1.0.MAX, inf);
//   * "+max" (a local label above every real label), so `==1.0` can admit
//     1.0+cpu: it is [1.0, 1.0+max).
// The three that occur on plain final releases fit the small form (kinds 0
// and 7, and final with number 1); the rest live in the full form. Sentinels
// print as uv prints them: nothing for min and max, a bare "+" for +max.

#include <lockkit/util/parse_error.hpp>

#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <iosfwd>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace lockkit::pep440 {

/// One segment of a local version label: a number, or a lower-cased alphanumeric string.
using LocalSegment = std::variant<std::uint64_t, std::string>;

/// A PEP 440 version such as "1!2.0rc1.post2.dev3+ubuntu.1".
class Version {
public:
    /// Pre-release kinds, in PEP 440 order.
    enum class PreKind : std::uint8_t { Alpha, Beta, Rc };

    /// A pre-release suffix such as "rc2".
    struct Pre {
        PreKind kind;          ///< a, b or rc
        std::uint64_t number;  ///< the number after the kind ("1.0a" has 0)
        friend bool operator==(const Pre&, const Pre&) = default;
    };

    /// The version "0".
    Version() noexcept;

    /// Parses any PEP 440 spelling (leading 'v', any case, '.', '-', '_' separators,
    /// alternative suffix spellings, surrounding whitespace) into normalised form.
    static ParseResult<Version> parse(std::string_view text);

    /// A final release with the given release segments and epoch 0; {} gives "0".
    static Version from_release(std::initializer_list<std::uint64_t> release);
    /// A final release with the given release segments and epoch 0; {} gives "0".
    static Version from_release(std::span<const std::uint64_t> release);

    /// A version from its parts; string local segments are lower-cased, an empty release becomes {0}.
    static Version from_parts(std::uint64_t epoch, std::span<const std::uint64_t> release,
                              std::optional<Pre> pre, std::optional<std::uint64_t> post,
                              std::optional<std::uint64_t> dev, std::vector<LocalSegment> local = {});

    /// The epoch ("2" in "2!1.0"); 0 when not written.
    std::uint64_t epoch() const;
    /// The release segments as written (trailing zeros are kept).
    std::span<const std::uint64_t> release() const;
    /// The pre-release suffix, if any.
    std::optional<Pre> pre() const;
    /// The post-release number, if any.
    std::optional<std::uint64_t> post() const;
    /// The dev-release number, if any.
    std::optional<std::uint64_t> dev() const;
    /// The local version label segments; empty if there is no label.
    std::span<const LocalSegment> local() const;

    /// Whether there is a local version label ("+...") or the "+max" sentinel.
    bool has_local() const;
    /// The normalised local label without the '+' ("ubuntu.1"); "" if none.
    std::string local_string() const;
    /// Whether this is a pre-release or a dev release.
    bool is_prerelease() const;
    /// Whether this has a post-release suffix.
    bool is_postrelease() const;
    /// Whether this is V.MIN, the sentinel below every pre-release of V (see the header comment).
    bool is_min_sentinel() const noexcept;
    /// Whether this is V.MAX, the sentinel above every post release and local version of V.
    bool is_max_sentinel() const noexcept;
    /// Whether the local label is the "+max" sentinel, above every real label.
    bool has_local_max() const noexcept;
    /// Whether any of the three sentinels is set.
    bool has_sentinel() const noexcept { return is_min_sentinel() || is_max_sentinel() || has_local_max(); }

    /// Whether this version uses the packed small representation (for tests and benchmarks).
    bool is_small() const noexcept { return !m_full; }

    /// This version without its local label (and without the "+max" sentinel).
    Version without_local() const;
    /// This version with only epoch and release ("1.0rc1.post2+x" -> "1.0").
    Version base_version() const;
    /// This version with the given epoch.
    Version with_epoch(std::uint64_t epoch) const;
    /// This version with the given pre-release suffix.
    Version with_pre(std::optional<Pre> pre) const;
    /// This version with the given post-release number.
    Version with_post(std::optional<std::uint64_t> post) const;
    /// This version with the given dev-release number.
    Version with_dev(std::optional<std::uint64_t> dev) const;
    /// This version with the given local label segments.
    Version with_local(std::vector<LocalSegment> local) const;
    /// This version with the "+max" local sentinel instead of its local label.
    Version with_local_max() const;
    /// V.MIN (only meaningful on a version without pre-release or dev parts, as uv uses it).
    Version with_min() const;
    /// V.MAX (only meaningful on a version without post or dev parts, as uv uses it).
    Version with_max() const;
    /// This version with the min and max sentinels removed (the "+max" label is kept).
    Version without_min_max() const;

    /// The normalised form: [N!]R1.R2...[{a|b|rc}N][.postN][.devN][+local].
    std::string to_string() const;

    /// A hash consistent with operator== ("1.0" and "1.0.0" hash alike).
    std::size_t hash() const noexcept;

    /// PEP 440 order, but ignoring local labels on both sides.
    std::strong_ordering compare_public(const Version& other) const noexcept {
        if (!m_full && !other.m_full) return m_key <=> other.m_key;
        return compare_general(*this, other, false);
    }

    /// PEP 440 total order (trailing zeros insignificant, local after public).
    friend std::strong_ordering operator<=>(const Version& a, const Version& b) noexcept {
        if (!a.m_full && !b.m_full) return a.m_key <=> b.m_key;
        return compare_general(a, b, true);
    }
    /// Equality under the PEP 440 order ("1.0" == "1.0.0").
    friend bool operator==(const Version& a, const Version& b) noexcept {
        if (!a.m_full && !b.m_full) return a.m_key == b.m_key;
        return compare_general(a, b, true) == 0;
    }

private:
    struct Full;
    /// Sentinel bits (see the header comment); 0 for every real version.
    enum Sentinel : std::uint8_t { k_no_sentinel = 0, k_min = 1, k_max = 2, k_local_max = 4 };
    static Version make(std::uint64_t epoch, std::span<const std::uint64_t> release, std::optional<Pre> pre,
                        std::optional<std::uint64_t> post, std::optional<std::uint64_t> dev,
                        std::vector<LocalSegment> local, std::uint8_t sentinels);
    std::uint8_t sentinels() const noexcept;

    static std::strong_ordering compare_general(const Version& a, const Version& b, bool with_local) noexcept;

    std::uint64_t m_key = 0;                          ///< packed ordering key (small form only)
    std::array<std::uint64_t, 4> m_small_release{};   ///< release segments (small form only)
    std::uint8_t m_len = 1;                           ///< number of release segments (small form only)
    std::shared_ptr<const Full> m_full;               ///< the full form, or null when small
};

/// Writes the normalised form.
std::ostream& operator<<(std::ostream& os, const Version& v);

/// A version followed by an optional ".*", as written after '==' or '!='.
struct VersionPattern {
    Version version;        ///< the version (for a wildcard: epoch and release only)
    bool wildcard = false;  ///< whether ".*" followed the release segments
};

/// Parses a version that may end in ".*" after its release segments ("1.2.*", "2!5.*").
ParseResult<VersionPattern> parse_version_pattern(std::string_view text);

} // namespace lockkit::pep440

/// Hashing consistent with lockkit::pep440::Version's operator==.
template <>
struct std::hash<lockkit::pep440::Version> {
    std::size_t operator()(const lockkit::pep440::Version& v) const noexcept { return v.hash(); }
};
