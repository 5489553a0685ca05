#pragma once
// A lock as a graph of package variants, for walking requirement chains backwards.
//
// A node is a package (by index into `Lock::packages`) with one variant: its main dependencies,
// one extra (`[package.optional-dependencies]`) or one dependency group
// (`[package.dev-dependencies]`). One extra node stands for the workspace root's `[manifest]`
// (index `manifest_node()`): its requirements and dependency groups reach packages by name.
// Edges run from the variant that lists a dependency to the target's main node and to one node
// per extra the edge names. The graph keeps, for every node, the edges *into* it.

#include <lockkit/lockfile/lock.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lockkit::why {

struct VariantNode {
    enum class Kind : std::uint8_t { Main, Extra, Group };
    std::size_t package = 0;  ///< index into Lock::packages, or the manifest sentinel
    Kind kind = Kind::Main;
    std::string name;  ///< the extra or group
    bool is_root = false;  ///< a workspace member's variant, or the manifest
};

struct IncomingEdge {
    std::size_t from = 0;  ///< node index
    const lockfile::Dependency* dependency = nullptr;  ///< nothing for manifest edges
    const lockfile::Requirement* manifest_requirement = nullptr;  ///< for manifest edges
};

class LockGraph {
public:
    explicit LockGraph(const lockfile::Lock& lock);

    const std::vector<VariantNode>& nodes() const { return m_nodes; }
    const std::vector<IncomingEdge>& incoming(std::size_t node) const { return m_incoming[node]; }
    /// The node of a package's main dependencies.
    std::size_t main_node(std::size_t package) const { return m_main[package]; }
    /// The node of a package's extra, if the lock has one.
    std::optional<std::size_t> extra_node(std::size_t package, const std::string& extra) const;
    /// The sentinel package index of the `[manifest]` node (`Lock::packages.size()`).
    std::size_t manifest_package() const { return m_manifest_package; }

private:
    std::size_t add(VariantNode node);

    std::vector<VariantNode> m_nodes;
    std::vector<std::vector<IncomingEdge>> m_incoming;
    std::vector<std::size_t> m_main;
    std::size_t m_manifest_package = 0;
};

} // namespace lockkit::why
