#pragma once
// The uv.lock data model (schema `version = 1`, revisions 0 to 4) as typed
// structs. It is the single representation that every lockkit tool works on:
// the reader builds it, the writer prints it in uv's exact layout, merge and
// diff compare it.
//
// Invariants and choices:
// - Order is data. Packages, edges and requirements are kept in the order read;
//   `canonicalize()` (canonical.hpp) sorts them the way uv does. A lock read
//   from a uv-written file is already in canonical order, so read -> write
//   reproduces it byte for byte.
// - Text uv computed and we cannot re-derive cheaply (markers, specifier
//   strings, timestamps, hashes) is kept verbatim as strings; pep440/pep508 parse
//   it on demand.
// - A dependency edge names its target by (name, version, source) exactly as far
//   as the file did; the reader fills the missing parts from the unique package
//   with that name, so every edge in a valid Lock carries a full PackageId.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lockkit::lockfile {

/// Where a package comes from; the order of the enumerators is uv's sort order.
enum class SourceKind : std::uint8_t { Registry, Git, Url, Path, Directory, Editable, Virtual };

/// The spelling of a source kind as a key in uv.lock ("registry", "git", ...).
const char* source_kind_key(SourceKind kind);

struct Source {
    SourceKind kind = SourceKind::Registry;
    /// Registry URL or path, git URL with query and `#commit`, direct URL, or path.
    std::string location;
    /// Only for `url` sources: `subdirectory = "..."`.
    std::optional<std::string> subdirectory;

    bool is_source_tree() const {
        return kind == SourceKind::Directory || kind == SourceKind::Editable || kind == SourceKind::Virtual;
    }
    /// A registry given by URL (scheme present) rather than a local path.
    bool is_remote_registry() const;
    friend bool operator==(const Source&, const Source&) = default;
};

/// A package's identity: unique within a lock.
struct PackageId {
    std::string name;                    ///< normalized
    std::optional<std::string> version;  ///< absent for dynamic source trees
    Source source;
    friend bool operator==(const PackageId&, const PackageId&) = default;
};

/// A dependency edge (`dependencies`, `optional-dependencies`, `dev-dependencies`).
struct Dependency {
    PackageId target;
    std::vector<std::string> extras;  ///< `extra = [...]`, sorted by uv
    std::string marker;               ///< canonical marker text; empty = always
    friend bool operator==(const Dependency&, const Dependency&) = default;
};

/// `zstd = { hash, size }` on wheels of pyx-style indexes.
struct ZstdInfo {
    std::optional<std::string> hash;
    std::optional<std::uint64_t> size;
    friend bool operator==(const ZstdInfo&, const ZstdInfo&) = default;
};

/// How an artifact is located: by URL, by path (local index), by bare filename
/// (path/git-archive wheels), or not at all (sdist of url/path sources).
enum class ArtifactLocation : std::uint8_t { None, Url, Path, Filename };

/// An sdist or a wheel entry.
struct Artifact {
    ArtifactLocation location_kind = ArtifactLocation::None;
    std::string location;
    std::optional<std::string> hash;         ///< "sha256:<hex>"
    std::optional<std::uint64_t> size;
    std::optional<std::string> upload_time;  ///< RFC 3339, kept verbatim
    std::optional<ZstdInfo> zstd;
    /// The last path segment of the URL or path, or the filename itself.
    std::string filename() const;
    /// The same, as a view into `location`.
    std::string_view filename_view() const;
    friend bool operator==(const Artifact&, const Artifact&) = default;
};

/// `conflict = { package = "p", extra = "x" }` and the items of `conflicts`.
struct ConflictItem {
    enum class Kind : std::uint8_t { Extra, Group, Project };
    std::string package;
    Kind kind = Kind::Project;
    std::string name;  ///< the extra or group; empty for Project
    friend bool operator==(const ConflictItem&, const ConflictItem&) = default;
};

/// A requirement table as recorded in `[package.metadata]` and `[manifest]`
/// (uv's lowered `Requirement`). Exactly one source family is set.
struct Requirement {
    std::string name;
    std::optional<std::vector<std::string>> extras;  ///< declaration order
    std::optional<std::vector<std::string>> groups;
    std::string marker;
    // registry
    std::optional<std::string> specifier;
    std::optional<std::string> index;
    std::optional<ConflictItem> conflict;
    // direct URL
    std::optional<std::string> url;
    std::optional<std::string> subdirectory;
    // git, path and source trees
    std::optional<std::string> git;
    std::optional<std::string> path;
    std::optional<std::string> directory;
    std::optional<std::string> editable;
    std::optional<std::string> virtual_;
    friend bool operator==(const Requirement&, const Requirement&) = default;
};

/// A dependency list keyed by extra or group name, in file order.
template <typename T>
using NamedLists = std::vector<std::pair<std::string, std::vector<T>>>;

/// `[package.metadata]`: what a mutable (local or URL) package declared.
struct PackageMetadata {
    std::optional<std::vector<Requirement>> requires_dist;
    std::optional<std::vector<std::string>> provides_extras;  ///< declaration order
    std::optional<NamedLists<Requirement>> requires_dev;      ///< empty groups kept
    bool present = false;  ///< the `[package.metadata]` table exists
    friend bool operator==(const PackageMetadata&, const PackageMetadata&) = default;
};

struct Package {
    PackageId id;
    std::vector<std::string> resolution_markers;
    std::vector<Dependency> dependencies;
    std::optional<Artifact> sdist;
    std::vector<Artifact> wheels;
    /// `variants-json = { url|path, hash }` (wheel-variant indexes, preview in uv).
    std::optional<Artifact> variants_json;
    NamedLists<Dependency> optional_dependencies;
    NamedLists<Dependency> dev_dependencies;
    PackageMetadata metadata;
    std::uint32_t line = 0;  ///< line of its `[[package]]` header in the file read (0 if built)
    friend bool operator==(const Package& a, const Package& b) {
        return a.id == b.id && a.resolution_markers == b.resolution_markers && a.dependencies == b.dependencies &&
               a.sdist == b.sdist && a.wheels == b.wheels && a.variants_json == b.variants_json && a.optional_dependencies == b.optional_dependencies &&
               a.dev_dependencies == b.dev_dependencies && a.metadata == b.metadata;
    }
};

/// Calls `f` with every edge of `p`: `dependencies`, then each extra's, then each group's.
template <typename F>
void for_each_dependency(const Package& p, F&& f) {
    for (const auto& d : p.dependencies) f(d);
    for (const auto& [extra, deps] : p.optional_dependencies) {
        for (const auto& d : deps) f(d);
    }
    for (const auto& [group, deps] : p.dev_dependencies) {
        for (const auto& d : deps) f(d);
    }
}

/// An `[options.exclude-newer-package]` value: a timestamp, `false`, or a relative span.
struct ExcludeNewerPackage {
    std::string name;
    enum class Kind : std::uint8_t { Timestamp, Disabled, Relative } kind = Kind::Timestamp;
    std::string timestamp;
    std::string span;
    friend bool operator==(const ExcludeNewerPackage&, const ExcludeNewerPackage&) = default;
};

struct Options {
    std::optional<std::string> resolution_mode;
    std::optional<std::string> prerelease_mode;
    std::optional<std::string> fork_strategy;
    std::optional<std::string> exclude_newer;
    /// uv writes a fixed comment after the placeholder `exclude-newer` of relative cutoffs.
    std::optional<std::string> exclude_newer_comment;
    std::optional<std::string> exclude_newer_span;
    std::vector<std::pair<std::string, std::string>> prerelease_package;
    std::vector<ExcludeNewerPackage> exclude_newer_package;  ///< uv's hash-map order, kept
    bool has_prerelease_package_table = false;
    bool has_exclude_newer_package_table = false;
    bool empty() const;
    friend bool operator==(const Options&, const Options&) = default;
};

/// A scoped override or exclude: `{ package = { name, version }, dependencies = [...] }`.
struct ScopedRequirements {
    std::string package;
    std::optional<std::string> version;
    std::vector<Requirement> dependencies;  ///< overrides
    std::vector<std::string> names;         ///< excludes
    friend bool operator==(const ScopedRequirements&, const ScopedRequirements&) = default;
};

/// An `overrides` or `excludes` entry: either global or scoped to one package.
struct ManifestEntry {
    std::optional<Requirement> requirement;  ///< global override
    std::optional<std::string> name;         ///< global exclude
    std::optional<ScopedRequirements> scoped;
    friend bool operator==(const ManifestEntry&, const ManifestEntry&) = default;
};

/// `[[manifest.dependency-metadata]]`.
struct DependencyMetadata {
    std::string name;
    std::optional<std::string> version;
    std::optional<std::vector<std::string>> requires_dist;  ///< PEP 508 strings, as given
    std::optional<std::string> requires_python;
    std::optional<std::vector<std::string>> provides_extras;
    friend bool operator==(const DependencyMetadata&, const DependencyMetadata&) = default;
};

struct Manifest {
    std::vector<std::string> members;
    std::vector<Requirement> requirements;
    std::vector<Requirement> constraints;
    std::vector<ManifestEntry> overrides;
    std::vector<ManifestEntry> excludes;
    std::vector<Requirement> build_constraints;
    NamedLists<Requirement> dependency_groups;
    std::vector<DependencyMetadata> dependency_metadata;
    bool present = false;                  ///< the `[manifest]` table exists
    bool has_dependency_groups_table = false;
    bool empty() const;
    friend bool operator==(const Manifest&, const Manifest&) = default;
};

struct Lock {
    std::int64_t version = 1;
    std::int64_t revision = 0;
    std::string requires_python;
    std::optional<std::vector<std::string>> resolution_markers;
    std::optional<std::vector<std::string>> supported_markers;
    std::optional<std::vector<std::string>> required_markers;
    std::vector<std::vector<ConflictItem>> conflicts;
    Options options;
    Manifest manifest;
    std::vector<Package> packages;

    /// Index of the package with this identity, or -1.
    std::ptrdiff_t find(const PackageId& id) const;
    friend bool operator==(const Lock&, const Lock&) = default;
};

/// The schema version and revision this build writes (uv 0.12.5's).
inline constexpr std::int64_t k_lock_version = 1;
inline constexpr std::int64_t k_lock_revision = 3;

} // namespace lockkit::lockfile
