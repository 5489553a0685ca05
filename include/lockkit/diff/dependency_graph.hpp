#pragma once
// Where packages sit relative to the workspace members of one lock.
//
// Representation: the lock's edges (dependencies, optional and dev
// dependencies) collapsed to package names, and the result of one breadth-first
// search from every member at once: for each reachable name, its depth (0 for a
// member, 1 for a direct dependency) and the parent on one shortest path (ties
// broken by the first edge in file order, so results are stable).
//
// Members are the source-tree packages (editable, virtual, directory) named in
// `[manifest] members`; with no members list, the source tree at "." (the sole
// project root); failing that, every source tree nothing else depends on.

#include "lockkit/diff/lock_diff.hpp"

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace lockkit::diff {

class DependencyGraph {
public:
    explicit DependencyGraph(const lockfile::Lock& lock);

    Relation relation_of(std::string_view name) const;
    /// The names between a member's direct dependency and `name`'s parent, in
    /// order from the member side; empty for members and direct dependencies.
    std::vector<std::string> via(std::string_view name) const;
    bool is_member(std::string_view name) const { return depth_of(name) == 0; }

private:
    int depth_of(std::string_view name) const;

    struct Node {
        int depth = -1;
        std::string parent;
    };
    std::unordered_map<std::string, Node> m_nodes;
};

} // namespace lockkit::diff
