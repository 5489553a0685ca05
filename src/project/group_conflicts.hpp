#pragma once
// Conflict sets inferred from `include-group` (internal; uv's
// `Conflicts::expand_transitive_group_includes` in `uv-pypi-types/src/conflicts.rs`, called by
// `do_lock` for the workspace root's project only).
//
// A group that includes a conflicting group, directly or through other groups, conflicts with
// what that group conflicts with: for each declared set naming such a group, uv adds a copy with
// the including group in its place. uv matches groups by name alone (the root project's groups
// against every group item of every set), and only when the workspace root has a `[project]`;
// a member's own `include-group` is not followed. The copies are appended after the declared
// sets in the order uv's hash maps and sets give them (lockkit/util/rust_hash_order.hpp).

#include <lockkit/pyproject/pyproject.hpp>
#include <lockkit/resolver/conflicts.hpp>

#include <expected>
#include <string>
#include <vector>

namespace lockkit::project::detail {

/// uv's order of items in a set: package, then extras, groups and the project, then name.
bool conflict_item_before(const resolver::ConflictItem& a, const resolver::ConflictItem& b);

/// The sets uv adds to `declared` for the root project `project` and its `groups`, in uv's
/// order, each sorted as uv sorts a set; an error when one would hold a single item.
std::expected<std::vector<resolver::ConflictSet>, std::string>
inferred_group_conflicts(const std::vector<resolver::ConflictSet>& declared, const std::string& project,
                         const std::vector<pyproject::DependencyGroup>& groups);

} // namespace lockkit::project::detail
