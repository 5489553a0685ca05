// The hints of failure reports (see failure_hints.hpp).

#include "failure_hints.hpp"

#include "tag_hints.hpp"

#include <lockkit/util/timestamp.hpp>

#include <algorithm>
#include <map>

namespace lockkit::resolver::failure {

namespace {

/// Distinct lines in the order they were first added.
class HintList {
public:
    void add(std::string hint) {
        if (std::find(m_hints.begin(), m_hints.end(), hint) == m_hints.end()) m_hints.push_back(std::move(hint));
    }
    std::vector<std::string> take() { return std::move(m_hints); }

private:
    std::vector<std::string> m_hints;
};

/// The live nodes depth first, each once, `first_child_first` deciding which side comes first.
template <class Visit>
void walk(const FailureTree& tree, bool first_child_first, Visit&& visit) {
    std::vector<NodeRef> pending{tree.root()};
    std::vector<char> seen(tree.size(), 0);
    while (!pending.empty()) {
        const NodeRef n = pending.back();
        pending.pop_back();
        if (seen[n]) continue;
        seen[n] = 1;
        if (const Conclusion* c = tree.conclusion(n)) {
            pending.push_back(first_child_first ? c->second : c->first);
            pending.push_back(first_child_first ? c->first : c->second);
        } else {
            visit(*tree.fact(n));
        }
    }
}

/// Whether a requirement's set names a pre-release bound (the `.dev0` that closes a plain
/// upper bound and `==X.*` intervals do not count).
bool names_prerelease(const VersionRange& set) {
    for (const auto& [lo, hi] : set.encoded().segments()) {
        if (wildcard_form(lo, hi)) continue;
        if (!lo.is_unbounded() && lo.value.is_prerelease()) return true;
        if (hi.is_unbounded() || !hi.value.is_prerelease()) continue;
        if (hi.is_included()) return true;
        const pep440::Version& v = hi.value;
        const bool plain_dev0 = v.dev() == std::optional<std::uint64_t>(0) && !v.pre() && !v.is_postrelease() && !v.has_local();
        if (!plain_dev0) return true;
    }
    return false;
}

class HintFinder {
public:
    HintFinder(const NoSolution& failure, const FailureTree& tree, const Wording& words)
        : m_failure(failure), m_tree(tree), m_words(words) {
        // What each package was required as, for the pre-release hints.
        walk(tree, false, [&](const Fact& f) {
            if (!f.is(IncompatibilityKind::FromDependency)) return;
            if (const std::string* name = f.dependency.name_no_root()) m_required[*name].push_back(f.dependency_versions);
        });
    }

    std::vector<std::string> find() {
        failing_environment();
        walk(m_tree, true, [&](const Fact& f) { from_fact(f); });
        refused_indexes();
        return m_hints.take();
    }

private:
    void from_fact(const Fact& f) {
        const std::string* name = f.package.name_no_root();
        switch (f.kind) {
        case IncompatibilityKind::NoVersions:
            if (name == nullptr) break;
            {
                // A pre-release that would have fitted explains more than the cutoff does.
                const bool prerelease = prereleases(*name, f.versions);
                unchecked_indexes(*name, f.versions);
                if (!prerelease) excluded_as_newer(*name, f.versions);
            }
            break;
        case IncompatibilityKind::Custom: {
            const UnavailableVersion& why = f.reason.version;
            if (name == nullptr) break;
            if (!f.reason.whole_package && why.kind == UnavailableVersion::Kind::UnsatisfiableDependency) break;
            prereleases(*name, f.versions);
            if (!f.reason.whole_package && why.kind == UnavailableVersion::Kind::IncompatibleDist)
                refused_files(*name, f.versions, why.dist);
            unreachable(f.reason);
            break;
        }
        case IncompatibilityKind::FromDependency:
            if (f.dependency.kind == PackageKind::Python && f.dependency.python == PythonKind::Target)
                python_range(f);
            break;
        default: break;
        }
    }

    /// Whether a pre-release hint applies (it is added once).
    bool prereleases(const std::string& name, const VersionRange& versions) {
        if (!m_failure.prerelease_disallowed.contains(name)) return false;
        const std::string try_this = m_failure.options.prerelease_packages.contains(name)
                                         ? "--prerelease-package " + name + "=allow"
                                         : "--prerelease=allow";
        for (const VersionRange& required : m_required[name]) {
            if (!names_prerelease(required)) continue;
            m_hints.add("`" + name + "` was requested with a pre-release marker (e.g., " +
                        m_words.versions(ResolverPackage::package(name), required, SetRole::Concerned) +
                        "), but pre-releases weren't enabled (try: `" + try_this + "`)");
            return true;
        }
        auto listed = m_failure.included_versions.find(name);
        if (listed == m_failure.included_versions.end()) return false;
        for (auto v = listed->second.rbegin(); v != listed->second.rend(); ++v) {
            if (!v->is_prerelease() || !versions.contains(*v)) continue;
            m_hints.add("Pre-releases are available for `" + name + "` in the requested range (e.g., " + v->to_string() +
                        "), but pre-releases weren't enabled (try: `" + try_this + "`)");
            return true;
        }
        return false;
    }

    /// With the first-index strategy, later indexes were never asked for `name`.
    void unchecked_indexes(const std::string& name, const VersionRange& versions) {
        const ResolverOptions& options = m_failure.options;
        if (options.index_strategy != IndexStrategy::FirstIndex) return;
        auto found = m_failure.found_on.find(name);
        if (found == m_failure.found_on.end()) return;
        auto at = std::find(options.index_urls.begin(), options.index_urls.end(), found->second);
        if (at == options.index_urls.end() || at + 1 == options.index_urls.end()) return;
        m_hints.add("`" + name + "` was found on " + found->second + ", but not at the requested version (" +
                    m_words.versions(ResolverPackage::package(name), versions, SetRole::Concerned) +
                    "). A compatible version may be available on a subsequent index (e.g., " + *(at + 1) +
                    "). By default, uv will only consider versions that are published on the first index that "
                    "contains a given package, to avoid dependency confusion attacks. If all indexes are equally "
                    "trusted, use `--index-strategy unsafe-best-match` to consider all versions from all indexes, "
                    "regardless of the order in which they were defined.");
    }

    /// Versions in `versions` that exist but were uploaded after the exclude-newer cutoff.
    void excluded_as_newer(const std::string& name, const VersionRange& versions) {
        auto newer = m_failure.newer_versions.find(name);
        const auto cutoff = m_failure.options.exclude_newer.cutoff_for(name);
        if (newer == m_failure.newer_versions.end() || !cutoff) return;
        const std::vector<std::pair<pep440::Version, std::optional<std::int64_t>>>& excluded = newer->second;
        std::string which;
        if (const pep440::Version* pinned = versions.as_singleton()) {
            auto it = std::find_if(excluded.begin(), excluded.end(), [&](const auto& e) { return e.first == *pinned; });
            if (it == excluded.end()) return;
            if (it->second)
                which = " The requested version, v" + it->first.to_string() + ", was published at " +
                        format_timestamp_ms(*it->second) + ".";
        } else {
            auto it = std::find_if(excluded.rbegin(), excluded.rend(), [&](const auto& e) { return versions.contains(e.first); });
            if (it == excluded.rend()) return;
            which = " The latest version satisfying the requirement is v" + it->first.to_string() +
                    (it->second ? ", published at " + format_timestamp_ms(*it->second) : std::string()) + ".";
        }
        const bool own_cutoff = m_failure.options.exclude_newer.packages.contains(name);
        m_hints.add("`" + name + "` was filtered by " + (own_cutoff ? "`exclude-newer-package`" : "`exclude-newer`") +
                    " to only include packages uploaded before " + format_timestamp_ms(*cutoff) + "." + which +
                    (own_cutoff ? " Consider removing the setting or updating it to a later date."
                                : " Consider using `exclude-newer-package` to override the cutoff for this package."));
    }

    /// Packages or metadata out of reach: index lookups disabled, or the network.
    void unreachable(const UnavailableReason& reason) {
        const bool offline = reason.whole_package ? reason.package.kind == UnavailablePackage::Kind::Offline
                                                  : reason.version.kind == UnavailableVersion::Kind::Offline;
        if (offline)
            m_hints.add("Packages were unavailable because the network was disabled. When the network is disabled, "
                        "registry packages may only be read from the cache.");
        if (reason.whole_package && reason.package.kind == UnavailablePackage::Kind::NoIndex &&
            m_failure.options.find_links.empty())
            m_hints.add("Packages were unavailable because index lookups were disabled and no additional package "
                        "locations were provided (try: `--find-links <uri>`)");
    }

    /// A failing fork that leaves out the interpreter at hand.
    void failing_environment() {
        const auto& current = m_failure.options.current_environment;
        if (!current || m_failure.fork_display.empty()) return;
        const pep508::MarkerTree fork = m_failure.environment.markers();
        const auto active_python = pep508::MarkerTree::parse("python_full_version == '" + current->python_full_version + "'");
        if (active_python && fork.is_disjoint(*active_python)) {
            m_hints.add("While the active Python version is " + current->python_version +
                        ", the resolution failed for other Python versions supported by your project. Consider "
                        "limiting your project's supported Python versions using `requires-python`.");
        } else if (!fork.evaluate(*current)) {
            m_hints.add("The resolution failed for an environment that is not the current one, consider limiting the "
                        "environments with `tool.uv.environments`.");
        }
    }

    /// Indexes that refused a lookup, in the order they are searched.
    void refused_indexes() {
        std::vector<RefusedIndex> ordered;
        for (const std::string& url : m_failure.options.index_urls)
            for (const RefusedIndex& r : m_failure.refused_indexes)
                if (r.index_url == url) ordered.push_back(r);
        for (const RefusedIndex& r : m_failure.refused_indexes)
            if (std::find(ordered.begin(), ordered.end(), r) == ordered.end()) ordered.push_back(r);
        for (const RefusedIndex& r : ordered) {
            if (r.status == 403)
                m_hints.add("An index (" + r.index_url +
                            ") returned a 403 Forbidden error. Check that the index URL is correct and the credentials "
                            "are valid.");
            else
                m_hints.add("An index URL (" + r.index_url +
                            ") could not be queried due to a lack of valid authentication credentials (401 Unauthorized)");
        }
    }

    void refused_files(const std::string& name, const VersionRange& versions, const IncompatibleDist& dist) {
        const BuildOptions& build = m_failure.options.build;
        if (dist.kind == IncompatibleDist::Kind::Wheel && dist.wheel.kind == IncompatibleWheel::Kind::NoBinary) {
            const std::string scope = build.no_binary ? "for all packages (i.e., with `--no-binary`)"
                                                      : "for `" + name + "` (i.e., with `--no-binary-package " + name + "`)";
            m_hints.add("A source distribution is required for `" + name +
                        "` because using pre-built wheels is disabled " + scope);
        }
        if (dist.kind == IncompatibleDist::Kind::Source && dist.source.kind == IncompatibleSource::Kind::NoBuild) {
            const std::string scope = build.no_build ? "for all packages (i.e., with `--no-build`)"
                                                     : "for `" + name + "` (i.e., with `--no-build-package " + name + "`)";
            m_hints.add("Wheels are required for `" + name + "` because building from source is disabled " + scope);
        }
        if (dist.kind == IncompatibleDist::Kind::Wheel && dist.wheel.kind == IncompatibleWheel::Kind::Tag)
            if (auto hint = detail::tag_hint(m_failure, name, versions, dist.wheel.tag)) m_hints.add(std::move(*hint));
    }

    /// A dependency whose Requires-Python leaves out part of the project's range. One such hint
    /// per report, naming the first package met: uv files these hints under the Python
    /// requirement alone (its source and target), so later packages add nothing.
    void python_range(const Fact& f) {
        if (f.package.kind == PackageKind::Root && f.package.name.empty()) return;
        if (m_python_range_hinted) return;
        m_python_range_hinted = true;
        const ResolverPackage plain = ResolverPackage::package(f.package.name);
        const std::string example = m_words.versions(plain, f.versions, SetRole::Concerned) + " only " +
                                    (m_words.is_plural(plain, f.versions, SetRole::Concerned) ? "support " : "supports ") +
                                    f.dependency_versions.to_string();
        const std::string target = m_failure.python.target.specifiers().to_string(", ");
        const std::string unsupported = "includes Python versions that are not supported by your dependencies (e.g., ";
        switch (m_failure.python.source) {
        case PythonRequirementSource::PythonVersion:
            m_hints.add("The `--python-version` value (" + target + ") " + unsupported + example +
                        "). Consider using a higher `--python-version` value.");
            break;
        case PythonRequirementSource::RequiresPython:
            m_hints.add("The `requires-python` value (" + target + ") " + unsupported + example +
                        "). Consider using a more restrictive `requires-python` value (like " +
                        f.dependency_versions.to_string() + ").");
            break;
        case PythonRequirementSource::Interpreter:
            m_hints.add("The Python interpreter uses a Python version that is not supported by your dependencies (e.g., " +
                        example + "). Consider passing a `--python-version` value to raise the minimum supported version.");
            break;
        }
    }

    const NoSolution& m_failure;
    const FailureTree& m_tree;
    const Wording& m_words;
    std::map<std::string, std::vector<VersionRange>> m_required;
    HintList m_hints;
    bool m_python_range_hinted = false;
};

} // namespace

std::vector<std::string> collect_hints(const NoSolution& failure, const FailureTree& tree, const Wording& words) {
    return HintFinder(failure, tree, words).find();
}

} // namespace lockkit::resolver::failure
