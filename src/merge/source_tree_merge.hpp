#pragma once
// Field-level merge of a workspace member (or another source-tree package)
// that both sides changed differently, and the version order the merge uses.
// Internal to src/merge.
//
// A member's dependencies are merged one decision per dependency
// (keyed_merge.hpp): its recorded requirements (`[package.metadata]`
// requires-dist and requires-dev) and its edges (`dependencies`,
// `optional-dependencies`, `dev-dependencies`) on one name within one context
// (main, an extra, a group) are taken together from the side that changed them.
// Both sides changing one such slice, or one side removing an extra or group
// that the other changed, is a conflict.

#include "lockkit/lockfile/lock.hpp"
#include "lockkit/merge/merge.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lockkit::merge::detail {

/// PEP 440 order of two optional version strings (absent first; unparsable
/// strings compare as text).
bool version_less(const std::optional<std::string>& a, const std::optional<std::string>& b);

/// The lock `revision` each side was written with: an older writer leaves
/// out fields (revision 0 writes no `provides-extras` and no empty groups),
/// which is not a change to merge.
struct SideRevisions {
    std::int64_t base = 0, ours = 0, theirs = 0;
};

/// The merge of `o` and `t` against `b` (null when both sides added the
/// package), or nothing with `why` set when both sides changed one decision.
std::optional<lockfile::Package> merge_source_tree(const lockfile::Package* b, const lockfile::Package& o,
                                                   const lockfile::Package& t, const SideRevisions& revisions,
                                                   const MergeOptions& options, std::vector<std::string>& notes,
                                                   std::string& why);

/// The extras an `extra == '...'` test in a canonical marker names (normalized).
std::vector<std::string> extras_in_marker(std::string_view marker);

} // namespace lockkit::merge::detail
