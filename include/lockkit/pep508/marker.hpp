#pragma once
// PEP 508 environment markers as reduced ordered decision diagrams (a port of the design in
// uv's `uv-pep508/src/marker/algebra.rs`).
//
// Representation. A `MarkerTree` is one 32-bit handle into a process-wide, append-only node
// table (the interner). A node tests one variable and has edges to child nodes: a version
// variable (`python_full_version`, `implementation_version`) and a string variable
// (`sys_platform`, ...) have edges labelled by disjoint intervals that cover all values; the
// boolean variables (`'x' in platform_version`, `os_name in '...'`, `extra == 'x'`,
// `'x' in extras`) have a high and a low edge. Leaves are TRUE and FALSE.
//
// Invariants, all kept by construction:
//   * ordered: variables appear in one fixed order on every path (uv's order: string
//     variables, version variables, `in`, contains, `extra`, PEP 751 lists);
//   * reduced: isomorphic nodes are shared (hash-consing) and a node whose children are all the
//     same is replaced by that child; adjacent intervals with the same child are merged;
//   * complemented edges: bit 0 of a handle means "negated", and the first child of a stored
//     node is never negated, so `negate()` is O(1) and every boolean function has exactly one
//     handle.
// Consequently two markers are equivalent iff their handles are equal, `is_true()` /
// `is_false()` are exact (modulo `in`/contains tests, which are opaque), and `and`/`or` are
// polynomial and memoised. `python_version` is rewritten to `python_full_version` ranges and
// `platform_system == 'Windows'|'Darwin'|...` to `sys_platform` at construction, and the pairs
// uv knows to be incompatible (e.g. `os_name == 'nt' and sys_platform == 'linux'`) are false.
//
// Printing (`to_string`) is uv's canonical form used in uv.lock: a DNF of the paths to TRUE,
// with merged ranges rendered as `!=`, `== 'X.Y.*'`, `!= 'X.Y.*'` or bounds, redundant terms
// and clauses removed, terms and clauses sorted by kind, single quotes. FALSE prints as
// `python_version < '0'`, TRUE as the empty string.
//
// Ordering (`compare`) is uv's `Ord` on markers, which compares diagrams root first (kind,
// variable, then children), not text; uv sorts requirements and dependency edges with it.
//
// The interner is guarded by a mutex; all operations are thread-safe. Nodes are never freed.

#include <compare>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <utility>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lockkit/util/parse_error.hpp"

namespace lockkit::pep508 {

/// The values a marker is evaluated against (PEP 508 "environment markers").
/// `python_version` is only used when `python_full_version` is empty.
struct MarkerEnvironment {
    std::string implementation_name;             ///< e.g. "cpython"
    std::string implementation_version;          ///< e.g. "3.12.1"
    std::string os_name;                         ///< e.g. "posix"
    std::string platform_machine;                ///< e.g. "x86_64"
    std::string platform_python_implementation;  ///< e.g. "CPython"
    std::string platform_release;                ///< e.g. "6.1.0"
    std::string platform_system;                 ///< e.g. "Linux"
    std::string platform_version;                ///< e.g. "#1 SMP PREEMPT_DYNAMIC ..."
    std::string python_full_version;             ///< e.g. "3.12.1"
    std::string python_version;                  ///< e.g. "3.12"
    std::string sys_platform;                    ///< e.g. "linux"
};

/// One end of a release-only version range, used to describe `requires-python`.
struct ReleaseBound {
    enum class Kind : std::uint8_t { Unbounded, Included, Excluded };
    Kind kind = Kind::Unbounded;
    std::vector<std::uint64_t> release;  ///< e.g. {3, 9}; ignored when unbounded
};

/// A canonical PEP 508 marker expression (see the header comment for the representation).
class MarkerTree {
public:
    /// The marker that always holds (prints as "").
    MarkerTree() = default;

    /// Parses a marker expression such as `python_version >= "3.9" and sys_platform == 'linux'`.
    /// An empty or all-whitespace string is the always-true marker.
    static ParseResult<MarkerTree> parse(std::string_view text);

    /// The marker that always holds.
    static MarkerTree always_true() { return MarkerTree(k_true_id); }
    /// The marker that never holds (prints as `python_version < '0'`).
    static MarkerTree always_false() { return MarkerTree(k_false_id); }

    /// True when the marker holds in every environment.
    bool is_true() const { return m_id == k_true_id; }
    /// True when the marker holds in no environment.
    bool is_false() const { return m_id == k_false_id; }

    /// Conjunction.
    MarkerTree and_with(MarkerTree other) const;
    /// Disjunction.
    MarkerTree or_with(MarkerTree other) const;
    /// Negation, O(1).
    MarkerTree negate() const { return MarkerTree(m_id ^ 1u); }
    /// `not self or consequent`; `is_true()` on the result means "self implies consequent".
    MarkerTree implies(MarkerTree consequent) const { return negate().or_with(consequent); }
    /// True when no environment satisfies both markers.
    bool is_disjoint(MarkerTree other) const;

    /// Evaluates against an environment. `extras` are the active extras (for `extra == 'x'`
    /// and PEP 751 `'x' in extras`), `groups` the active dependency groups (for
    /// `'x' in dependency_groups`); both are normalized before comparison.
    bool evaluate(const MarkerEnvironment& env, std::span<const std::string> extras = {},
                  std::span<const std::string> groups = {}) const;

    /// True if some environment with these extras active satisfies the marker
    /// (every non-extra test is assumed satisfiable).
    bool evaluate_extras_only(std::span<const std::string> extras) const;
    /// True if every environment with exactly these extras active satisfies the marker (uv's
    /// `evaluate_only_extras`: each non-extra test must hold on all of its branches).
    bool holds_with_only_extras(std::span<const std::string> extras) const;

    /// The marker with every `python_full_version` range clipped to `[lower, upper]` and the
    /// outer ranges widened to infinity, as uv writes markers under `requires-python`.
    MarkerTree simplify_python_versions(const ReleaseBound& lower, const ReleaseBound& upper) const;
    /// The inverse of `simplify_python_versions`: the marker and-ed with the Python range.
    MarkerTree complexify_python_versions(const ReleaseBound& lower, const ReleaseBound& upper) const;
    /// The smallest `python_full_version` interval outside which the marker never holds, when its
    /// root tests `python_full_version` (unbounded otherwise). For a `requires-python` marker
    /// this is the range uv simplifies lock markers with (`RequiresPython::range`).
    std::pair<ReleaseBound, ReleaseBound> python_full_version_bounds() const;
    /// A marker equal to this one wherever `assumption` holds (unspecified elsewhere).
    MarkerTree restrict(MarkerTree assumption) const;
    /// The marker with every `extra` test removed (assumed true where needed).
    MarkerTree without_extras() const;
    /// The marker with every non-`extra` test removed (assumed true where needed).
    MarkerTree only_extras() const;
    /// The marker with `extra == 'x'` assumed true for every listed extra.
    MarkerTree simplify_extras(std::span<const std::string> extras) const;
    /// The marker with `extra == 'x'` assumed true for every extra the predicate accepts
    /// (called with normalized names; uv's `simplify_extras_with`).
    MarkerTree simplify_extras_with(const std::function<bool(std::string_view)>& is_extra) const;
    /// The marker with `extra == 'x'` assumed false for every extra the predicate accepts
    /// (uv's `simplify_not_extras_with`).
    MarkerTree simplify_not_extras_with(const std::function<bool(std::string_view)>& is_not_extra) const;

    /// The `python_full_version` interval on every path to TRUE (unbounded on both sides for a
    /// path that does not test it), in diagram order; empty for FALSE. uv derives the Python
    /// range a marker implies from these (`uv-resolver/src/marker.rs`).
    std::vector<std::pair<ReleaseBound, ReleaseBound>> python_full_version_paths() const;

    /// uv's canonical text ("" when always true, `python_version < '0'` when always false).
    std::string to_string() const;
    /// The canonical text, or nothing when the marker is always true (uv's `contents()`).
    std::optional<std::string> contents() const;

    /// A DNF of canonical terms, as printed by `to_string` (empty for TRUE and FALSE).
    std::vector<std::vector<std::string>> to_dnf() const;

    /// uv's order on markers (`impl Ord for MarkerTree`), which uv uses to sort requirements and
    /// dependency edges that agree on everything else. It compares the diagrams, not the text:
    /// the root's kind (true < false < version < string < `in` < contains < list < extra), its
    /// variable, then its children as (range, child) edges or (high, low). Equal iff `==`.
    std::strong_ordering compare(MarkerTree other) const;

    /// The interner handle; equal handles mean equivalent markers.
    std::uint32_t id() const { return m_id; }

    friend bool operator==(MarkerTree a, MarkerTree b) { return a.m_id == b.m_id; }

private:
    static constexpr std::uint32_t k_true_id = 0;
    static constexpr std::uint32_t k_false_id = 1;
    explicit MarkerTree(std::uint32_t id) : m_id(id) {}
    friend struct MarkerTreeAccess;

    std::uint32_t m_id = k_true_id;
};

/// A `requires-python` specifier set as a marker (`>=3.9, <4` becomes
/// `python_full_version >= '3.9' and python_full_version < '4'`); nothing when the text is not a
/// specifier set. Empty text is the always-true marker.
std::optional<MarkerTree> requires_python_marker(std::string_view specifiers);

/// Hash for unordered containers.
struct MarkerTreeHash {
    std::size_t operator()(MarkerTree m) const noexcept { return std::hash<std::uint32_t>{}(m.id()); }
};

} // namespace lockkit::pep508
