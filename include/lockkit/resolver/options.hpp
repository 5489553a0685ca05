#pragma once
// What to resolve and how (uv's `Manifest` and `Options`, `uv-resolver/src/manifest.rs`,
// `options.rs`, `resolution_mode.rs`, `prerelease.rs`).

#include <lockkit/pep440/specifiers.hpp>
#include <lockkit/pep440/version.hpp>
#include <lockkit/pep508/requirement.hpp>
#include <lockkit/resolver/conflicts.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace lockkit::resolver {

/// Which version of a package to prefer.
enum class ResolutionMode : std::uint8_t {
    Highest,       ///< newest first (the default)
    Lowest,        ///< oldest first, for every package
    LowestDirect,  ///< oldest first for direct requirements, newest for the rest
};

/// When pre-releases may be chosen. They are always in the candidate universe; the mode only
/// orders the search (uv 0.12).
enum class PrereleaseMode : std::uint8_t {
    Disallow,              ///< never chosen
    Allow,                 ///< chosen in plain version order
    IfNecessary,           ///< stable first, pre-releases only if no stable version fits (default)
    Explicit,              ///< IfNecessary for packages whose requirement names a pre-release, else Disallow
    IfNecessaryOrExplicit, ///< deprecated alias of IfNecessary
};

/// How several indexes are searched.
enum class IndexStrategy : std::uint8_t { FirstIndex, UnsafeFirstMatch, UnsafeBestMatch };

/// How universal resolutions fork on Requires-Python.
enum class ForkStrategy : std::uint8_t { Fewest, RequiresPython };

/// `--no-binary` and `--no-build`, globally or per package (normalized names).
struct BuildOptions {
    bool no_binary = false;
    bool no_build = false;
    std::set<std::string> no_binary_packages;
    std::set<std::string> no_build_packages;

    bool no_binary_for(const std::string& name) const { return no_binary || no_binary_packages.contains(name); }
    bool no_build_for(const std::string& name) const { return no_build || no_build_packages.contains(name); }
};

/// The exclude-newer cutoffs, in UTC milliseconds: files uploaded at or after the cutoff (or
/// without an upload time) are excluded.
struct ExcludeNewer {
    std::optional<std::int64_t> global;
    /// Per package; an empty value disables the cutoff for that package.
    std::map<std::string, std::optional<std::int64_t>> packages;

    std::optional<std::int64_t> cutoff_for(const std::string& name) const {
        if (auto it = packages.find(name); it != packages.end()) return it->second;
        return global;
    }
};

struct ResolverOptions {
    ResolutionMode resolution = ResolutionMode::Highest;
    PrereleaseMode prerelease = PrereleaseMode::IfNecessary;
    std::map<std::string, PrereleaseMode> prerelease_packages;
    IndexStrategy index_strategy = IndexStrategy::FirstIndex;
    ForkStrategy fork_strategy = ForkStrategy::RequiresPython;
    BuildOptions build;
    ExcludeNewer exclude_newer;
    /// Environments every chosen version must have a usable file for in a universal resolution
    /// (`tool.uv.environments` followed by `tool.uv.required-environments`, uv's
    /// `artifact_environments`): a wheel-only version lacking one forks the resolution on it, or
    /// is unavailable ("no `E`-compatible wheels") inside it.
    std::vector<pep508::MarkerTree> artifact_environments;

    // What the failure hints need to know; the resolver itself asks the provider.
    /// The registries the provider searches, highest priority first.
    std::vector<std::string> index_urls;
    /// The flat locations it also reads (`--find-links`).
    std::vector<std::string> find_links;
    /// The environment of the interpreter at hand, when there is one: a failure in a fork that
    /// leaves it out says so.
    std::optional<pep508::MarkerEnvironment> current_environment;
};

/// Where a preferred version comes from; pre-release preferences from a file are honoured
/// under stable-first, those from a sibling fork are not.
enum class PreferenceSource : std::uint8_t { Resolver, Lock, Environment, RequirementsTxt };

/// A version to keep if it still fits (from an existing lock or an earlier fork).
struct Preference {
    std::string name;
    pep440::Version version;
    /// The fork it belongs to (TRUE when unforked); may carry conflict pseudo-extras, which
    /// are ignored when matching forks.
    pep508::MarkerTree marker;
    std::optional<std::string> index;  ///< the index it came from, if pinned
    PreferenceSource source = PreferenceSource::Lock;
};

/// Overrides for the dependencies of one package (`override-dependencies` entries with a
/// `package` table): any version of it, or only `version`.
struct ScopedOverride {
    std::string package;                    ///< normalized
    std::optional<pep440::Version> version;
    std::vector<pep508::Requirement> dependencies;
};

/// `exclude-dependencies` entries with a `package` table: dependencies dropped from one
/// package (any version, or only `version`).
struct ScopedExclude {
    std::string package;                    ///< normalized
    std::optional<pep440::Version> version;
    std::vector<std::string> dependencies;  ///< normalized names
};

/// `tool.uv.dependency-metadata`: metadata used instead of what the index or the package says.
struct StaticMetadata {
    std::string name;                        ///< normalized
    std::optional<pep440::Version> version;  ///< none: every version
    std::vector<pep508::Requirement> requires_dist;
    std::optional<pep440::VersionSpecifiers> requires_python;
    std::vector<std::string> provides_extra;  ///< normalized
};

/// A requirement on some dependency groups of a project (uv's `Requirement::groups`).
struct GroupRequirement {
    pep508::Requirement requirement;  ///< the project (name, marker, source)
    std::vector<std::string> groups;  ///< normalized
};

/// The inputs of a resolution.
struct Manifest {
    std::vector<pep508::Requirement> requirements;
    /// Constraints: applied wherever a requirement on the name appears (a constraint's marker
    /// is and-ed with the requirement's).
    std::vector<pep508::Requirement> constraints;
    /// Overrides: replace every requirement on the name.
    std::vector<pep508::Requirement> overrides;
    std::vector<Preference> preferences;
    /// Overrides for one package's dependencies: they replace the global overrides of a name
    /// there, and add requirements on names the package does not depend on.
    std::vector<ScopedOverride> scoped_overrides;
    /// Names no package may depend on (`exclude-dependencies`).
    std::vector<std::string> excludes;
    /// Names one package may not depend on.
    std::vector<ScopedExclude> scoped_excludes;
    /// Static metadata by name (an entry for the exact version wins over one for every version).
    std::vector<StaticMetadata> dependency_metadata;
    /// Requirements on dependency groups of projects (`project` with `groups = ["dev"]`), which
    /// follow `requirements` among the root's dependencies.
    std::vector<GroupRequirement> group_requirements;
    /// `tool.uv.conflicts`: sets whose items are never resolved together.
    std::vector<ConflictSet> conflicts;
    /// The workspace's members when resolving a project (normalized names). Failure reports
    /// speak of "your project" (one member) or "your workspace" instead of the requirements.
    std::set<std::string> workspace_members;
};

} // namespace lockkit::resolver
