#pragma once
// uv's settings for how source distributions are built, as uv 0.12.5 reads and
// merges them (crates/uv-configuration `BuildIsolation`, crates/uv-settings
// `combine.rs`, crates/uv-workspace `ExtraBuildDependency`):
//
//   no-build-isolation = true            every build runs in the target environment
//   no-build-isolation-package = [...]   these packages' builds do
//   extra-build-dependencies = { pkg = ["req", { requirement = "req", match-runtime = true }] }
//   extra-build-variables = { pkg = { VAR = "value" } }
//
// Isolation is one value per layer (`no-build-isolation = false` in a layer drops
// that layer's package list, as uv's `from_args` does), combined from the highest
// layer down: a layer that says all or nothing wins over the layers below it; a
// package list joins the lists below it, or becomes "all" over a lower "all".
// Extra build dependencies join per package (the higher layer's first); extra
// build variables merge per package, the higher layer's value winning per variable.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lockkit::pyproject {

/// Which builds run without an isolated environment.
struct BuildIsolation {
    enum class Kind : std::uint8_t { Isolate, Shared, SharedPackage };
    Kind kind = Kind::Isolate;
    std::vector<std::string> packages;  ///< SharedPackage: normalized names

    /// One layer's value: `no-build-isolation` decides when set; else a non-empty package list.
    static std::optional<BuildIsolation> from_settings(std::optional<bool> no_build_isolation,
                                                       const std::vector<std::string>& packages);
    /// `*this` (a higher layer) combined with a lower layer's value.
    BuildIsolation combine(const BuildIsolation& lower) const;
    /// Whether the build of `name` (normalized) gets an isolated environment.
    bool isolated(std::string_view name) const;
    /// Whether some build may run without isolation.
    bool any_shared() const { return kind != Kind::Isolate; }

    bool operator==(const BuildIsolation&) const = default;
};

/// One extra build dependency: a PEP 508 requirement, and whether its version must be the
/// one the environment being synced gets (`match-runtime`).
struct ExtraBuildDependency {
    std::string requirement;
    bool match_runtime = false;
    bool operator==(const ExtraBuildDependency&) const = default;
};

/// Package (normalized) -> its extra build dependencies.
using ExtraBuildDependencies = std::map<std::string, std::vector<ExtraBuildDependency>>;
/// Package (normalized) -> variable -> value.
using ExtraBuildVariables = std::map<std::string, std::map<std::string, std::string>>;

/// Adds a lower layer's extra build dependencies after `higher`'s.
void combine_extra_build_dependencies(ExtraBuildDependencies& higher, const ExtraBuildDependencies& lower);
/// Adds a lower layer's variables that `higher` does not set.
void combine_extra_build_variables(ExtraBuildVariables& higher, const ExtraBuildVariables& lower);

} // namespace lockkit::pyproject
