#pragma once
// `lock why-not P==V` with the index: resolve the project again with P pinned to V (the way
// `lock resolve --check --upgrade-package P==V` would, keeping every other locked version where it
// still fits), writing nothing. Either the resolver finds no solution, and its derivation
// (uv's "Because …" report) says which requirements keep V out, or it finds one, and V is only
// out because the resolver prefers another version (the newest allowed, or the one already
// locked); then the report lists what else would have to move.

#include <lockkit/project/lock_project.hpp>
#include <lockkit/util/diagnostic.hpp>

#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace lockkit::why {

/// A package whose locked versions would differ.
struct VersionChange {
    std::string package;
    std::vector<std::string> before;  ///< versions in the lock now (ascending; empty: not locked)
    std::vector<std::string> after;   ///< versions with P==V (ascending; empty: gone)
};

struct ForcedResolution {
    bool solvable = false;
    std::string header;                ///< no solution: "No solution found when resolving dependencies:"
    std::string report;                ///< no solution: the derivation, one sentence a line
    std::vector<std::string> hints;    ///< no solution: the resolver's hints
    std::vector<VersionChange> changes;  ///< solvable: what would move (P included)
};

/// Resolves the project of `options` (its settings, indexes and existing lock) with `name==version`
/// forced. Errors are those of `lock resolve` other than "no solution" (no pyproject.toml, an
/// unreadable index, offline with metadata missing).
std::expected<ForcedResolution, Diagnostic> resolve_with_version(project::LockProjectOptions options,
                                                                 std::string_view name, std::string_view version);

} // namespace lockkit::why
