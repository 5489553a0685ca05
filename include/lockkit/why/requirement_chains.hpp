#pragma once
// `lock why P`: the chains of requirements in a lock that lead from the roots (workspace members,
// with each extra and dependency group, and `[manifest]` requirements) to each locked version of P.
//
// Representation: the lock as a graph of *nodes*, a package together with one of its variants
// (its main dependencies, one extra, or one dependency group), and its dependency edges. An edge
// `{ name = "anyio", extra = ["trio"] }` reaches both `anyio` and `anyio[trio]`, as uv installs
// both. A chain is a simple path from a root node to P; it is listed with the requirement behind
// each step (the specifier a member or local package recorded, when the lock has it; registry
// packages' own specifiers are not in a lock) and the edge's marker, and with the conjunction of
// those markers: the environments where the chain is active. Chains whose markers contradict
// each other cannot occur and are left out.
//
// The number of simple paths grows exponentially with the graph, so chains are found shortest
// first (by iterative deepening) and only up to a limit; `more` says when some were left out.

#include <lockkit/lockfile/lock.hpp>
#include <lockkit/why/recorded_requirements.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lockkit::why {

/// Where a chain starts.
struct ChainRoot {
    /// The member, or nothing for the workspace root's `[manifest]` requirements.
    std::optional<lockfile::PackageId> package;
    std::optional<std::string> extra;
    std::optional<std::string> group;
    /// "app 1.0.0", "app 1.0.0 [extra test]", "app 1.0.0 (group dev)", "the workspace root (group docs)".
    std::string label() const;
};

/// One edge of a chain: the requirement and the package (variant) it reached.
struct ChainStep {
    std::string requirement;         ///< "anyio>=4", or just the name and extras when not recorded
    bool requirement_recorded = false;  ///< the specifier comes from the lock's recorded metadata
    std::string marker;              ///< the edge's marker in the lock ("" when unconditional)
    lockfile::PackageId package;     ///< the package reached
    std::optional<std::string> extra;  ///< reached as `package[extra]` (the step continues from that extra)
};

struct RequirementChain {
    ChainRoot root;
    std::vector<ChainStep> steps;
    std::string marker;  ///< where the whole chain applies: the edge markers and-ed ("" = everywhere)
};

/// One locked version of the package and the chains to it.
struct LockedVersionChains {
    lockfile::PackageId id;
    std::vector<std::string> resolution_markers;  ///< the forks it was chosen in ("" none: every fork)
    bool is_member = false;                       ///< a workspace member (a root itself)
    std::vector<RequirementChain> chains;
    bool more = false;  ///< chains beyond the limit exist
};

struct WhyReport {
    std::string package;  ///< normalized
    std::vector<LockedVersionChains> versions;  ///< by version
    /// `[manifest]` constraints and overrides on the package.
    std::vector<RecordedRequirement> constraints;
    bool found() const { return !versions.empty(); }
};

struct WhyOptions {
    std::size_t max_chains = 10;  ///< per locked version; 0 = no limit (still at most 10,000)
};

/// The chains leading to every locked version of `name` (normalized or not).
WhyReport explain_why(const lockfile::Lock& lock, std::string_view name, const WhyOptions& options = {});

} // namespace lockkit::why
