#pragma once
// Where packages sit relative to the workspace members of one lock.
//
// Representation: the lock's edges (dependencies, optional and dev
// dependencies) collapsed to package names, and the result of one breadth-first
// search from every member at once: for each reachable name, its depth (0 for a
// member, 1 for a direct dependency) and the parent on one shortest path (ties
// broken by the first edge in file order, so results are stable).
//
// Reach: for every member list (main `dependencies`, each extra, each
// dependency group) the set of packages reachable from it, so a change can say
// "dev group" or "extra `http`". Members' own extras and groups are seeded;
// through a member reached on the way, only its main dependencies are followed.
//
// Members are the lock's members as lockfile/roots.hpp defines them for every
// tool: the source trees `[manifest] members` names, else the project at ".",
// else every source tree nothing else depends on.

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
    /// Which members' lists (main dependencies, extras, dependency groups) reach `name`.
    Reach reach_of(std::string_view name) const;

private:
    void compute_reach(const lockfile::Lock& lock, const std::vector<std::string>& members,
                       const std::unordered_map<std::string, std::vector<std::string>>& edges);
    int depth_of(std::string_view name) const;

    struct Node {
        int depth = -1;
        std::string parent;
    };
    std::unordered_map<std::string, Node> m_nodes;
    /// Channel 0 is "main"; then "extra:<name>" and "group:<name>" of the members.
    std::vector<std::string> m_channels;
    std::unordered_map<std::string, std::vector<bool>> m_reach;
};

} // namespace lockkit::diff
