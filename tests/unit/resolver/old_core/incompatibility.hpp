#pragma once
// PubGrub incompatibilities: sets of terms that must never all hold (PubGrub's solver.md,
// "Incompatibility"), with the reason each one exists.
//
// Terms are kept in insertion order, one per package. A dependency incompatibility
// "p in V depends on q in W" is {p: positive(V), q: negative(W)}, with p first; when W is
// empty it is just {p: positive(V)} ("p in V cannot be selected"). Ids are arena indices
// (`IncompatibilityStore`) and never reused: the solver's tie-breaks and the numbering of
// shared lines in failure reports depend on allocation order.
//
// Each incompatibility caches "contradicted by the partial solution at decision level L in
// backtrack generation G" (partial_solution.hpp explains the generations), which lets unit
// propagation skip clauses that cannot fire until the solver backtracks below L.

#include <lockkit/resolver/term.hpp>

#include <cstdint>
#include <deque>
#include <optional>
#include <utility>
#include <vector>

namespace lockkit::resolver::old_core {

/// A package in the solver's package arena (the driver allocates them).
using PackageId = std::uint32_t;
/// An incompatibility in the store's arena.
using IncompatibilityId = std::uint32_t;
/// The number of decisions made so far (0 = none).
using DecisionLevel = std::uint32_t;
/// A level above any level the solver reaches ("never contradicted").
inline constexpr DecisionLevel k_max_decision_level = 0xFFFFFFFEu;

/// Why an incompatibility exists.
enum class IncompatibilityKind : std::uint8_t {
    NotRoot,         ///< the root must be selected at its version
    NoVersions,      ///< no version of `package` in `set` can be selected
    FromDependency,  ///< `package` depends on `dependency`
    Derived,         ///< derived from `cause1` and `cause2` by resolution
    Custom,          ///< unavailable for a reason outside PubGrub (`reason`, the driver's)
};

/// How a set of terms (the partial solution) relates to an incompatibility.
struct IncompatibilityRelation {
    enum class Kind : std::uint8_t { Satisfied, Contradicted, AlmostSatisfied, Inconclusive };
    Kind kind = Kind::Inconclusive;
    PackageId package = 0;  ///< Contradicted: the contradicted term; AlmostSatisfied: the unsatisfied one
};

class Incompatibility {
public:
    using TermList = std::vector<std::pair<PackageId, Term>>;

    /// "The root is not selected at its version" is impossible.
    static Incompatibility not_root(PackageId root, const pep440::Version& version);
    /// No version in the positive `term` (a positive term) works.
    static Incompatibility no_versions(PackageId package, Term term);
    /// The versions in the positive `term` are unavailable for the driver's `reason`.
    static Incompatibility custom(PackageId package, Term term, std::uint32_t reason);
    /// `package` in `versions` depends on `dependency` in `dependency_versions`.
    static Incompatibility from_dependency(PackageId package, VersionRange versions, PackageId dependency,
                                           VersionRange dependency_versions);
    /// Resolution of `incompat` and `satisfier_cause` on `package` (PubGrub's "prior cause").
    static Incompatibility prior_cause(IncompatibilityId incompat_id, const Incompatibility& incompat,
                                       IncompatibilityId cause_id, const Incompatibility& cause, PackageId package);

    const TermList& terms() const { return m_terms; }
    const Term* get(PackageId package) const;
    IncompatibilityKind kind() const { return m_kind; }

    /// NotRoot, NoVersions, Custom: the package; FromDependency: the depending package.
    PackageId package() const { return m_package; }
    /// FromDependency: the dependency.
    PackageId dependency() const { return m_dependency; }
    /// NotRoot: the root version.
    const pep440::Version& root_version() const { return m_root_version; }
    /// NoVersions, Custom: the version set named in the reason.
    const VersionRange& kind_set() const { return m_kind_set; }
    /// Custom: the driver's reason handle.
    std::uint32_t reason() const { return m_reason; }
    /// Derived: the two causes.
    IncompatibilityId cause1() const { return m_cause1; }
    IncompatibilityId cause2() const { return m_cause2; }

    /// FromDependency: the depending versions and the dependency's versions (empty when the
    /// dependency term was dropped because it was empty).
    std::pair<const VersionRange*, VersionRange> dependency_sets() const;

    /// The merge of two dependency incompatibilities with the same packages and the same
    /// dependency term: the depending sets are united (pubgrub's `merge_dependents`).
    std::optional<Incompatibility> merge_dependents(const Incompatibility& older) const;

    /// Whether this incompatibility proves that no solution exists.
    bool is_terminal(PackageId root, const pep440::Version& root_version) const;

    /// How the terms `known(p)` (null: nothing known about p) relate to this incompatibility.
    template <typename Known>
    IncompatibilityRelation relation(Known&& known) const {
        using Kind = IncompatibilityRelation::Kind;
        IncompatibilityRelation result{Kind::Satisfied, 0};
        for (const auto& [p, t] : m_terms) {
            const Term* k = known(p);
            const TermRelation r = k != nullptr ? t.relation_with(*k) : TermRelation::Inconclusive;
            if (r == TermRelation::Satisfied) continue;
            if (r == TermRelation::Contradicted) return {Kind::Contradicted, p};
            // Nothing known counts as inconclusive ("any"); incompatibilities never hold "any".
            if (result.kind == Kind::Satisfied) result = {Kind::AlmostSatisfied, p};
            else return {Kind::Inconclusive, 0};
        }
        return result;
    }

    bool is_contradicted(const std::vector<DecisionLevel>& last_valid_levels) const {
        if (m_contradicted_generation >= last_valid_levels.size()) return true;
        return m_contradicted_level <= last_valid_levels[m_contradicted_generation];
    }
    void mark_contradicted(DecisionLevel level, std::uint32_t generation) {
        m_contradicted_level = level;
        m_contradicted_generation = generation;
    }
    void reset_contradiction_cache() {
        m_contradicted_level = k_max_decision_level;
        m_contradicted_generation = 0;
    }

private:
    Incompatibility() = default;
    void set_term(PackageId package, Term term);

    TermList m_terms;
    IncompatibilityKind m_kind = IncompatibilityKind::NoVersions;
    PackageId m_package = 0;
    PackageId m_dependency = 0;
    pep440::Version m_root_version;
    VersionRange m_kind_set;
    std::uint32_t m_reason = 0;
    IncompatibilityId m_cause1 = 0;
    IncompatibilityId m_cause2 = 0;
    DecisionLevel m_contradicted_level = k_max_decision_level;
    std::uint32_t m_contradicted_generation = 0;
};

/// The arena of incompatibilities (stable references; ids are positions).
using IncompatibilityStore = std::deque<Incompatibility>;

} // namespace lockkit::resolver::old_core
