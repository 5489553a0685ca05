#pragma once
// The forks of a universal resolution merged into one graph (uv's `ResolverOutput::from_state`
// and `marker_reachability`, `uv-resolver/src/resolution/output.rs` and `graph_ops.rs`).
//
// Nodes are the union of every fork's solution: one node per (name, version, URL or index,
// extra, group), so a package's extra and group variants are nodes of their own. Node 0 is the
// root. An edge's marker is the requirement's marker and-ed with the fork's markers; the same
// edge from several forks has its markers or-ed. A node's marker is where it can be reached:
// nodes without incoming edges start from the union of the fork markers (TRUE when the
// resolution did not fork), and markers flow along edges (and along a path, or across paths)
// to a fixpoint. Nodes that are reachable nowhere are dropped with their edges.
//
// With declared conflicts the fork markers are the forks' universal markers, and node and edge
// markers carry conflict pseudo-extras, imbibed and simplified after reachability
// (src/resolver/conflict_markers.hpp); use `without_extras()` for the PEP 508 part.
//
// Markers are canonical decision diagrams, so the fixpoint, and the whole graph, does not
// depend on the order in which forks, nodes or edges are visited.

#include <lockkit/resolver/resolver.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace lockkit::resolver {

struct GraphNode {
    std::string name;  ///< empty for the root
    pep440::Version version;
    std::optional<std::string> extra;
    std::optional<std::string> group;
    /// The base package (files, index or URL); null for the root.
    const ResolvedPackage* package = nullptr;
    /// Where the node is reachable.
    pep508::MarkerTree marker;

    bool is_root() const { return package == nullptr; }
    bool is_base() const { return !extra && !group; }
};

struct GraphEdge {
    std::size_t from = 0;
    std::size_t to = 0;
    pep508::MarkerTree marker;
};

class ResolutionGraph {
public:
    /// Merges the forks of `resolution` (which must outlive the graph: nodes point into it).
    /// With declared `conflicts`, markers are universal (PEP 508 and conflict pseudo-extras):
    /// each is imbibed with the conflicts and the edges simplified as uv does.
    static ResolutionGraph from_resolution(const Resolution& resolution,
                                           const std::vector<ConflictSet>& conflicts = {});

    /// Node 0 is the root; the others are in no particular order.
    const std::vector<GraphNode>& nodes() const { return m_nodes; }
    const std::vector<GraphEdge>& edges() const { return m_edges; }
    /// The outgoing edges of a node (indexes into `edges()`).
    const std::vector<std::size_t>& outgoing(std::size_t node) const { return m_outgoing[node]; }
    /// One marker per fork in solving order; empty when the resolution did not fork (a single
    /// fork is kept only when its marker is not TRUE).
    const std::vector<pep508::MarkerTree>& fork_markers() const { return m_fork_markers; }

private:
    std::vector<GraphNode> m_nodes;
    std::vector<GraphEdge> m_edges;
    std::vector<std::vector<std::size_t>> m_outgoing;
    std::vector<pep508::MarkerTree> m_fork_markers;
};

} // namespace lockkit::resolver
