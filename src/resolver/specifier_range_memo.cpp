// Specifier sets turned into version ranges once (see specifier_range_memo.hpp).

#include "specifier_range_memo.hpp"

#include <algorithm>

namespace lockkit::resolver::detail {

std::size_t SpecifierRangeMemo::Hash::operator()(const pep440::VersionSpecifiers& specifiers) const noexcept {
    std::size_t h = specifiers.size();
    for (const auto& s : specifiers.items()) {
        // Equal versions hash alike whatever their spelling; the release length tells
        // `1.0` from `1.0.0` apart cheaply.
        h = h * 1000003u ^ s.version().hash();
        h = h * 31u + static_cast<std::size_t>(s.op()) * 8u + s.version().release().size();
    }
    return h;
}

bool SpecifierRangeMemo::SameSpelling::operator()(const pep440::VersionSpecifiers& a,
                                                  const pep440::VersionSpecifiers& b) const noexcept {
    // Versions compare equal across trailing zeros ("1.0" == "1.0.0"); every other difference
    // in spelling is normalised away when parsing, and a `===` specifier keeps its text.
    return std::ranges::equal(a.items(), b.items(), [](const pep440::VersionSpecifier& x, const pep440::VersionSpecifier& y) {
        return x.op() == y.op() && x.version() == y.version() &&
               x.version().release().size() == y.version().release().size() && x.arbitrary() == y.arbitrary();
    });
}

const VersionRange& SpecifierRangeMemo::of(const pep440::VersionSpecifiers& specifiers) {
    auto it = m_ranges.find(specifiers);
    if (it == m_ranges.end()) it = m_ranges.emplace(specifiers, VersionRange::from_specifiers(specifiers)).first;
    return it->second;
}

} // namespace lockkit::resolver::detail
