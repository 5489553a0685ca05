#pragma once
// The semantic three-way merge of uv.lock models (issue 5).
//
// Packages are matched by identity (name, version, source); workspace members
// and other source-tree packages by (name, source), so a member whose own
// version moved is still "the same package". For each package the change
// base->ours and base->theirs is applied: the same change on both sides or a
// change on one side is taken; different changes to a source-tree package are
// merged field by field (edges, extras, groups, `[package.metadata]` as
// three-way set merges); different changes to any other package are a
// conflict. A name whose set of versions both sides changed differently (both
// bumped `foo`) is a conflict unless `MergeOptions::prefer` picks a side.
// Top-level fields merge three-way; the higher `revision` wins.
//
// Afterwards, packages nothing reaches any more are dropped, every edge must
// resolve (an edge whose target version left is re-pointed to the only package
// of that name), and the lock is canonicalized. A true conflict is reported, not
// guessed: the future resolver plugs in at `MergeOutcome::conflicts`.
//
// Tamper check: the same identity carrying different artifact URLs or hashes on
// the two sides, when both sides changed that package, is refused
// (`MergeOutcome::refusals`), never merged silently. A change on one side only
// (an index re-upload seen on that branch) is taken like any other change.

#include "lockkit/lockfile/lock.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace lockkit::merge {

/// Opt-in policy for "both sides moved the same package to different versions".
enum class Prefer : std::uint8_t { None, Newer, Ours, Theirs };

struct MergeOptions {
    Prefer prefer = Prefer::None;
    /// Consulted when both sides moved a source-tree package's own version
    /// differently: the version the merged pyproject.toml declares for it, if
    /// known (the driver reads it beside %P); none -> the higher version.
    std::function<std::optional<std::string>(const lockfile::Package& member)> project_version;
};

/// Where a package of the result came from.
enum class Provenance : std::uint8_t { Base, Ours, Theirs, Both, Merged };
const char* provenance_name(Provenance p);

struct ProvenanceEntry {
    lockfile::PackageId id;
    Provenance provenance = Provenance::Base;
};

/// A package (or a top-level field) the two sides changed incompatibly.
struct MergeConflict {
    /// Package name; empty for a top-level field.
    std::string package;
    /// What differs ("both sides changed the package", "requires-python", ...).
    std::string reason;
    /// Each side's entries for that name (empty when the side removed it).
    std::vector<lockfile::Package> ours;
    std::vector<lockfile::Package> theirs;
};

/// A package identity whose artifacts differ between the sides.
struct Refusal {
    lockfile::PackageId id;
    std::string reason;
};

struct MergeReport {
    std::vector<ProvenanceEntry> provenance;  ///< one per package of the result
    std::vector<lockfile::PackageId> dropped;  ///< unreachable after the merge
    /// Decisions worth telling a reviewer ("app: version 1.2.0 from pyproject.toml").
    std::vector<std::string> notes;
};

struct MergeOutcome {
    /// The merged, canonical lock. When there are conflicts it holds every
    /// package that merged and none of the conflicting ones.
    lockfile::Lock lock;
    std::vector<MergeConflict> conflicts;
    std::vector<Refusal> refusals;
    MergeReport report;
    bool clean() const { return conflicts.empty() && refusals.empty(); }
};

/// Three-way merges `ours` and `theirs` against their merge base `base`.
MergeOutcome merge_locks(const lockfile::Lock& base, const lockfile::Lock& ours, const lockfile::Lock& theirs,
                         const MergeOptions& options = {});

} // namespace lockkit::merge
