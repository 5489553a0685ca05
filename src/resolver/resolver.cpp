// uv's resolver driver over the PubGrub core (see resolver.hpp). It keeps the order of uv's
// `ResolverState::solve` and `ForkState` (uv-resolver/src/resolver/mod.rs), because the order
// of every allocation, registration and decision shows in the result.

#include <lockkit/resolver/resolver.hpp>

#include <lockkit/resolver/candidate_selector.hpp>
#include <lockkit/resolver/version_map.hpp>

#include "background_release.hpp"
#include "batch_prefetch.hpp"
#include "dependencies.hpp"
#include "derivation_chain.hpp"
#include "fork_state.hpp"
#include "forks.hpp"

#include <algorithm>
#include <deque>
#include <set>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <variant>

namespace lockkit::resolver {

using detail::ForkState;
using detail::PackageDependency;
using pep440::Version;

namespace {

/// What choosing a version produced.
struct VersionChoice {
    enum class Kind { None, Version, Unavailable, Forked };
    Kind kind = Kind::None;
    Version version;
    /// Unavailable: why (held apart: a choice is made tens of thousands of times a resolution,
    /// and is almost never this).
    std::shared_ptr<UnavailableVersion> why;
    std::vector<ResolverEnvironment> forks;  ///< Forked: one environment per child
    /// Forked: the version each child takes, when the fork decided it (local-version forks).
    std::vector<std::optional<Version>> fork_versions;

    UnavailableVersion& reason() {
        if (!why) why = std::make_shared<UnavailableVersion>();
        return *why;
    }
};

/// What asking for a version's dependencies produced.
struct DependencyAnswer {
    enum class Kind { Available, Unforkable, Unavailable, RequiresPython };
    Kind kind = Kind::Available;
    std::vector<PackageDependency> dependencies;
    UnavailableVersion reason;
    pep440::VersionSpecifiers requires_python;
};

/// The direct-URL and source-tree packages reachable from the requirements through other such
/// packages (uv's lookahead resolver, `uv-requirements/src/lookahead.rs`): their URLs, their
/// metadata, and the requirements they declare, which count as direct for lowest-direct and
/// explicit pre-releases.
struct Lookahead {
    std::map<std::string, std::string> urls;          ///< name -> URL
    std::map<std::string, UrlMetadata> metadata;      ///< name -> what the URL holds
    Manifest selector_manifest;                       ///< the manifest plus the lookahead requirements
    std::string error;
};

Lookahead look_ahead(const Manifest& manifest, ResolverProvider& provider) {
    Lookahead out;
    out.selector_manifest = manifest;
    std::vector<pep508::Requirement> queue = manifest.overrides;
    queue.insert(queue.end(), manifest.requirements.begin(), manifest.requirements.end());
    std::set<std::tuple<std::string, std::vector<std::string>, std::vector<std::string>, std::uint32_t>> seen;
    for (std::size_t i = 0; i < queue.size() && out.error.empty(); ++i) {
        const pep508::Requirement r = queue[i];
        if (!r.url) continue;
        if (auto it = out.urls.find(r.name); it != out.urls.end() && it->second != *r.url) {
            out.error = "Requirements contain conflicting URLs for package `" + r.name + "`:\n- " + it->second +
                        "\n- " + *r.url;
            break;
        }
        if (!seen.emplace(r.name, r.extras, r.groups, r.marker.id()).second) continue;
        out.urls[r.name] = *r.url;
        auto md = out.metadata.find(r.name);
        if (md == out.metadata.end()) {
            auto answer = provider.url_metadata(r.name, *r.url);
            if (!answer) {
                out.error = answer.error();
                break;
            }
            md = out.metadata.emplace(r.name, std::move(*answer)).first;
        }
        // What the package declares for the extras and groups asked for.
        auto visit = [&](const pep508::Requirement& q) {
            pep508::Requirement d = q;
            d.marker = q.marker.simplify_extras(r.extras)
                           .simplify_not_extras_with([](std::string_view) { return true; })
                           .and_with(r.marker);
            if (d.marker.is_false() || d.name == r.name) return;
            out.selector_manifest.requirements.push_back(d);
            if (d.url) queue.push_back(std::move(d));
        };
        for (const auto& q : md->second.metadata.requires_dist) visit(q);
        for (const auto& g : r.groups)
            if (auto it = md->second.metadata.dependency_groups.find(g); it != md->second.metadata.dependency_groups.end())
                for (const auto& q : it->second) visit(q);
    }
    // A source tree whose version only a build can tell, and that a requirement known now
    // constrains (a registry requirement of another local package: one lowered to the tree
    // itself carries no specifier), is built before solving, so the solver never meets its
    // stand-in version (uv built it to read its metadata).
    const Manifest& known = out.selector_manifest;
    for (auto& [name, md] : out.metadata) {
        if (!out.error.empty()) break;
        if (!md.version_is_stand_in) continue;
        auto constrains = [&](const std::vector<pep508::Requirement>& list) {
            return std::ranges::any_of(list, [&](const pep508::Requirement& q) {
                return q.name == name && !q.specifiers.empty() && !q.marker.is_false();
            });
        };
        if (!constrains(known.requirements) && !constrains(known.constraints) && !constrains(known.overrides)) continue;
        auto version = provider.url_version(name, out.urls.at(name));
        if (!version) {
            out.error = version.error();
            break;
        }
        md.version = std::move(*version);
        md.version_is_stand_in = false;
    }
    return out;
}

class Driver {
public:
    Driver(const Manifest& manifest, const ResolverOptions& options, const ResolverEnvironment& env,
           const PythonRequirement& python, ResolverProvider& provider)
        : m_manifest(manifest), m_options(options), m_env(env), m_python(python), m_provider(provider),
          m_lookahead(look_ahead(manifest, provider)), m_selector(options, m_lookahead.selector_manifest, env),
          m_rules(detail::RequirementRules::from_manifest(manifest)) {
        for (const Preference& p : manifest.preferences) m_preferences.add(p);
        allow_yanks();
    }

    std::expected<Resolution, ResolveFailure> solve();

private:
    /// The URL this resolution pins `name` to, if any.
    const std::string* url_of(const std::string& name) const {
        // Asked at every step for every package in sight, and there are few (the project
        // itself, workspace members): compared one by one, most names differ in length.
        if (m_lookahead.urls.size() <= 8) {
            for (const auto& [n, url] : m_lookahead.urls)
                if (n == name) return &url;
            return nullptr;
        }
        auto it = m_lookahead.urls.find(name);
        return it == m_lookahead.urls.end() ? nullptr : &it->second;
    }
    void allow_yanks();
    struct Versions;
    Versions& load_versions(const std::string& name);
    const std::vector<VersionMap>& version_maps(const std::string& name);
    struct FileRequiresPython;
    /// A file's `Requires-Python`, parsed once per distinct text; nothing when absent or invalid.
    const FileRequiresPython* requires_python_of(const std::optional<std::string>& text);
    /// False when the package's versions are not in yet (nothing looked at).
    bool pre_visit(ForkState& state, const ResolverPackage& package, const VersionRange& range);
    /// Pre-visits the packages of `state.look_ahead_pending` whose versions are in now.
    void look_ahead_pending(ForkState& state);
    /// Waits until the provider has the metadata of the file, looking ahead meanwhile.
    void await_metadata(ForkState& state, const std::string& name, const Version& version,
                        const DistributionFile& file);
    /// The `dependency-metadata` entry that stands for the version's metadata, if any.
    const StaticMetadata* fixed_metadata(const std::string& name, const Version& version) const;
    const std::vector<Version>* sorted_versions(const std::string& name);
    const std::vector<Version>* known_versions(ForkState& state, const ResolverPackage& package);
    VersionRange widen_to_gap(ForkState& state, const Version& version);
    /// The selector's candidate for the package in this fork, with the resolution's preferences
    /// (see m_selections).
    struct Selection;
    Selection& select(const ForkState& state, const std::string& name, const VersionRange& range);
    /// `last` (the package's entry) brought to `range`.
    Selection& reselect(const ForkState& state, const std::string& name, const VersionRange& range, Selection& last,
                        bool fresh);
    VersionChoice choose_registry_version(ForkState& state, PackageId id, const ResolverPackage& package,
                                          const VersionRange& range, const std::vector<VersionMap>& maps,
                                          const Candidate& candidate);
    void prefetch_batch(ForkState& state, const ResolverPackage& package, const Version& version,
                        const VersionRange& range);
    VersionChoice choose_version(ForkState& state, PackageId id, const ResolverPackage& package,
                                 const VersionRange& range);
    std::optional<VersionChoice> fork_version_registry(ForkState& state, PackageId id, const ResolverPackage& package,
                                                       const VersionRange& range, const Candidate& candidate,
                                                       const std::vector<VersionMap>& maps);
    DependencyAnswer get_dependencies(ForkState& state, const ResolverPackage& package, const Version& version);
    const MetadataResult& metadata(const std::string& name, const Version& version, const DistributionFile& file);
    void add_package_version_dependencies(ForkState& state, PackageId id, const Version& version,
                                          const std::vector<PackageDependency>& dependencies);
    void add_unavailable_version(ForkState& state, const Version& version, const UnavailableVersion& reason);
    void record_conflict(ForkState& state, PackageId affected, IncompatibilityId incompat);
    void reprioritize_conflicts(ForkState& state);
    std::uint32_t add_reason(UnavailableReason reason) {
        m_reasons.push_back(std::move(reason));
        return static_cast<std::uint32_t>(m_reasons.size() - 1);
    }
    NoSolution no_solution(ForkState& state, DerivationTree tree);
    ForkResolution into_resolution(ForkState& state);
    void with_env(ForkState& state, ResolverEnvironment env);
    void add_dependencies(ForkState& state, PackageId id, const Version& version,
                          const std::vector<PackageDependency>& dependencies);

    const Manifest& m_manifest;
    const ResolverOptions& m_options;
    ResolverEnvironment m_env;
    PythonRequirement m_python;
    ResolverProvider& m_provider;
    Lookahead m_lookahead;
    CandidateSelector m_selector;
    std::optional<std::string> m_fatal;  ///< what stopped the resolution (a package needs a build)
    Preferences m_preferences;
    detail::RequirementRules m_rules;
    detail::ExtraMarkers m_extra_markers;
    detail::SpecifierRangeMemo m_specifier_ranges;
    AllowedYanks m_allowed_yanks;

    struct Versions {
        PackageVersions::Status status = PackageVersions::Status::NotFound;
        std::vector<VersionMap> maps;
        bool visited = false;  ///< in m_visited
    };
    /// By name; hashed, since the solver looks a package up at every choice of its version.
    std::unordered_map<std::string, Versions> m_versions;
    struct FileRequiresPython {
        pep440::VersionSpecifiers specifiers;
        Bound<Version> lower;  ///< RequiresPython::candidate_lower_bound
    };
    /// By text: thousands of files share a few dozen texts, and each choice of a version asks.
    std::unordered_map<std::string, std::optional<FileRequiresPython>> m_requires_python;
    /// The packages whose versions the resolution asked about (uv's "visited", which failure
    /// reports describe); m_versions also holds those only looked ahead at.
    std::set<std::string> m_visited;
    std::map<std::pair<std::string, Version>, MetadataResult> m_metadata;
    std::map<std::string, UnavailablePackage> m_unavailable_packages;
    std::map<std::string, std::map<Version, UnavailableVersion>> m_incomplete_packages;
    std::vector<UnavailableReason> m_reasons;
    /// Each package's versions that exclude-newer lets in, sorted (widen_to_gap).
    std::unordered_map<std::string, std::vector<Version>> m_known_versions;
    detail::BatchPrefetcher m_prefetcher;
    /// The last selection of each package in the current fork (cleared when a fork starts),
    /// with the range it was made for. Within a fork everything else a selection reads stays
    /// as it is (the preferences grow only when a fork ends, the environment is the fork's, a
    /// version's files are judged once), so the same range gets the same candidate; and the
    /// same ranges come back all the time, since a backjump undoes decisions that are then
    /// made again, and the look-ahead selects what the next choice will select.
    struct Selection {
        Versions* versions = nullptr;  ///< the package's (in m_versions)
        VersionRange range;
        std::optional<Candidate> candidate;
        /// The version last looked ahead at. While the range still holds it the look-ahead
        /// stops there: the candidate is usually the same, and so is the file hinted.
        /// Backtracking can widen a range so that a better candidate exists; then a prefetch is
        /// missed, nothing more: these are hints, and choose_version selects on its own.
        std::optional<Version> looked_ahead;
        /// What choose_version made of the candidate, kept when nothing but the selection and
        /// the fork's environment went into it (no fork; no look at the fork's dependency
        /// graph): the pins and hints it made are in place already.
        std::optional<VersionChoice> choice;
    };
    /// Set when choosing a version looked at the fork's dependency graph (find_environments).
    bool m_choice_read_graph = false;
    std::unordered_map<std::string, Selection> m_selections;
    /// Packages with a version refused for its wheel tags.
    std::set<std::string> m_tag_refused;
    /// Files whose metadata was hinted: the same file is the candidate again at each choice of
    /// its version, in every fork, and the provider can do nothing more with a second hint
    /// (files are made once per resolution and never replaced, so their addresses identify
    /// them).
    std::unordered_set<const DistributionFile*> m_hinted;
    void hint_metadata(const std::string& name, const Version& version, const DistributionFile& file) {
        if (m_hinted.insert(&file).second) m_provider.prefetch_metadata(name, version, file);
    }
    /// Finished forks' states, freed off the solver's thread; last, so that it is destroyed
    /// (and waits for the frees) first.
    detail::BackgroundRelease<ForkState> m_released_states;
};

void Driver::allow_yanks() {
    // Exact pins in the requirements, constraints and overrides opt in to yanked versions, as do
    // all preferred versions.
    auto consider = [&](const pep508::Requirement& r) {
        if (r.url || !m_env.evaluate(r.marker)) return;
        auto items = r.specifiers.items();
        if (items.size() != 1) return;
        if (items[0].op() == pep440::Operator::Equal || items[0].op() == pep440::Operator::ExactEqual)
            m_allowed_yanks.allow(r.name, items[0].version());
    };
    // The requirements of URL and source-tree packages (a workspace member's) count too.
    for (const auto& r : m_lookahead.selector_manifest.requirements) consider(r);
    for (const auto& r : m_manifest.constraints) consider(r);
    for (const auto& r : m_manifest.overrides) consider(r);
    for (const auto& p : m_manifest.preferences) m_allowed_yanks.allow(p.name, p.version);
}

const Driver::FileRequiresPython* Driver::requires_python_of(const std::optional<std::string>& text) {
    if (!text) return nullptr;
    auto it = m_requires_python.find(*text);
    if (it == m_requires_python.end()) {
        std::optional<FileRequiresPython> parsed;
        if (auto specifiers = pep440::VersionSpecifiers::parse(*text)) {
            Bound<Version> lower = RequiresPython::candidate_lower_bound(*specifiers);
            parsed = FileRequiresPython{std::move(*specifiers), std::move(lower)};
        }
        it = m_requires_python.emplace(*text, std::move(parsed)).first;
    }
    return it->second ? &*it->second : nullptr;
}

const std::vector<VersionMap>& Driver::version_maps(const std::string& name) {
    Versions& v = load_versions(name);
    if (v.visited) return v.maps;
    v.visited = true;
    m_visited.insert(name);
    switch (v.status) {
    case PackageVersions::Status::Found: break;
    case PackageVersions::Status::NotFound:
        m_unavailable_packages[name] = UnavailablePackage{UnavailablePackage::Kind::NotFound, {}};
        break;
    case PackageVersions::Status::NoIndex:
        m_unavailable_packages[name] = UnavailablePackage{UnavailablePackage::Kind::NoIndex, {}};
        break;
    case PackageVersions::Status::Offline:
        m_unavailable_packages[name] = UnavailablePackage{UnavailablePackage::Kind::Offline, {}};
        break;
    }
    return v.maps;
}

Driver::Versions& Driver::load_versions(const std::string& name) {
    auto it = m_versions.find(name);
    if (it != m_versions.end()) return it->second;
    Versions& v = m_versions[name];
    const PackageVersions& answer = m_provider.versions(name);
    v.status = answer.status;
    if (answer.status != PackageVersions::Status::Found) return v;
    for (const IndexVersions& index : answer.indexes) {
        FileJudge judge;
        judge.name = name;
        judge.no_binary = m_options.build.no_binary_for(name);
        judge.no_build = m_options.build.no_build_for(name);
        judge.cutoff = m_options.exclude_newer.cutoff_for(name);
        judge.allowed_yanks = &m_allowed_yanks;
        judge.provider = &m_provider;
        judge.python_kind = m_python.kind();
        v.maps.emplace_back(index, std::move(judge));
    }
    return v;
}

const std::vector<Version>* Driver::sorted_versions(const std::string& name) {
    // The versions of a package are the same in every fork: worked out once per resolution.
    auto cached = m_known_versions.find(name);
    if (cached != m_known_versions.end()) return &cached->second;
    auto vit = m_versions.find(name);
    if (vit == m_versions.end() || vit->second.status != PackageVersions::Status::Found) return nullptr;
    std::vector<Version> versions;
    for (const VersionMap& map : vit->second.maps) {
        auto included = map.included_versions();
        versions.insert(versions.end(), included.begin(), included.end());
    }
    std::sort(versions.begin(), versions.end());
    versions.erase(std::unique(versions.begin(), versions.end()), versions.end());
    return &m_known_versions.emplace(name, std::move(versions)).first->second;
}

const std::vector<Version>* Driver::known_versions(ForkState& state, const ResolverPackage& package) {
    const std::string* name = package.name_no_root();
    if (name == nullptr) return nullptr;
    // The versions of a URL or workspace package are not registry versions (uv's `fork_urls`).
    if (url_of(*name) != nullptr) return nullptr;
    if (auto it = state.known_versions.find(*name); it != state.known_versions.end()) return it->second;
    // Each fork records which packages it asked about: its failure report narrows those.
    const std::vector<Version>* versions = sorted_versions(*name);
    if (versions != nullptr) state.known_versions.emplace(*name, versions);
    return versions;
}

VersionRange Driver::widen_to_gap(ForkState& state, const Version& version) {
    // Widening only adds versions that do not exist, so solutions are unchanged while clauses
    // of neighbouring versions merge and rejected runs become one interval.
    VersionRange single = VersionRange::singleton(version);
    const std::vector<Version>* known = known_versions(state, state.store[state.next]);
    if (known == nullptr || known->empty()) return single;
    return single.widen_versions(*known);
}

Driver::Selection& Driver::select(const ForkState& state, const std::string& name, const VersionRange& range) {
    auto [it, inserted] = m_selections.try_emplace(name);
    if (inserted) it->second.versions = &load_versions(name);
    return reselect(state, name, range, it->second, inserted);
}

Driver::Selection& Driver::reselect(const ForkState& state, const std::string& name, const VersionRange& range,
                                    Selection& last, bool fresh) {
    // The encoded forms: those are what the selector walks.
    if (fresh || !(last.range.encoded() == range.encoded())) {
        last.candidate = m_selector.select(name, range, last.versions->maps, m_preferences, state.env);
        last.choice.reset();
        last.range = range;
    }
    return last;
}

void Driver::prefetch_batch(ForkState& state, const ResolverPackage& package, const Version& version,
                            const VersionRange& range) {
    const std::size_t count = m_prefetcher.due(package.name);
    if (count == 0) return;
    static const Preferences none;
    const std::vector<VersionMap>& maps = version_maps(package.name);
    // Wheels for the target Python only: a source distribution may need a build to answer.
    auto hint = [&](const Candidate& candidate) {
        if (!candidate.compatible) return;
        const DistributionFile& file = candidate.compatible->for_resolution();
        if (!file.is_wheel()) return;
        if (const auto* rp = requires_python_of(file.requires_python);
            rp && !state.python.target.admits_lower_bound(rp->lower))
            return;
        m_provider.prefetch_candidate_metadata(package.name, candidate.version, file);
    };
    // First the candidates the selector would offer if each in turn failed: the current range,
    // without preferences (uv's "compatible" batch).
    std::size_t n = 0;
    Version previous = version;
    for (VersionRange remaining = range; n < count; ++n) {
        auto candidate = m_selector.select(package.name, remaining, maps, none, state.env);
        if (!candidate) break;
        remaining = remaining.difference(VersionRange::singleton(candidate->version));
        previous = candidate->version;
        hint(*candidate);
    }
    // Then, the range exhausted, the versions past it in the mode's order (uv's "in order"
    // batch): a decision elsewhere that pins this package to one version will move too.
    const std::vector<Version>* known = sorted_versions(package.name);
    if (n >= count || known == nullptr) return;
    const bool highest = m_selector.use_highest_version(package.name, state.env);
    auto next = [&](const Version& from) -> const Version* {
        if (highest) {
            auto it = std::lower_bound(known->begin(), known->end(), from);
            while (it != known->begin()) {
                --it;
                if (!it->is_prerelease()) return &*it;
            }
            return nullptr;
        }
        for (auto it = std::upper_bound(known->begin(), known->end(), from); it != known->end(); ++it)
            if (!it->is_prerelease()) return &*it;
        return nullptr;
    };
    for (const Version* v = next(previous); v != nullptr && n < count; v = next(*v), ++n)
        if (auto candidate = m_selector.select(package.name, VersionRange::singleton(*v), maps, none, state.env))
            hint(*candidate);
}

void Driver::look_ahead_pending(ForkState& state) {
    // Those whose versions were not in when last listed: uv prefetches each new dependency's
    // candidate once its versions arrive, source distributions too, so the builds of a
    // project's sdist-only dependencies overlap.
    std::erase_if(state.look_ahead_pending, [&](PackageId id) {
        const PartialSolution& solution = state.pubgrub.partial_solution();
        const Term* term = solution.term_intersection(id);
        if (term == nullptr || !term->is_positive() || solution.decision(id) != nullptr) return true;
        return pre_visit(state, state.store[id], term->set());
    });
}

void Driver::await_metadata(ForkState& state, const std::string& name, const Version& version,
                            const DistributionFile& file) {
    if (m_metadata.contains(std::pair{name, version}) || fixed_metadata(name, version) != nullptr) return;
    // A build can take seconds: meanwhile the packages waiting for their versions get their
    // candidates' metadata asked for as the versions come in, as they would after the next
    // propagation. Only hints leave here; the answer is read by metadata() as before.
    while (!m_provider.metadata_ready(name, version, file)) {
        look_ahead_pending(state);
        m_provider.await_progress();
    }
}

bool Driver::pre_visit(ForkState& state, const ResolverPackage& package, const VersionRange& range) {
    auto it = m_selections.find(package.name);
    Selection* selection = nullptr;
    if (it == m_selections.end()) {
        // Only once the package's versions are in: the solver never waits for a guess.
        if (!m_versions.contains(package.name) && !m_provider.versions_ready(package.name)) return false;
        selection = &select(state, package.name, range);
    } else {
        if (it->second.looked_ahead && range.contains(*it->second.looked_ahead)) return true;
        selection = &reselect(state, package.name, range, it->second, false);
    }
    if (selection->versions->status != PackageVersions::Status::Found) return true;
    // The candidate choose_version would take now; its metadata is what it will ask for.
    const std::optional<Candidate>& candidate = selection->candidate;
    if (!candidate) return true;
    selection->looked_ahead = candidate->version;
    if (!candidate->compatible) return true;
    const DistributionFile& file = candidate->compatible->for_resolution();
    // A lowest resolution would reach old source distributions that may not build (uv skips
    // those with no lower bound); a guess is not worth a build.
    if (!file.is_wheel() && !m_selector.use_highest_version(package.name, state.env)) return true;
    if (const auto* rp = requires_python_of(candidate->compatible->requires_python());
        rp && !state.python.target.admits_lower_bound(rp->lower))
        return true;
    hint_metadata(package.name, candidate->version, file);
    return true;
}

VersionChoice Driver::choose_version(ForkState& state, PackageId id, const ResolverPackage& package,
                                     const VersionRange& range) {
    VersionChoice choice;
    switch (package.kind) {
    case PackageKind::Root:
        choice.kind = VersionChoice::Kind::Version;
        choice.version = *Version::parse("0a0.dev0");
        return choice;
    case PackageKind::Python:
        // Python packages exist only to explain Requires-Python failures: no version fits.
        return choice;
    default: break;
    }
    if (url_of(package.name) != nullptr) {
        // A URL or source tree has exactly one version, its metadata's (uv's `choose_version_url`).
        UrlMetadata& md = m_lookahead.metadata.at(package.name);
        // A stand-in version is as good as the real one while nothing constrains the package;
        // a range other than "any" (or the pin an extra's proxy puts on its base package) is a
        // requirement with a specifier, which the real version must meet.
        const Version* pin = range.as_singleton();
        if (md.version_is_stand_in && range != VersionRange::full() && (pin == nullptr || *pin != md.version)) {
            auto version = m_provider.url_version(package.name, *url_of(package.name));
            if (!version) {
                m_fatal = std::move(version.error());
                return choice;
            }
            md.version = std::move(*version);
            md.version_is_stand_in = false;
        }
        if (!range.contains(md.version)) return choice;
        choice.kind = VersionChoice::Kind::Version;
        choice.version = md.version;
        return choice;
    }
    Selection& selection = select(state, package.name, range);
    // Choosing a version of the package visits it (version_maps).
    if (!selection.versions->visited) version_maps(package.name);
    const std::vector<VersionMap>& maps = selection.versions->maps;
    if (!selection.candidate) return choice;
    const Candidate& candidate = *selection.candidate;
    if (selection.choice) {
        // Made before in this fork: only the hint depends on which of the name's packages asks.
        if (package.kind == PackageKind::Package && candidate.compatible && selection.choice->version == candidate.version)
            hint_metadata(package.name, candidate.version, candidate.compatible->for_resolution());
        choice.kind = selection.choice->kind;
        choice.version = selection.choice->version;
        choice.why = selection.choice->why;
        return choice;
    }
    m_choice_read_graph = false;
    choice = choose_registry_version(state, id, package, range, maps, candidate);
    if (!m_choice_read_graph && !m_fatal && choice.kind != VersionChoice::Kind::Forked) selection.choice = choice;
    return choice;
}

VersionChoice Driver::choose_registry_version(ForkState& state, PackageId id, const ResolverPackage& package,
                                              const VersionRange& range, const std::vector<VersionMap>& maps,
                                              const Candidate& selected) {
    VersionChoice choice;
    const Candidate* candidate = &selected;
    if (!candidate->compatible) {
        if (candidate->incompatible.kind == IncompatibleDist::Kind::Wheel &&
            candidate->incompatible.wheel.kind == IncompatibleWheel::Kind::Tag)
            m_tag_refused.insert(package.name);
        choice.kind = VersionChoice::Kind::Unavailable;
        choice.version = candidate->version;
        choice.reason().kind = UnavailableVersion::Kind::IncompatibleDist;
        choice.reason().dist = candidate->incompatible;
        return choice;
    }
    const CompatibleDist& dist = *candidate->compatible;
    // The file's own Requires-Python (lower bounds only).
    if (const auto* file_rp = requires_python_of(dist.requires_python());
        file_rp && !state.python.target.admits_lower_bound(file_rp->lower)) {
        const pep440::VersionSpecifiers& rp = file_rp->specifiers;
        if (m_options.fork_strategy == ForkStrategy::RequiresPython && state.env.is_universal()) {
            auto envs = detail::fork_by_python_requirement(rp, state.python, state.env);
            if (!envs.empty()) {
                choice.kind = VersionChoice::Kind::Forked;
                choice.forks = std::move(envs);
                return choice;
            }
        }
        choice.kind = VersionChoice::Kind::Unavailable;
        choice.version = candidate->version;
        choice.reason().kind = UnavailableVersion::Kind::IncompatibleDist;
        if (dist.kind == CompatibleDist::Kind::CompatibleWheel) {
            choice.reason().dist.kind = IncompatibleDist::Kind::Wheel;
            choice.reason().dist.wheel.kind = IncompatibleWheel::Kind::RequiresPython;
            choice.reason().dist.wheel.requires_python = rp;
            choice.reason().dist.wheel.python = state.python.kind();
        } else {
            choice.reason().dist.kind = IncompatibleDist::Kind::Source;
            choice.reason().dist.source.kind = IncompatibleSource::Kind::RequiresPython;
            choice.reason().dist.source.requires_python = rp;
            choice.reason().dist.source.python = state.python.kind();
        }
        return choice;
    }
    // A version without files for every platform may fork the resolution.
    if (auto forked = fork_version_registry(state, id, package, range, *candidate, maps)) {
        // Every path returns `choice`, so it is built in place (a VersionChoice is large).
        choice = std::move(*forked);
        return choice;
    }
    // Remember the file, and ask for its metadata early.
    const VersionMap& map = maps[candidate->map_index];
    const PrioritizedDist* prioritized = nullptr;
    if (auto i = map.find(candidate->version)) prioritized = map.dist(*i);
    state.pins[{package.name, candidate->version}] = detail::Pin{dist, map.index_url(), prioritized};
    if (package.kind == PackageKind::Package)
        hint_metadata(package.name, candidate->version, dist.for_resolution());
    choice.kind = VersionChoice::Kind::Version;
    choice.version = candidate->version;
    return choice;
}

/// Where a package is reachable from the root under the current decisions: the union over
/// dependency paths of the conjunction of the packages' markers (uv's `find_environments`).
pep508::MarkerTree find_environments(const ForkState& state, PackageId id) {
    using pep508::MarkerTree;
    if (state.store[id].kind == PackageKind::Root) return MarkerTree::always_true();
    // The reverse-dependency closure first, so that cycles elsewhere do not matter.
    std::set<PackageId> ancestors{id};
    std::vector<PackageId> stack{id};
    std::optional<PackageId> root;
    while (!stack.empty()) {
        const PackageId current = stack.back();
        stack.pop_back();
        for (IncompatibilityId i : state.pubgrub.incompatibilities_of(current)) {
            const Incompatibility& inc = state.pubgrub.incompatibility(i);
            if (inc.kind() != IncompatibilityKind::FromDependency || inc.dependency() != current) continue;
            const PackageId parent = inc.package();
            if (!ancestors.insert(parent).second) continue;
            if (state.store[parent].kind == PackageKind::Root) root = parent;
            stack.push_back(parent);
        }
    }
    if (!root) return MarkerTree::always_false();
    // Then markers forward from the root through that subgraph, to a fixpoint.
    std::map<PackageId, MarkerTree> environments{{*root, MarkerTree::always_true()}};
    std::deque<PackageId> queue{*root};
    while (!queue.empty()) {
        const PackageId current = queue.front();
        queue.pop_front();
        const MarkerTree here = environments.at(current);
        for (IncompatibilityId i : state.pubgrub.incompatibilities_of(current)) {
            const Incompatibility& inc = state.pubgrub.incompatibility(i);
            if (inc.kind() != IncompatibilityKind::FromDependency || inc.package() != current) continue;
            const PackageId child = inc.dependency();
            if (!ancestors.contains(child)) continue;
            const ResolverPackage& p = state.store[child];
            const MarkerTree marker =
                p.kind == PackageKind::Root || p.kind == PackageKind::Python ? MarkerTree::always_true() : p.marker;
            auto [it, inserted] = environments.try_emplace(child, MarkerTree::always_false());
            const MarkerTree combined = it->second.or_with(marker.and_with(here));
            if (combined != it->second) {
                it->second = combined;
                queue.push_back(child);
            }
        }
    }
    auto it = environments.find(id);
    return it == environments.end() ? MarkerTree::always_false() : it->second;
}

/// The fork's environment split on `marker`: (with it, without it), or nothing when either
/// side is empty (uv's `fork_version_by_marker`).
std::optional<std::pair<ResolverEnvironment, ResolverEnvironment>> fork_version_by_marker(
    const ResolverEnvironment& env, pep508::MarkerTree marker) {
    if (env.markers().is_disjoint(marker)) return std::nullopt;
    const pep508::MarkerTree complement = marker.negate();
    if (env.markers().is_disjoint(complement)) return std::nullopt;
    return std::pair{env.narrow(marker), env.narrow(complement)};
}

std::optional<VersionChoice> Driver::fork_version_registry(ForkState& state, PackageId id,
                                                           const ResolverPackage& package, const VersionRange& range,
                                                           const Candidate& candidate,
                                                           const std::vector<VersionMap>& maps) {
    // Only universal resolutions fork, and only on versions without files for every platform
    // (a usable source distribution covers them all).
    if (!state.env.is_universal()) return std::nullopt;
    const CompatibleDist& dist = *candidate.compatible;
    const pep508::MarkerTree implied = dist.implied_markers();
    if (implied.is_true()) return std::nullopt;

    // Environments that must have a usable file.
    for (const pep508::MarkerTree marker : m_options.artifact_environments) {
        if (!state.env.included_by_marker(marker) || !implied.is_disjoint(marker)) continue;
        m_choice_read_graph = true;
        if (find_environments(state, id).is_disjoint(marker)) continue;
        VersionChoice choice;
        auto halves = fork_version_by_marker(state.env, marker);
        if (!halves) {
            choice.kind = VersionChoice::Kind::Unavailable;
            choice.version = candidate.version;
            choice.reason().kind = UnavailableVersion::Kind::IncompatibleDist;
            choice.reason().dist.kind = IncompatibleDist::Kind::Wheel;
            choice.reason().dist.wheel.kind = IncompatibleWheel::Kind::MissingPlatform;
            choice.reason().dist.wheel.missing_platform = marker;
            return choice;
        }
        // The child without the environment is pushed last and solved first.
        choice.kind = VersionChoice::Kind::Forked;
        choice.forks = {std::move(halves->first), std::move(halves->second)};
        return choice;
    }

    // A local version (`2.5.2+cpu`) whose plain version has wheels for more platforms: the
    // plain version where only it can be installed, the local one elsewhere.
    if (!candidate.version.has_local()) return std::nullopt;
    const VersionRange base_range = range.intersection(VersionRange::singleton(candidate.version.without_local()));
    auto base = m_selector.select(package.name, base_range, maps, m_preferences, state.env);
    if (!base || !base->compatible) return std::nullopt;
    pep508::MarkerTree remainder = base->compatible->implied_markers().and_with(implied.negate());
    if (remainder.is_false() || !state.env.included_by_marker(remainder)) return std::nullopt;
    auto pin = [&](const Candidate& c) {
        state.pins[{package.name, c.version}] = detail::Pin{*c.compatible, maps[c.map_index].index_url()};
        if (package.kind == PackageKind::Package)
            hint_metadata(package.name, c.version, c.compatible->for_resolution());
    };
    VersionChoice choice;
    if (!state.env.included_by_marker(implied)) {
        // The local version runs nowhere in this fork: take the plain one without forking.
        pin(*base);
        choice.kind = VersionChoice::Kind::Version;
        choice.version = base->version;
        return choice;
    }
    // Where neither version has wheels for a whole platform, take the whole platform: a simpler
    // marker, and nothing installs there anyway.
    for (const char* platform : {"darwin", "linux", "win32"}) {
        const auto sys_platform = *pep508::MarkerTree::parse(std::string("sys_platform == '") + platform + "'");
        if (implied.is_disjoint(sys_platform) && !remainder.is_disjoint(sys_platform))
            remainder = remainder.or_with(sys_platform);
    }
    auto halves = fork_version_by_marker(state.env, remainder);
    if (!halves) return std::nullopt;
    pin(candidate);
    pin(*base);
    choice.kind = VersionChoice::Kind::Forked;
    choice.forks = {std::move(halves->first), std::move(halves->second)};
    choice.fork_versions = {base->version, candidate.version};
    return choice;
}

const StaticMetadata* Driver::fixed_metadata(const std::string& name, const Version& version) const {
    // `dependency-metadata` replaces what the package says: the exact version's entry, else
    // the entry for every version.
    const StaticMetadata* fixed = nullptr;
    for (const auto& m : m_manifest.dependency_metadata)
        if (m.name == name && m.version && *m.version == version) fixed = &m;
    if (fixed == nullptr)
        for (const auto& m : m_manifest.dependency_metadata)
            if (m.name == name && !m.version) fixed = &m;
    return fixed;
}

const MetadataResult& Driver::metadata(const std::string& name, const Version& version,
                                       const DistributionFile& file) {
    auto key = std::pair{name, version};
    auto it = m_metadata.find(key);
    if (it != m_metadata.end()) return it->second;
    if (const StaticMetadata* fixed = fixed_metadata(name, version)) {
        MetadataResult result;
        result.metadata.requires_dist = fixed->requires_dist;
        result.metadata.requires_python = fixed->requires_python;
        result.metadata.provides_extra = fixed->provides_extra;
        return m_metadata.emplace(key, std::move(result)).first->second;
    }
    return m_metadata.emplace(key, m_provider.metadata(name, version, file)).first->second;
}

DependencyAnswer Driver::get_dependencies(ForkState& state, const ResolverPackage& package, const Version& version) {
    DependencyAnswer answer;
    const std::vector<pep508::Requirement>* requirements = nullptr;
    static const std::map<std::string, std::vector<pep508::Requirement>> k_no_groups;
    const std::map<std::string, std::vector<pep508::Requirement>>* groups = &k_no_groups;
    switch (package.kind) {
    case PackageKind::Root: requirements = &m_manifest.requirements; break;
    case PackageKind::Package: {
        if (url_of(package.name) != nullptr) {
            const UrlMetadata& md = m_lookahead.metadata.at(package.name);
            if (md.metadata.requires_python && !state.python.target.is_contained_by(*md.metadata.requires_python)) {
                answer.kind = DependencyAnswer::Kind::RequiresPython;
                answer.requires_python = *md.metadata.requires_python;
                return answer;
            }
            requirements = &md.metadata.requires_dist;
            groups = &md.metadata.dependency_groups;
            break;
        }
        auto pin = state.pins.find({package.name, version});
        if (pin == state.pins.end()) {
            answer.kind = DependencyAnswer::Kind::Unavailable;
            answer.reason.kind = UnavailableVersion::Kind::InvalidMetadata;
            return answer;
        }
        await_metadata(state, package.name, version, pin->second.dist.for_resolution());
        const MetadataResult& md = metadata(package.name, version, pin->second.dist.for_resolution());
        if (md.status == MetadataResult::Status::NeedsBuild) {
            // uv would build it, and the solution could depend on what the build says: stop
            // rather than resolve to something else.
            m_fatal = detail::with_derivation_hint(md.detail, state.pubgrub, state.store, state.next, package.name, version);
            answer.kind = DependencyAnswer::Kind::Unavailable;
            return answer;
        }
        if (md.status != MetadataResult::Status::Found) {
            UnavailableVersion reason;
            switch (md.status) {
            case MetadataResult::Status::Offline: reason.kind = UnavailableVersion::Kind::Offline; break;
            case MetadataResult::Status::InvalidMetadata: reason.kind = UnavailableVersion::Kind::InvalidMetadata; break;
            case MetadataResult::Status::InconsistentMetadata:
                reason.kind = UnavailableVersion::Kind::InconsistentMetadata;
                break;
            case MetadataResult::Status::InvalidStructure:
                reason.kind = UnavailableVersion::Kind::InvalidStructure;
                break;
            default:
                reason.kind = UnavailableVersion::Kind::Network;
                reason.detail = md.detail;
                break;
            }
            m_incomplete_packages[package.name][version] = reason;
            answer.kind = DependencyAnswer::Kind::Unavailable;
            answer.reason = reason;
            return answer;
        }
        // The metadata's Requires-Python, when the index did not say.
        if (md.metadata.requires_python && !state.python.target.is_contained_by(*md.metadata.requires_python)) {
            answer.kind = DependencyAnswer::Kind::RequiresPython;
            answer.requires_python = *md.metadata.requires_python;
            return answer;
        }
        requirements = &md.metadata.requires_dist;
        groups = &md.metadata.dependency_groups;
        break;
    }
    case PackageKind::Python: answer.kind = DependencyAnswer::Kind::Unforkable; return answer;
    case PackageKind::Marker:
        // The marker package and the base package, pinned to this version.
        answer.kind = DependencyAnswer::Kind::Unforkable;
        for (pep508::MarkerTree m : {pep508::MarkerTree::always_true(), package.marker})
            answer.dependencies.push_back(
                {ResolverPackage::package(package.name, std::nullopt, std::nullopt, m), VersionRange::singleton(version), m});
        return answer;
    case PackageKind::Extra:
    case PackageKind::Group: {
        answer.kind = DependencyAnswer::Kind::Unforkable;
        std::vector<pep508::MarkerTree> markers{pep508::MarkerTree::always_true()};
        if (!package.marker.is_true()) markers.push_back(package.marker);
        for (pep508::MarkerTree m : markers) {
            if (package.kind == PackageKind::Extra) {
                for (const std::optional<std::string>& e : {std::optional<std::string>{}, package.extra})
                    answer.dependencies.push_back(
                        {ResolverPackage::package(package.name, e, std::nullopt, m), VersionRange::singleton(version), m});
            } else {
                answer.dependencies.push_back({ResolverPackage::package(package.name, std::nullopt, package.group, m),
                                               VersionRange::singleton(version), m});
            }
        }
        return answer;
    }
    }
    const std::string* name = package.kind == PackageKind::Package ? &package.name : nullptr;
    auto flat = detail::flatten_requirements(*requirements, *groups, package.extra, package.group, name,
                                             name != nullptr ? &version : nullptr, m_rules, state.env, state.python,
                                             &m_extra_markers);
    auto deps = detail::dependencies_from_requirements(flat, m_manifest.conflicts, &package, &m_specifier_ranges);
    if (auto* bad = std::get_if<pep508::Requirement>(&deps)) {
        answer.kind = DependencyAnswer::Kind::Unavailable;
        answer.reason.kind = UnavailableVersion::Kind::UnsatisfiableDependency;
        answer.reason.requirement = *bad;
        return answer;
    }
    answer.dependencies = std::move(std::get<std::vector<PackageDependency>>(deps));
    if (package.kind == PackageKind::Root) {
        auto groups = detail::dependencies_from_group_requirements(m_manifest.group_requirements, m_manifest.conflicts,
                                                                   state.env, state.python);
        answer.dependencies.insert(answer.dependencies.end(), groups.begin(), groups.end());
    }
    return answer;
}

/// The Requires-Python a file was refused for, and which Python it was judged against.
std::optional<std::pair<const pep440::VersionSpecifiers*, PythonRequirementKind>> python_refusal(
    const UnavailableVersion& reason) {
    if (reason.kind != UnavailableVersion::Kind::IncompatibleDist) return std::nullopt;
    const IncompatibleDist& dist = reason.dist;
    if (dist.kind == IncompatibleDist::Kind::Wheel && dist.wheel.kind == IncompatibleWheel::Kind::RequiresPython)
        return std::pair{&dist.wheel.requires_python, dist.wheel.python};
    if (dist.kind == IncompatibleDist::Kind::Source && dist.source.kind == IncompatibleSource::Kind::RequiresPython)
        return std::pair{&dist.source.requires_python, dist.source.python};
    return std::nullopt;
}

/// A version's dependencies as solver clauses (resolver-notes §1.3). Every proxy among them is
/// first interned with its base and tied to it ("proxy in R implies base in R"), all of them
/// before any other dependency is interned, because ids are allocation order and break ties.
std::vector<Dependency> dependency_clauses(ForkState& state, const std::vector<PackageDependency>& dependencies) {
    for (const PackageDependency& d : dependencies) {
        const std::optional<ResolverPackage> base = d.package.base_package();
        if (!base) continue;
        const PackageId proxy_id = state.store.alloc(d.package);
        state.pubgrub.add_proxy_package_incompatibility(proxy_id, state.store.alloc(*base), d.versions);
    }
    std::vector<Dependency> clauses;
    clauses.reserve(dependencies.size());
    for (const PackageDependency& d : dependencies) clauses.push_back({state.store.alloc(d.package), d.versions});
    return clauses;
}

void Driver::add_package_version_dependencies(ForkState& state, PackageId id, const Version& version,
                                              const std::vector<PackageDependency>& dependencies) {
    const std::vector<Dependency> clauses = dependency_clauses(state, dependencies);
    const std::optional<IncompatibilityId> refused =
        state.pubgrub.add_package_version_dependencies(state.next, version, widen_to_gap(state, version), clauses);
    if (refused) record_conflict(state, id, *refused);
}

void Driver::add_unavailable_version(ForkState& state, const Version& version, const UnavailableVersion& reason) {
    const VersionRange gap = widen_to_gap(state, version);
    if (const auto python = python_refusal(reason)) {
        // Said as "depends on a Python no one has", which is how the report words it; deciding
        // the version lets propagation reach the Python package.
        const PythonKind which =
            python->second == PythonRequirementKind::Installed ? PythonKind::Installed : PythonKind::Target;
        const PackageId python_id = state.store.alloc(ResolverPackage::python_package(which));
        const VersionRange supported(release_ranges_from_specifiers(*python->first));
        state.pubgrub.add_incompatibility(Incompatibility::from_dependency(state.next, gap, python_id, supported));
        state.pubgrub.partial_solution().add_decision(state.next, version);
        return;
    }
    UnavailableReason why;
    why.version = reason;
    state.pubgrub.add_incompatibility(Incompatibility::custom(state.next, Term::positive(gap), add_reason(std::move(why))));
}

void Driver::record_conflict(ForkState& state, PackageId affected, IncompatibilityId incompat) {
    state.conflicts.observe(state.store, state.next, affected, state.pubgrub.incompatibility(incompat));
}

void Driver::reprioritize_conflicts(ForkState& state) {
    const detail::ConflictCounts::Moves moves = state.conflicts.take_moves();
    for (PackageId p : moves.earlier) state.priorities.mark_conflict_early(state.store[p]);
    // A package moved later is undecided again, so that it is decided after the others.
    for (PackageId p : moves.later)
        if (state.priorities.mark_conflict_late(state.store[p])) state.pubgrub.backtrack_package(p);
}

NoSolution Driver::no_solution(ForkState& state, DerivationTree tree) {
    NoSolution out;
    out.tree = std::move(tree);
    for (std::size_t i = 0; i < state.store.size(); ++i) out.packages.push_back(state.store[static_cast<PackageId>(i)]);
    out.reasons = m_reasons;
    // Every package whose versions were looked up (uv's "visited").
    for (const std::string& name : m_visited) {
        const Versions& versions = m_versions.at(name);
        if (versions.status != PackageVersions::Status::Found) continue;
        const PackageVersions& answer = m_provider.versions(name);  // kept by the provider
        for (const IndexVersions& index : answer.indexes) {
            if (index.flat) continue;
            out.found_on[name] = index.index_url;
            break;
        }
        std::map<Version, std::optional<std::int64_t>> newer;
        for (const VersionMap& map : versions.maps)
            for (auto& [version, time] : map.excluded_versions()) newer.emplace(version, time);
        if (!newer.empty()) out.newer_versions[name].assign(newer.begin(), newer.end());
        std::vector<Version> all;
        for (const VersionMap& map : versions.maps) {
            auto included = map.included_versions();
            all.insert(all.end(), included.begin(), included.end());
        }
        std::sort(all.begin(), all.end());
        all.erase(std::unique(all.begin(), all.end()), all.end());
        out.included_versions[name] = std::move(all);
        if (m_selector.prerelease_selection(name, state.env) == PrereleaseSelection::Disallow)
            out.prerelease_disallowed.insert(name);
    }
    out.refused_indexes = m_provider.refused_indexes();
    out.workspace_members = m_manifest.workspace_members;
    for (const auto& [name, versions] : state.known_versions) out.known_versions.emplace(name, *versions);
    out.unavailable_packages = m_unavailable_packages;
    out.incomplete_packages = m_incomplete_packages;
    // The resolution's Python range, not the fork's narrowed one: reports and hints quote it.
    out.python = m_python;
    out.environment = state.env;
    out.fork_display = state.env.fork_display().value_or("");
    out.options = m_options;
    if (const tags::SupportedTags* t = m_provider.target_tags()) out.tags = *t;
    // The wheels of packages refused for their tags, for the tag hints.
    for (const std::string& name : m_tag_refused) {
        auto it = m_versions.find(name);
        if (it == m_versions.end()) continue;
        auto& versions = out.wheel_filenames[name];
        for (const VersionMap& map : it->second.maps) {
            for (std::size_t i = 0; i < map.size(); ++i) {
                if (!map.is_materializable(i)) continue;
                std::vector<std::string> wheels;
                for (const DistributionFile& f : map.files(i))
                    if (f.is_wheel()) wheels.push_back(f.filename);
                versions.emplace_back(map.version(i), std::move(wheels));
            }
        }
        std::stable_sort(versions.begin(), versions.end(),
                         [](const auto& a, const auto& b) { return a.first < b.first; });
    }
    return out;
}

void Driver::with_env(ForkState& state, ResolverEnvironment env) {
    state.env = std::move(env);
    // The fork's markers may narrow the Python versions it resolves for.
    if (auto range = state.env.requires_python())
        if (auto narrowed = state.python.narrow(range->first, range->second)) state.python = std::move(*narrowed);
}

void Driver::add_dependencies(ForkState& state, PackageId id, const Version& version,
                              const std::vector<PackageDependency>& dependencies) {
    // Register priorities in dependency order, each proxy followed by its base.
    for (const auto& d : dependencies) {
        const std::string* name = d.package.name_no_root();
        const bool direct_url = name != nullptr && url_of(*name) != nullptr;
        state.priorities.insert(d.package, d.versions, direct_url);
        if (auto base = d.package.base_package()) state.priorities.insert(*base, d.versions, direct_url);
        if (name != nullptr && !direct_url) m_provider.prefetch_versions(*name);
    }
    add_package_version_dependencies(state, id, version, dependencies);
}

ForkResolution Driver::into_resolution(ForkState& state) {
    // uv's `ForkState::into_resolution`: nodes are the decided real packages (and their extra
    // and group variants); edges are the dependency clauses that hold in the final assignment.
    ForkResolution out;
    out.markers = state.env.markers();
    out.universal_markers = state.env.universal_markers();
    out.included.assign(state.env.included().begin(), state.env.included().end());
    out.excluded.assign(state.env.excluded().begin(), state.env.excluded().end());
    const auto solution = state.pubgrub.partial_solution().extract_solution();
    std::map<PackageId, Version> decided(solution.begin(), solution.end());
    auto resolved_package = [&](const ResolverPackage& p, const Version& version) {
        ResolvedPackage r;
        r.name = p.name;
        r.version = version;
        if (const std::string* url = url_of(p.name)) {
            r.url = *url;
        } else if (auto pin = state.pins.find({p.name, version}); pin != state.pins.end()) {
            const CompatibleDist& dist = pin->second.dist;
            r.index_url = pin->second.index_url;
            r.install_file = &dist.for_installation();
            r.metadata_file = &dist.for_resolution();
            // A find-links file merged into an index's versions comes from its own location; the
            // lock then records only that location's files of the version, and an index file
            // only the index's (uv's `Wheel::from_built_dist`, `SourceDist::from_registry_dist`).
            if (!r.install_file->find_links.empty()) r.index_url = r.install_file->find_links;
            auto here = [&](const DistributionFile& f) {
                return (f.find_links.empty() ? pin->second.index_url : f.find_links) == r.index_url;
            };
            if (const PrioritizedDist* all = pin->second.prioritized) {
                // What the lock records (uv's `built_dist()` and `source_dist()`).
                const bool wheel = dist.kind == CompatibleDist::Kind::CompatibleWheel;
                for (const auto& [file, verdict] : all->wheels()) {
                    const bool excluded = !verdict.compatible && verdict.wheel.kind == IncompatibleWheel::Kind::ExcludeNewer;
                    if ((!wheel || !excluded) && here(*file)) r.wheels.push_back(file);
                }
                if (all->source() && here(*all->source()->first)) r.sdist = all->source()->first;
            }
        }
        return r;
    };
    std::set<std::string> bases;
    for (const auto& [id, version] : solution) {
        const ResolverPackage& p = state.store[id];
        if (p.kind != PackageKind::Package || !p.marker.is_true()) continue;
        out.nodes.push_back(ResolvedNode{p.name, p.extra, p.group});
        if (p.extra || p.group) continue;
        bases.insert(p.name);
        out.packages.push_back(resolved_package(p, version));
    }
    // A variant decided without its base (a member's group in a fork that excludes the member
    // itself, `tool.uv.conflicts`) still names the version its node stands for.
    for (const auto& [id, version] : solution) {
        const ResolverPackage& p = state.store[id];
        if (p.kind != PackageKind::Package || !p.marker.is_true() || !(p.extra || p.group)) continue;
        if (bases.insert(p.name).second) out.packages.push_back(resolved_package(p, version));
    }
    std::sort(out.packages.begin(), out.packages.end(),
              [](const ResolvedPackage& a, const ResolvedPackage& b) { return a.name < b.name; });
    for (const auto& [id, version] : solution) {
        for (IncompatibilityId inc_id : state.pubgrub.incompatibilities_of(id)) {
            const Incompatibility& inc = state.pubgrub.incompatibility(inc_id);
            if (inc.kind() != IncompatibilityKind::FromDependency || inc.package() != id) continue;
            auto [self_range, dep_range] = inc.dependency_sets();
            if (!self_range->contains(version)) continue;
            auto dep = decided.find(inc.dependency());
            if (dep == decided.end() || !dep_range.contains(dep->second)) continue;
            const ResolverPackage& from = state.store[id];
            const ResolverPackage& to = state.store[inc.dependency()];
            if (from.kind != PackageKind::Package && from.kind != PackageKind::Root) continue;
            ResolvedEdge e;
            e.from = from.kind == PackageKind::Root ? std::string() : from.name;
            e.from_extra = from.kind == PackageKind::Root ? std::nullopt : from.extra;
            e.from_group = from.kind == PackageKind::Root ? std::nullopt : from.group;
            e.to = to.name;
            e.marker = to.marker;
            // Self-dependencies are dropped, except from groups (a group may name its project).
            const bool self = from.kind == PackageKind::Package && from.name == to.name && !from.group;
            switch (to.kind) {
            case PackageKind::Package:
            case PackageKind::Marker:
                if (self) continue;
                out.edges.push_back(std::move(e));
                break;
            case PackageKind::Extra: {
                ResolvedEdge base = e;
                e.to_extra = to.extra;
                out.edges.push_back(std::move(e));
                out.edges.push_back(std::move(base));
                break;
            }
            case PackageKind::Group:
                e.to_group = to.group;
                out.edges.push_back(std::move(e));
                break;
            default: break;
            }
        }
    }
    return out;
}

std::expected<Resolution, ResolveFailure> Driver::solve() {
    if (!m_lookahead.error.empty()) return std::unexpected(ResolveFailure{std::nullopt, m_lookahead.error});
    PackageStore store;
    const PackageId root = store.alloc(ResolverPackage::root());
    // A deque: a fork's state cannot be moved without a possible throw (its solver's deque), so
    // a vector would copy every waiting fork each time it grew.
    std::deque<ForkState> stack;
    stack.emplace_back(std::move(store), root, m_env, m_python);
    if (m_env.is_universal() && !m_env.initial_forks().empty()) {
        // One state per initial fork, built in reverse order, then ordered by Python floor like
        // the forks made while solving (the stack solves the last one first).
        ForkState init = std::move(stack.back());
        stack.clear();
        const auto& forks = m_env.initial_forks();
        for (auto it = forks.rbegin(); it != forks.rend(); ++it) {
            // A fork marker of a lock with conflicts carries the fork's included and excluded
            // items as pseudo-extras; the rest is its PEP 508 part.
            std::optional<ResolverEnvironment> env = m_env;
            if (auto rules = conflict_filter_rules(*it)) {
                std::vector<std::pair<ConflictItem, bool>> filter;
                for (auto& i : rules->first) filter.emplace_back(std::move(i), true);
                for (auto& i : rules->second) filter.emplace_back(std::move(i), false);
                if (!filter.empty()) env = m_env.filter_by_group(filter);
            }
            if (!env) continue;
            ForkState s = init;
            with_env(s, env->narrow(it->without_extras()));
            stack.push_back(std::move(s));
        }
        const bool reverse_floor =
            m_options.fork_strategy == ForkStrategy::Fewest || m_options.resolution == ResolutionMode::Lowest;
        std::stable_sort(stack.begin(), stack.end(), [&](const ForkState& a, const ForkState& b) {
            const int c = detail::compare_requires_python(a.env, b.env);
            return reverse_floor ? c > 0 : c < 0;
        });
    }
    Resolution result;

    while (!stack.empty()) {
        ForkState state = std::move(stack.back());
        stack.pop_back();
        m_selections.clear();  // another fork's ranges say nothing about this one's
        bool fork_done = false;
        // The state of a fork's child: a copy, but the last child takes the state itself, which
        // is done with once it forks.
        auto child_state = [&](bool last) { return last ? ForkState(std::move(state)) : ForkState(state); };
        while (!fork_done) {
            PackageId next;
            if (state.initial_id) {
                // A version fork revisits its package without propagating again.
                next = *state.initial_id;
                state.initial_id.reset();
            } else {
                auto propagated = state.pubgrub.unit_propagation(state.next);
                if (!propagated)
                    return std::unexpected(ResolveFailure{no_solution(state, std::move(propagated.error())), {}});
                for (const auto& [affected, incompat] : *propagated) record_conflict(state, affected, incompat);
                // Let the provider start on what will be needed next.
                for (const auto& [id, range] : state.pubgrub.partial_solution().prioritized_packages()) {
                    const ResolverPackage& p = state.store[id];
                    if (p.kind != PackageKind::Package || url_of(p.name) != nullptr) continue;
                    if (!p.extra && !p.group && p.marker.is_true()) m_provider.prefetch_versions(p.name);
                    // uv looks ahead at plain packages only; the proxies of an extra, a group or
                    // a marker read the same metadata, and a chain of them (torch's
                    // platform-bound dependencies) would otherwise wait once per package.
                    if (!pre_visit(state, p, *range) &&
                        std::ranges::find(state.look_ahead_pending, id) == state.look_ahead_pending.end())
                        state.look_ahead_pending.push_back(id);
                }
                look_ahead_pending(state);
                reprioritize_conflicts(state);
                auto picked = state.pubgrub.partial_solution().pick_highest_priority_package(
                    [&](PackageId id, const VersionRange&) { return state.priorities.get(id, state.store[id]); });
                if (!picked) {
                    ForkResolution solved = into_resolution(state);
                    // Later forks prefer what this fork chose (not in lowest-direct mode, where a
                    // package can be direct in one fork and transitive in another).
                    if (m_options.resolution != ResolutionMode::LowestDirect && state.env.is_universal()) {
                        for (const auto& p : solved.packages)
                            m_preferences.add(Preference{p.name, p.version, solved.universal_markers, std::nullopt,
                                                         PreferenceSource::Resolver});
                    }
                    result.forks.push_back(std::move(solved));
                    fork_done = true;
                    continue;
                }
                next = *picked;
            }
            state.next = next;
            const ResolverPackage package = state.store[next];

            Version version;
            if (state.initial_version) {
                version = *state.initial_version;
                state.initial_version.reset();
            } else {
                // Nothing changes the partial solution before the term's last use below.
                const Term& term = *state.pubgrub.partial_solution().term_intersection(next);
                VersionChoice choice = choose_version(state, next, package, term.set());
                if (m_fatal) return std::unexpected(ResolveFailure{std::nullopt, *m_fatal});
                if (choice.kind == VersionChoice::Kind::None) {
                    if (package.kind == PackageKind::Package) {
                        if (auto it = m_unavailable_packages.find(package.name); it != m_unavailable_packages.end()) {
                            UnavailableReason r;
                            r.whole_package = true;
                            r.package = it->second;
                            state.pubgrub.add_incompatibility(Incompatibility::custom(next, term, add_reason(r)));
                            continue;
                        }
                    }
                    state.pubgrub.add_incompatibility(Incompatibility::no_versions(next, term));
                    continue;
                }
                if (choice.kind == VersionChoice::Kind::Unavailable) {
                    add_unavailable_version(state, choice.version, choice.reason());
                    continue;
                }
                if (choice.kind == VersionChoice::Kind::Forked) {
                    // Each child revisits this package under its narrowed Python range; the
                    // last pushed (the upper half) is solved first.
                    for (std::size_t i = 0; i < choice.forks.size(); ++i) {
                        ForkState child = child_state(i + 1 == choice.forks.size());
                        child.initial_id = next;
                        if (i < choice.fork_versions.size()) child.initial_version = choice.fork_versions[i];
                        with_env(child, std::move(choice.forks[i]));
                        stack.push_back(std::move(child));
                    }
                    fork_done = true;
                    continue;
                }
                version = choice.version;
                if (package.kind == PackageKind::Package && !package.extra && !package.group &&
                    package.marker.is_true() && url_of(package.name) == nullptr) {
                    // A version tried before (the same decision again after a backjump)
                    // leaves the batch as it was.
                    if (m_prefetcher.version_tried(package.name, version))
                        prefetch_batch(state, package, version, term.set());
                }
            }

            if (auto it = state.added_dependencies.find(next);
                it != state.added_dependencies.end() && it->second.contains(version)) {
                // Its dependency clauses are in already and were not satisfied: decide directly.
                state.pubgrub.partial_solution().add_decision(next, version);
                continue;
            }

            DependencyAnswer answer = get_dependencies(state, package, version);
            if (m_fatal) return std::unexpected(ResolveFailure{std::nullopt, *m_fatal});
            switch (answer.kind) {
            case DependencyAnswer::Kind::Unavailable: {
                const VersionRange versions = widen_to_gap(state, version);
                UnavailableReason r;
                r.version = answer.reason;
                state.pubgrub.add_incompatibility(
                    Incompatibility::custom(next, Term::positive(versions), add_reason(r)));
                break;
            }
            case DependencyAnswer::Kind::RequiresPython: {
                if (m_options.fork_strategy == ForkStrategy::RequiresPython && state.env.is_universal()) {
                    auto envs = detail::fork_by_python_requirement(answer.requires_python, state.python, state.env);
                    if (!envs.empty()) {
                        for (std::size_t i = 0; i < envs.size(); ++i) {
                            ForkState child = child_state(i + 1 == envs.size());
                            child.initial_id = next;
                            with_env(child, std::move(envs[i]));
                            stack.push_back(std::move(child));
                        }
                        fork_done = true;
                        break;
                    }
                }
                const VersionRange versions = widen_to_gap(state, version);
                UnavailableReason r;
                r.version.kind = UnavailableVersion::Kind::RequiresPython;
                r.version.requires_python = answer.requires_python;
                state.pubgrub.add_incompatibility(
                    Incompatibility::custom(next, Term::positive(versions), add_reason(r)));
                break;
            }
            case DependencyAnswer::Kind::Unforkable:
                state.added_dependencies[next].insert(version);
                add_dependencies(state, next, version, answer.dependencies);
                break;
            case DependencyAnswer::Kind::Available: {
                state.added_dependencies[next].insert(version);
                if (!state.env.is_universal()) {
                    add_dependencies(state, next, version, answer.dependencies);
                    break;
                }
                // Universal: dependencies in name order, split where markers diverge.
                std::vector<detail::Fork> forks = detail::fork_dependencies(answer.dependencies, state.env, state.python,
                                                                            m_manifest.conflicts);
                if (forks.size() <= 1) {
                    add_dependencies(state, next, version,
                                     forks.empty() ? std::vector<PackageDependency>{} : forks.front().dependencies);
                    break;
                }
                detail::sort_forks(forks, m_options.fork_strategy, m_options.resolution);
                for (std::size_t i = 0; i < forks.size(); ++i) {
                    detail::Fork& f = forks[i];
                    ForkState child = child_state(i + 1 == forks.size());
                    with_env(child, std::move(f.env));
                    add_dependencies(child, next, version, f.dependencies);
                    stack.push_back(std::move(child));
                }
                fork_done = true;
                break;
            }
            }
        }
        // Done with: freed off this thread (a moved-from state, after forking, costs nothing).
        m_released_states.release(std::move(state));
    }

    // A source tree has one version. A fork solved before a build told a stand-in version's real
    // one holds the stand-in, which nothing in that fork constrained: it gets the real one.
    for (auto& f : result.forks)
        for (auto& p : f.packages)
            if (url_of(p.name) != nullptr) p.version = m_lookahead.metadata.at(p.name).version;

    // Every (name, version) of every fork, once.
    for (const auto& f : result.forks)
        for (const auto& p : f.packages) {
            auto same = [&](const ResolvedPackage& q) { return q.name == p.name && q.version == p.version; };
            if (std::none_of(result.packages.begin(), result.packages.end(), same)) result.packages.push_back(p);
        }
    std::sort(result.packages.begin(), result.packages.end(), [](const ResolvedPackage& a, const ResolvedPackage& b) {
        if (a.name != b.name) return a.name < b.name;
        return a.version < b.version;
    });
    return result;
}

} // namespace

std::expected<Resolution, ResolveFailure> resolve(const Manifest& manifest, const ResolverOptions& options,
                                                  const ResolverEnvironment& environment,
                                                  const PythonRequirement& python, ResolverProvider& provider) {
    Driver driver(manifest, options, environment, python, provider);
    return driver.solve();
}

} // namespace lockkit::resolver
