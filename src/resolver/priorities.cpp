// uv's package priorities (see priorities.hpp).

#include <lockkit/resolver/priorities.hpp>

namespace lockkit::resolver {

namespace {
constexpr std::uint64_t k_index_bits = 40;
constexpr std::uint64_t k_index_mask = (std::uint64_t{1} << k_index_bits) - 1;

/// (class, Reverse(index)) as one integer: larger is decided first.
std::uint64_t pack(PriorityClass cls, std::uint64_t index) {
    const std::uint64_t reversed = k_index_mask - std::min(index, k_index_mask);
    return (static_cast<std::uint64_t>(cls) << k_index_bits) | reversed;
}

/// Reverse(tiebreaker) as one integer.
std::uint64_t pack_tiebreaker(std::uint32_t n) { return 0xFFFFFFFFull - n; }
} // namespace

void PackagePriorities::insert(const ResolverPackage& package, const VersionRange& range, bool direct_url) {
    m_tiebreakers.try_emplace(package, static_cast<std::uint32_t>(m_tiebreakers.size()));
    const std::string* name = package.name_no_root();
    if (name == nullptr) return;
    const std::uint64_t len = m_names.size();
    auto it = m_names.find(*name);
    if (it == m_names.end()) {
        PriorityClass cls = direct_url                       ? PriorityClass::DirectUrl
                            : range.is_singleton_constraint() ? PriorityClass::Singleton
                                                              : PriorityClass::Unspecified;
        m_names.emplace(*name, NamePriority{cls, len});
        return;
    }
    const std::uint64_t index = it->second.index;  // the original index is kept
    PriorityClass cls;
    if (direct_url) {
        cls = PriorityClass::DirectUrl;
    } else if (range.is_singleton_constraint()) {
        cls = PriorityClass::Singleton;
    } else {
        // Keep conflict classes, or priorities would seesaw.
        if (it->second.cls == PriorityClass::ConflictEarly || it->second.cls == PriorityClass::ConflictLate) return;
        cls = PriorityClass::Unspecified;
    }
    if (pack(cls, index) > pack(it->second.cls, it->second.index)) {
        it->second = NamePriority{cls, index};
        ++m_generation;
    }
}

Priority PackagePriorities::get(const ResolverPackage& package) const {
    switch (package.kind) {
    case PackageKind::Root: return {pack(PriorityClass::Root, 0), pack_tiebreaker(0)};
    case PackageKind::Python:
        return {pack(PriorityClass::Root, 0), pack_tiebreaker(package.python == PythonKind::Installed ? 1 : 2)};
    default: break;
    }
    std::uint64_t high = pack(PriorityClass::Unspecified, k_index_mask);
    if (auto it = m_names.find(package.name); it != m_names.end()) high = pack(it->second.cls, it->second.index);
    std::uint64_t low = pack_tiebreaker(0xFFFFFFFFu);
    if (auto it = m_tiebreakers.find(package); it != m_tiebreakers.end()) low = pack_tiebreaker(it->second);
    return {high, low};
}

Priority PackagePriorities::get(PackageId id, const ResolverPackage& package) const {
    if (id < m_by_id.size() && m_by_id[id].generation == m_generation) return m_by_id[id].priority;
    if (package.kind == PackageKind::Root || package.kind == PackageKind::Python) return get(package);
    auto name = m_names.find(package.name);
    auto tiebreaker = m_tiebreakers.find(package);
    // Not kept unless both are registered: registering either later changes the priority
    // without a new generation.
    if (name == m_names.end() || tiebreaker == m_tiebreakers.end()) return get(package);
    const Priority priority{pack(name->second.cls, name->second.index), pack_tiebreaker(tiebreaker->second)};
    if (id >= m_by_id.size()) m_by_id.resize(id + 1);
    m_by_id[id] = Remembered{priority, m_generation};
    return priority;
}

bool PackagePriorities::mark_conflict_early(const ResolverPackage& package) {
    const std::string* name = package.name_no_root();
    if (name == nullptr) return false;
    const std::uint64_t len = m_names.size();
    auto it = m_names.find(*name);
    if (it == m_names.end()) {
        m_names.emplace(*name, NamePriority{PriorityClass::ConflictEarly, len});
        return true;
    }
    if (it->second.cls == PriorityClass::ConflictEarly) return false;
    it->second.cls = PriorityClass::ConflictEarly;
    ++m_generation;
    return true;
}

bool PackagePriorities::mark_conflict_late(const ResolverPackage& package) {
    const std::string* name = package.name_no_root();
    if (name == nullptr) return false;
    const std::uint64_t len = m_names.size();
    auto it = m_names.find(*name);
    if (it == m_names.end()) {
        m_names.emplace(*name, NamePriority{PriorityClass::ConflictLate, len});
        return true;
    }
    if (it->second.cls == PriorityClass::ConflictLate || it->second.cls == PriorityClass::ConflictEarly) return false;
    it->second.cls = PriorityClass::ConflictLate;
    ++m_generation;
    return true;
}

std::optional<PriorityClass> PackagePriorities::class_of(const std::string& name) const {
    auto it = m_names.find(name);
    if (it == m_names.end()) return std::nullopt;
    return it->second.cls;
}

} // namespace lockkit::resolver
