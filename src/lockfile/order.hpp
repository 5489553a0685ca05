#pragma once
// uv's sort keys for the lists of a lock (internal to canonicalize). uv sorts with derived `Ord`
// implementations whose last fields are markers, and it compares markers as decision diagrams
// (`pep508::MarkerTree::compare`), not as text. Parsing every marker of a lock would cost more
// than reading it, so `MarkerKeys` parses a marker only when two entries agree on every earlier
// field, and each distinct text only once.

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "lockkit/lockfile/lock.hpp"
#include "lockkit/pep508/marker.hpp"

namespace lockkit::lockfile::order {

/// Byte-wise string order as -1/0/1.
int compare_strings(std::string_view a, std::string_view b);

/// Rust's `Path` order (component by component), which uv uses for local paths.
int compare_paths(std::string_view a, std::string_view b);

/// uv's `Option<Version>` order: absent first, then PEP 440 (the text breaks PEP 440 ties, and
/// orders texts that are not PEP 440).
int compare_versions(const std::optional<std::string>& a, const std::optional<std::string>& b);

/// Lexicographic order of name lists (extras, groups), as Rust orders slices and sets.
int compare_names(const std::vector<std::string>& a, const std::vector<std::string>& b);

/// The markers of one lock's entries, parsed on demand and compared in uv's order.
class MarkerKeys {
public:
    explicit MarkerKeys(const Lock& lock) : m_lock(&lock) {}

    /// Requirement tables: the markers as written. A marker that does not parse ties (the
    /// stable sorts then keep the input order).
    int compare_requirement_markers(const std::string& a, const std::string& b);

    /// Dependency edges: uv keeps an edge's marker and-ed with the resolution's environment
    /// (the union of the lock's `resolution-markers`), and writes it with that environment
    /// left out; so it sorts by the written marker and-ed with the environment.
    int compare_edge_markers(const std::string& a, const std::string& b);

private:
    using Cache = std::unordered_map<std::string, std::optional<pep508::MarkerTree>>;
    const std::optional<pep508::MarkerTree>& parsed(Cache& cache, const std::string& text, bool edge);
    pep508::MarkerTree environment();

    const Lock* m_lock;
    Cache m_requirements;
    Cache m_edges;
    std::optional<pep508::MarkerTree> m_environment;
};

/// uv's `Ord for Requirement` (uv-distribution-types): name, extras, groups, marker, source.
int compare_requirements(const Requirement& a, const Requirement& b, MarkerKeys& markers);

/// uv's order of `overrides` (`Override<Requirement>`: scoped entries first) and `excludes`
/// (`ExcludeDependency`: scoped entries first, then names).
int compare_manifest_entries(const ManifestEntry& a, const ManifestEntry& b, MarkerKeys& markers);

} // namespace lockkit::lockfile::order
