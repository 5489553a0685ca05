#pragma once
// The conflict-marker pass over a merged resolution graph (internal; uv's `ConflictMarker`
// and `UniversalMarker::imbibe` in `uv-resolver/src/universal_marker.rs`, and
// `simplify_conflict_markers` in `graph_ops.rs`).
//
// With declared conflicts, node and edge markers are universal markers: PEP 508 tests and-ed
// with conflict pseudo-extras (conflicts.hpp). Two steps make them what uv writes:
//
// 1. Imbibe: every marker M becomes `not W or M`, where W says "no two items of any declared
//    set are active together". Outside W is a world that can never be installed, so the marker
//    may hold there; that is what lets the diagram drop pseudo-extra tests that only restate
//    the declared conflicts.
// 2. Simplify: walking from the nodes nobody depends on, each node collects the sets of extras
//    and groups that are active on some path to it (an extra or group node activates itself).
//    Each set implies its items are on and the other items of their declared sets are off. An
//    edge whose marker holds under every such set gets all of them assumed (the pseudo-extras
//    become constants); otherwise, when assuming each set alone gives the same marker, that
//    marker is kept. Edges from a node to two variants of the same package are left alone.

#include <lockkit/resolver/conflicts.hpp>
#include <lockkit/resolver/resolution_graph.hpp>

#include <vector>

namespace lockkit::resolver::detail {

/// W above: TRUE without conflicts.
pep508::MarkerTree conflict_world(const std::vector<ConflictSet>& conflicts);

/// `not world or marker`; the marker itself when `world` is TRUE.
pep508::MarkerTree imbibe(pep508::MarkerTree marker, pep508::MarkerTree world);

/// Step 2 on the edges of a graph (node 0 is the root); nothing without conflicts.
void simplify_conflict_markers(const std::vector<ConflictSet>& conflicts, const std::vector<GraphNode>& nodes,
                               std::vector<GraphEdge>& edges);

} // namespace lockkit::resolver::detail
