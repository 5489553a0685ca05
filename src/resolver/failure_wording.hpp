#pragma once
// The phrases of failure reports (internal): version sets, facts and conclusions in uv's words,
// as docs/ARCHITECTURE.md ("Phrases") specifies them.

#include "failure_tree.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace lockkit::resolver::failure {

/// How a version set is being talked about; it decides the heading of a multi-interval list
/// and whether an unbounded set reads "all versions of".
enum class SetRole : std::uint8_t {
    Required,   ///< what something depends on ("one of:")
    Concerned,  ///< versions ruled in or out, or depending ("all of:", "all versions of")
    Existing,   ///< versions that exist ("are available:")
};

/// `phrase` with `before` in front unless it starts with whitespace and `after` behind unless
/// it ends with whitespace (a multi-line list ends with a newline and takes no comma).
std::string splice(std::string_view before, const std::string& phrase, std::string_view after);

/// `==1.2.*` for the interval [1.2.dev0, 1.3.dev0).
std::optional<std::string> wildcard_form(const Bound<pep440::Version>& lower, const Bound<pep440::Version>& upper);

class Wording {
public:
    explicit Wording(const NoSolution& failure) : m_failure(failure) {}

    std::string versions(const ResolverPackage& package, const VersionRange& set, SetRole role) const;
    /// Whether `versions(package, set, role)` reads as plural.
    bool is_plural(const ResolverPackage& package, const VersionRange& set, SetRole role) const;
    std::string fact(const Fact& fact) const;
    /// Two facts in one clause, sharing the subject where they can.
    std::string facts(const Fact& first, const Fact& second) const;
    std::string conclusion(const Terms& terms) const;

private:
    /// A workspace member, or one of its extras or groups: named without versions.
    bool is_member(const ResolverPackage& package) const;
    /// "your project" for the only member itself, else the package's name.
    std::string member(const ResolverPackage& package) const;
    /// How the root states what it requires.
    std::string root_requires(const ResolverPackage& root) const;
    std::string dependency(const ResolverPackage& package, const VersionRange& set, const ResolverPackage& on,
                           const VersionRange& on_set) const;
    std::string missing_versions(const Fact& fact) const;
    std::string unavailable(const Fact& fact) const;
    std::string python_mismatch(const Fact& fact) const;

    const NoSolution& m_failure;
};

} // namespace lockkit::resolver::failure
