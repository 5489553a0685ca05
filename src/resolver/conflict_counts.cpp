// "Too many conflicts" tallies (see conflict_counts.hpp).

#include "conflict_counts.hpp"

#include <optional>
#include <string>
#include <utility>

namespace lockkit::resolver::detail {

namespace {

/// The name a conflict compares packages by: none for the unnamed root and for Python, so
/// those two count as the same.
std::optional<std::string> conflict_name(const ResolverPackage& p) {
    if (p.kind == PackageKind::Python || (p.kind == PackageKind::Root && p.name.empty())) return std::nullopt;
    return p.name;
}

} // namespace

void ConflictCounts::observe(const PackageStore& store, PackageId deciding, PackageId affected,
                             const Incompatibility& incompatibility) {
    const auto affected_name = conflict_name(store[affected]);
    bool has_culprit = false;
    for (const auto& [culprit, term] : incompatibility.terms()) {
        if (culprit == affected || conflict_name(store[culprit]) == affected_name) continue;
        has_culprit = true;
        if (++m_tallies[culprit].as_culprit == k_threshold) m_moves.later.push_back(culprit);
    }
    if (has_culprit && ++m_tallies[deciding].while_deciding == k_threshold) m_moves.earlier.push_back(deciding);
}

ConflictCounts::Moves ConflictCounts::take_moves() { return std::exchange(m_moves, Moves{}); }

} // namespace lockkit::resolver::detail
