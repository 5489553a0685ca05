// Derivation chains; see derivation_chain.hpp.

#include "derivation_chain.hpp"

#include <algorithm>
#include <unordered_map>

namespace lockkit::resolver::detail {

namespace {

using Solution = std::unordered_map<PackageId, pep440::Version>;

/// Extends `path` from `package` towards the root; true once the root is reached. A package
/// already on the way is not entered again (uv's walk would never return from it).
bool find_path(const SolverState& state, const PackageStore& store, const Solution& solution, PackageId package,
               const pep440::Version& version, std::vector<PackageId>& visiting, std::vector<DerivationStep>& path) {
    if (std::find(visiting.begin(), visiting.end(), package) != visiting.end()) return false;
    visiting.push_back(package);
    for (const IncompatibilityId id : state.incompatibilities_of(package)) {
        const Incompatibility& incompat = state.incompatibility(id);
        if (incompat.kind() != IncompatibilityKind::FromDependency || incompat.dependency() != package) continue;
        const VersionRange allowed = incompat.dependency_sets().second;
        if (!allowed.contains(version)) continue;
        const auto parent_version = solution.find(incompat.package());
        if (parent_version == solution.end()) continue;
        const ResolverPackage& parent = store[incompat.package()];
        const std::string* parent_name = parent.name_no_root();
        const std::string* name = store[package].name_no_root();
        if (parent_name != nullptr && name != nullptr && *parent_name == *name) {
            // A proxy (an extra, a group, a marker) and its base: the same package, no step.
            if (find_path(state, store, solution, incompat.package(), parent_version->second, visiting, path)) return true;
        } else if (parent_name != nullptr) {
            path.push_back({*parent_name, parent.extra, parent.group, parent_version->second, allowed});
            if (find_path(state, store, solution, incompat.package(), parent_version->second, visiting, path)) return true;
            path.pop_back();
        } else {
            return true;  // the root
        }
    }
    visiting.pop_back();
    return false;
}

/// A range worth showing: neither empty nor every version.
std::optional<std::string> shown_range(const std::optional<VersionRange>& range) {
    if (!range) return std::nullopt;
    const VersionRange plain = range->without_local_version_sentinels();
    if (plain.encoded().is_empty() || plain.encoded().is_full()) return std::nullopt;
    return plain.to_string();
}

/// "`name[extra]>=1` (v1.2)": the step's package, the range its parent allows, its version.
std::string describe(const DerivationStep& step, const std::optional<VersionRange>& range) {
    std::string text = "`" + step.name;
    if (step.extra) {
        text += "[" + *step.extra + "]";
    } else if (step.group) {
        text += ":" + *step.group;
    }
    if (const auto shown = shown_range(range)) text += *shown;
    return text + "` (v" + step.version.to_string() + ")";
}

} // namespace

std::optional<std::vector<DerivationStep>> derivation_chain(const SolverState& state, const PackageStore& store,
                                                            PackageId package, const pep440::Version& version) {
    Solution solution;
    for (auto& [id, decided] : state.partial_solution().extract_solution()) solution.emplace(id, std::move(decided));
    std::vector<PackageId> visiting;
    std::vector<DerivationStep> path;
    if (!find_path(state, store, solution, package, version, visiting, path)) return std::nullopt;
    std::reverse(path.begin(), path.end());
    return path;
}

std::string included_because(const std::string& name, const pep440::Version& version,
                             const std::vector<DerivationStep>& chain) {
    std::string text = "`" + name + "` (v" + version.to_string() + ") was included because";
    std::optional<VersionRange> range;  // what the previous step allows of this one
    for (std::size_t i = 0; i < chain.size(); ++i) {
        text += " " + describe(chain[i], range) + (i == 0 ? " depends on" : " which depends on");
        range = chain[i].range;
    }
    return text + " `" + name + shown_range(range).value_or("") + "`";
}

std::string with_derivation_hint(std::string report, const SolverState& state, const PackageStore& store,
                                 PackageId package, const std::string& name, const pep440::Version& version) {
    if (!report.starts_with("Failed to ")) return report;
    const auto chain = derivation_chain(state, store, package, version);
    if (!chain || chain->empty()) return report;
    const std::string hint = "hint: " + included_because(name, version, *chain);
    if (report.starts_with("hint: ")) return hint + "\n" + report;
    const auto own = report.find("\nhint: ");
    if (own == std::string::npos) return report + "\n" + hint;
    return report.insert(own, "\n" + hint);
}

} // namespace lockkit::resolver::detail
