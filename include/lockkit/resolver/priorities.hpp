#pragma once
// The order in which uv's resolver decides packages (`uv-resolver/src/pubgrub/priority.rs`).
//
// A package's priority is (class, tiebreaker), compared lexicographically, larger first:
//   class:      Unspecified < ConflictLate < ConflictEarly < Singleton < DirectUrl < Root, each
//               except Root carrying "earlier package name first" (the index at which the
//               name was first registered);
//   tiebreaker: earlier *virtual* package first (the registration order of the exact package,
//               extra, group and marker included).
// PubGrub then prefers the lower package id. Registration happens as dependencies are visited,
// in list order, each proxy followed by its base package. A class is only ever raised, except
// that a conflict class survives a plain re-registration, and a re-registration keeps the name's
// original index.

#include <lockkit/resolver/package.hpp>
#include <lockkit/resolver/partial_solution.hpp>

#include <string>
#include <unordered_map>
#include <vector>

namespace lockkit::resolver {

enum class PriorityClass : std::uint8_t { Unspecified, ConflictLate, ConflictEarly, Singleton, DirectUrl, Root };

class PackagePriorities {
public:
    /// Registers a dependency on `package` with version set `range`; `direct_url` when this fork
    /// pins the name to a URL.
    void insert(const ResolverPackage& package, const VersionRange& range, bool direct_url);
    /// The priority of a package for the solver's queue.
    Priority get(const ResolverPackage& package) const;
    /// The same for the package with this id in the fork's store (the same store for every
    /// call on this object): remembered by id until a name's class changes, as the solver asks
    /// again each time a package goes back in its queue.
    Priority get(PackageId id, const ResolverPackage& package) const;
    /// Moves the package's name to ConflictEarly; false when it already was there.
    bool mark_conflict_early(const ResolverPackage& package);
    /// Moves the package's name to ConflictLate unless it is in a conflict class already.
    bool mark_conflict_late(const ResolverPackage& package);
    /// The class of a name (for messages and tests).
    std::optional<PriorityClass> class_of(const std::string& name) const;

private:
    struct NamePriority {
        PriorityClass cls;
        std::uint64_t index;
    };
    std::unordered_map<std::string, NamePriority> m_names;
    std::unordered_map<ResolverPackage, std::uint32_t, ResolverPackageHash> m_tiebreakers;
    struct Remembered {
        Priority priority;
        std::uint64_t generation = 0;  ///< 0: nothing remembered
    };
    /// Priorities given by id, valid while `m_generation` is theirs; a name's class changing
    /// starts a new generation (a tiebreaker never changes, nor does a name's index).
    mutable std::vector<Remembered> m_by_id;
    std::uint64_t m_generation = 1;
};

} // namespace lockkit::resolver
