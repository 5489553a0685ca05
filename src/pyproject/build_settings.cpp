// Build settings; see include/lockkit/pyproject/build_settings.hpp.

#include "lockkit/pyproject/build_settings.hpp"

#include <algorithm>

namespace lockkit::pyproject {

std::optional<BuildIsolation> BuildIsolation::from_settings(std::optional<bool> no_build_isolation,
                                                            const std::vector<std::string>& packages) {
    if (no_build_isolation) return BuildIsolation{*no_build_isolation ? Kind::Shared : Kind::Isolate, {}};
    if (packages.empty()) return std::nullopt;
    return BuildIsolation{Kind::SharedPackage, packages};
}

BuildIsolation BuildIsolation::combine(const BuildIsolation& lower) const {
    if (kind != Kind::SharedPackage) return *this;
    switch (lower.kind) {
    case Kind::Shared:
        return lower;
    case Kind::Isolate:
        return *this;
    case Kind::SharedPackage: {
        BuildIsolation out = *this;
        out.packages.insert(out.packages.end(), lower.packages.begin(), lower.packages.end());
        return out;
    }
    }
    return *this;
}

bool BuildIsolation::isolated(std::string_view name) const {
    switch (kind) {
    case Kind::Isolate:
        return true;
    case Kind::Shared:
        return false;
    case Kind::SharedPackage:
        return std::find(packages.begin(), packages.end(), name) == packages.end();
    }
    return true;
}

void combine_extra_build_dependencies(ExtraBuildDependencies& higher, const ExtraBuildDependencies& lower) {
    for (const auto& [name, dependencies] : lower) {
        auto& mine = higher[name];
        mine.insert(mine.end(), dependencies.begin(), dependencies.end());
    }
}

void combine_extra_build_variables(ExtraBuildVariables& higher, const ExtraBuildVariables& lower) {
    for (const auto& [name, variables] : lower) {
        auto& mine = higher[name];
        for (const auto& [variable, value] : variables) mine.emplace(variable, value);
    }
}

} // namespace lockkit::pyproject
