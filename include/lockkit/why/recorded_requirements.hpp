#pragma once
// What a lock says was *asked* for a package, as opposed to what was chosen: the requirements
// uv records in `[package.metadata]` (`requires-dist`, `requires-dev`) of every workspace member
// and local package, and in `[manifest]` (a project-less root's requirements and groups,
// constraints, overrides).
//
// Registry packages' own requirements are not in a lock (uv records only the edges it chose),
// so this is the part of "who asks for P, and for which versions" that can be answered from the
// lock alone; the rest needs the index (forced_resolution.hpp).

#include <lockkit/lockfile/lock.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lockkit::why {

/// One recorded requirement on a package.
struct RecordedRequirement {
    enum class Origin : std::uint8_t {
        RequiresDist,  ///< a local package's `requires-dist` (main or an extra's, see `extra`)
        Group,         ///< a local package's `requires-dev` (a dependency group)
        Manifest,      ///< `[manifest] requirements`
        ManifestGroup, ///< `[manifest.dependency-groups]` (a project-less workspace root)
        Constraint,    ///< `[manifest] constraints`
        Override,      ///< `[manifest] overrides`
    };
    Origin origin = Origin::RequiresDist;
    /// The package that declares it (name and version), or nothing for `[manifest]` entries.
    std::optional<lockfile::PackageId> declared_by;
    std::optional<std::string> extra;  ///< the extra it belongs to (from `extra == '…'` in its marker)
    std::optional<std::string> group;  ///< the dependency group it belongs to
    lockfile::Requirement requirement;

    /// `name[extras]specifier` plus its source (`@ path`, `(index …)`), without the marker.
    std::string text() const;
    /// The requirement's marker without its `extra == …` tests ("" when none is left).
    std::string environment_marker() const;
    /// "app 1.0.0", "app 1.0.0 [extra test]", "app 1.0.0 (group dev)", "[manifest] constraints", ...
    std::string where() const;
};

/// Every recorded requirement on `name` (normalized), in lock order.
std::vector<RecordedRequirement> recorded_requirements_on(const lockfile::Lock& lock, std::string_view name);

/// Whether a recorded requirement admits `version` (no specifier admits every version; a
/// direct URL or path admits only what it points at, which the lock cannot say: true).
bool admits(const lockfile::Requirement& requirement, std::string_view version);

/// `extra == 'x'` in a recorded marker: the extra it belongs to, if any.
std::optional<std::string> extra_of_marker(std::string_view marker);

} // namespace lockkit::why
