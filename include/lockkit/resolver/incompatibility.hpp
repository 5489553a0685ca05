#pragma once
// Incompatibilities: sets of terms that must never all hold, each with the fact or derivation
// behind it (docs/resolver-core.md, "Incompatibilities").
//
// Terms are kept in a fixed order with at most one per package; the order is part of the
// solver's behaviour (it decides how a derived incompatibility reads in a report). A dependency
// "p in V depends on q in W" is the pair {p: positive(V), q: negative(W)}, depender first, and
// just {p: positive(V)} when W is empty: then no version in V can be chosen at all.
//
// Incompatibilities live in an `IncompatibilityArena` and are numbered in the order they are
// made; numbers are never reused, because the order of allocation shows in failure reports.

#include <lockkit/resolver/term.hpp>

#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

namespace lockkit::resolver {

/// A package in the solver's package arena (the driver allocates them).
using PackageId = std::uint32_t;
/// An incompatibility's number in its arena.
using IncompatibilityId = std::uint32_t;
/// The number of decisions made so far (0 = none).
using DecisionLevel = std::uint32_t;

/// Why an incompatibility exists.
enum class IncompatibilityKind : std::uint8_t {
    NotRoot,         ///< the root must be selected at its version
    NoVersions,      ///< no version of `package` in `set` can be selected
    FromDependency,  ///< `package` depends on `dependency`
    Derived,         ///< derived from `cause1` and `cause2` by resolution
    Custom,          ///< unavailable for a reason outside PubGrub (`reason`, the driver's)
};

class Incompatibility {
public:
    using TermList = std::vector<std::pair<PackageId, Term>>;

    /// "The root is not selected at its version" is impossible.
    static Incompatibility not_root(PackageId root, const pep440::Version& version);
    /// No version in the positive `term` works.
    static Incompatibility no_versions(PackageId package, Term term);
    /// The versions in the positive `term` are unavailable for the driver's `reason`.
    static Incompatibility custom(PackageId package, Term term, std::uint32_t reason);
    /// `package` in `versions` depends on `dependency` in `dependency_versions`.
    static Incompatibility from_dependency(PackageId package, VersionRange versions, PackageId dependency,
                                           VersionRange dependency_versions);
    /// Learnt by conflict resolution from `cause1` (the conflict) and `cause2` (the satisfier's
    /// cause).
    static Incompatibility derived(IncompatibilityId cause1, IncompatibilityId cause2, TermList terms);

    const TermList& terms() const { return m_terms; }
    /// The term about the package, if the incompatibility has one.
    const Term* get(PackageId package) const;
    IncompatibilityKind kind() const { return m_kind; }

    /// NotRoot, NoVersions, Custom: the package; FromDependency: the depending package.
    PackageId package() const { return m_package; }
    /// FromDependency: the dependency.
    PackageId dependency() const { return m_dependency; }
    /// NotRoot: the root version.
    const pep440::Version& root_version() const { return m_root_version; }
    /// NoVersions, Custom: the version set named in the reason.
    const VersionRange& kind_set() const { return m_terms.front().second.set(); }
    /// Custom: the driver's reason handle.
    std::uint32_t reason() const { return m_reason; }
    /// Derived: the two causes.
    IncompatibilityId cause1() const { return m_cause1; }
    IncompatibilityId cause2() const { return m_cause2; }

    /// FromDependency: the depending versions and the dependency's versions (empty when the
    /// dependency's term was left out because it was empty).
    std::pair<const VersionRange*, VersionRange> dependency_sets() const;

private:
    Incompatibility(IncompatibilityKind kind, PackageId package) : m_kind(kind), m_package(package) {}

    TermList m_terms;
    IncompatibilityKind m_kind;
    PackageId m_package = 0;
    PackageId m_dependency = 0;
    std::uint32_t m_reason = 0;
    IncompatibilityId m_cause1 = 0;
    IncompatibilityId m_cause2 = 0;
    pep440::Version m_root_version;
};

/// Every incompatibility a solver has made, by number (references stay valid as it grows).
///
/// Incompatibilities never change once made, and a universal resolution copies its solver
/// state at every fork (tens of thousands of incompatibilities, a few dozen times): so they
/// are kept in fixed-size chunks that copies of an arena share. A chunk is appended to in
/// place by the first arena to append after the copy; the others continue in a copy of their
/// own part of it (the chunk they leave is kept, so references into it stay valid).
class IncompatibilityArena {
public:
    IncompatibilityId add(Incompatibility incompat);
    const Incompatibility& operator[](IncompatibilityId id) const {
        return (*m_chunks[id / k_chunk_size])[id % k_chunk_size];
    }
    std::size_t size() const { return m_size; }

private:
    static constexpr std::size_t k_chunk_size = 256;
    /// Reserved to k_chunk_size and never grown past it, so its elements never move.
    using Chunk = std::vector<Incompatibility>;

    std::vector<std::shared_ptr<Chunk>> m_chunks;
    std::size_t m_size = 0;
    std::vector<std::shared_ptr<const Chunk>> m_left;  ///< chunks continued in a copy
};

} // namespace lockkit::resolver
