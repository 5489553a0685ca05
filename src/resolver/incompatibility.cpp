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

IncompatibilityId IncompatibilityArena::add(Incompatibility incompat) {
    const std::size_t offset = m_size % k_chunk_size;
    if (offset == 0) {
        m_chunks.push_back(std::make_shared<Chunk>());
        m_chunks.back()->reserve(k_chunk_size);
    } else if (m_chunks.back()->size() != offset) {
        // A copy of this arena appended to the shared chunk first.
        auto own = std::make_shared<Chunk>();
        own->reserve(k_chunk_size);
        own->assign(m_chunks.back()->begin(), m_chunks.back()->begin() + static_cast<std::ptrdiff_t>(offset));
        m_left.push_back(std::move(m_chunks.back()));
        m_chunks.back() = std::move(own);
    }
    m_chunks.back()->push_back(std::move(incompat));
    return static_cast<IncompatibilityId>(m_size++);
}

} // namespace lockkit::resolver
