#pragma once
// Three-way merge of `[manifest]`: the inputs of a resolution that belong to no
// package (members, a script's or virtual root's requirements and groups,
// constraints, overrides, excludes, build constraints, dependency metadata).
// Internal to src/merge.
//
// Lists are merged one decision per name (keyed_merge.hpp): the entries on one
// name are taken together from the side that changed them, so two sides that
// rewrote the same constraint differently (`foo<2.5` against `foo<2.8`) are a
// conflict instead of a manifest holding both.

#include "lockkit/lockfile/lock.hpp"

#include <string>
#include <vector>

namespace lockkit::merge::detail {

/// The merged manifest; one sentence per conflicting entry is appended to `conflicts`.
lockfile::Manifest merge_manifest(const lockfile::Manifest& base, const lockfile::Manifest& ours,
                                  const lockfile::Manifest& theirs, std::vector<std::string>& conflicts);

} // namespace lockkit::merge::detail
