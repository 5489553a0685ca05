#pragma once
// Which of a lock's packages `uv sync` installs into one concrete environment.
//
// A uv.lock is universal; an environment gets the part of it that its markers select.
// The walk starts at the roots `uv sync` uses from the workspace root: the project at
// "." when there is one, otherwise (a workspace whose root is not a project) every
// member listed in `[manifest] members` plus the root's own requirements and dependency
// groups recorded in `[manifest]`; `packages`/`all_packages` choose members instead, like
// `uv sync --package` / `--all-packages`. From a root it follows `dependencies`, the
// `optional-dependencies` of the chosen extras and the `dev-dependencies` of the chosen
// groups (groups and extras apply to roots only), then from every package reached its
// `dependencies` and the optional dependencies of the extras an edge asks for. An edge is
// followed when its marker holds in the environment; uv's conflict markers
// (`extra == 'extra-3-pkg-cpu'`) are evaluated against the extras and groups activated
// so far, repeated until nothing new is activated. Where a name is locked several times
// (forks) the edges name the exact version; for names from `[manifest]` the package whose
// `resolution-markers` hold is taken.
//
// Default groups are uv's: `dev`, or `tool.uv.default-groups` when the caller read it
// from pyproject.toml. Virtual packages are walked through but not returned (they are
// never installed).

#include "lockkit/lockfile/lock.hpp"
#include "lockkit/pep508/marker.hpp"

#include <expected>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace lockkit::verify {

struct InstallSelection {
    std::vector<std::string> packages;  ///< roots: these members (`--package`); empty = uv sync's default
    bool all_packages = false;          ///< roots: every member (`--all-packages`)
    std::vector<std::string> extras;    ///< `--extra` (applies to roots)
    bool all_extras = false;            ///< `--all-extras`
    std::vector<std::string> groups;    ///< `--group`, in addition to the default groups
    bool all_groups = false;            ///< `--all-groups`
    bool no_default_groups = false;     ///< `--no-default-groups` (`--no-dev` when the default is `dev`)
    /// `tool.uv.default-groups` of the workspace root; empty = uv's default, `["dev"]`.
    std::optional<std::vector<std::string>> default_groups;
    bool default_groups_all = false;    ///< `tool.uv.default-groups = "all"`
};

/// Why a package is expected in the environment.
struct SelectedPackage {
    const lockfile::Package* package = nullptr;
    bool root = false;  ///< a root of the walk (a workspace member being synced)
};

/// Sets `default_groups` from `tool.uv.default-groups` in the workspace root's
/// pyproject.toml at `path` (uv reads it from there); leaves the selection alone when the
/// file does not set it. The error is the rendered diagnostic of an unreadable file.
std::expected<void, std::string> read_default_groups(const std::filesystem::path& path, InstallSelection& selection);

/// The installable packages `uv sync` would put into an environment described by `env`,
/// in lock order. Errors: a `packages` name that is not a workspace member, an extra or a
/// group that no root defines (uv refuses those too).
std::expected<std::vector<SelectedPackage>, std::string> select_packages(const lockfile::Lock& lock,
                                                                         const pep508::MarkerEnvironment& env,
                                                                         const InstallSelection& selection);

} // namespace lockkit::verify
