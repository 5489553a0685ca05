// Resolver environments (see environment.hpp).

#include <lockkit/resolver/environment.hpp>

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

} // namespace lockkit::resolver
