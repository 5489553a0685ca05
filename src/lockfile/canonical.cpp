#include "lockkit/lockfile/canonical.hpp"

#include "lockkit/pep440/version.hpp"

#include <algorithm>

namespace lockkit::lockfile {

namespace {

int compare_strings(std::string_view a, std::string_view b) {
    const int c = a.compare(b);
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

/// Rust's `Path` order, which uv uses for local sources: component by
/// component, where `.` (only meaningful first) < `..` < normal names, and
/// normal names compare byte-wise. So "a/b" < "a-b" (component "a" < "a-b").
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

int compare_versions(const std::optional<std::string>& a, const std::optional<std::string>& b) {
    if (!a || !b) {
        return a.has_value() == b.has_value() ? 0 : (a ? 1 : -1);  // absent (dynamic) first
    }
    auto va = pep440::Version::parse(*a);
    auto vb = pep440::Version::parse(*b);
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

int compare_extras(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
        if (const int c = compare_strings(a[i], b[i]); c != 0) {
            return c;
        }
    }
    return a.size() == b.size() ? 0 : (a.size() < b.size() ? -1 : 1);
}

int compare_ids(const PackageId& a, const PackageId& b) {
    if (const int c = compare_strings(a.name, b.name); c != 0) {
        return c;
    }
    if (const int c = compare_versions(a.version, b.version); c != 0) {
        return c;
    }
    return compare_sources(a.source, b.source);
}

template <typename T, typename Less>
void sort_named(NamedLists<T>& lists, Less&& less_items) {
    std::stable_sort(lists.begin(), lists.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
    for (auto& entry : lists) {
        std::stable_sort(entry.second.begin(), entry.second.end(), less_items);
    }
}

bool edge_less(const Dependency& a, const Dependency& b) {
    if (const int c = compare_ids(a.target, b.target); c != 0) {
        return c < 0;
    }
    // uv breaks the remaining ties (same target and extras) by comparing marker
    // decision diagrams; stable sorting keeps the writer's order for those.
    return compare_extras(a.extras, b.extras) < 0;
}

bool requirement_less(const Requirement& a, const Requirement& b) {
    if (const int c = compare_strings(a.name, b.name); c != 0) {
        return c < 0;
    }
    static const std::vector<std::string> none;
    if (const int c = compare_extras(a.extras.value_or(none), b.extras.value_or(none)); c != 0) {
        return c < 0;
    }
    // Then groups; markers and sources tie-break structurally in uv: keep input order.
    return compare_extras(a.groups.value_or(none), b.groups.value_or(none)) < 0;
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
    std::stable_sort(lock.packages.begin(), lock.packages.end(),
                     [](const Package& a, const Package& b) { return compare_ids(a.id, b.id) < 0; });
    for (Package& p : lock.packages) {
        for (Dependency& d : p.dependencies) {
            std::sort(d.extras.begin(), d.extras.end());
        }
        std::stable_sort(p.dependencies.begin(), p.dependencies.end(), edge_less);
        for (auto* lists : {&p.optional_dependencies, &p.dev_dependencies}) {
            for (auto& [name, deps] : *lists) {
                for (Dependency& d : deps) {
                    std::sort(d.extras.begin(), d.extras.end());
                }
            }
            sort_named(*lists, edge_less);
        }
        // Remote indexes list files sorted by filename; flat (--find-links)
        // indexes use a parsed-filename order we keep as read.
        if (p.id.source.is_remote_registry()) {
            auto by_filename = [](const Artifact& a, const Artifact& b) { return a.filename_view() < b.filename_view(); };
            if (!std::is_sorted(p.wheels.begin(), p.wheels.end(), by_filename)) {
                std::stable_sort(p.wheels.begin(), p.wheels.end(), by_filename);
            }
        }
        if (p.metadata.requires_dist) {
            std::stable_sort(p.metadata.requires_dist->begin(), p.metadata.requires_dist->end(), requirement_less);
        }
        if (p.metadata.requires_dev) {
            sort_named(*p.metadata.requires_dev, requirement_less);
        }
    }
    Manifest& m = lock.manifest;
    std::sort(m.members.begin(), m.members.end());
    for (auto* list : {&m.requirements, &m.constraints, &m.build_constraints}) {
        std::stable_sort(list->begin(), list->end(), requirement_less);
    }
    sort_named(m.dependency_groups, requirement_less);
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
