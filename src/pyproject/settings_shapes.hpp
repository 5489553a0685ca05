#pragma once
// The shapes uv 0.12.5's settings schema (crates/uv-settings/src/settings.rs, read with serde)
// gives the settings lockkit does not read itself, internal to the settings reader: a value of
// another shape makes uv skip a `[tool.uv]` with a warning and fail a uv.toml, so lockkit checks
// them as it checks the settings it uses. Only the shape is checked (and the variants of a closed
// choice), not what a string must say (a URL, a version specifier).

#include <cstdint>
#include <span>
#include <string_view>

namespace lockkit::pyproject::detail {

/// What a setting's value must be, in serde's terms.
enum class Shape : std::uint8_t {
    Boolean,
    String,
    Path,
    NonZero,  ///< a count above zero
    Sequence,
    Map,
    Choice,
};
/// One setting and the shape of its value.
struct KeyShape {
    std::string_view key;
    Shape shape;
    std::span<const std::string_view> choices = {};
    std::string_view expected = {};  ///< serde's words for the shape when they are not the usual
};

inline constexpr std::string_view k_config_settings_words = "a map from string to string or list of strings";
inline constexpr std::string_view k_python_preferences[] = {"only-managed", "managed", "system", "only-system"};
inline constexpr std::string_view k_python_downloads[] = {"auto", "automatic", "manual", "never"};
inline constexpr std::string_view k_add_bounds[] = {"lower", "major", "minor", "exact"};
inline constexpr std::string_view k_pip_link_modes[] = {"clone", "reflink", "copy", "hardlink", "symlink"};
inline constexpr std::string_view k_annotation_styles[] = {"line", "split"};
inline constexpr std::string_view k_pip_index_strategies[] = {"first-index", "unsafe-first-match", "unsafe-best-match"};
inline constexpr std::string_view k_pip_keyring_providers[] = {"disabled", "subprocess"};
inline constexpr std::string_view k_pip_resolutions[] = {"highest", "lowest", "lowest-direct"};
inline constexpr std::string_view k_pip_prereleases[] = {"disallow", "allow", "if-necessary", "explicit",
                                                  "if-necessary-or-explicit"};
inline constexpr std::string_view k_pip_fork_strategies[] = {"fewest", "requires-python"};

/// Top-level settings lockkit does not read (those it reads are checked as it reads them).
inline constexpr KeyShape k_unread_shapes[] = {
    {"required-version", Shape::String}, {"system-certs", Shape::Boolean}, {"native-tls", Shape::Boolean},
    {"no-cache", Shape::Boolean}, {"cache-dir", Shape::Path}, {"preview", Shape::Boolean},
    {"python-preference", Shape::Choice, k_python_preferences}, {"python-downloads", Shape::Choice, k_python_downloads},
    {"concurrent-downloads", Shape::NonZero}, {"concurrent-builds", Shape::NonZero},
    {"concurrent-installs", Shape::NonZero}, {"http-proxy", Shape::String}, {"https-proxy", Shape::String},
    {"no-proxy", Shape::Sequence}, {"allow-insecure-host", Shape::Sequence}, {"dependency-metadata", Shape::Sequence},
    {"config-settings", Shape::Map, {}, k_config_settings_words}, {"config-settings-package", Shape::Map},
    {"no-build-isolation", Shape::Boolean},
    {"no-build-isolation-package", Shape::Sequence}, {"extra-build-dependencies", Shape::Map},
    {"extra-build-variables", Shape::Map}, {"no-sources-package", Shape::Sequence}, {"reinstall", Shape::Boolean},
    {"reinstall-package", Shape::Sequence}, {"torch-backend", Shape::String}, {"python-install-mirror", Shape::String},
    {"pypy-install-mirror", Shape::String}, {"python-downloads-json-url", Shape::String}, {"publish-url", Shape::String},
    {"check-url", Shape::String}, {"add-bounds", Shape::Choice, k_add_bounds}, {"cache-keys", Shape::Sequence},
    {"audit", Shape::Map, {}, "struct AuditOptions"}};

/// The settings of `[tool.uv.pip]` (uv's PipOptions).
inline constexpr KeyShape k_pip_shapes[] = {
    {"python", Shape::String}, {"system", Shape::Boolean}, {"break-system-packages", Shape::Boolean},
    {"target", Shape::Path}, {"prefix", Shape::Path}, {"index", Shape::Sequence}, {"index-url", Shape::String},
    {"extra-index-url", Shape::Sequence}, {"no-index", Shape::Boolean}, {"find-links", Shape::Sequence},
    {"index-strategy", Shape::Choice, k_pip_index_strategies},
    {"keyring-provider", Shape::Choice, k_pip_keyring_providers}, {"no-build", Shape::Boolean},
    {"no-binary", Shape::Sequence}, {"only-binary", Shape::Sequence}, {"no-build-isolation", Shape::Boolean},
    {"no-build-isolation-package", Shape::Sequence}, {"extra-build-dependencies", Shape::Map},
    {"extra-build-variables", Shape::Map}, {"strict", Shape::Boolean}, {"extra", Shape::Sequence},
    {"all-extras", Shape::Boolean}, {"no-extra", Shape::Sequence}, {"no-deps", Shape::Boolean},
    {"group", Shape::Sequence}, {"allow-empty-requirements", Shape::Boolean},
    {"resolution", Shape::Choice, k_pip_resolutions}, {"prerelease", Shape::Choice, k_pip_prereleases},
    {"fork-strategy", Shape::Choice, k_pip_fork_strategies}, {"dependency-metadata", Shape::Sequence},
    {"output-file", Shape::Path}, {"no-strip-extras", Shape::Boolean}, {"no-strip-markers", Shape::Boolean},
    {"no-annotate", Shape::Boolean}, {"no-header", Shape::Boolean}, {"custom-compile-command", Shape::String},
    {"generate-hashes", Shape::Boolean}, {"config-settings", Shape::Map, {}, k_config_settings_words}, {"config-settings-package", Shape::Map},
    {"python-version", Shape::String}, {"python-platform", Shape::String}, {"universal", Shape::Boolean},
    {"exclude-newer-package", Shape::Map}, {"no-emit-package", Shape::Sequence}, {"emit-index-url", Shape::Boolean},
    {"emit-find-links", Shape::Boolean}, {"emit-build-options", Shape::Boolean},
    {"emit-marker-expression", Shape::Boolean}, {"emit-index-annotation", Shape::Boolean},
    {"annotation-style", Shape::Choice, k_annotation_styles}, {"link-mode", Shape::Choice, k_pip_link_modes},
    {"compile-bytecode", Shape::Boolean}, {"require-hashes", Shape::Boolean}, {"verify-hashes", Shape::Boolean},
    {"no-sources", Shape::Boolean}, {"no-sources-package", Shape::Sequence}, {"upgrade", Shape::Boolean},
    {"upgrade-package", Shape::Sequence}, {"reinstall", Shape::Boolean}, {"reinstall-package", Shape::Sequence},
    {"torch-backend", Shape::String}};

/// The entry of `key`, or null when the table has none.
inline const KeyShape* shape_of(std::span<const KeyShape> shapes, std::string_view key) {
    for (const auto& s : shapes)
        if (s.key == key) return &s;
    return nullptr;
}

} // namespace lockkit::pyproject::detail
