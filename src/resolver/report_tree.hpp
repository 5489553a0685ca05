#pragma once
// The derivation tree as failure reports see it (internal): packages and reasons by value,
// shared subtrees as shared nodes, and the rewriting passes uv applies before wording it
// (`uv-resolver/src/error.rs`: collapse_proxies, collapse_local_version_segments,
// narrow_widened_sets, simplify_derivation_tree_markers, collapse_unavailable_versions,
// collapse_redundant_depends_on_no_versions, simplify_derivation_tree_ranges,
// restate_available_versions, collapse_redundant_no_versions and
// collapse_redundant_no_versions_tree).

#include <lockkit/resolver/no_solution.hpp>

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace lockkit::resolver::report {

/// A leaf fact.
struct External {
    IncompatibilityKind kind = IncompatibilityKind::NoVersions;  ///< never Derived
    ResolverPackage package;
    VersionRange set;  ///< NoVersions, Custom: the versions; FromDependency: the depending versions
    ResolverPackage dependency;
    VersionRange dependency_set;
    pep440::Version root_version;
    UnavailableReason reason;
};

using Terms = std::vector<std::pair<ResolverPackage, Term>>;

struct Node;
using Tree = std::shared_ptr<const Node>;

struct Node {
    bool derived = false;
    External external;  ///< leaves
    Terms terms;        ///< derived nodes
    std::optional<std::size_t> shared_id;
    Tree cause1;
    Tree cause2;
};

Tree make_external(External external);
Tree make_derived(Terms terms, std::optional<std::size_t> shared_id, Tree cause1, Tree cause2);
const Term* find_term(const Terms& terms, const ResolverPackage& package);

/// Whether two reasons would be worded the same (uv compares them for merging).
bool same_reason(const UnavailableReason& a, const UnavailableReason& b);

/// The solver's tree with ids replaced by values.
Tree from_derivation_tree(const NoSolution& failure);

Tree collapse_proxies(const Tree& tree);
Tree collapse_local_version_segments(const Tree& tree);
Tree narrow_widened_sets(const Tree& tree, const std::map<std::string, std::vector<pep440::Version>>& known);
Tree simplify_markers(const Tree& tree, const PythonRequirement& python);
Tree collapse_unavailable_versions(const Tree& tree);
Tree collapse_redundant_depends_on_no_versions(const Tree& tree);
Tree simplify_ranges(const Tree& tree, const std::map<std::string, std::vector<pep440::Version>>& included,
                     const std::set<std::string>& prerelease_disallowed);
Tree restate_available_versions(const Tree& tree, const std::map<std::string, std::vector<pep440::Version>>& included);
Tree collapse_redundant_no_versions(const Tree& tree);
/// One pass of merging sibling NoVersions of one package; whether anything changed.
std::pair<Tree, bool> collapse_redundant_no_versions_tree(const Tree& tree);

/// Every package the tree mentions (leaves and terms), in first-seen order.
std::vector<ResolverPackage> tree_packages(const Tree& tree);

} // namespace lockkit::resolver::report
