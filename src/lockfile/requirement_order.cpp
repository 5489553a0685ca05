// uv's order of requirement tables (`requires-dist`, `requires-dev`, the manifest's lists) and
// of the manifest's overrides and excludes. uv keeps these in `BTreeSet`s, so they are written in
// the order of the element type's `Ord`:
//   * `Requirement` (uv-distribution-types/src/requirement.rs, a hand-written `Ord`): name,
//     extras, groups, marker (as a decision diagram), then the source;
//   * `RequirementSource` (same file, derived): the variant in declaration order (registry, url,
//     git directory, git path, path, directory), then its fields in declaration order;
//   * `Override<Requirement>` (uv-configuration/src/overrides.rs, derived): scoped `Package`
//     entries (name, version, dependencies) before global requirements;
//   * `ExcludeDependency` (uv-configuration/src/excludes.rs, derived): scoped entries before
//     names.
// The source fields are compared through what the lock records of them (URL and path texts).
// uv compares parsed URLs, whose order is that of their serialization, which is what the lock
// holds; sources only decide between requirements whose name, extras, groups and marker agree.

#include "order.hpp"

#include "lockkit/pep440/specifiers.hpp"

namespace lockkit::lockfile::order {

namespace {

/// The `RequirementSource` variant a requirement table deserializes into.
int source_rank(const Requirement& r) {
    if (r.url) {
        return 1;  // Url
    }
    if (r.git) {
        // A `path` query names a file inside the repository (GitPath); otherwise GitDirectory.
        const std::string_view git = *r.git;
        const auto query = git.find('?');
        const bool has_path = query != std::string_view::npos && (git.find("?path=", query) != std::string_view::npos ||
                                                                  git.find("&path=", query) != std::string_view::npos);
        return has_path ? 3 : 2;
    }
    if (r.path) {
        return 4;  // Path
    }
    if (r.directory || r.editable || r.virtual_) {
        return 5;  // Directory
    }
    return 0;  // Registry
}

int compare_optional_path(const std::optional<std::string>& a, const std::optional<std::string>& b) {
    if (a.has_value() != b.has_value()) {
        return a ? 1 : -1;
    }
    return a ? compare_paths(*a, *b) : 0;
}

/// `Option<IndexMetadata>`: None first, then the `IndexUrl` variant (PyPI < other URL < file
/// URL), then the URL.
int compare_indexes(const std::optional<std::string>& a, const std::optional<std::string>& b) {
    if (a.has_value() != b.has_value()) {
        return a ? 1 : -1;
    }
    if (!a) {
        return 0;
    }
    auto rank = [](std::string_view url) {
        return url == "https://pypi.org/simple" ? 0 : (url.starts_with("file:") ? 2 : 1);
    };
    const int ra = rank(*a);
    const int rb = rank(*b);
    if (ra != rb) {
        return ra < rb ? -1 : 1;
    }
    return compare_strings(*a, *b);
}

/// `VersionSpecifiers`: the specifiers in written order, each by operator, then version, then
/// (for `~=`) the number of release segments; then the count.
int compare_specifiers(const std::optional<std::string>& a, const std::optional<std::string>& b) {
    const std::string_view ta = a ? std::string_view(*a) : std::string_view();
    const std::string_view tb = b ? std::string_view(*b) : std::string_view();
    if (ta == tb) {
        return 0;
    }
    const auto sa = pep440::VersionSpecifiers::parse(ta);
    const auto sb = pep440::VersionSpecifiers::parse(tb);
    if (!sa || !sb) {
        return compare_strings(ta, tb);
    }
    const auto ia = sa->items();
    const auto ib = sb->items();
    for (std::size_t i = 0; i < ia.size() && i < ib.size(); ++i) {
        if (ia[i].op() != ib[i].op()) {
            return ia[i].op() < ib[i].op() ? -1 : 1;
        }
        if (const auto c = ia[i].version() <=> ib[i].version(); c != 0) {
            return c < 0 ? -1 : 1;
        }
        if (ia[i].op() == pep440::Operator::TildeEqual) {
            const auto la = ia[i].version().release().size();
            const auto lb = ib[i].version().release().size();
            if (la != lb) {
                return la < lb ? -1 : 1;
            }
        }
    }
    return ia.size() == ib.size() ? 0 : (ia.size() < ib.size() ? -1 : 1);
}

/// `Option<ConflictItem>`: None first, then package, kind (extra < group < project), name.
int compare_conflicts(const std::optional<ConflictItem>& a, const std::optional<ConflictItem>& b) {
    if (a.has_value() != b.has_value()) {
        return a ? 1 : -1;
    }
    if (!a) {
        return 0;
    }
    if (const int c = compare_strings(a->package, b->package); c != 0) {
        return c;
    }
    if (a->kind != b->kind) {
        return a->kind < b->kind ? -1 : 1;
    }
    return compare_strings(a->name, b->name);
}

int compare_sources(const Requirement& a, const Requirement& b) {
    const int ra = source_rank(a);
    const int rb = source_rank(b);
    if (ra != rb) {
        return ra < rb ? -1 : 1;
    }
    switch (ra) {
    case 0:
        if (const int c = compare_specifiers(a.specifier, b.specifier); c != 0) {
            return c;
        }
        if (const int c = compare_indexes(a.index, b.index); c != 0) {
            return c;
        }
        return compare_conflicts(a.conflict, b.conflict);
    case 1:
        if (const int c = compare_strings(*a.url, *b.url); c != 0) {
            return c;
        }
        return compare_optional_path(a.subdirectory, b.subdirectory);
    case 2:
    case 3: {
        // `GitUrl` orders by repository (the URL without query and fragment) first.
        auto repository = [](const std::string& git) {
            return std::string_view(git).substr(0, git.find_first_of("?#"));
        };
        if (const int c = compare_strings(repository(*a.git), repository(*b.git)); c != 0) {
            return c;
        }
        return compare_strings(*a.git, *b.git);
    }
    case 4:
        return compare_paths(*a.path, *b.path);
    default: {
        // `Directory { install_path, editable, virtual }`: directory = (false, false),
        // virtual = (false, true), editable = (true, false).
        auto path = [](const Requirement& r) -> const std::string& {
            return r.directory ? *r.directory : (r.editable ? *r.editable : *r.virtual_);
        };
        if (const int c = compare_paths(path(a), path(b)); c != 0) {
            return c;
        }
        auto flavour = [](const Requirement& r) { return r.directory ? 0 : (r.virtual_ ? 1 : 2); };
        const int fa = flavour(a);
        const int fb = flavour(b);
        return fa == fb ? 0 : (fa < fb ? -1 : 1);
    }
    }
}

int compare_requirement_lists(const std::vector<Requirement>& a, const std::vector<Requirement>& b,
                              MarkerKeys& markers) {
    for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
        if (const int c = compare_requirements(a[i], b[i], markers); c != 0) {
            return c;
        }
    }
    return a.size() == b.size() ? 0 : (a.size() < b.size() ? -1 : 1);
}

} // namespace

int compare_requirements(const Requirement& a, const Requirement& b, MarkerKeys& markers) {
    if (const int c = compare_strings(a.name, b.name); c != 0) {
        return c;
    }
    static const std::vector<std::string> none;
    if (const int c = compare_names(a.extras.value_or(none), b.extras.value_or(none)); c != 0) {
        return c;
    }
    if (const int c = compare_names(a.groups.value_or(none), b.groups.value_or(none)); c != 0) {
        return c;
    }
    if (const int c = markers.compare_requirement_markers(a.marker, b.marker); c != 0) {
        return c;
    }
    return compare_sources(a, b);
}

int compare_manifest_entries(const ManifestEntry& a, const ManifestEntry& b, MarkerKeys& markers) {
    // Scoped entries are the first variant of both enums.
    if (a.scoped.has_value() != b.scoped.has_value()) {
        return a.scoped ? -1 : 1;
    }
    if (a.scoped) {
        const ScopedRequirements& x = *a.scoped;
        const ScopedRequirements& y = *b.scoped;
        if (const int c = compare_strings(x.package, y.package); c != 0) {
            return c;
        }
        if (const int c = compare_versions(x.version, y.version); c != 0) {
            return c;
        }
        if (const int c = compare_requirement_lists(x.dependencies, y.dependencies, markers); c != 0) {
            return c;
        }
        return compare_names(x.names, y.names);
    }
    if (a.requirement && b.requirement) {
        return compare_requirements(*a.requirement, *b.requirement, markers);
    }
    if (a.name && b.name) {
        return compare_strings(*a.name, *b.name);
    }
    return 0;
}

} // namespace lockkit::lockfile::order
