#pragma once
// Writing a lock that still has true conflicts the way git users expect: the
// merged lock in uv's layout, with git-style conflict markers around the
// conflicting `[[package]]` blocks only (and around the top-level header when a
// top-level field conflicts). Each side's block is printed by the lock writer
// from that side's model.
//
// Each side of the markers, read with the merged part, is a complete lock
// (`lock resolve` reads it so): a package only that side's conflicting blocks
// reach (the merged part dropped it as unreachable) is written on that side, or
// once outside the markers when both sides hold the same block; a block the
// merged part already holds is not repeated; an edge names its target's version
// wherever that reading holds the name more than once; and a merged package
// whose edge points at a version neither side's reading holds (a base version
// both sides moved) is written per side, its edge aimed at what that side holds.

#include "lockkit/lockfile/lock.hpp"
#include "lockkit/merge/merge.hpp"

#include <string>

namespace lockkit::merge {

struct MarkerLabels {
    std::string ours = "ours";
    std::string theirs = "theirs";
    int marker_size = 7;
};

/// The text of `outcome.lock` with the conflicts of `outcome` inlined as markers.
std::string render_with_conflicts(const MergeOutcome& outcome, const lockfile::Lock& ours, const lockfile::Lock& theirs,
                                  const MarkerLabels& labels = {});

} // namespace lockkit::merge
