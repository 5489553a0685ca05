#pragma once
// A semantic diff of two uv.lock files, as a plain value the renderers print.
//
// Representation:
// - One `PackageChange` per package entry that changed in a way a reviewer
//   cares about. A package is identified by name and source, and uv may lock one
//   name several times (one entry per fork of `resolution-markers`); entries of
//   one name are paired old->new by exact identity, then equal resolution
//   markers, then same source aligned from the highest version down, then any
//   remaining ones (a source change). Unpaired entries are added or removed.
// - `kind` says what happened to the version; the other fields of the change
//   (source, artifacts, sdist-only, markers, dependency edges) are independent
//   findings on the same pair and may all be set at once.
// - Entries whose only differences carry no meaning (upload-time added or
//   dropped, trailing-slash spellings) are not listed: they are counted in
//   `LockDiff::cosmetic_packages`. A `revision` bump is `LockDiff::revision`.
// - `relation` says whether the package is a workspace member, a direct
//   dependency of one (an edge from a member), or transitive; `via` is the
//   shortest chain of packages from a member's direct dependency to the
//   package's parent ({"httpx"} for anyio pulled by httpx). Added packages are
//   located in the new lock, removed ones in the old lock.
// - Changes are sorted by name, then old version, then new version, so the
//   rendering is stable.

#include "lockkit/lockfile/lock.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lockkit::diff {

/// What happened to a package entry's version.
enum class ChangeKind : std::uint8_t { Added, Removed, Upgraded, Downgraded, Unchanged };

/// How far a version moved (PEP 440 release segments, then suffixes).
enum class BumpKind : std::uint8_t { None, Major, Minor, Patch, PreRelease, Post, Local, Other };

/// Where the package sits in the dependency graph.
enum class Relation : std::uint8_t { Member, Direct, Transitive, Unreachable };

/// A change to one sdist or wheel file that kept its filename.
struct ArtifactChange {
    enum class Kind : std::uint8_t { HashChanged, HashAdded, HashRemoved, UrlChanged, SizeChanged };
    std::string filename;
    Kind kind = Kind::HashChanged;
    std::string old_value;
    std::string new_value;
    /// Whether this may mean the file was swapped (everything but a hash being added).
    bool is_security() const { return kind != Kind::HashAdded; }
    friend bool operator==(const ArtifactChange&, const ArtifactChange&) = default;
};

/// Through which of the workspace members' dependency lists a package is reached:
/// their main `dependencies`, an extra (`optional-dependencies`), or a
/// dependency group (`dev-dependencies`), directly or through other packages.
struct Reach {
    bool main = false;                ///< through a member's main dependencies
    std::vector<std::string> extras;  ///< member extras, sorted, unique
    std::vector<std::string> groups;  ///< member dependency groups, sorted, unique
    bool empty() const { return !main && extras.empty() && groups.empty(); }
    friend bool operator==(const Reach&, const Reach&) = default;
};

/// Wheel platform coverage gained or lost for one Python tag ("cp314", "cp314t",
/// "cp39-abi3", "py3"), between the old and the new entry (any versions).
struct WheelCoverageChange {
    enum class Kind : std::uint8_t { Added, Removed, Changed };
    std::string python;                        ///< the tag
    Kind kind = Kind::Changed;
    std::vector<std::string> platforms_added;  ///< "manylinux x86_64", "macOS arm64", "Windows amd64", "any"
    std::vector<std::string> platforms_removed;
    friend bool operator==(const WheelCoverageChange&, const WheelCoverageChange&) = default;
};

struct PackageChange {
    std::string name;
    ChangeKind kind = ChangeKind::Unchanged;
    BumpKind bump = BumpKind::None;
    std::optional<std::string> old_version;
    std::optional<std::string> new_version;
    std::optional<lockfile::Source> old_source;  ///< absent when added
    std::optional<lockfile::Source> new_source;  ///< absent when removed
    bool source_changed = false;
    /// Same version and source, yet a file's hash, URL or size differs.
    std::vector<ArtifactChange> artifact_changes;
    std::vector<std::string> wheels_added;    ///< same version: filenames gained
    std::vector<std::string> wheels_removed;  ///< same version: filenames lost
    bool became_sdist_only = false;           ///< had wheels, now only an sdist
    std::vector<std::string> old_markers;     ///< resolution-markers, when they changed
    std::vector<std::string> new_markers;
    bool markers_changed = false;
    std::vector<std::string> dependencies_added;    ///< edge spellings, see edge_key()
    std::vector<std::string> dependencies_removed;
    /// A source tree's declared requirements (`[package.metadata]`), see requirement_key().
    std::vector<std::string> requirements_added;
    std::vector<std::string> requirements_removed;
    /// Wheel platform coverage gained or lost (both sides had wheels), by Python tag.
    std::vector<WheelCoverageChange> wheel_coverage;
    /// A git commit move within one GitHub/GitLab repository: the host's compare page.
    std::optional<std::string> compare_url;
    Relation relation = Relation::Transitive;
    std::vector<std::string> via;
    /// Which member lists (main, extras, groups) reach the package; empty when unreachable.
    Reach reached_from;
    /// Any finding other than the version moving.
    bool has_findings() const;
    bool has_security_findings() const;
};

/// A top-level field of the lock (requires-python, resolution-markers, options, members).
struct LockFieldChange {
    std::string field;
    std::string old_value;  ///< "" when absent
    std::string new_value;
};

struct LockDiff {
    std::vector<PackageChange> changes;
    std::vector<LockFieldChange> lock_changes;
    std::size_t cosmetic_packages = 0;  ///< entries with only meaningless differences
    std::optional<std::pair<std::int64_t, std::int64_t>> revision;  ///< set when it changed

    /// No meaningful change (cosmetic differences and revision bumps do not count).
    bool empty() const { return changes.empty() && lock_changes.empty(); }
    std::size_t count(ChangeKind kind) const;
    bool has_downgrade() const { return count(ChangeKind::Downgraded) > 0; }
    bool has_source_change() const;
    bool has_artifact_change() const;
};

/// Compares two locks; never fails.
LockDiff diff_locks(const lockfile::Lock& old_lock, const lockfile::Lock& new_lock);

/// The spelling of a dependency edge without the target's version:
/// "httpx[http2] ; python_full_version >= '3.10'", suffixed " (extra: x)" or " (group: dev)".
std::string edge_key(const lockfile::Dependency& dependency, std::string_view list = "", std::string_view name = "");
/// The spelling of a declared requirement: "httpx[http2]>=0.27 ; marker", or "name @ git+..." for direct ones.
std::string requirement_key(const lockfile::Requirement& requirement);

/// The compare page for a git commit move on GitHub or GitLab (same repository on both
/// sides, commits differ): "https://github.com/o/r/compare/OLD...NEW",
/// "https://gitlab.com/g/r/-/compare/OLD...NEW"; nullopt otherwise.
std::optional<std::string> git_compare_url(const lockfile::Source& old_source, const lockfile::Source& new_source);

/// Coverage of a set of wheel filenames: Python tag -> platform labels (see WheelCoverageChange).
std::vector<WheelCoverageChange> compare_wheel_coverage(const std::vector<std::string>& old_wheels,
                                                        const std::vector<std::string>& new_wheels);
/// "manylinux x86_64" for "manylinux_2_17_x86_64.manylinux2014_x86_64", "macOS arm64", "Windows amd64", "any".
std::string platform_label(std::string_view platform_tag);

/// "added", "removed", "upgraded", "downgraded", "changed".
const char* change_kind_name(ChangeKind kind);
/// "major", "minor", "patch", "pre-release", "post", "local", "other"; "" for None.
const char* bump_kind_name(BumpKind kind);
/// "member", "direct", "transitive", "unreachable".
const char* relation_name(Relation relation);
/// "hash-changed", "hash-added", "hash-removed", "url-changed", "size-changed".
const char* artifact_change_name(ArtifactChange::Kind kind);
/// "registry+https://pypi.org/simple", "git+https://...#sha", "editable+.".
std::string describe_source(const lockfile::Source& source);

} // namespace lockkit::diff
