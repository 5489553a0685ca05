// Incompatibilities: construction of each kind (docs/resolver-core.md, "Incompatibilities").

#include <lockkit/resolver/incompatibility.hpp>

namespace lockkit::resolver {

Incompatibility Incompatibility::not_root(PackageId root, const pep440::Version& version) {
    Incompatibility out(IncompatibilityKind::NotRoot, root);
    out.m_root_version = version;
    out.m_terms.emplace_back(root, Term::exact(version).negate());
    return out;
}

Incompatibility Incompatibility::no_versions(PackageId package, Term term) {
    Incompatibility out(IncompatibilityKind::NoVersions, package);
    out.m_terms.emplace_back(package, std::move(term));
    return out;
}

Incompatibility Incompatibility::custom(PackageId package, Term term, std::uint32_t reason) {
    Incompatibility out(IncompatibilityKind::Custom, package);
    out.m_reason = reason;
    out.m_terms.emplace_back(package, std::move(term));
    return out;
}

Incompatibility Incompatibility::from_dependency(PackageId package, VersionRange versions, PackageId dependency,
                                                 VersionRange dependency_versions) {
    Incompatibility out(IncompatibilityKind::FromDependency, package);
    out.m_dependency = dependency;
    out.m_terms.reserve(2);
    out.m_terms.emplace_back(package, Term::positive(std::move(versions)));
    // A dependency nothing can satisfy rules the depending versions out on their own.
    if (!dependency_versions.is_empty()) out.m_terms.emplace_back(dependency, Term::negative(std::move(dependency_versions)));
    return out;
}

Incompatibility Incompatibility::derived(IncompatibilityId cause1, IncompatibilityId cause2, TermList terms) {
    Incompatibility out(IncompatibilityKind::Derived, 0);
    out.m_cause1 = cause1;
    out.m_cause2 = cause2;
    out.m_terms = std::move(terms);
    return out;
}

const Term* Incompatibility::get(PackageId package) const {
    for (const auto& [p, t] : m_terms)
        if (p == package) return &t;
    return nullptr;
}

std::pair<const VersionRange*, VersionRange> Incompatibility::dependency_sets() const {
    const VersionRange* depending = &m_terms.front().second.set();
    if (m_terms.size() < 2) return {depending, VersionRange::empty()};
    return {depending, m_terms[1].second.set()};
}

} // namespace lockkit::resolver
