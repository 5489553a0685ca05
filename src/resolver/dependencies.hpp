#pragma once
// From a version's requirements to the solver's dependencies (internal; uv's
// `flatten_requirements`, `requirements_for_extra`, `constraints_for_requirement` in
// `uv-resolver/src/resolver/mod.rs` and `PubGrubDependency::from_requirements` in
// `pubgrub/dependencies.rs`).

#include <lockkit/pep508/requirement.hpp>
#include <lockkit/resolver/environment.hpp>
#include <lockkit/resolver/package.hpp>

#include <unordered_map>
#include <lockkit/resolver/python_requirement.hpp>

#include <lockkit/resolver/options.hpp>

#include "specifier_range_memo.hpp"

#include <map>
#include <set>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace lockkit::resolver::detail {

/// The constraints, overrides and excludes of a manifest, by name.
struct RequirementRules {
    std::map<std::string, std::vector<pep508::Requirement>> constraints;
    std::map<std::string, std::vector<pep508::Requirement>> overrides;
    /// By package: (version or every version, overrides by dependency name).
    std::map<std::string, std::vector<std::pair<std::optional<pep440::Version>,
                                                std::map<std::string, std::vector<pep508::Requirement>>>>>
        scoped_overrides;
    std::set<std::string> excludes;
    /// By package: (version or every version, excluded names).
    std::map<std::string, std::vector<std::pair<std::optional<pep440::Version>, std::set<std::string>>>> scoped_excludes;

    static RequirementRules from_manifest(const Manifest& manifest);
};

/// One dependency of a package version.
struct PackageDependency {
    ResolverPackage package;
    VersionRange versions;
    pep508::MarkerTree marker;  ///< the requirement's marker, for the result's edges
    /// The depending package, when it is a plain package and this a plain or marker package
    /// (a whole-project conflict item is then never filtered out of a fork).
    std::optional<std::string> parent{};

    /// The conflict item this dependency belongs to: the package's extra, group, or project.
    std::optional<ConflictItem> conflicting_item() const;
};

/// The requirements of one package version (or the root) that apply in `env`, split by extra
/// context, with constraints inserted after each requirement and a package's own extras
/// expanded inline.
/// The marker a requirement has when flattened for an extra (or for none), remembered by
/// marker and extra: a package's requirements are flattened again in every fork that reaches
/// it, and each marker takes four restrictions to work out.
class ExtraMarkers {
public:
    pep508::MarkerTree of(pep508::MarkerTree marker, const std::optional<std::string>& extra);

private:
    std::unordered_map<std::uint32_t, pep508::MarkerTree> m_no_extra;
    std::unordered_map<std::string, std::unordered_map<std::uint32_t, pep508::MarkerTree>> m_by_extra;
};

/// `markers`, when given, remembers the markers worked out across calls.
std::vector<pep508::Requirement> flatten_requirements(
    const std::vector<pep508::Requirement>& dependencies,
    const std::map<std::string, std::vector<pep508::Requirement>>& dependency_groups,
    const std::optional<std::string>& extra, const std::optional<std::string>& group, const std::string* name,
    const pep440::Version* version, const RequirementRules& rules, const ResolverEnvironment& env, const PythonRequirement& python,
    ExtraMarkers* markers = nullptr);

/// The dependencies of flattened requirements, or the first requirement whose specifiers
/// allow no version. `ranges`, when given, remembers the specifiers' ranges across calls.
std::variant<std::vector<PackageDependency>, pep508::Requirement>
dependencies_from_requirements(const std::vector<pep508::Requirement>& requirements,
                               const std::vector<ConflictSet>& conflicts, const ResolverPackage* parent,
                               SpecifierRangeMemo* ranges = nullptr);

/// The dependencies for requirements on projects' dependency groups: a Group proxy per group,
/// after the plain project when one of the groups takes part in a conflict.
std::vector<PackageDependency> dependencies_from_group_requirements(const std::vector<GroupRequirement>& requirements,
                                                                    const std::vector<ConflictSet>& conflicts,
                                                                    const ResolverEnvironment& env,
                                                                    const PythonRequirement& python);

} // namespace lockkit::resolver::detail
