// PubGrub incompatibilities (see incompatibility.hpp).

#include "old_core/incompatibility.hpp"

namespace lockkit::resolver::old_core {

Incompatibility Incompatibility::not_root(PackageId root, const pep440::Version& version) {
    Incompatibility i;
    i.m_kind = IncompatibilityKind::NotRoot;
    i.m_package = root;
    i.m_root_version = version;
    i.m_terms.emplace_back(root, Term::negative(VersionRange::singleton(version)));
    return i;
}

Incompatibility Incompatibility::no_versions(PackageId package, Term term) {
    Incompatibility i;
    i.m_kind = IncompatibilityKind::NoVersions;
    i.m_package = package;
    i.m_kind_set = term.set();
    i.m_terms.emplace_back(package, std::move(term));
    return i;
}

Incompatibility Incompatibility::custom(PackageId package, Term term, std::uint32_t reason) {
    Incompatibility i;
    i.m_kind = IncompatibilityKind::Custom;
    i.m_package = package;
    i.m_kind_set = term.set();
    i.m_reason = reason;
    i.m_terms.emplace_back(package, std::move(term));
    return i;
}

Incompatibility Incompatibility::from_dependency(PackageId package, VersionRange versions, PackageId dependency,
                                                 VersionRange dependency_versions) {
    Incompatibility i;
    i.m_kind = IncompatibilityKind::FromDependency;
    i.m_package = package;
    i.m_dependency = dependency;
    i.m_terms.emplace_back(package, Term::positive(std::move(versions)));
    if (!(dependency_versions == VersionRange::empty()))
        i.m_terms.emplace_back(dependency, Term::negative(std::move(dependency_versions)));
    return i;
}

const Term* Incompatibility::get(PackageId package) const {
    for (const auto& [p, t] : m_terms)
        if (p == package) return &t;
    return nullptr;
}

void Incompatibility::set_term(PackageId package, Term term) {
    for (auto& [p, t] : m_terms) {
        if (p == package) {
            t = std::move(term);
            return;
        }
    }
    m_terms.emplace_back(package, std::move(term));
}

Incompatibility Incompatibility::prior_cause(IncompatibilityId incompat_id, const Incompatibility& incompat,
                                             IncompatibilityId cause_id, const Incompatibility& cause,
                                             PackageId package) {
    Incompatibility i;
    i.m_kind = IncompatibilityKind::Derived;
    i.m_cause1 = incompat_id;
    i.m_cause2 = cause_id;
    const Term* t1 = nullptr;
    for (const auto& [p, t] : incompat.m_terms) {
        if (p == package) t1 = &t;
        else i.m_terms.emplace_back(p, t);
    }
    for (const auto& [p, t] : cause.m_terms) {
        if (p == package) continue;
        bool merged = false;
        for (auto& [q, u] : i.m_terms) {
            if (q == p) {
                u = u.intersection(t);
                merged = true;
                break;
            }
        }
        if (!merged) i.m_terms.emplace_back(p, t);
    }
    Term term = t1->union_with(*cause.get(package));
    if (!(term == Term::any())) i.set_term(package, std::move(term));
    return i;
}

std::pair<const VersionRange*, VersionRange> Incompatibility::dependency_sets() const {
    const VersionRange* versions = &m_terms[0].second.set();
    if (m_terms.size() > 1) return {versions, m_terms[1].second.set()};
    return {versions, VersionRange::empty()};
}

std::optional<Incompatibility> Incompatibility::merge_dependents(const Incompatibility& older) const {
    if (m_kind != IncompatibilityKind::FromDependency || older.m_kind != IncompatibilityKind::FromDependency)
        return std::nullopt;
    if (m_package != older.m_package || m_dependency != older.m_dependency) return std::nullopt;
    if (m_package == m_dependency) return std::nullopt;
    const Term* mine = get(m_dependency);
    const Term* theirs = older.get(m_dependency);
    if ((mine == nullptr) != (theirs == nullptr)) return std::nullopt;
    if (mine != nullptr && !(*mine == *theirs)) return std::nullopt;
    VersionRange versions = get(m_package)->set().union_with(older.get(m_package)->set());
    return from_dependency(m_package, std::move(versions), m_dependency,
                           mine != nullptr ? mine->set() : VersionRange::empty());
}

bool Incompatibility::is_terminal(PackageId root, const pep440::Version& root_version) const {
    if (m_terms.empty()) return true;
    if (m_terms.size() > 1) return false;
    return m_terms[0].first == root && m_terms[0].second.contains(root_version);
}

} // namespace lockkit::resolver::old_core
