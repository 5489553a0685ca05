#pragma once
// Specifier sets turned into version ranges once (internal).
//
// A package's requirements are turned into dependencies again in every fork that reaches
// it, and most requirements of an ecosystem repeat the same few specifier sets; working out
// a range takes a few thousand instructions, looking one up a few dozen. The key is the set
// as written, not as compared: `==1.0` and `==1.0.0` are equal versions but print
// differently in the solver's messages, so they are remembered apart.

#include <lockkit/pep440/specifiers.hpp>
#include <lockkit/resolver/version_range.hpp>

#include <cstddef>
#include <unordered_map>

namespace lockkit::resolver::detail {

class SpecifierRangeMemo {
public:
    /// `VersionRange::from_specifiers(specifiers)`, worked out on the first call for a spelling.
    const VersionRange& of(const pep440::VersionSpecifiers& specifiers);

private:
    struct Hash {
        std::size_t operator()(const pep440::VersionSpecifiers& specifiers) const noexcept;
    };
    struct SameSpelling {
        bool operator()(const pep440::VersionSpecifiers& a, const pep440::VersionSpecifiers& b) const noexcept;
    };
    std::unordered_map<pep440::VersionSpecifiers, VersionRange, Hash, SameSpelling> m_ranges;
};

} // namespace lockkit::resolver::detail
