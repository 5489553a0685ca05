// Resolver environments (see environment.hpp).

#include <lockkit/resolver/environment.hpp>

#include <lockkit/resolver/python_requirement.hpp>

namespace lockkit::resolver {

ResolverEnvironment ResolverEnvironment::specific(pep508::MarkerEnvironment env) {
    ResolverEnvironment e;
    e.m_env = std::move(env);
    return e;
}

ResolverEnvironment ResolverEnvironment::universal(pep508::MarkerTree markers) {
    ResolverEnvironment e;
    e.m_markers = markers;
    return e;
}

ResolverEnvironment ResolverEnvironment::universal_with_forks(std::vector<pep508::MarkerTree> initial_forks) {
    ResolverEnvironment e;
    e.m_initial_forks = std::move(initial_forks);
    return e;
}

ResolverEnvironment ResolverEnvironment::narrow(pep508::MarkerTree marker) const {
    ResolverEnvironment e = *this;
    e.m_markers = m_markers.and_with(marker);
    return e;
}

std::optional<std::pair<Bound<pep440::Version>, Bound<pep440::Version>>> ResolverEnvironment::requires_python() const {
    if (m_env) return std::nullopt;
    return marker_python_range(m_markers);
}

std::optional<std::string> ResolverEnvironment::fork_display() const {
    if (m_env || (m_markers.is_true() && m_include.empty() && m_exclude.empty())) return std::nullopt;
    std::vector<std::string> parts;
    if (!m_markers.is_true()) parts.push_back("markers: " + m_markers.to_string());
    auto listed = [](const std::set<ConflictItem>& items) {
        std::set<std::string> names;  // sorted as text, as uv sorts them
        for (const auto& i : items) names.insert(i.to_string());
        std::string out;
        for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
        return out;
    };
    if (!m_include.empty()) parts.push_back("included: " + listed(m_include));
    if (!m_exclude.empty()) parts.push_back("excluded: " + listed(m_exclude));
    std::string out = "split (";
    for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? "; " : "") + parts[i];
    return out + ")";
}

bool ResolverEnvironment::included_by_group(const ConflictItem& item) const {
    if (m_env) return true;
    if (m_exclude.contains(item)) return false;
    // An extra needs its project: with the project excluded, only an explicitly included
    // extra stays. Groups do not depend on their project.
    if (item.extra && m_exclude.contains(ConflictItem{item.package, std::nullopt, std::nullopt}))
        return m_include.contains(item);
    return true;
}

std::optional<ResolverEnvironment> ResolverEnvironment::filter_by_group(
    const std::vector<std::pair<ConflictItem, bool>>& rules) const {
    ResolverEnvironment e = *this;
    for (const auto& [item, include] : rules) {
        if (include) {
            if (e.m_exclude.contains(item)) return std::nullopt;
            e.m_include.insert(item);
        } else {
            if (e.m_include.contains(item)) return std::nullopt;
            e.m_exclude.insert(item);
        }
    }
    return e;
}

pep508::MarkerTree ResolverEnvironment::universal_markers() const {
    pep508::MarkerTree conflict = pep508::MarkerTree::always_true();
    for (const auto& i : m_exclude) conflict = conflict.and_with(i.marker().negate());
    for (const auto& i : m_include) conflict = conflict.and_with(i.marker());
    return m_markers.and_with(conflict);
}

} // namespace lockkit::resolver
