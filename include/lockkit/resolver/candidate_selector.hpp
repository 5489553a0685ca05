#pragma once
// Choosing the version to try next for a package (uv's `CandidateSelector`,
// `uv-resolver/src/candidate_selector.rs`).
//
// Order of preference: a preferred version (from an existing lock or an earlier fork) that
// still fits; otherwise the first fitting version in the mode's order (newest first for
// `highest`), walking stable versions before pre-releases unless pre-releases are allowed.
// Versions excluded only by exclude-newer are skipped silently. The first version whose files
// are all unusable is remembered and returned when no usable one is found among the equal
// versions of other indexes, so that the solver can record why it is unusable and ask again.

#include <lockkit/resolver/environment.hpp>
#include <lockkit/resolver/options.hpp>
#include <lockkit/resolver/version_map.hpp>
#include <lockkit/resolver/version_range.hpp>

#include <map>
#include <set>
#include <span>
#include <unordered_map>
#include <vector>

namespace lockkit::resolver {

/// The version chosen and the file the resolver would use for it.
struct Candidate {
    pep440::Version version;
    std::size_t map_index = 0;  ///< which index's version map
    std::optional<CompatibleDist> compatible;
    IncompatibleDist incompatible;  ///< when not compatible
    bool from_preference = false;
};

/// Packages named with a marker scope (uv's `ForkSet`): "direct" or "explicit pre-release".
class ForkSet {
public:
    void add(const std::string& name, pep508::MarkerTree marker) { m_entries[name].push_back(marker); }
    bool contains(const std::string& name, const ResolverEnvironment& env) const;

private:
    std::map<std::string, std::vector<pep508::MarkerTree>> m_entries;
};

/// One preferred version of a package, with the PEP 508 part of its fork marker worked out
/// once (conflict pseudo-extras do not decide which fork a preference belongs to).
struct PreferredVersion {
    pep440::Version version;
    pep508::MarkerTree fork_marker;  ///< the preference's marker without extras
    PreferenceSource source = PreferenceSource::Lock;
};

/// The preferences of a resolution grouped by package, in the order they were added. Forks add
/// one per package they solve, so a universal resolution holds thousands; grouping them keeps
/// each selection to the package's own few.
class Preferences {
public:
    /// Adds `p` unless the package already has the same version, fork marker and source: a
    /// fork solves a package once per extra and group, and a repeat would only be tried again
    /// after its first copy had failed the same checks.
    void add(const Preference& p) {
        std::vector<PreferredVersion>& own = m_by_name[p.name];
        const pep508::MarkerTree fork_marker = p.marker.without_extras();
        for (const PreferredVersion& q : own)
            if (q.fork_marker == fork_marker && q.source == p.source && q.version == p.version) return;
        own.push_back(PreferredVersion{p.version, fork_marker, p.source});
    }
    std::span<const PreferredVersion> of(const std::string& name) const {
        auto it = m_by_name.find(name);
        if (it == m_by_name.end()) return {};
        return it->second;
    }

    /// One preference in the order a selection tries them, and whether it is of the fork.
    struct Ranked {
        std::uint32_t index;  ///< into of(name)
        bool in_fork;
    };
    /// The package's preferences in the order a selection in `env` tries them: those of the
    /// fork first, then the newest (the oldest unless `highest`), stable. The last order worked
    /// out for each package is kept: a fork asks again at every choice of the package, with
    /// the same marker, and in a universal resolution with many forks each package has a
    /// preference per finished fork.
    std::span<const Ranked> ranked(const std::string& name, const ResolverEnvironment& env, bool highest) const;

private:
    std::unordered_map<std::string, std::vector<PreferredVersion>> m_by_name;
    struct Ranking {
        bool universal = false;
        pep508::MarkerTree env;
        bool highest = false;
        std::size_t count = 0;  ///< of the package's preferences when ranked
        std::vector<Ranked> order;
    };
    mutable std::unordered_map<std::string, Ranking> m_rankings;
};

/// How pre-releases take part in one selection.
enum class PrereleaseSelection : std::uint8_t { Disallow, Allow, PreferStable };

class CandidateSelector {
public:
    CandidateSelector(const ResolverOptions& options, const Manifest& manifest, const ResolverEnvironment& env);

    /// The version to try for `name` within `range`, or nothing when no version remains.
    std::optional<Candidate> select(const std::string& name, const VersionRange& range,
                                    const std::vector<VersionMap>& maps, const Preferences& preferences,
                                    const ResolverEnvironment& env) const;

    /// Whether versions of `name` are tried newest first.
    bool use_highest_version(const std::string& name, const ResolverEnvironment& env) const;
    PrereleaseSelection prerelease_selection(const std::string& name, const ResolverEnvironment& env) const;
    ResolutionMode resolution_mode() const { return m_mode; }

private:
    enum class Pass : std::uint8_t { All, Stable, Prerelease };
    std::optional<Candidate> preferred(const std::string& name, const VersionRange& range,
                                       const std::vector<VersionMap>& maps, const Preferences& preferences,
                                       PrereleaseSelection selection, const ResolverEnvironment& env) const;
    std::optional<Candidate> no_preference(const std::string& name, const VersionRange& range,
                                           const std::vector<VersionMap>& maps, PrereleaseSelection selection,
                                           const ResolverEnvironment& env) const;
    std::optional<Candidate> from_maps(const std::string& name, const VersionRange& range,
                                       const std::vector<VersionMap>& maps, std::size_t first_map,
                                       std::size_t end_map, Pass pass, const ResolverEnvironment& env) const;

    ResolutionMode m_mode;
    IndexStrategy m_index_strategy;
    PrereleaseMode m_prerelease;
    std::map<std::string, PrereleaseMode> m_prerelease_packages;
    ForkSet m_direct;             ///< lowest-direct: the user's requirements
    ForkSet m_explicit_prerelease; ///< explicit: requirements naming a pre-release
};

} // namespace lockkit::resolver
