#pragma once
// Sets of values as sorted lists of disjoint intervals (the `version-ranges` model that PubGrub
// and uv use for version sets).
//
// Representation. A `Ranges<V>` is a vector of segments (start bound, end bound), each bound
// unbounded, inclusive or exclusive. Three invariants make the representation canonical, so
// equality of sets is equality of segment lists:
//   1. segments are sorted from lowest to highest;
//   2. every segment holds at least one value (start < end, or start == end when both ends are
//      inclusive);
//   3. two neighbouring segments are separated by at least one value, i.e. they could not be
//      merged into one.
// The value space is treated as continuous: [3, 7) and [3, 6] are different sets even if no
// value lies between 6 and 7. That is what lets PEP 440 ranges carry sentinel bounds (see
// version_range.hpp), and it is why canonical forms of PEP 440 ranges are computed separately.
//
// Every operation returns a set in canonical form. `V` needs a strict weak order through `<`
// and `==` consistent with it; values that compare equal are interchangeable (which one is kept
// only matters for printing).

#include <compare>
#include <cstddef>
#include <functional>
#include <optional>
#include <ostream>
#include <span>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace lockkit::resolver::old_ranges {

/// One end of an interval.
template <typename V>
struct Bound {
    enum class Kind : unsigned char { Unbounded, Included, Excluded };
    Kind kind = Kind::Unbounded;
    V value{};  ///< meaningless when unbounded

    static Bound unbounded() { return {}; }
    static Bound included(V v) { return {Kind::Included, std::move(v)}; }
    static Bound excluded(V v) { return {Kind::Excluded, std::move(v)}; }
    bool is_unbounded() const { return kind == Kind::Unbounded; }
    bool is_included() const { return kind == Kind::Included; }
    bool is_excluded() const { return kind == Kind::Excluded; }

    friend bool operator==(const Bound& a, const Bound& b) {
        return a.kind == b.kind && (a.kind == Kind::Unbounded || a.value == b.value);
    }
};

/// How one set relates to another (`relation`): an empty left set counts as a subset.
enum class SetRelation { Subset, Disjoint, Overlapping };

template <typename V>
class Ranges {
public:
    using BoundT = Bound<V>;
    using Segment = std::pair<BoundT, BoundT>;

    /// The empty set.
    Ranges() = default;

    static Ranges empty() { return {}; }
    static Ranges full() { return Ranges({Segment{BoundT::unbounded(), BoundT::unbounded()}}); }
    /// [v, inf)
    static Ranges higher_than(V v) { return Ranges({Segment{BoundT::included(std::move(v)), BoundT::unbounded()}}); }
    /// (v, inf)
    static Ranges strictly_higher_than(V v) {
        return Ranges({Segment{BoundT::excluded(std::move(v)), BoundT::unbounded()}});
    }
    /// (-inf, v)
    static Ranges strictly_lower_than(V v) {
        return Ranges({Segment{BoundT::unbounded(), BoundT::excluded(std::move(v))}});
    }
    /// (-inf, v]
    static Ranges lower_than(V v) { return Ranges({Segment{BoundT::unbounded(), BoundT::included(std::move(v))}}); }
    /// [v1, v2), as given (not checked for emptiness, as in version-ranges).
    static Ranges between(V v1, V v2) {
        return Ranges({Segment{BoundT::included(std::move(v1)), BoundT::excluded(std::move(v2))}});
    }
    /// {v}
    static Ranges singleton(V v) { return Ranges({Segment{BoundT::included(v), BoundT::included(v)}}); }
    /// One segment, or the empty set when it holds no value.
    static Ranges from_bounds(BoundT start, BoundT end) {
        if (!valid_segment(start, end)) return {};
        return Ranges({Segment{std::move(start), std::move(end)}});
    }
    /// The union of arbitrary (unsorted, overlapping, possibly empty) segments.
    static Ranges from_segments(std::vector<Segment> segments) {
        Ranges out;
        for (auto& s : segments) out = out.union_with(from_bounds(std::move(s.first), std::move(s.second)));
        return out;
    }

    bool is_empty() const { return m_segments.empty(); }
    bool is_full() const {
        return m_segments.size() == 1 && m_segments[0].first.is_unbounded() && m_segments[0].second.is_unbounded();
    }
    std::span<const Segment> segments() const { return m_segments; }

    /// The value when the set holds exactly one ([v, v]).
    const V* as_singleton() const {
        if (m_segments.size() == 1 && m_segments[0].first.is_included() && m_segments[0].second.is_included() &&
            m_segments[0].first.value == m_segments[0].second.value)
            return &m_segments[0].first.value;
        return nullptr;
    }

    /// The start of the first and the end of the last segment; nothing when empty.
    std::optional<std::pair<BoundT, BoundT>> bounding_range() const {
        if (m_segments.empty()) return std::nullopt;
        return std::pair{m_segments.front().first, m_segments.back().second};
    }

    bool contains(const V& v) const {
        // Binary search for the first segment whose end is not below v.
        std::size_t lo = 0, hi = m_segments.size();
        while (lo < hi) {
            std::size_t mid = (lo + hi) / 2;
            int w = within(v, m_segments[mid]);
            if (w == 0) return true;
            if (w < 0) hi = mid;
            else lo = mid + 1;
        }
        return false;
    }

    Ranges complement() const {
        if (m_segments.empty()) return full();
        std::vector<Segment> out;
        BoundT start = BoundT::unbounded();
        std::size_t i = 0;
        if (m_segments[0].first.is_unbounded()) {
            if (m_segments[0].second.is_unbounded()) return {};
            start = flip(m_segments[0].second);
            i = 1;
        }
        for (; i < m_segments.size(); ++i) {
            out.push_back({start, flip(m_segments[i].first)});
            start = m_segments[i].second.is_unbounded() ? BoundT::unbounded() : flip(m_segments[i].second);
            if (m_segments[i].second.is_unbounded()) return Ranges(std::move(out));
        }
        out.push_back({start, BoundT::unbounded()});
        return Ranges(std::move(out));
    }

    Ranges union_with(const Ranges& other) const {
        std::vector<Segment> out;
        std::size_t i = 0, j = 0;
        const Segment* acc_start_seg = nullptr;
        const BoundT* acc_start = nullptr;
        const BoundT* acc_end = nullptr;
        while (i < m_segments.size() || j < other.m_segments.size()) {
            const Segment* next;
            if (i < m_segments.size() && j < other.m_segments.size()) {
                if (left_start_is_smaller(m_segments[i].first, other.m_segments[j].first)) next = &m_segments[i++];
                else next = &other.m_segments[j++];
            } else if (i < m_segments.size()) {
                next = &m_segments[i++];
            } else {
                next = &other.m_segments[j++];
            }
            if (acc_start == nullptr) {
                acc_start_seg = next;
                acc_start = &next->first;
                acc_end = &next->second;
                continue;
            }
            if (end_before_start_with_gap(*acc_end, next->first)) {
                out.push_back({*acc_start, *acc_end});
                acc_start_seg = next;
                acc_start = &next->first;
                acc_end = &next->second;
                continue;
            }
            // Merge: the accumulated end becomes the later of the two ends.
            const BoundT& a = *acc_end;
            const BoundT& b = next->second;
            if (a.is_unbounded()) {
            } else if (b.is_unbounded()) {
                acc_end = &b;
            } else if (a.is_included() && a.value == b.value) {
                // an inclusive end covers an equal exclusive or inclusive one
            } else if (b.value < a.value) {
            } else if (a.value == b.value && b.is_excluded()) {
                // equal values: keep the accumulated (which is exclusive here) one
                acc_end = &b;
            } else {
                acc_end = &b;
            }
        }
        (void)acc_start_seg;
        if (acc_start != nullptr) out.push_back({*acc_start, *acc_end});
        return Ranges(std::move(out));
    }

    Ranges intersection(const Ranges& other) const {
        std::vector<Segment> out;
        std::size_t i = 0, j = 0;
        while (i < m_segments.size() && j < other.m_segments.size()) {
            const Segment& l = m_segments[i];
            const Segment& r = other.m_segments[j];
            const bool left_end_smaller = left_end_is_smaller(l.second, r.second);
            const BoundT* other_start;
            const BoundT* end;
            if (left_end_smaller) {
                ++i;
                other_start = &r.first;
                end = &l.second;
            } else {
                ++j;
                other_start = &l.first;
                end = &r.second;
            }
            if (!valid_segment(*other_start, *end)) continue;
            out.push_back({later_start(l.first, r.first), *end});
        }
        return Ranges(std::move(out));
    }

    /// The values in this set and not in `other`.
    Ranges difference(const Ranges& other) const { return intersection(other.complement()); }

    bool is_disjoint(const Ranges& other) const {
        std::size_t i = 0, j = 0;
        while (i < m_segments.size() && j < other.m_segments.size()) {
            const Segment& l = m_segments[i];
            const Segment& r = other.m_segments[j];
            if (!valid_segment(r.first, l.second)) ++i;
            else if (!valid_segment(l.first, r.second)) ++j;
            else return false;
        }
        return true;
    }

    bool subset_of(const Ranges& other) const {
        std::size_t j = 0;
        for (const Segment& s : m_segments) {
            while (j < other.m_segments.size() && !valid_segment(s.first, other.m_segments[j].second)) ++j;
            if (j == other.m_segments.size()) return false;
            const Segment& c = other.m_segments[j];
            if (!left_start_is_smaller(c.first, s.first)) return false;
            if (!left_end_is_smaller(s.second, c.second)) return false;
        }
        return true;
    }

    SetRelation relation(const Ranges& other) const {
        if (subset_of(other)) return SetRelation::Subset;
        if (is_disjoint(other)) return SetRelation::Disjoint;
        return SetRelation::Overlapping;
    }

    /// Each segment widened outward up to (excluding) the nearest of `versions` outside it,
    /// merging segments no version separates (version-ranges' `widen_versions`).
    /// `versions` must be sorted.
    Ranges widen_versions(std::span<const V> versions) const {
        std::vector<Segment> out;
        for (const Segment& s : m_segments) {
            std::size_t below = partition(versions, 0, [&](const V& v) { return within(v, s) < 0; });
            BoundT start = below == 0 ? BoundT::unbounded() : BoundT::excluded(versions[below - 1]);
            std::size_t not_above = partition(versions, below, [&](const V& v) { return within(v, s) <= 0; });
            BoundT end = not_above == versions.size() ? BoundT::unbounded() : BoundT::excluded(versions[not_above]);
            if (!out.empty() && !end_before_start_with_gap(out.back().second, start)) out.back().second = end;
            else out.push_back({start, end});
        }
        return Ranges(std::move(out));
    }

    /// Each segment's bounded ends shrunk to inclusive bounds on the outermost `versions` it
    /// holds; segments holding none are kept (version-ranges' `narrow_versions`).
    Ranges narrow_versions(std::span<const V> versions) const {
        std::vector<Segment> out;
        for (const Segment& s : m_segments) {
            std::size_t first = partition(versions, 0, [&](const V& v) { return within(v, s) < 0; });
            std::size_t last = partition(versions, first, [&](const V& v) { return within(v, s) <= 0; });
            if (first == last) {
                out.push_back(s);
                continue;
            }
            BoundT start = s.first.is_unbounded() ? BoundT::unbounded() : BoundT::included(versions[first]);
            BoundT end = s.second.is_unbounded() ? BoundT::unbounded() : BoundT::included(versions[last - 1]);
            out.push_back({start, end});
        }
        return Ranges(std::move(out));
    }

    /// A set that agrees with this one on every value of `versions` (sorted), made of whole
    /// runs of kept segments; singletons and sets holding none of the versions are returned
    /// unchanged (version-ranges' `simplify`).
    Ranges simplify(std::span<const V> versions) const {
        if (as_singleton() != nullptr) return *this;
        // For each version: the index of the segment that holds it, or none.
        std::vector<std::optional<std::size_t>> locations;
        std::size_t i = 0;
        for (const V& v : versions) {
            std::optional<std::size_t> loc;
            while (i < m_segments.size()) {
                int w = within(v, m_segments[i]);
                if (w < 0) break;
                if (w == 0) {
                    loc = i;
                    break;
                }
                ++i;
            }
            locations.push_back(loc);
        }
        // Group runs of matching versions: (first segment or unbounded, last segment or unbounded).
        std::vector<std::pair<std::optional<std::size_t>, std::optional<std::size_t>>> kept;
        std::optional<std::pair<std::optional<std::size_t>, std::optional<std::size_t>>> seg;
        std::size_t k = 0;
        if (!locations.empty()) {
            if (locations[0]) seg = std::pair{std::optional<std::size_t>{}, locations[0]};
            k = 1;
        }
        for (; k < locations.size(); ++k) {
            if (locations[k]) {
                seg = std::pair{seg ? seg->first : locations[k], locations[k]};
            } else if (seg) {
                kept.push_back(*seg);
                seg.reset();
            }
        }
        if (seg) kept.push_back({seg->first, std::nullopt});
        if (kept.empty()) return *this;
        std::vector<Segment> out;
        for (auto& [s, e] : kept)
            out.push_back({s ? m_segments[*s].first : BoundT::unbounded(), e ? m_segments[*e].second : BoundT::unbounded()});
        return Ranges(std::move(out));
    }

    friend bool operator==(const Ranges& a, const Ranges& b) { return a.m_segments == b.m_segments; }

    /// version-ranges' display: `*`, `∅`, `>=1.0, <2.0`, `==1.0`, segments joined by " | ".
    std::string to_string() const {
        std::ostringstream os;
        if (m_segments.empty()) return "∅";
        for (std::size_t k = 0; k < m_segments.size(); ++k) {
            if (k > 0) os << " | ";
            const auto& [s, e] = m_segments[k];
            if (s.is_unbounded() && e.is_unbounded()) {
                os << '*';
            } else if (s.is_unbounded()) {
                os << (e.is_included() ? "<=" : "<") << e.value;
            } else if (e.is_unbounded()) {
                os << (s.is_included() ? ">=" : ">") << s.value;
            } else if (s.is_included() && e.is_included() && s.value == e.value) {
                os << "==" << s.value;
            } else {
                os << (s.is_included() ? ">=" : ">") << s.value << ", " << (e.is_included() ? "<=" : "<") << e.value;
            }
        }
        return os.str();
    }

    // ---- bound helpers (public for the canonicalisation and candidate code) ----

    /// -1 when v is below the segment, 0 inside, 1 above.
    static int within(const V& v, const Segment& s) {
        if (s.first.is_excluded() ? !(s.first.value < v) : (s.first.is_included() && v < s.first.value)) return -1;
        if (s.second.is_unbounded()) return 0;
        if (s.second.is_included() ? !(s.second.value < v) : v < s.second.value) return 0;
        return 1;
    }

    /// Whether the segment (start, end) holds at least one value.
    static bool valid_segment(const BoundT& start, const BoundT& end) {
        if (start.is_unbounded() || end.is_unbounded()) return true;
        if (start.is_included() && end.is_included()) return !(end.value < start.value);
        return start.value < end.value;
    }

private:
    explicit Ranges(std::vector<Segment> segments) : m_segments(std::move(segments)) {}

    static BoundT flip(const BoundT& b) {
        return b.is_included() ? BoundT::excluded(b.value) : BoundT::included(b.value);
    }

    /// Whether an interval ending at `end` and one starting at `start` cannot be merged.
    static bool end_before_start_with_gap(const BoundT& end, const BoundT& start) {
        if (end.is_unbounded() || start.is_unbounded()) return false;
        if (end.is_excluded() && start.is_excluded()) return !(start.value < end.value);  // end <= start
        return end.value < start.value;
    }

    static bool left_start_is_smaller(const BoundT& l, const BoundT& r) {
        if (l.is_unbounded()) return true;
        if (r.is_unbounded()) return false;
        if (l.is_excluded() && r.is_included()) return l.value < r.value;
        return !(r.value < l.value);  // l <= r
    }

    static bool left_end_is_smaller(const BoundT& l, const BoundT& r) {
        if (r.is_unbounded()) return true;
        if (l.is_unbounded()) return false;
        if (l.is_included() && r.is_excluded()) return l.value < r.value;
        return !(r.value < l.value);  // l <= r
    }

    /// The later (more restrictive) of two start bounds.
    static BoundT later_start(const BoundT& l, const BoundT& r) {
        if (l.is_unbounded()) return r;
        if (r.is_unbounded()) return l;
        if (l.is_included() && r.is_included()) return r.value < l.value ? l : r;
        if (l.is_excluded() && r.is_excluded()) return r.value < l.value ? l : r;
        const BoundT& inc = l.is_included() ? l : r;
        const BoundT& exc = l.is_included() ? r : l;
        return !(exc.value < inc.value) ? exc : inc;  // inc <= exc: the exclusive one
    }

    template <typename Pred>
    static std::size_t partition(std::span<const V> versions, std::size_t from, Pred pred) {
        std::size_t lo = from, hi = versions.size();
        while (lo < hi) {
            std::size_t mid = (lo + hi) / 2;
            if (pred(versions[mid])) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    std::vector<Segment> m_segments;
};

} // namespace lockkit::resolver::old_ranges
