// uv's virtual packages (see package.hpp).

#include <lockkit/resolver/package.hpp>

namespace lockkit::resolver {

ResolverPackage ResolverPackage::package(std::string name, std::optional<std::string> extra,
                                         std::optional<std::string> group, pep508::MarkerTree marker) {
    ResolverPackage p;
    p.kind = PackageKind::Package;
    p.name = std::move(name);
    p.extra = std::move(extra);
    p.group = std::move(group);
    p.marker = marker;
    return p;
}

ResolverPackage ResolverPackage::from_requirement(std::string name, std::optional<std::string> extra,
                                                  std::optional<std::string> group, pep508::MarkerTree marker) {
    // Extras are tracked separately; a marker that still mentioned them would make two
    // packages of what is one.
    marker = marker.simplify_extras_with([](std::string_view) { return true; });
    ResolverPackage p;
    p.name = std::move(name);
    p.marker = marker;
    if (extra) {
        p.kind = PackageKind::Extra;
        p.extra = std::move(extra);
    } else if (group) {
        p.kind = PackageKind::Group;
        p.group = std::move(group);
    } else if (!marker.is_true()) {
        p.kind = PackageKind::Marker;
    } else {
        p.kind = PackageKind::Package;
    }
    return p;
}

std::optional<ResolverPackage> ResolverPackage::base_package() const {
    if (kind == PackageKind::Extra || kind == PackageKind::Marker) return package(name);
    return std::nullopt;
}

const std::string* ResolverPackage::name_no_root() const {
    if (kind == PackageKind::Root || kind == PackageKind::Python) return nullptr;
    return &name;
}

std::string ResolverPackage::to_string() const {
    auto with_marker = [&](std::string s) {
        if (auto m = marker.contents()) s += "{" + *m + "}";
        return s;
    };
    switch (kind) {
    case PackageKind::Root: return name.empty() ? "root" : name;
    case PackageKind::Python: return "Python";
    case PackageKind::Package:
        if (extra) return with_marker(name + "[" + *extra + "]");
        if (group) return with_marker(name + ":" + *group);
        return with_marker(name);
    case PackageKind::Marker: return with_marker(name);
    case PackageKind::Extra: return name + "[" + *extra + "]";
    case PackageKind::Group: return name + ":" + *group;
    }
    return name;
}

std::size_t ResolverPackageHash::operator()(const ResolverPackage& p) const noexcept {
    std::size_t h = std::hash<std::string>{}(p.name);
    auto mix = [&](std::size_t x) { h ^= x + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2); };
    mix(static_cast<std::size_t>(p.kind));
    mix(p.extra ? std::hash<std::string>{}(*p.extra) + 1 : 0);
    mix(p.group ? std::hash<std::string>{}(*p.group) + 2 : 0);
    mix(p.marker.id());
    mix(static_cast<std::size_t>(p.python));
    return h;
}

PackageId PackageStore::alloc(const ResolverPackage& package) {
    auto [it, inserted] = m_ids.emplace(package, static_cast<PackageId>(m_packages.size()));
    if (inserted) m_packages.push_back(package);
    return it->second;
}

std::optional<PackageId> PackageStore::find(const ResolverPackage& package) const {
    auto it = m_ids.find(package);
    if (it == m_ids.end()) return std::nullopt;
    return it->second;
}

} // namespace lockkit::resolver
