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
// from pyproject.toml. `--only-group` turns the roots into mere holders of their groups:
// neither they nor their dependencies are installed unless a selected group reaches them.
// Virtual packages are walked through but not returned (they are never installed), and
// so are the packages the `no_install_*` options name (uv's InstallOptions: the project
// synced, every member, local sources, or named packages).

#include "lockkit/lockfile/lock.hpp"
#include "lockkit/pep508/marker.hpp"

#include <expected>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace lockkit::install {

struct InstallSelection {
    std::vector<std::string> packages;  ///< roots: these members (`--package`); empty = uv sync's default
    bool all_packages = false;          ///< roots: every member (`--all-packages`)
    std::vector<std::string> extras;    ///< `--extra` (applies to roots)
    bool all_extras = false;            ///< `--all-extras`
    std::vector<std::string> no_extras; ///< `--no-extra`: taken out of `--all-extras`
    std::vector<std::string> groups;    ///< `--group`, in addition to the default groups
    /// `--only-group` (`--only-dev` is `["dev"]`): these groups and nothing else; the
    /// roots themselves and their dependencies are left out unless a group names them.
    std::vector<std::string> only_groups;
    std::vector<std::string> no_groups; ///< `--no-group` (`--no-dev` is `["dev"]`): wins over everything
    bool all_groups = false;            ///< `--all-groups`
    bool no_default_groups = false;     ///< `--no-default-groups`
    /// `tool.uv.default-groups` of the workspace root; empty = uv's default, `["dev"]`.
    std::optional<std::vector<std::string>> default_groups;
    bool default_groups_all = false;    ///< `tool.uv.default-groups = "all"`

    // What is walked through but not installed (uv's install options). The packages
    // left out still contribute their dependencies.
    bool no_install_project = false;    ///< `--no-install-project`: the project being synced
    bool no_install_workspace = false;  ///< `--no-install-workspace`: every workspace member
    bool no_install_local = false;      ///< `--no-install-local`: path, directory and editable sources
    std::vector<std::string> no_install_packages;  ///< `--no-install-package`
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
/// group named on the command line that no root defines (uv refuses those too).
std::expected<std::vector<SelectedPackage>, std::string> select_packages(const lockfile::Lock& lock,
                                                                         const pep508::MarkerEnvironment& env,
                                                                         const InstallSelection& selection);

} // namespace lockkit::install
