#pragma once
// Flattening PEP 735 dependency groups (uv's `FlatDependencyGroups`).
//
// A flat group is the list of requirements obtained by replacing each
// `{include-group = "x"}` with the (flattened) requirements of group `x`, recursively, in
// declaration order. `tool.uv.dev-dependencies` is merged into group `dev` (after the
// `[dependency-groups] dev` items). Groups declared empty stay, with an empty list.
// Errors: an include of an undeclared group, and a cycle, named in full
// ("dependency group cycle: `a` -> `b` -> `a`"), located at the offending include.

#include <expected>
#include <string>
#include <utility>
#include <vector>

#include "lockkit/pyproject/pyproject.hpp"

namespace lockkit::pyproject {

/// A flattened group: its normalized name and requirements.
struct FlatGroup {
    std::string name;
    std::vector<Dependency> requirements;
};

/// Flattens `[dependency-groups]` and `tool.uv.dev-dependencies`, in declaration order
/// (`dev` from the legacy key is appended last when it was not declared as a group).
std::expected<std::vector<FlatGroup>, Diagnostic> flatten_dependency_groups(const PyProject& pyproject);

} // namespace lockkit::pyproject
