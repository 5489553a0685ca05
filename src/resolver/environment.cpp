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
    if (m_env || m_markers.is_true()) return std::nullopt;
    return "split (markers: " + m_markers.to_string() + ")";
}

} // namespace lockkit::resolver
