// The requirements a lock records for a package; see recorded_requirements.hpp.

#include <lockkit/why/recorded_requirements.hpp>

#include <lockkit/pep440/specifiers.hpp>
#include <lockkit/pep440/version.hpp>
#include <lockkit/pep508/marker.hpp>
#include <lockkit/pep508/package_name.hpp>

namespace lockkit::why {

namespace {

std::string package_label(const lockfile::PackageId& id) {
    return id.version ? id.name + " " + *id.version : id.name;
}

} // namespace

std::optional<std::string> extra_of_marker(std::string_view marker) {
    // uv writes the extra test of a requires-dist entry as `extra == 'name'`.
    constexpr std::string_view key = "extra == '";
    const auto at = marker.find(key);
    if (at == std::string_view::npos) return std::nullopt;
    const auto start = at + key.size();
    const auto end = marker.find('\'', start);
    if (end == std::string_view::npos) return std::nullopt;
    return pep508::normalize_name(marker.substr(start, end - start));
}

std::string RecordedRequirement::text() const {
    const lockfile::Requirement& r = requirement;
    std::string out = r.name;
    if (r.extras && !r.extras->empty()) {
        out += '[';
        for (std::size_t i = 0; i < r.extras->size(); ++i) out += (i ? "," : "") + (*r.extras)[i];
        out += ']';
    }
    if (r.specifier) out += *r.specifier;
    if (r.url) out += " @ " + *r.url;
    if (r.git) out += " @ git+" + *r.git;
    if (r.path) out += " @ " + *r.path;
    if (r.directory) out += " @ " + *r.directory;
    if (r.editable) out += " @ " + *r.editable + " (editable)";
    if (r.virtual_) out += " @ " + *r.virtual_;
    if (r.index) out += " (index " + *r.index + ")";
    return out;
}

std::string RecordedRequirement::environment_marker() const {
    if (requirement.marker.empty()) return {};
    auto m = pep508::MarkerTree::parse(requirement.marker);
    if (!m) return requirement.marker;
    return m->without_extras().to_string();
}

std::string RecordedRequirement::where() const {
    switch (origin) {
    case Origin::Manifest: return "[manifest] requirements";
    case Origin::ManifestGroup: return "the workspace root (group " + group.value_or("") + ")";
    case Origin::Constraint: return "[manifest] constraints";
    case Origin::Override: return "[manifest] overrides";
    case Origin::RequiresDist:
    case Origin::Group: break;
    }
    std::string out = declared_by ? package_label(*declared_by) : std::string("?");
    if (extra) out += " [extra " + *extra + "]";
    if (group) out += " (group " + *group + ")";
    return out;
}

std::vector<RecordedRequirement> recorded_requirements_on(const lockfile::Lock& lock, std::string_view name) {
    const std::string wanted = pep508::normalize_name(name);
    std::vector<RecordedRequirement> out;
    auto add = [&](RecordedRequirement::Origin origin, const lockfile::Requirement& r,
                   const lockfile::PackageId* by, std::optional<std::string> group) {
        if (pep508::normalize_name(r.name) != wanted) return;
        RecordedRequirement rr;
        rr.origin = origin;
        if (by) rr.declared_by = *by;
        if (origin == RecordedRequirement::Origin::RequiresDist) rr.extra = extra_of_marker(r.marker);
        rr.group = std::move(group);
        rr.requirement = r;
        out.push_back(std::move(rr));
    };
    for (const auto& p : lock.packages) {
        if (p.metadata.requires_dist)
            for (const auto& r : *p.metadata.requires_dist) add(RecordedRequirement::Origin::RequiresDist, r, &p.id, {});
        if (p.metadata.requires_dev)
            for (const auto& [group, reqs] : *p.metadata.requires_dev)
                for (const auto& r : reqs) add(RecordedRequirement::Origin::Group, r, &p.id, group);
    }
    const auto& m = lock.manifest;
    for (const auto& r : m.requirements) add(RecordedRequirement::Origin::Manifest, r, nullptr, {});
    for (const auto& [group, reqs] : m.dependency_groups)
        for (const auto& r : reqs) add(RecordedRequirement::Origin::ManifestGroup, r, nullptr, group);
    for (const auto& r : m.constraints) add(RecordedRequirement::Origin::Constraint, r, nullptr, {});
    for (const auto& o : m.overrides)
        if (o.requirement) add(RecordedRequirement::Origin::Override, *o.requirement, nullptr, {});
    return out;
}

bool admits(const lockfile::Requirement& requirement, std::string_view version) {
    if (!requirement.specifier || requirement.specifier->empty()) return true;
    auto spec = pep440::VersionSpecifiers::parse(*requirement.specifier);
    auto v = pep440::Version::parse(version);
    if (!spec || !v) return true;  // what cannot be read excludes nothing we could name
    return spec->contains(*v);
}

} // namespace lockkit::why
