#pragma once
// Writing a lock that still has true conflicts the way git users expect: the
// merged lock in uv's layout, with git-style conflict markers around the
// conflicting `[[package]]` blocks only (and around the top-level header when a
// top-level field conflicts). Each side's block is printed by the lock writer
// from that side's model, so the text between the markers is exactly what uv
// wrote on that side.

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
