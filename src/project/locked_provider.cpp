// Answering the resolver from lock files (see locked_provider.hpp).

#include <lockkit/project/locked_provider.hpp>

#include <lockkit/index/url.hpp>
#include <lockkit/project/index_provider.hpp>
#include <lockkit/tags/wheel_filename.hpp>
#include <lockkit/tags/wheel_reach.hpp>
#include <lockkit/util/timestamp.hpp>

#include <algorithm>
#include <set>

namespace lockkit::project {

namespace {

/// The resolver's view of one artifact of a registry package.
resolver::DistributionFile distribution_file(const lockfile::Artifact& a, const std::string& registry,
                                             const std::filesystem::path& root) {
    resolver::DistributionFile f;
    f.filename = a.filename();
    f.url = a.location;
    if (a.location_kind == lockfile::ArtifactLocation::Path) {
        std::filesystem::path path(a.location);
        if (!path.is_absolute())
            if (auto dir = index::make_location(registry, root, {}).path) path = *dir / path;
        f.url = index::file_url(path.lexically_normal().generic_string());
    }
    if (a.hash)
        if (auto colon = a.hash->find(':'); colon != std::string::npos)
            f.hashes.emplace_back(a.hash->substr(0, colon), a.hash->substr(colon + 1));
    f.size = a.size;
    if (a.upload_time) f.upload_time_ms = parse_timestamp_ms(*a.upload_time);
    return f;
}

} // namespace

LockedVersionsProvider::LockedVersionsProvider(std::vector<const lockfile::Lock*> locks, std::filesystem::path root,
                                               resolver::RequiresPython requires_python,
                                               std::map<std::string, std::string> pinned,
                                               std::set<std::string> explicit_registries)
    : m_locks(std::move(locks)), m_root(std::move(root)), m_requires_python(std::move(requires_python)) {
    for (const auto* lock : m_locks)
        for (const auto& p : lock->packages) {
            if (p.id.source.kind != lockfile::SourceKind::Registry || !p.id.version) continue;
            // A version a lock took from an index the project would not ask for this package
            // (another than its pin, or an explicit one it is not pinned to) is not a candidate.
            const auto pin = pinned.find(p.id.name);
            if (pin != pinned.end() ? pin->second != p.id.source.location : explicit_registries.contains(p.id.source.location))
                continue;
            m_by_name[p.id.name].push_back({lock, &p});
        }
}

LockedVersionsProvider::~LockedVersionsProvider() = default;

bool LockedVersionsProvider::knows(const std::string& name) const { return m_by_name.contains(name); }

const resolver::PackageVersions& LockedVersionsProvider::versions(const std::string& name) {
    auto& slot = m_answers[name];
    if (slot) return *slot;
    slot = std::make_unique<resolver::PackageVersions>();
    auto it = m_by_name.find(name);
    if (it == m_by_name.end()) {
        slot->status = resolver::PackageVersions::Status::NotFound;
        return *slot;
    }
    slot->status = resolver::PackageVersions::Status::Found;
    for (const Entry& e : it->second) {
        const std::string& registry = e.package->id.source.location;
        auto index = std::find_if(slot->indexes.begin(), slot->indexes.end(),
                                  [&](const resolver::IndexVersions& i) { return i.index_url == registry; });
        if (index == slot->indexes.end()) {
            slot->indexes.push_back(resolver::IndexVersions{registry, {}, false});
            index = slot->indexes.end() - 1;
        }
        auto version = pep440::Version::parse(*e.package->id.version);
        if (!version) continue;
        auto at = std::find_if(index->versions.begin(), index->versions.end(),
                               [&](const resolver::VersionFiles& v) { return v.version == *version; });
        if (at == index->versions.end()) {
            index->versions.push_back(resolver::VersionFiles{*version, {}});
            at = index->versions.end() - 1;
        }
        auto add = [&](const lockfile::Artifact& a) {
            auto file = distribution_file(a, registry, m_root);
            const bool known = std::any_of(at->files.begin(), at->files.end(),
                                           [&](const resolver::DistributionFile& f) { return f.filename == file.filename; });
            if (!known) at->files.push_back(std::move(file));
        };
        if (e.package->sdist) add(*e.package->sdist);
        for (const auto& w : e.package->wheels) add(w);
    }
    for (auto& index : slot->indexes)
        std::sort(index.versions.begin(), index.versions.end(),
                  [](const resolver::VersionFiles& a, const resolver::VersionFiles& b) { return a.version < b.version; });
    return *slot;
}

resolver::MetadataResult LockedVersionsProvider::metadata(const std::string& name, const pep440::Version& version,
                                                          const resolver::DistributionFile& file) {
    (void)file;
    resolver::MetadataResult out;
    auto it = m_by_name.find(name);
    if (it == m_by_name.end()) {
        out.status = resolver::MetadataResult::Status::Offline;
        out.detail = "no lock holds `" + name + "`";
        return out;
    }
    // Every edge of `name==version` in every lock, with the target versions each lock paired it with.
    struct Edge {
        std::string target;
        std::vector<std::string> extras;
        std::string marker;  ///< with `extra == '…'` for an optional dependency
        auto key() const { return std::tie(target, extras, marker); }
    };
    std::vector<Edge> edges;
    std::map<std::string, std::set<std::string>> paired;  // target -> versions seen with this version
    std::set<std::string> extras;
    for (const Entry& e : it->second) {
        auto v = pep440::Version::parse(*e.package->id.version);
        if (!v || !(*v == version)) continue;
        auto take = [&](const lockfile::Dependency& d, const std::string& extra) -> bool {
            if (d.target.source.kind != lockfile::SourceKind::Registry || !d.target.version) return false;
            Edge edge{d.target.name, d.extras, d.marker};
            if (!extra.empty()) {
                const std::string clause = "extra == '" + extra + "'";
                edge.marker = edge.marker.empty() ? clause : "(" + edge.marker + ") and " + clause;
            }
            if (std::none_of(edges.begin(), edges.end(), [&](const Edge& x) { return x.key() == edge.key(); }))
                edges.push_back(edge);
            paired[d.target.name].insert(*d.target.version);
            return true;
        };
        for (const auto& d : e.package->dependencies)
            if (!take(d, {})) {
                out.status = resolver::MetadataResult::Status::Offline;
                out.detail = "`" + name + "` " + version.to_string() + " depends on `" + d.target.name +
                             "`, which is not from a registry";
                return out;
            }
        for (const auto& [extra, deps] : e.package->optional_dependencies) {
            extras.insert(extra);
            for (const auto& d : deps)
                if (!take(d, extra)) {
                    out.status = resolver::MetadataResult::Status::Offline;
                    out.detail = "`" + name + "[" + extra + "]` depends on `" + d.target.name + "`, which is not from a registry";
                    return out;
                }
        }
    }
    for (const Edge& edge : edges) {
        // The versions of the target the locks hold but never paired with this version.
        std::string specifier;
        std::set<std::string> listed;
        for (const Entry& t : m_by_name[edge.target]) listed.insert(*t.package->id.version);
        for (const auto& v : listed) {
            if (paired[edge.target].contains(v)) continue;
            specifier += (specifier.empty() ? "!=" : ", !=") + v;
        }
        std::string text = edge.target;
        if (!edge.extras.empty()) {
            text += "[";
            for (std::size_t i = 0; i < edge.extras.size(); ++i) text += (i ? "," : "") + edge.extras[i];
            text += "]";
        }
        text += specifier;
        if (!edge.marker.empty()) text += " ; " + edge.marker;
        auto req = pep508::Requirement::parse(text);
        if (!req) {
            out.status = resolver::MetadataResult::Status::InvalidMetadata;
            out.detail = "cannot restate the edge `" + text + "` of `" + name + "` as a requirement";
            return out;
        }
        out.metadata.requires_dist.push_back(std::move(*req));
    }
    out.metadata.provides_extra.assign(extras.begin(), extras.end());
    return out;
}

resolver::WheelTagVerdict LockedVersionsProvider::wheel_tags(std::string_view filename) {
    // Universal resolution: only the project's requires-python decides, as for an index.
    auto wheel = tags::WheelFilename::parse(filename);
    if (!wheel) return {false, std::nullopt, resolver::TagIncompatibility::Invalid};
    const auto [lo, hi] = m_requires_python.to_marker_tree().python_full_version_bounds();
    if (tags::matches_requires_python(*wheel, lo, hi)) return {true, std::nullopt, resolver::TagIncompatibility::Invalid};
    return {false, std::nullopt, resolver::TagIncompatibility::AbiPythonVersion};
}

} // namespace lockkit::project
