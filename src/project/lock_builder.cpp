// From a resolution graph to the uv.lock model (see lock_builder.hpp).

#include <lockkit/project/lock_builder.hpp>

#include <lockkit/index/hash_digest.hpp>
#include <lockkit/index/url.hpp>
#include <lockkit/tags/wheel_filename.hpp>
#include <lockkit/tags/wheel_reach.hpp>
#include <lockkit/util/timestamp.hpp>

#include <algorithm>
#include <filesystem>
#include <set>

namespace lockkit::project {

using pep508::MarkerTree;
using resolver::GraphNode;
using resolver::ResolutionGraph;

namespace {

/// Markers as the lock writes them: simplified under requires-python (uv's `SimplifiedMarkerTree`).
struct PythonContext {
    pep508::ReleaseBound lower;
    pep508::ReleaseBound upper;
    MarkerTree simplify(MarkerTree m) const { return m.simplify_python_versions(lower, upper); }
};

/// uv's `canonical_marker_trees`: each fork marker simplified and de-duplicated; kept as such
/// when pairwise disjoint (with conflicts the full markers would be used), TRUE dropped.
std::vector<std::string> canonical_fork_markers(const std::vector<MarkerTree>& markers, const PythonContext& py) {
    std::vector<MarkerTree> simplified;
    for (MarkerTree m : markers) {
        const MarkerTree s = py.simplify(m.without_extras());
        if (std::find(simplified.begin(), simplified.end(), s) == simplified.end()) simplified.push_back(s);
    }
    bool overlap = false;
    for (std::size_t i = 0; i < simplified.size() && !overlap; ++i)
        for (std::size_t j = i + 1; j < simplified.size() && !overlap; ++j)
            overlap = !simplified[i].is_disjoint(simplified[j]);
    if (overlap) {
        simplified.clear();
        for (MarkerTree m : markers) simplified.push_back(py.simplify(m));
    }
    std::vector<std::string> out;
    for (MarkerTree m : simplified)
        if (!m.is_true()) out.push_back(m.to_string());
    return out;
}

/// The hash uv records for a file (index::lock_hash: the largest by algorithm, then digest).
std::optional<std::string> lock_hash(const std::vector<std::pair<std::string, std::string>>& hashes) {
    index::HashDigests digests;
    for (const auto& [algorithm, hex] : hashes)
        if (auto a = index::parse_hash_algorithm(algorithm)) digests.push_back(index::HashDigest{*a, hex});
    auto best = index::lock_hash(digests);
    if (!best) return std::nullopt;
    return std::string(index::hash_algorithm_name(best->algorithm)) + ":" + std::string(best->hex);
}

/// A registry file as an sdist or wheel entry.
lockfile::Artifact registry_artifact(const resolver::DistributionFile& file, const RegistryLocation& where) {
    lockfile::Artifact a;
    a.location_kind = lockfile::ArtifactLocation::Url;
    std::string url = file.url;
    if (auto hash = url.find('#'); hash != std::string::npos) url.erase(hash);
    a.location = url;
    if (where.directory && url.starts_with("file://")) {
        std::filesystem::path path = index::percent_decode(url.substr(7));
        if (!where.absolute) path = path.lexically_relative(*where.directory);
        a.location_kind = lockfile::ArtifactLocation::Path;
        a.location = path.generic_string();
    }
    a.hash = lock_hash(file.hashes);
    a.size = file.size;
    if (file.upload_time_ms) a.upload_time = format_timestamp_ms(*file.upload_time_ms);
    return a;
}

struct Builder {
    const ResolutionGraph& graph;
    const LockInputs& in;
    PythonContext py;
    MarkerTree environment;        ///< the union of the fork markers, simplified
    MarkerTree supported;          ///< the union of the supported environments (TRUE when none)
    std::map<std::string, std::size_t> name_count;
    /// canonical_fork_markers of a set of forks (by position): the versions of one package
    /// mostly share theirs, and simplifying them is the costly part of writing a package.
    std::map<std::vector<std::size_t>, std::vector<std::string>> fork_markers_of;
    std::vector<std::optional<lockfile::PackageId>> ids;  ///< per node
    std::string error{};

    lockfile::PackageId id_of(const GraphNode& node) {
        lockfile::PackageId id;
        id.name = node.name;
        const resolver::ResolvedPackage& p = *node.package;
        if (p.url) {
            auto it = in.local_packages.find(*p.url);
            if (it == in.local_packages.end()) {
                error = "`" + node.name + "` resolved to " + *p.url + ", which the project does not describe";
                return id;
            }
            id.source = it->second.source;
            if (!it->second.dynamic_version) id.version = p.version.to_string();
        } else {
            id.source = in.registry(p.index_url).source;
            id.version = p.version.to_string();
        }
        return id;
    }

    lockfile::Package package_of(std::size_t index) {
        const GraphNode& node = graph.nodes()[index];
        const resolver::ResolvedPackage& p = *node.package;
        lockfile::Package out;
        out.id = *ids[index];
        if (name_count[node.name] > 1) {
            std::vector<std::size_t> which;
            for (std::size_t f = 0; f < graph.fork_markers().size(); ++f)
                if (!graph.fork_markers()[f].is_disjoint(node.marker)) which.push_back(f);
            auto [it, fresh] = fork_markers_of.try_emplace(std::move(which));
            if (fresh) {
                std::vector<MarkerTree> forks;
                for (std::size_t f : it->first) forks.push_back(graph.fork_markers()[f]);
                it->second = canonical_fork_markers(forks, py);
            }
            out.resolution_markers = it->second;
        }
        if (p.url) {
            const LocalPackage& local = in.local_packages.at(*p.url);
            out.metadata = local.metadata;
            // uv keeps declared requirements as sets: a requirement written twice is recorded once.
            auto dedupe = [](std::vector<lockfile::Requirement>& list) {
                std::vector<lockfile::Requirement> unique;
                for (auto& r : list)
                    if (std::find(unique.begin(), unique.end(), r) == unique.end()) unique.push_back(std::move(r));
                list = std::move(unique);
            };
            if (out.metadata.requires_dist) dedupe(*out.metadata.requires_dist);
            if (out.metadata.requires_dev)
                for (auto& [group, list] : *out.metadata.requires_dev) dedupe(list);
            out.sdist = local.sdist;
            out.wheels = local.wheels;
            return out;
        }
        const RegistryLocation where = in.registry(p.index_url);
        if (p.sdist != nullptr) out.sdist = registry_artifact(*p.sdist, where);
        // Wheels no environment of the lock can install are left out.
        const MarkerTree wheel_marker = node.marker.and_with(supported);
        for (const resolver::DistributionFile* w : p.wheels) {
            auto filename = tags::WheelFilename::parse(w->filename);
            if (filename && tags::is_wheel_unreachable(*filename, py.lower, py.upper, wheel_marker)) continue;
            out.wheels.push_back(registry_artifact(*w, where));
        }
        return out;
    }

    /// uv's `simplify_dependency_marker`: under requires-python and the parent's reachability,
    /// and-ed with the lock's environment (which the printed form drops again).
    MarkerTree edge_marker(MarkerTree parent, MarkerTree marker) const {
        const MarkerTree p = py.simplify(parent.without_extras());
        return py.simplify(marker).restrict(p).and_with(environment);
    }

    struct Edge {
        lockfile::PackageId target;
        std::set<std::string> extras;
        MarkerTree simplified;
    };

    std::vector<Edge> edges_of(std::size_t index) {
        const GraphNode& parent = graph.nodes()[index];
        std::vector<Edge> out;
        for (std::size_t e : graph.outgoing(index)) {
            const resolver::GraphEdge& edge = graph.edges()[e];
            const GraphNode& child = graph.nodes()[edge.to];
            if (child.is_root() || !ids[edge.to]) continue;
            Edge d{*ids[edge.to], {}, edge_marker(parent.marker, edge.marker)};
            if (child.extra) d.extras.insert(*child.extra);
            auto same = std::find_if(out.begin(), out.end(), [&](const Edge& x) {
                return x.target == d.target && x.simplified == d.simplified;
            });
            if (same != out.end()) same->extras.insert(d.extras.begin(), d.extras.end());
            else out.push_back(std::move(d));
        }
        return out;
    }
};

} // namespace

std::string requires_python_text(const resolver::RequiresPython& requires_python) {
    return requires_python.specifiers().to_string(", ");
}

std::expected<lockfile::Lock, std::string> build_lock(const ResolutionGraph& graph, const LockInputs& in) {
    Builder b{graph, in, {}, {}, MarkerTree::always_true(), {}, {}, {}};
    std::tie(b.py.lower, b.py.upper) = in.requires_python.release_bounds();
    MarkerTree union_of_forks = in.requires_python.to_marker_tree();
    if (!graph.fork_markers().empty()) {
        union_of_forks = MarkerTree::always_false();
        for (MarkerTree m : graph.fork_markers()) union_of_forks = union_of_forks.or_with(m.without_extras());
    }
    b.environment = b.py.simplify(union_of_forks);
    if (!in.supported_environments.empty()) {
        b.supported = MarkerTree::always_false();
        for (MarkerTree m : in.supported_environments) b.supported = b.supported.or_with(m);
    }

    const auto& nodes = graph.nodes();
    b.ids.resize(nodes.size());
    for (std::size_t i = 1; i < nodes.size(); ++i) {
        b.ids[i] = b.id_of(nodes[i]);
        if (!b.error.empty()) return std::unexpected(b.error);
        if (nodes[i].is_base()) ++b.name_count[nodes[i].name];
    }

    lockfile::Lock lock;
    lock.version = lockfile::k_lock_version;
    lock.revision = lockfile::k_lock_revision;
    lock.requires_python = requires_python_text(in.requires_python);
    if (auto markers = canonical_fork_markers(graph.fork_markers(), b.py); !markers.empty())
        lock.resolution_markers = std::move(markers);
    if (!in.supported_environments.empty()) {
        std::vector<std::string> s;
        for (MarkerTree m : in.supported_environments) s.push_back(b.py.simplify(m).to_string());
        lock.supported_markers = std::move(s);
    }
    if (!in.required_environments.empty()) {
        std::vector<std::string> s;
        for (MarkerTree m : in.required_environments) s.push_back(b.py.simplify(m).to_string());
        lock.required_markers = std::move(s);
    }
    lock.options = in.options;
    lock.manifest = in.manifest;
    lock.conflicts = in.conflicts;

    // One package per base node; the variants add their edges to it.
    std::map<std::size_t, std::size_t> package_of_node;
    for (std::size_t i = 1; i < nodes.size(); ++i) {
        if (!nodes[i].is_base()) continue;
        if (lock.find(*b.ids[i]) >= 0)
            return std::unexpected("`" + nodes[i].name + "` would be locked twice with the same version and source");
        package_of_node[i] = lock.packages.size();
        lock.packages.push_back(b.package_of(i));
    }
    auto base_index = [&](std::size_t node) -> std::ptrdiff_t { return lock.find(*b.ids[node]); };

    // Which extras each package resolved (an extra node exists), for dropping the others from edges.
    std::map<std::size_t, std::set<std::string>> resolved_extras;
    struct Section {
        std::size_t package;
        std::optional<std::string> extra, group;
        std::vector<Builder::Edge> edges;
    };
    std::vector<Section> sections;
    for (std::size_t i = 1; i < nodes.size(); ++i) {
        const std::ptrdiff_t pkg = base_index(i);
        if (pkg < 0) return std::unexpected("`" + nodes[i].name + "` has an extra or group but no package");
        Section s{static_cast<std::size_t>(pkg), nodes[i].extra, nodes[i].group, b.edges_of(i)};
        // An extra counts as resolved only with edges (uv creates its section on the first edge).
        if (s.extra && !s.edges.empty()) resolved_extras[s.package].insert(*s.extra);
        sections.push_back(std::move(s));
    }

    for (Section& s : sections) {
        std::vector<lockfile::Dependency> deps;
        for (Builder::Edge& e : s.edges) {
            lockfile::Dependency d;
            d.target = e.target;
            const std::ptrdiff_t target = lock.find(e.target);
            for (const auto& x : e.extras)
                if (target >= 0 && resolved_extras[static_cast<std::size_t>(target)].contains(x)) d.extras.push_back(x);
            d.marker = e.simplified.restrict(b.environment).to_string();
            deps.push_back(std::move(d));
        }
        lockfile::Package& p = lock.packages[s.package];
        if (!s.extra && !s.group) {
            p.dependencies = std::move(deps);
            continue;
        }
        auto& lists = s.extra ? p.optional_dependencies : p.dev_dependencies;
        const std::string& key = s.extra ? *s.extra : *s.group;
        if (deps.empty()) continue;  // written only when the section has edges
        lists.emplace_back(key, std::move(deps));
    }
    return lock;
}

} // namespace lockkit::project
