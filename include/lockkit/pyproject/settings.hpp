#pragma once
// uv's settings for locking and installing, gathered the way uv gathers them
// (docs/concepts/configuration-files.md, crates/uv-settings):
//
//   command line  >  environment (UV_*)  >  project  >  user  >  system
//
// The project's settings come from the workspace root or, when it has none, the
// nearest directory above it that has some: `uv.toml` when it exists (then
// `[tool.uv]` of the pyproject.toml beside it is ignored), else `[tool.uv]` of
// `pyproject.toml`. Settings of workspace members are never read. The user's from `$XDG_CONFIG_HOME/uv/uv.toml`
// (or, when that variable is unset, `~/.config/uv/uv.toml`), the system's from
// `$XDG_CONFIG_DIRS/uv/uv.toml` (`/etc/xdg` when unset) or `/etc/uv/uv.toml` (the
// first found; none under UV_NO_SYSTEM_CONFIG). A scalar comes from the highest
// layer that sets it; a list is the concatenation of all layers, the higher
// first. `--no-config` / `UV_NO_CONFIG` skips every file; `--config-file` /
// `UV_CONFIG_FILE` replaces all of them with one.
//
// Every value remembers where it came from, so a message can say "resolution
// = lowest (from UV_RESOLUTION)". Values are validated as uv validates them: in a
// uv.toml an unknown key or a bad value (an unknown `resolution`) is an error
// naming the file, line and column; in a pyproject.toml uv warns instead and
// ignores every setting of that `[tool.uv]` (its other tables, sources,
// workspace, conflicts, ..., still apply) -- Settings::warnings says so.

#include "lockkit/pyproject/build_settings.hpp"
#include "lockkit/pyproject/source_overlay.hpp"
#include "lockkit/util/diagnostic.hpp"

#include <cstdint>
#include <expected>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lockkit::pyproject {

enum class IndexStrategy : std::uint8_t { FirstIndex, UnsafeFirstMatch, UnsafeBestMatch };
enum class ResolutionMode : std::uint8_t { Highest, Lowest, LowestDirect };
enum class PrereleaseMode : std::uint8_t { Disallow, Allow, IfNecessary, Explicit, IfNecessaryOrExplicit };
enum class ForkStrategy : std::uint8_t { Fewest, RequiresPython };
/// `link-mode`; `reflink` is read as `clone`, as uv reads it.
enum class LinkMode : std::uint8_t { Clone, Copy, Hardlink, Symlink };
/// `keyring-provider`: whether index passwords are asked of the `keyring` command.
enum class KeyringProvider : std::uint8_t { Disabled, Subprocess };

/// The spelling uv uses for each value (`first-index`, `lowest-direct`, ...).
const char* setting_name(IndexStrategy v);
const char* setting_name(ResolutionMode v);
const char* setting_name(PrereleaseMode v);
const char* setting_name(ForkStrategy v);
const char* setting_name(LinkMode v);
const char* setting_name(KeyringProvider v);

/// `--link-mode` as uv's option parser reads it (`reflink` too), or its complaint about a value it
/// does not know (which UV_LINK_MODE, the option's variable, gets too).
std::expected<LinkMode, std::string> link_mode_argument(std::string_view text);

/// What a command may do with uv.lock before it uses it, as uv's `--locked` and `--frozen` say
/// (its LockCheck and FrozenSource): resolve again and write it when it is stale (Default), fail
/// when it is stale (Locked: `--locked`, UV_LOCKED, `lock resolve --check`), or take it as it is,
/// without comparing it with pyproject.toml (Frozen: `--frozen`, UV_FROZEN). Locked and Frozen
/// both need uv.lock to exist.
enum class LockCheck : std::uint8_t { Default, Locked, Frozen };

/// The lock flags given on the command line (`--check` is `lock resolve`'s, the others both
/// commands').
struct LockCheckFlags {
    bool check = false;
    bool locked = false;
    bool frozen = false;
};

/// A LockCheck and what asked for it, as uv's messages name it: "`--check`", "`--locked`",
/// "`UV_LOCKED=1`", "`--frozen`" or "`UV_FROZEN=1`" (empty for Default).
struct LockCheckSetting {
    LockCheck value = LockCheck::Default;
    std::string provided_by;
};

/// uv's words when the lock a LockCheck asks about is not there ("Unable to find lockfile at
/// `uv.lock`, but `--frozen` was provided. ..."), shared by `lock resolve` and `lock sync`.
std::string missing_lockfile_message(const std::string& provided_by);
/// uv's words when the lock would change but `provided_by` (`--locked`, ...) forbids it.
std::string lock_needs_update_message(const std::string& provided_by);

/// A value and where it was set ("uv.toml:3:14", "UV_RESOLUTION", "--resolution", "default").
template <typename T>
struct Setting {
    T value{};
    std::string origin = "default";
};

/// One index, from `[[index]]`, `--index`, `--default-index`, `--index-url`,
/// `--extra-index-url` or their environment variables.
struct IndexSetting {
    std::optional<std::string> name;
    std::string url;
    bool is_default = false;
    bool is_explicit = false;
    bool flat = false;  ///< `format = "flat"`
    std::string origin;
    /// `ignore-error-codes`: statuses that mean "not on this index" for it (uv's
    /// IndexStatusCodeStrategy); unset, uv's defaults apply.
    std::optional<std::vector<int>> ignore_error_codes;
};

/// `exclude-newer`: a timestamp, a relative span ("7 days"), or switched off.
struct ExcludeNewerSetting {
    enum class Kind : std::uint8_t { Timestamp, Span, Disabled } kind = Kind::Timestamp;
    std::string value;  ///< as given
};

/// The setting `text` names (`false`, a date or timestamp, else a span), unchecked.
ExcludeNewerSetting exclude_newer_setting(std::string_view text);

/// One layer's explicit values (command line, environment, or one file).
struct SettingsLayer {
    std::vector<IndexSetting> indexes;          ///< `[[index]]`, `--index`, `--default-index`
    std::optional<IndexSetting> index_url;      ///< deprecated `index-url`
    std::vector<IndexSetting> extra_index_urls; ///< deprecated `extra-index-url`
    std::vector<std::string> find_links;
    std::optional<bool> no_index;
    std::optional<IndexStrategy> index_strategy;
    std::optional<ResolutionMode> resolution;
    std::optional<PrereleaseMode> prerelease;
    std::optional<ForkStrategy> fork_strategy;
    std::optional<ExcludeNewerSetting> exclude_newer;
    std::vector<std::pair<std::string, ExcludeNewerSetting>> exclude_newer_package;
    std::optional<bool> no_build;
    std::vector<std::string> no_build_package;
    std::optional<bool> no_binary;
    std::vector<std::string> no_binary_package;
    std::optional<bool> no_build_isolation;             ///< `no-build-isolation`; false: `--build-isolation`
    std::vector<std::string> no_build_isolation_package;
    ExtraBuildDependencies extra_build_dependencies;
    ExtraBuildVariables extra_build_variables;
    std::optional<bool> no_sources;
    std::optional<bool> offline;
    std::optional<bool> upgrade;
    std::vector<std::string> upgrade_package;  ///< `name` or `name==version`
    std::optional<LinkMode> link_mode;
    std::optional<KeyringProvider> keyring_provider;
    std::optional<bool> compile_bytecode;
    std::vector<std::string> keys;  ///< a file's top-level keys, in the order read
    std::string origin;  ///< "command line", "environment", or the file's path
    /// Where each scalar was set inside the layer (key -> "file:line:column" or variable name).
    std::map<std::string, std::string> where;
};

/// The merged settings a command runs with.
struct Settings {
    /// Indexes in priority order (the default index last; PyPI when none is given and not --no-index).
    std::vector<IndexSetting> indexes;
    std::vector<std::string> find_links;
    Setting<bool> no_index;
    Setting<IndexStrategy> index_strategy{IndexStrategy::FirstIndex};
    Setting<ResolutionMode> resolution{ResolutionMode::Highest};
    Setting<PrereleaseMode> prerelease{PrereleaseMode::IfNecessary};
    Setting<ForkStrategy> fork_strategy{ForkStrategy::RequiresPython};
    std::optional<Setting<ExcludeNewerSetting>> exclude_newer;
    std::vector<std::pair<std::string, ExcludeNewerSetting>> exclude_newer_package;  ///< merged as uv merges it, in its lock order
    Setting<bool> no_build;
    std::vector<std::string> no_build_package;
    Setting<bool> no_binary;
    std::vector<std::string> no_binary_package;
    /// Which builds run in the target environment instead of an isolated one (build_settings.hpp).
    Setting<BuildIsolation> build_isolation;
    ExtraBuildDependencies extra_build_dependencies;
    ExtraBuildVariables extra_build_variables;
    Setting<bool> no_sources;
    Setting<bool> offline;
    Setting<bool> upgrade;
    std::vector<std::string> upgrade_package;
    Setting<LinkMode> link_mode{LinkMode::Clone};  ///< uv's default on Linux; a sync falls back from it (install/linker.hpp)
    Setting<KeyringProvider> keyring_provider{KeyringProvider::Disabled};
    Setting<bool> compile_bytecode;
    std::vector<std::filesystem::path> files;  ///< the configuration files read, highest first
    /// `--no-config` or UV_NO_CONFIG: no file was read (uv then ignores `.python-version` too).
    bool no_config = false;
    /// uv's `--locked` / `--frozen` with UV_LOCKED / UV_FROZEN, when the command has them.
    LockCheckSetting lock_check;
    /// uv's warnings (without "warning: "), one text each, possibly of several lines: a
    /// `[tool.uv]` that was skipped because it does not read as settings, or whose settings
    /// a uv.toml beside it masks.
    std::vector<std::string> warnings;
};

struct SettingsSources {
    std::filesystem::path workspace_root;           ///< where the project's uv.toml / pyproject.toml are
    SettingsLayer command_line;                     ///< filled by the program from its options
    std::map<std::string, std::string> environment; ///< the process environment (environment_map())
    bool no_config = false;                         ///< --no-config
    std::optional<std::filesystem::path> config_file;  ///< --config-file
    /// The project's files as a merge will leave them (may be null; source_overlay.hpp).
    const SourceOverlay* overlay = nullptr;
    /// The lock flags of a command that has uv's (`lock resolve`, `lock sync`): read with
    /// UV_LOCKED and UV_FROZEN into Settings::lock_check. None: neither is read (lock-merge).
    std::optional<LockCheckFlags> lock_flags;
};

/// uv's user configuration folder: `$XDG_CONFIG_HOME/uv` when that is an absolute path,
/// else `$HOME/.config/uv` (never both). It holds the user's uv.toml and the global
/// `.python-version`.
std::optional<std::filesystem::path> user_config_dir(const std::map<std::string, std::string>& environment);

/// `--no-config` given, or UV_NO_CONFIG set true (environment_flag()): no settings file and no
/// `.python-version` is read. load_settings() refuses a value that is no boolean.
bool config_discovery_disabled(bool no_config_flag, const std::map<std::string, std::string>& environment);

/// A boolean UV_* variable read as uv 0.12.5 reads it: y, yes, t, true, on, 1 or n, no, f, false,
/// off, 0 in any case (clap's BoolishValueParser); anything else, an empty value too, is an error
/// worded as uv words it. `flag` is the command-line option the variable stands for when uv's
/// option parser reads it (`--no-build` for UV_NO_BUILD): "invalid value 'x' for '--no-build':
/// value was not a boolean"; empty for a variable uv reads from the environment alone
/// (UV_OFFLINE): "Failed to parse environment variable `UV_OFFLINE` with invalid value `x`:
/// expected a boolish value". Nothing when the variable is unset.
std::expected<std::optional<bool>, Diagnostic> environment_flag(const std::map<std::string, std::string>& environment,
                                                                std::string_view name, std::string_view flag = {});

/// Checks the boolean UV_* variables as uv checks them before it does anything else, and fails
/// with uv's first error: first those its option parser reads for the command (UV_COMPILE_BYTECODE
/// when `installs`, as for `uv sync`; UV_NO_SOURCES, UV_NO_BUILD, UV_NO_BINARY, UV_NO_CONFIG),
/// then every boolean that uv reads from the environment for any command (UV_FROZEN, UV_OFFLINE,
/// UV_NO_PROGRESS, ...), even those lockkit has no use for. load_settings() checks them itself.
std::expected<void, Diagnostic> check_environment_flags(const std::map<std::string, std::string>& environment,
                                                        bool installs = false);

/// The lock flags resolved as uv 0.12.5 resolves them: a flag given on the command line, else its
/// variable set true (set false, as if unset); `--check` names the check over UV_LOCKED, and
/// Frozen wins over `--check`. Locked (from `--locked` or UV_LOCKED) and Frozen together are uv's
/// error naming where each came from ("the argument `UV_LOCKED` (environment variable) cannot be
/// used with `--frozen`"); refusing two flags given together on the command line is the
/// program's parser's job, as it is clap's in uv.
std::expected<LockCheckSetting, Diagnostic> lock_check_setting(const LockCheckFlags& flags,
                                                               const std::map<std::string, std::string>& environment);

/// The current process environment as a map.
std::map<std::string, std::string> environment_map();

/// Reads the layers and merges them.
std::expected<Settings, Diagnostic> load_settings(const SettingsSources& sources);

/// One settings file: a `uv.toml`, or the `[tool.uv]` table of a pyproject.toml.
/// Nothing when a pyproject.toml has no `[tool.uv]`.
std::expected<std::optional<SettingsLayer>, Diagnostic> read_settings_file(const std::filesystem::path& path,
                                                                          const SourceOverlay* overlay = nullptr);

/// The environment's layer (UV_INDEX, UV_RESOLUTION, ...).
std::expected<SettingsLayer, Diagnostic> environment_settings(const std::map<std::string, std::string>& environment);

} // namespace lockkit::pyproject
