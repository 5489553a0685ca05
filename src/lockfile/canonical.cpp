#include "lockkit/lockfile/canonical.hpp"

#include "lockkit/pep440/version.hpp"
#include "order.hpp"

#include <algorithm>

namespace lockkit::lockfile {

namespace order {

int compare_strings(std::string_view a, std::string_view b) {
    const int c = a.compare(b);
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

// Rust's `Path` order: component by component, where `.` (only meaningful
// first) < `..` < normal names, and normal names compare byte-wise. So
// "a/b" < "a-b" (component "a" < "a-b").
int compare_paths(std::string_view a, std::string_view b) {
    auto components = [](std::string_view p) {
        std::vector<std::string_view> out;
        const bool absolute = !p.empty() && p.front() == '/';
        if (absolute) {
            out.emplace_back("/");
        }
        std::size_t i = 0;
        bool first = true;
        while (i <= p.size()) {
            std::size_t j = p.find('/', i);
            if (j == std::string_view::npos) {
                j = p.size();
            }
            std::string_view c = p.substr(i, j - i);
            // A "." is a component only at the start of a relative path.
            if (!c.empty() && (c != "." || (first && !absolute))) {
                out.push_back(c);
            }
            if (!c.empty()) {
                first = false;
            }
            i = j + 1;
        }
        return out;
    };
    auto rank = [](std::string_view c) { return c == "/" ? 0 : c == "." ? 1 : c == ".." ? 2 : 3; };
    const auto ca = components(a);
    const auto cb = components(b);
    for (std::size_t i = 0; i < ca.size() && i < cb.size(); ++i) {
        const int ra = rank(ca[i]);
        const int rb = rank(cb[i]);
        if (ra != rb) {
            return ra < rb ? -1 : 1;
        }
        if (const int c = compare_strings(ca[i], cb[i]); c != 0) {
            return c;
        }
    }
    return ca.size() == cb.size() ? 0 : (ca.size() < cb.size() ? -1 : 1);
}

namespace {

std::optional<pep440::Version> parsed_version(const std::optional<std::string>& text) {
    if (!text) {
        return std::nullopt;
    }
    auto v = pep440::Version::parse(*text);
    return v ? std::optional<pep440::Version>(std::move(*v)) : std::nullopt;
}

} // namespace

/// uv's version order on texts already parsed (`va`/`vb`: none when absent or not PEP 440).
int compare_versions(const std::optional<std::string>& a, const std::optional<std::string>& b,
                     const std::optional<pep440::Version>& va, const std::optional<pep440::Version>& vb) {
    if (!a || !b) {
        return a.has_value() == b.has_value() ? 0 : (a ? 1 : -1);  // absent (dynamic) first
    }
    if (va && vb) {
        const auto c = *va <=> *vb;
        if (c != 0) {
            return c < 0 ? -1 : 1;
        }
        // Equal under PEP 440 ("1.0" and "1.0.0"): fall back to the text so the order is total.
        return compare_strings(*a, *b);
    }
    return compare_strings(*a, *b);
}

int compare_versions(const std::optional<std::string>& a, const std::optional<std::string>& b) {
    if (!a || !b) {
        return compare_versions(a, b, std::nullopt, std::nullopt);
    }
    return compare_versions(a, b, parsed_version(a), parsed_version(b));
}

int compare_names(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
        if (const int c = compare_strings(a[i], b[i]); c != 0) {
            return c;
        }
    }
    return a.size() == b.size() ? 0 : (a.size() < b.size() ? -1 : 1);
}

} // namespace order

namespace {

using order::compare_paths;
using order::compare_strings;
using order::compare_versions;
using order::parsed_version;

int compare_ids(const PackageId& a, const PackageId& b) {
    if (const int c = compare_strings(a.name, b.name); c != 0) {
        return c;
    }
    if (const int c = compare_versions(a.version, b.version); c != 0) {
        return c;
    }
    return compare_sources(a.source, b.source);
}

/// A package's place in uv's order, its version parsed once rather than in
/// every comparison.
struct PackageKey {
    const PackageId* id;
    std::optional<pep440::Version> version;
    std::size_t index;  ///< position before sorting: equal keys keep their order
};

int compare_keys(const PackageKey& a, const PackageKey& b) {
    if (const int c = compare_strings(a.id->name, b.id->name); c != 0) {
        return c;
    }
    if (const int c = compare_versions(a.id->version, b.id->version, a.version, b.version); c != 0) {
        return c;
    }
    return compare_sources(a.id->source, b.id->source);
}

/// `std::stable_sort` by `compare_ids`, with each version parsed once; a list
/// already in order (every lock uv wrote) is left untouched.
void sort_packages(std::vector<Package>& packages) {
    std::vector<PackageKey> keys;
    keys.reserve(packages.size());
    for (std::size_t i = 0; i < packages.size(); ++i) {
        keys.push_back({&packages[i].id, parsed_version(packages[i].id.version), i});
    }
    auto less = [](const PackageKey& a, const PackageKey& b) {
        const int c = compare_keys(a, b);
        return c != 0 ? c < 0 : a.index < b.index;
    };
    if (std::is_sorted(keys.begin(), keys.end(), less)) {
        return;
    }
    std::sort(keys.begin(), keys.end(), less);
    std::vector<Package> sorted;
    sorted.reserve(packages.size());
    for (const PackageKey& k : keys) {
        sorted.push_back(std::move(packages[k.index]));
    }
    packages = std::move(sorted);
}

/// `std::stable_sort`, skipped when the range is already in order (the common
/// case: a lock's lists come sorted from uv), which gives the same result.
template <typename It, typename Less>
void stable_sort_unless_sorted(It first, It last, Less&& less) {
    if (!std::is_sorted(first, last, less)) {
        std::stable_sort(first, last, less);
    }
}

/// Named tables (extras, groups) are `BTreeMap`s in uv: sorted by name.
template <typename T>
void sort_named(NamedLists<T>& lists) {
    stable_sort_unless_sorted(lists.begin(), lists.end(),
                              [](const auto& x, const auto& y) { return x.first < y.first; });
}

/// uv's `Ord for Dependency` (lock/mod.rs, derived): the target's identity,
/// the extras (a set, so sorted first), then the marker uv keeps for the edge.
int compare_edges(const Dependency& a, const Dependency& b, order::MarkerKeys& markers) {
    if (const int c = compare_ids(a.target, b.target); c != 0) {
        return c;
    }
    if (const int c = order::compare_names(a.extras, b.extras); c != 0) {
        return c;
    }
    return markers.compare_edge_markers(a.marker, b.marker);
}

void sort_edges(std::vector<Dependency>& edges, order::MarkerKeys& markers) {
    for (Dependency& d : edges) {
        if (!std::is_sorted(d.extras.begin(), d.extras.end())) {
            std::sort(d.extras.begin(), d.extras.end());
        }
    }
    stable_sort_unless_sorted(edges.begin(), edges.end(), [&](const Dependency& x, const Dependency& y) {
        return compare_edges(x, y, markers) < 0;
    });
}

void sort_requirements(std::vector<Requirement>& list, order::MarkerKeys& markers) {
    stable_sort_unless_sorted(list.begin(), list.end(), [&](const Requirement& x, const Requirement& y) {
        return order::compare_requirements(x, y, markers) < 0;
    });
}

bool conflict_item_less(const ConflictItem& a, const ConflictItem& b) {
    if (a.package != b.package) {
        return a.package < b.package;
    }
    if (a.kind != b.kind) {
        return a.kind < b.kind;
    }
    return a.name < b.name;
}

/// `std::is_sorted` by filename, extracting each wheel's filename once.
bool wheels_sorted_by_filename(const std::vector<Artifact>& wheels) {
    std::string_view previous;
    for (std::size_t i = 0; i < wheels.size(); ++i) {
        const std::string_view name = wheels[i].filename_view();
        if (i > 0 && name < previous) {
            return false;
        }
        previous = name;
    }
    return true;
}

} // namespace

int compare_sources(const Source& a, const Source& b) {
    if (a.kind != b.kind) {
        return a.kind < b.kind ? -1 : 1;
    }
    switch (a.kind) {
    case SourceKind::Registry: {
        const bool ua = a.is_remote_registry();
        const bool ub = b.is_remote_registry();
        if (ua != ub) {
            return ua ? -1 : 1;
        }
        return ua ? compare_strings(a.location, b.location) : compare_paths(a.location, b.location);
    }
    case SourceKind::Git:
        return compare_strings(a.location, b.location);
    case SourceKind::Url: {
        if (const int c = compare_strings(a.location, b.location); c != 0) {
            return c;
        }
        if (a.subdirectory.has_value() != b.subdirectory.has_value()) {
            return a.subdirectory ? 1 : -1;
        }
        return a.subdirectory ? compare_paths(*a.subdirectory, *b.subdirectory) : 0;
    }
    default:
        return compare_paths(a.location, b.location);
    }
}

bool package_id_less(const PackageId& a, const PackageId& b) { return compare_ids(a, b) < 0; }

void canonicalize(Lock& lock) {
    order::MarkerKeys markers(lock);
    sort_packages(lock.packages);
    for (Package& p : lock.packages) {
        sort_edges(p.dependencies, markers);
        for (auto* lists : {&p.optional_dependencies, &p.dev_dependencies}) {
            sort_named(*lists);
            for (auto& entry : *lists) {
                sort_edges(entry.second, markers);
            }
        }
        // Remote indexes list files sorted by filename; flat (--find-links)
        // indexes use a parsed-filename order we keep as read.
        if (p.id.source.is_remote_registry() && !wheels_sorted_by_filename(p.wheels)) {
            std::stable_sort(p.wheels.begin(), p.wheels.end(),
                             [](const Artifact& a, const Artifact& b) { return a.filename_view() < b.filename_view(); });
        }
        if (p.metadata.requires_dist) {
            sort_requirements(*p.metadata.requires_dist, markers);
        }
        if (p.metadata.requires_dev) {
            sort_named(*p.metadata.requires_dev);
            for (auto& entry : *p.metadata.requires_dev) {
                sort_requirements(entry.second, markers);
            }
        }
    }
    Manifest& m = lock.manifest;
    if (!std::is_sorted(m.members.begin(), m.members.end())) {
        std::sort(m.members.begin(), m.members.end());
    }
    for (auto* list : {&m.requirements, &m.constraints, &m.build_constraints}) {
        sort_requirements(*list, markers);
    }
    for (auto* list : {&m.overrides, &m.excludes}) {
        stable_sort_unless_sorted(list->begin(), list->end(), [&](const ManifestEntry& x, const ManifestEntry& y) {
            return order::compare_manifest_entries(x, y, markers) < 0;
        });
    }
    sort_named(m.dependency_groups);
    for (auto& entry : m.dependency_groups) {
        sort_requirements(entry.second, markers);
    }
    // `StaticMetadata` orders by name and version first; its later fields
    // (requirement lists) are left in input order on the rare tie.
    std::stable_sort(m.dependency_metadata.begin(), m.dependency_metadata.end(),
                     [](const DependencyMetadata& a, const DependencyMetadata& b) {
                         if (a.name != b.name) {
                             return a.name < b.name;
                         }
                         return compare_versions(a.version, b.version) < 0;
                     });
    std::stable_sort(lock.options.prerelease_package.begin(), lock.options.prerelease_package.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& set : lock.conflicts) {
        std::stable_sort(set.begin(), set.end(), conflict_item_less);
    }
    // Forms that older uv wrote and current uv does not.
    lock.version = k_lock_version;
}

} // namespace lockkit::lockfile
