#pragma once
// Sets of values as sorted lists of disjoint intervals: the version sets PubGrub and uv work
// with (docs/resolver-core.md, "Version sets").
//
// Representation. A `Ranges<V>` is a vector of intervals (start bound, end bound); a bound is
// unbounded, inclusive or exclusive. Every bound is read as a *cut* of the value line: an
// inclusive start and an exclusive end at v cut just below v, an exclusive start and an
// inclusive end at v cut just above it, and unbounded bounds cut at minus or plus infinity. The
// stored cuts are strictly increasing, which makes the form canonical (equal sets have equal
// interval lists): an interval's start cut lies below its end cut, so it holds a value, and an
// interval's end cut lies below the next interval's start cut, so the two could not be one.
// The line is treated as continuous: [3, 7) and [3, 6] differ even if no value lies between 6
// and 7, which is what lets PEP 440 ranges carry sentinel bounds (version_range.hpp).
//
// All set operations are one sweep over the cuts of both operands (`combine`). `V` needs a
// strict weak order through `<`; values that compare equal are interchangeable for membership,
// but they may be spelled differently (PEP 440's 2 and 2.0), and the spelling kept where both
// operands cut at the same place follows uv's (the table in docs/resolver-core.md).

#include <algorithm>
#include <cstddef>
#include <optional>
#include <span>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace lockkit::resolver {

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

private:
    /// The intervals, contiguous: one is kept inline, more go to the heap together. Nearly
    /// every set the solver makes is one interval (a singleton, a specifier's range, a term's
    /// negation), and it makes and drops them by the hundred thousand a resolution.
    class SegmentList {
    public:
        SegmentList() = default;
        SegmentList(Segment one) : m_one(std::move(one)), m_size(1) {}
        SegmentList(const SegmentList&) = default;
        SegmentList& operator=(const SegmentList&) = default;
        // A moved-from list is empty, as a moved-from vector is.
        SegmentList(SegmentList&& other) noexcept
            : m_one(std::move(other.m_one)), m_many(std::move(other.m_many)), m_size(std::exchange(other.m_size, 0)) {}
        SegmentList& operator=(SegmentList&& other) noexcept {
            m_one = std::move(other.m_one);
            m_many = std::move(other.m_many);
            m_size = std::exchange(other.m_size, 0);
            return *this;
        }

        std::size_t size() const { return m_size; }
        bool empty() const { return m_size == 0; }
        const Segment* data() const { return m_size <= 1 ? &m_one : m_many.data(); }
        Segment* data() { return m_size <= 1 ? &m_one : m_many.data(); }
        const Segment* begin() const { return data(); }
        const Segment* end() const { return data() + m_size; }
        const Segment& operator[](std::size_t i) const { return data()[i]; }
        const Segment& front() const { return data()[0]; }
        const Segment& back() const { return data()[m_size - 1]; }
        Segment& back() { return data()[m_size - 1]; }
        operator std::span<const Segment>() const { return {data(), m_size}; }

        void reserve(std::size_t n) {
            if (n > 1) m_many.reserve(n);
        }
        void push_back(Segment s) {
            if (m_size == 0) {
                m_one = std::move(s);
            } else {
                if (m_size == 1) {
                    m_many.reserve(2);
                    m_many.push_back(std::move(m_one));
                }
                m_many.push_back(std::move(s));
            }
            ++m_size;
        }

        friend bool operator==(const SegmentList& a, const SegmentList& b) {
            return a.m_size == b.m_size && std::equal(a.begin(), a.end(), b.begin());
        }

    private:
        Segment m_one{};               ///< the only interval, when there is one
        std::vector<Segment> m_many;   ///< all the intervals, when there are more
        std::size_t m_size = 0;
    };

public:

    /// The empty set.
    Ranges() = default;

    static Ranges empty() { return {}; }
    static Ranges full() { return Ranges(SegmentList(Segment{})); }
    /// [v, inf)
    static Ranges higher_than(V v) { return Ranges(SegmentList(Segment{BoundT::included(std::move(v)), BoundT::unbounded()})); }
    /// (v, inf)
    static Ranges strictly_higher_than(V v) {
        return Ranges(SegmentList(Segment{BoundT::excluded(std::move(v)), BoundT::unbounded()}));
    }
    /// (-inf, v)
    static Ranges strictly_lower_than(V v) {
        return Ranges(SegmentList(Segment{BoundT::unbounded(), BoundT::excluded(std::move(v))}));
    }
    /// (-inf, v]
    static Ranges lower_than(V v) { return Ranges(SegmentList(Segment{BoundT::unbounded(), BoundT::included(std::move(v))})); }
    /// [v1, v2), taken as given: the caller promises v1 < v2.
    static Ranges between(V v1, V v2) {
        return Ranges(SegmentList(Segment{BoundT::included(std::move(v1)), BoundT::excluded(std::move(v2))}));
    }
    /// {v}
    static Ranges singleton(V v) { return Ranges(SegmentList(Segment{BoundT::included(v), BoundT::included(v)})); }
    /// One interval, or the empty set when it holds no value.
    static Ranges from_bounds(BoundT start, BoundT end) {
        if (compare(start, k_start, end, k_end) >= 0) return {};
        return Ranges(SegmentList(Segment{std::move(start), std::move(end)}));
    }
    /// The union of arbitrary intervals (any order, overlapping or empty), taken one at a time.
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
        if (m_segments.size() != 1) return nullptr;
        const auto& [lo, hi] = m_segments[0];
        if (!lo.is_included() || !hi.is_included() || lo.value < hi.value) return nullptr;
        return &lo.value;
    }

    /// The start of the first and the end of the last interval; nothing when empty.
    std::optional<std::pair<BoundT, BoundT>> bounding_range() const {
        if (m_segments.empty()) return std::nullopt;
        return std::pair{m_segments.front().first, m_segments.back().second};
    }

    bool contains(const V& v) const {
        // The first interval whose end cut lies above v is the only one that can hold it.
        std::size_t lo = 0, hi = m_segments.size();
        while (lo < hi) {
            const std::size_t mid = lo + (hi - lo) / 2;
            if (below(v, m_segments[mid].second, k_end)) hi = mid;
            else lo = mid + 1;
        }
        return lo < m_segments.size() && !below(v, m_segments[lo].first, k_start);
    }

    Ranges complement() const {
        // The gaps before, between and after the intervals; every cut changes from entering to
        // leaving the set or back, which for a bound is swapping inclusive and exclusive.
        SegmentList out;
        out.reserve(m_segments.size() + 1);
        BoundT gap_start = BoundT::unbounded();
        for (const auto& [lo, hi] : m_segments) {
            if (!lo.is_unbounded()) out.push_back({std::move(gap_start), swapped(lo)});
            if (hi.is_unbounded()) return Ranges(std::move(out));
            gap_start = swapped(hi);
        }
        out.push_back({std::move(gap_start), BoundT::unbounded()});
        return Ranges(std::move(out));
    }

    Ranges union_with(const Ranges& other) const {
        if (other.m_segments.empty() || is_full()) return *this;
        if (m_segments.empty() || other.is_full()) return other;
        return combine<Op::Union>(*this, other);
    }

    Ranges intersection(const Ranges& other) const {
        if (m_segments.empty() || other.is_full()) return *this;
        if (other.m_segments.empty() || is_full()) return other;
        return combine<Op::Intersection>(*this, other);
    }

    /// The values in this set and not in `other`.
    Ranges difference(const Ranges& other) const {
        if (m_segments.empty() || other.m_segments.empty()) return *this;
        if (other.is_full()) return {};
        return combine<Op::Difference>(*this, other);
    }

    bool is_disjoint(const Ranges& other) const {
        std::size_t i = 0, j = 0;
        while (i < m_segments.size() && j < other.m_segments.size()) {
            const Segment& a = m_segments[i];
            const Segment& b = other.m_segments[j];
            if (compare(a.second, k_end, b.first, k_start) <= 0) ++i;       // a ends before b starts
            else if (compare(b.second, k_end, a.first, k_start) <= 0) ++j;  // b ends before a starts
            else return false;
        }
        return true;
    }

    bool subset_of(const Ranges& other) const {
        std::size_t j = 0;
        for (const Segment& a : m_segments) {
            // Skip the intervals of `other` that end before this one starts.
            while (j < other.m_segments.size() && compare(other.m_segments[j].second, k_end, a.first, k_start) <= 0)
                ++j;
            if (j == other.m_segments.size()) return false;
            const Segment& b = other.m_segments[j];
            if (compare(b.first, k_start, a.first, k_start) > 0 || compare(a.second, k_end, b.second, k_end) > 0)
                return false;
        }
        return true;
    }

    SetRelation relation(const Ranges& other) const {
        if (subset_of(other)) return SetRelation::Subset;
        if (is_disjoint(other)) return SetRelation::Disjoint;
        return SetRelation::Overlapping;
    }

    /// Each interval grown to the largest open interval that holds no other of the `versions`
    /// (sorted): down to the nearest one below it and up to the nearest one above, exclusive;
    /// grown intervals that no version separates become one.
    Ranges widen_versions(std::span<const V> versions) const {
        SegmentList out;
        std::size_t previous_above = 0;  // where the previous interval's "above" versions began
        for (const auto& [lo, hi] : m_segments) {
            const std::size_t under = count_below(versions, 0, lo, k_start);
            const std::size_t above = count_below(versions, under, hi, k_end);
            BoundT end = above == versions.size() ? BoundT::unbounded() : BoundT::excluded(versions[above]);
            if (!out.empty() && previous_above == under) {
                out.back().second = std::move(end);
            } else {
                BoundT start = under == 0 ? BoundT::unbounded() : BoundT::excluded(versions[under - 1]);
                out.push_back({std::move(start), std::move(end)});
            }
            previous_above = above;
        }
        return Ranges(std::move(out));
    }

    /// Each interval's bounded ends pulled in to the outermost `versions` (sorted) it holds,
    /// inclusive; an interval holding none of them stays as it is.
    Ranges narrow_versions(std::span<const V> versions) const {
        SegmentList out;
        out.reserve(m_segments.size());
        for (const Segment& s : m_segments) {
            const std::size_t first = count_below(versions, 0, s.first, k_start);
            const std::size_t past = count_below(versions, first, s.second, k_end);
            if (first == past) {
                out.push_back(s);
                continue;
            }
            out.push_back({s.first.is_unbounded() ? BoundT::unbounded() : BoundT::included(versions[first]),
                           s.second.is_unbounded() ? BoundT::unbounded() : BoundT::included(versions[past - 1])});
        }
        return Ranges(std::move(out));
    }

    /// A set with the same members among `versions` (sorted), in fewer intervals: each run of
    /// consecutive member versions becomes one interval, from the start of the interval holding
    /// its first version (unbounded when that is the lowest version) to the end of the one
    /// holding its last (unbounded when that is the highest). A single value, and a set holding
    /// none of the versions, come back unchanged.
    Ranges simplify(std::span<const V> versions) const {
        if (as_singleton() != nullptr) return *this;
        SegmentList out;
        std::optional<BoundT> run_start;  // set while inside a run
        std::size_t run_last = 0;         // the interval holding the run's latest version
        std::size_t at = 0;               // the first interval not entirely below the version
        for (std::size_t i = 0; i < versions.size(); ++i) {
            const V& v = versions[i];
            while (at < m_segments.size() && !below(v, m_segments[at].second, k_end)) ++at;
            const bool member = at < m_segments.size() && !below(v, m_segments[at].first, k_start);
            if (member) {
                if (!run_start) run_start = i == 0 ? BoundT::unbounded() : m_segments[at].first;
                run_last = at;
            } else if (run_start) {
                out.push_back({std::move(*run_start), m_segments[run_last].second});
                run_start.reset();
            }
        }
        if (run_start) out.push_back({std::move(*run_start), BoundT::unbounded()});
        if (out.empty()) return *this;
        return Ranges(std::move(out));
    }

    friend bool operator==(const Ranges& a, const Ranges& b) { return a.m_segments == b.m_segments; }

    /// The display uv's messages start from: `*`, `∅`, `>=1.0, <2.0`, `==1.0`, intervals joined
    /// by " | ".
    std::string to_string() const {
        if (m_segments.empty()) return "∅";
        std::ostringstream os;
        const char* separator = "";
        for (const auto& [lo, hi] : m_segments) {
            os << separator;
            separator = " | ";
            if (lo.is_unbounded() && hi.is_unbounded()) {
                os << '*';
            } else if (lo.is_included() && hi.is_included() && !(lo.value < hi.value)) {
                os << "==" << lo.value;
            } else {
                if (!lo.is_unbounded()) os << (lo.is_included() ? ">=" : ">") << lo.value;
                if (!lo.is_unbounded() && !hi.is_unbounded()) os << ", ";
                if (!hi.is_unbounded()) os << (hi.is_included() ? "<=" : "<") << hi.value;
            }
        }
        return os.str();
    }

private:
    enum class Op { Union, Intersection, Difference };
    static constexpr bool k_start = true;
    static constexpr bool k_end = false;

    explicit Ranges(SegmentList segments) : m_segments(std::move(segments)) {}

    static BoundT swapped(const BoundT& b) {
        if (b.is_unbounded()) return b;
        return b.is_included() ? BoundT::excluded(b.value) : BoundT::included(b.value);
    }

    /// Whether a finite bound cuts just above its value (else just below).
    static bool cuts_above(const BoundT& b, bool is_start) { return b.is_excluded() == is_start; }

    /// The order of two cuts: negative, zero or positive.
    static int compare(const BoundT& a, bool a_start, const BoundT& b, bool b_start) {
        const int a_inf = a.is_unbounded() ? (a_start ? -1 : 1) : 0;
        const int b_inf = b.is_unbounded() ? (b_start ? -1 : 1) : 0;
        if (a_inf != 0 || b_inf != 0) return a_inf - b_inf;
        if (a.value < b.value) return -1;
        if (b.value < a.value) return 1;
        return int(cuts_above(a, a_start)) - int(cuts_above(b, b_start));
    }

    /// Whether the value lies below the cut.
    static bool below(const V& v, const BoundT& b, bool is_start) {
        if (b.is_unbounded()) return !is_start;
        if (v < b.value) return true;
        if (b.value < v) return false;
        return cuts_above(b, is_start);
    }

    /// The number of `versions` from `from` on that lie below the cut (they are sorted).
    static std::size_t count_below(std::span<const V> versions, std::size_t from, const BoundT& b, bool is_start) {
        std::size_t lo = from, hi = versions.size();
        while (lo < hi) {
            const std::size_t mid = lo + (hi - lo) / 2;
            if (below(versions[mid], b, is_start)) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /// The sweep behind union, intersection and difference. The cuts of both operands are
    /// visited in order; cut k of an operand enters it when k is even and leaves it when odd.
    /// Where the result's membership changes, the cut that changed it becomes a bound of the
    /// result, turned from a start into an end (or back) when it changes role.
    template <Op op>
    static Ranges combine(const Ranges& a, const Ranges& b) {
        const std::size_t a_cuts = 2 * a.m_segments.size(), b_cuts = 2 * b.m_segments.size();
        auto cut = [](const Ranges& r, std::size_t k) -> const BoundT& {
            return (k & 1) == 0 ? r.m_segments[k / 2].first : r.m_segments[k / 2].second;
        };
        auto result = [](bool in_a, bool in_b) {
            if constexpr (op == Op::Union) return in_a || in_b;
            else if constexpr (op == Op::Intersection) return in_a && in_b;
            else return in_a && !in_b;
        };
        SegmentList out;
        out.reserve(a.m_segments.size() + b.m_segments.size());
        std::size_t i = 0, j = 0;
        bool inside = false;
        while (i < a_cuts || j < b_cuts) {
            int order;
            if (i == a_cuts) order = 1;
            else if (j == b_cuts) order = -1;
            else order = compare(cut(a, i), (i & 1) == 0, cut(b, j), (j & 1) == 0);
            const std::size_t ai = i, bj = j;
            if (order <= 0) ++i;
            if (order >= 0) ++j;
            const bool now = result((i & 1) != 0, (j & 1) != 0);
            if (now == inside) continue;
            inside = now;
            // The cut that becomes the result's bound; on a tie, the spelling uv keeps.
            bool from_a = order < 0;
            if (order == 0) {
                if constexpr (op == Op::Union) {
                    if (now) {
                        from_a = true;
                    } else {
                        // Both intervals end here: an inclusive end comes from the interval that
                        // started first, an exclusive one from the interval that started last.
                        const bool a_first = compare(cut(a, ai - 1), k_start, cut(b, bj - 1), k_start) <= 0;
                        from_a = cuts_above(cut(a, ai), k_end) ? a_first : !a_first;
                    }
                } else {
                    from_a = !now;
                }
            }
            const BoundT& source = from_a ? cut(a, ai) : cut(b, bj);
            const bool source_start = ((from_a ? ai : bj) & 1) == 0;
            if (now) {
                out.push_back({source_start ? source : swapped(source), BoundT::unbounded()});
            } else {
                out.back().second = source_start ? swapped(source) : source;
            }
        }
        return Ranges(std::move(out));
    }

    SegmentList m_segments;
};

} // namespace lockkit::resolver
