#pragma once
// The dependency clauses a solver holds, by depending package and dependency, so that a new
// clause can be merged with one that has the same dependency set (docs/resolver-core.md,
// "Merged dependency clauses").
//
// "foo 1.0 depends on bar>=1" and "foo 1.1 depends on bar>=1" become one clause over both foo
// versions. This changes which clauses propagation meets and how failures read, so the clause a
// new one merges with must be the one uv's solver picks: among the clauses from the same package
// to the same dependency, the one whose dependency set is equal (there is never more than one,
// since equal ones are always merged).

#include <lockkit/resolver/incompatibility.hpp>

#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

namespace lockkit::resolver {

class DependencyClauseIndex {
public:
    /// The clause from `depender` to `dependency` whose dependency set equals the new clause's.
    std::optional<IncompatibilityId> find_equal(const Incompatibility& clause, const IncompatibilityArena& arena) const;
    /// Adds a clause that has no equal.
    void add(const Incompatibility& clause, IncompatibilityId id);
    /// The merged clause `merged` takes the place of `old`.
    void replace(const Incompatibility& clause, IncompatibilityId old, IncompatibilityId merged);

private:
    static std::uint64_t pair_key(const Incompatibility& clause) {
        return (std::uint64_t{clause.package()} << 32) | clause.dependency();
    }

    std::unordered_map<std::uint64_t, std::vector<IncompatibilityId>> m_by_pair;
};

/// Both clauses' dependency terms are equal (both absent counts as equal).
bool same_dependency_term(const Incompatibility& a, const Incompatibility& b);

} // namespace lockkit::resolver
