// uv's settings layers and their merge; see include/lockkit/pyproject/settings.hpp.

#include "lockkit/pyproject/settings.hpp"

#include "exclude_newer_package.hpp"
#include "settings_shapes.hpp"

#include "lockkit/pep508/package_name.hpp"
#include "lockkit/pep508/requirement.hpp"
#include "lockkit/pyproject/exclude_newer.hpp"
#include "lockkit/util/atomic_file.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <span>

extern char** environ;

namespace lockkit::pyproject {

namespace {

using detail::KeyShape;
using detail::Shape;

template <typename E>
struct Names {
    E value;
    const char* name;
};

constexpr Names<IndexStrategy> k_index_strategies[] = {{IndexStrategy::FirstIndex, "first-index"},
                                                       {IndexStrategy::UnsafeFirstMatch, "unsafe-first-match"},
                                                       {IndexStrategy::UnsafeBestMatch, "unsafe-best-match"}};
constexpr Names<ResolutionMode> k_resolutions[] = {{ResolutionMode::Highest, "highest"},
                                                    {ResolutionMode::Lowest, "lowest"},
                                                    {ResolutionMode::LowestDirect, "lowest-direct"}};
constexpr Names<PrereleaseMode> k_prereleases[] = {{PrereleaseMode::Disallow, "disallow"},
                                                    {PrereleaseMode::Allow, "allow"},
                                                    {PrereleaseMode::IfNecessary, "if-necessary"},
                                                    {PrereleaseMode::Explicit, "explicit"},
                                                    {PrereleaseMode::IfNecessaryOrExplicit, "if-necessary-or-explicit"}};
constexpr Names<ForkStrategy> k_fork_strategies[] = {{ForkStrategy::Fewest, "fewest"},
                                                      {ForkStrategy::RequiresPython, "requires-python"}};
// `reflink` is uv's other name for `clone` (the first name is the one shown); its messages list both.
constexpr Names<LinkMode> k_link_modes[] = {{LinkMode::Clone, "clone"}, {LinkMode::Clone, "reflink"},
                                            {LinkMode::Copy, "copy"}, {LinkMode::Hardlink, "hardlink"},
                                            {LinkMode::Symlink, "symlink"}};
constexpr Names<KeyringProvider> k_keyring_providers[] = {{KeyringProvider::Disabled, "disabled"},
                                                          {KeyringProvider::Subprocess, "subprocess"}};

template <typename E, std::size_t N>
const char* name_of(const Names<E> (&table)[N], E value) {
    for (const auto& entry : table) {
        if (entry.value == value) return entry.name;
    }
    return "?";
}

template <typename E, std::size_t N>
std::optional<E> value_of(const Names<E> (&table)[N], std::string_view text) {
    for (const auto& entry : table) {
        if (text == entry.name) return entry.value;
    }
    return std::nullopt;
}

template <typename E, std::size_t N>
std::string choices(const Names<E> (&table)[N]) {
    std::string out;
    for (const auto& entry : table) out += (out.empty() ? "`" : ", `") + std::string(entry.name) + "`";
    return out;
}

/// The keys uv 0.12.5 accepts at the top of a uv.toml or a `[tool.uv]` table (its `Options`
/// schema, crates/uv-settings/src/settings.rs, read with deny_unknown_fields). lockkit uses
/// only some of them, but a key outside this list is an error in a uv.toml and makes uv
/// ignore the whole `[tool.uv]` table.
constexpr std::string_view k_known_keys[] = {
    "required-version", "system-certs", "native-tls", "offline", "no-cache", "cache-dir", "preview",
    "preview-features", "python-preference", "python-downloads", "concurrent-downloads", "concurrent-builds",
    "concurrent-installs", "index", "index-url", "extra-index-url", "no-index", "find-links", "index-strategy",
    "keyring-provider", "http-proxy", "https-proxy", "no-proxy", "allow-insecure-host", "resolution", "prerelease",
    "prerelease-package", "fork-strategy", "dependency-metadata", "config-settings", "config-settings-package",
    "no-build-isolation", "no-build-isolation-package", "extra-build-dependencies", "extra-build-variables",
    "exclude-newer", "exclude-newer-package", "link-mode", "compile-bytecode", "no-sources", "no-sources-package",
    "upgrade", "upgrade-package", "reinstall", "reinstall-package", "no-build", "no-build-package", "no-binary",
    "no-binary-package", "torch-backend", "python-install-mirror", "pypy-install-mirror", "python-downloads-json-url",
    "publish-url", "trusted-publishing", "check-url", "add-bounds", "audit", "pip", "cache-keys",
    "override-dependencies", "exclude-dependencies", "constraint-dependencies", "build-constraint-dependencies",
    "environments", "required-environments", "conflicts", "workspace", "sources", "managed", "package",
    "default-groups", "dependency-groups", "dev-dependencies", "build-backend"};

/// The keys of `[tool.uv.pip]` / a uv.toml's `[pip]` (uv's `PipOptions`, also read with
/// deny_unknown_fields): lockkit uses none of them, but an unknown one fails the file as
/// an unknown top-level key does.
constexpr std::string_view k_pip_keys[] = {
    "python", "system", "break-system-packages", "target", "prefix", "index-url", "extra-index-url", "no-index",
    "find-links", "index-strategy", "keyring-provider", "no-build", "no-binary", "only-binary", "no-build-isolation",
    "no-build-isolation-package", "extra-build-dependencies", "extra-build-variables", "strict", "extra",
    "all-extras", "no-extra", "no-deps", "group", "allow-empty-requirements", "resolution", "prerelease",
    "fork-strategy", "dependency-metadata", "output-file", "no-strip-extras", "no-strip-markers", "no-annotate",
    "no-header", "custom-compile-command", "generate-hashes", "config-settings", "config-settings-package",
    "python-version", "python-platform", "universal", "exclude-newer", "exclude-newer-package", "no-emit-package",
    "emit-index-url", "emit-find-links", "emit-build-options", "emit-marker-expression", "emit-index-annotation",
    "annotation-style", "link-mode", "compile-bytecode", "require-hashes", "verify-hashes", "no-sources",
    "no-sources-package", "upgrade", "upgrade-package", "reinstall", "reinstall-package", "torch-backend"};

/// The settings of a `[tool.uv]` that a uv.toml beside it masks, in the order uv names them
/// (crates/uv-settings/src/lib.rs, warn_uv_toml_masked_fields): project keys (sources,
/// workspace, ...) are not masked, and uv spells `cache-keys` with an underscore there.
constexpr std::string_view k_maskable_keys[] = {
    "required-version", "system-certs", "native-tls", "offline", "no-cache", "cache-dir", "preview",
    "preview-features", "python-preference", "python-downloads", "concurrent-downloads", "concurrent-builds",
    "concurrent-installs", "allow-insecure-host", "http-proxy", "https-proxy", "no-proxy", "index", "index-url",
    "extra-index-url", "no-index", "find-links", "index-strategy", "keyring-provider", "resolution", "prerelease",
    "prerelease-package", "fork-strategy", "dependency-metadata", "config-settings", "config-settings-package",
    "no-build-isolation", "no-build-isolation-package", "extra-build-dependencies", "extra-build-variables",
    "exclude-newer", "exclude-newer-package", "link-mode", "compile-bytecode", "no-sources", "upgrade",
    "upgrade-package", "reinstall", "reinstall-package", "no-build", "no-build-package", "no-binary",
    "no-binary-package", "torch-backend", "python-install-mirror", "pypy-install-mirror", "python-downloads-json-url",
    "publish-url", "trusted-publishing", "check-url", "add-bounds", "pip", "cache-keys", "override-dependencies",
    "exclude-dependencies", "constraint-dependencies", "build-constraint-dependencies"};

/// Keys the schema accepts that only a project can use: uv refuses them in a uv.toml
/// (crates/uv-settings/src/lib.rs, validate_uv_toml).
constexpr std::string_view k_project_only_keys[] = {
    "conflicts", "workspace", "sources", "dev-dependencies", "default-groups", "dependency-groups",
    "managed", "package", "build-backend", "environments", "required-environments"};

bool listed(std::span<const std::string_view> keys, std::string_view key) {
    return std::find(keys.begin(), keys.end(), key) != keys.end();
}

/// serde's wording for a key outside a table's schema, with the schema's keys as uv lists them.
std::string unknown_field(std::string_view key, std::span<const std::string_view> known) {
    std::string out = "unknown field `" + std::string(key) + "`, expected one of ";
    for (std::size_t i = 0; i < known.size(); ++i) out += (i == 0 ? "`" : ", `") + std::string(known[i]) + "`";
    return out;
}

/// serde's name for a TOML value of the wrong type ("integer `1`", "string \"x\"").
std::string value_description(const toml::node& node) {
    if (const auto* s = node.as_string()) return "string \"" + s->get() + "\"";
    if (const auto* i = node.as_integer()) return "integer `" + std::to_string(i->get()) + "`";
    if (const auto* b = node.as_boolean()) return std::string("boolean `") + (b->get() ? "true" : "false") + "`";
    if (const auto* f = node.as_floating_point()) {
        std::string text = std::to_string(f->get());
        text.erase(text.find_last_not_of('0') + 1);
        if (text.ends_with('.')) text += '0';
        return "floating point `" + text + "`";
    }
    if (node.is_array()) return "sequence";
    if (node.is_table()) return "map";
    return "value";
}

} // namespace

// `false`, an RFC 3339 timestamp or date, or a span ("7 days", "P7D"); checked when used.
ExcludeNewerSetting exclude_newer_setting(std::string_view text) {
    ExcludeNewerSetting out;
    out.value = std::string(text);
    if (text == "false") {
        out.kind = ExcludeNewerSetting::Kind::Disabled;
    } else if (text.size() >= 10 && std::isdigit(static_cast<unsigned char>(text[0])) && text[4] == '-') {
        out.kind = ExcludeNewerSetting::Kind::Timestamp;
    } else {
        out.kind = ExcludeNewerSetting::Kind::Span;
    }
    return out;
}

namespace {

/// Reads the settings keys of one TOML table (a uv.toml, or `[tool.uv]`).
class FileReader {
public:
    FileReader(std::string_view text, std::string file, bool is_uv_toml)
        : m_text(text), m_file(std::move(file)), m_is_uv_toml(is_uv_toml) {}

    Diagnostic error_at(const toml::node& node, std::string message) const {
        const auto& b = node.source().begin;
        return diagnostic_at_line(m_file, m_text, static_cast<std::uint32_t>(b.line), static_cast<std::uint32_t>(b.column),
                                  std::move(message));
    }
    std::string where(const toml::node& node) const {
        const auto& b = node.source().begin;
        return m_file + ":" + std::to_string(b.line) + ":" + std::to_string(b.column);
    }

    std::expected<SettingsLayer, Diagnostic> read(const toml::table& t) const {
        SettingsLayer layer;
        layer.origin = m_file;
        for (const auto& [key_node, node] : t) {
            const std::string key(key_node.str());
            if (!listed(k_known_keys, key)) {
                const auto& b = key_node.source().begin;
                return std::unexpected(diagnostic_at_line(m_file, m_text, static_cast<std::uint32_t>(b.line),
                                                          static_cast<std::uint32_t>(b.column), unknown_field(key, k_known_keys)));
            }
            layer.keys.push_back(key);
            if (m_is_uv_toml && listed(k_project_only_keys, key)) {
                const auto& b = key_node.source().begin;
                auto d = diagnostic_at_line(m_file, m_text, static_cast<std::uint32_t>(b.line), static_cast<std::uint32_t>(b.column),
                                            "`" + key + "` is not allowed in a uv.toml file: it applies only to a project");
                d.hints.push_back("move `" + key + "` to the `[tool.uv]` table of pyproject.toml");
                return std::unexpected(std::move(d));
            }
            auto ok = read_key(layer, key, node);
            if (!ok) return std::unexpected(ok.error());
        }
        return layer;
    }

private:
    template <typename E, std::size_t N>
    std::expected<E, Diagnostic> choice(const toml::node& node, const std::string& key,
                                        const Names<E> (&table)[N]) const {
        const auto* s = node.as_string();
        if (s == nullptr) return std::unexpected(error_at(node, "`" + key + "` must be a string"));
        if (auto v = value_of(table, s->get())) return *v;
        return std::unexpected(error_at(node, "unknown variant `" + s->get() + "`, expected one of " + choices(table)));
    }
    std::expected<bool, Diagnostic> flag(const toml::node& node, const std::string& key) const {
        if (const auto* b = node.as_boolean()) return b->get();
        if (key.starts_with("index ")) return std::unexpected(error_at(node, "`" + key + "` must be a boolean"));
        return std::unexpected(error_at(node, "invalid type: " + value_description(node) + ", expected a boolean"));
    }
    std::expected<std::vector<std::string>, Diagnostic> strings(const toml::node& node, const std::string& key) const {
        const auto* arr = node.as_array();
        if (arr == nullptr) return std::unexpected(error_at(node, "`" + key + "` must be an array of strings"));
        std::vector<std::string> out;
        for (const auto& item : *arr) {
            const auto* s = item.as_string();
            if (s == nullptr) return std::unexpected(error_at(item, "`" + key + "` must be an array of strings"));
            out.push_back(s->get());
        }
        return out;
    }
    std::expected<std::vector<std::string>, Diagnostic> names(const toml::node& node, const std::string& key) const {
        auto list = strings(node, key);
        if (!list) return list;
        for (auto& n : *list) n = pep508::normalize_name(n);
        return list;
    }

    std::expected<IndexSetting, Diagnostic> index(const toml::node& node) const {
        const auto* t = node.as_table();
        if (t == nullptr) return std::unexpected(error_at(node, "each `[[index]]` entry must be a table"));
        IndexSetting out;
        out.origin = where(node);
        const toml::node* url = t->get("url");
        if (url == nullptr || !url->is_string()) {
            return std::unexpected(error_at(node, "an `[[index]]` entry needs a `url` string"));
        }
        out.url = url->as_string()->get();
        if (const auto* n = t->get("name")) {
            if (!n->is_string()) return std::unexpected(error_at(*n, "the index `name` must be a string"));
            out.name = n->as_string()->get();
        }
        for (const auto& [flag_name, field] : {std::pair{"default", &IndexSetting::is_default},
                                               std::pair{"explicit", &IndexSetting::is_explicit}}) {
            if (const auto* n = t->get(flag_name)) {
                auto v = flag(*n, std::string("index ") + flag_name);
                if (!v) return std::unexpected(v.error());
                out.*field = *v;
            }
        }
        if (const auto* f = t->get("format")) {
            const auto* s = f->as_string();
            if (s == nullptr || (s->get() != "flat" && s->get() != "simple")) {
                return std::unexpected(error_at(*f, "the index `format` must be \"simple\" or \"flat\""));
            }
            out.flat = s->get() == "flat";
        }
        if (const auto* codes = t->get("ignore-error-codes")) {
            const auto* arr = codes->as_array();
            if (arr == nullptr) return std::unexpected(error_at(*codes, "`ignore-error-codes` must be an array of HTTP status codes"));
            std::vector<int> list;
            for (const auto& item : *arr) {
                const auto* n = item.as_integer();
                if (n == nullptr) return std::unexpected(error_at(item, "`ignore-error-codes` must be an array of HTTP status codes"));
                // uv takes any code its HTTP library accepts: three digits, 100 to 999.
                if (n->get() < 100 || n->get() > 999) {
                    return std::unexpected(error_at(item, std::to_string(n->get()) + " is not a valid HTTP status code"));
                }
                list.push_back(static_cast<int>(n->get()));
            }
            out.ignore_error_codes = std::move(list);
        }
        return out;
    }

    /// A table's entries in document order (toml++ sorts a table's keys).
    static std::vector<std::pair<const toml::key*, const toml::node*>> in_order(const toml::table& t) {
        std::vector<std::pair<const toml::key*, const toml::node*>> entries;
        for (const auto& [name, value] : t) entries.emplace_back(&name, &value);
        std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
            const auto& x = a.first->source().begin;
            const auto& y = b.first->source().begin;
            return std::pair{x.line, x.column} < std::pair{y.line, y.column};
        });
        return entries;
    }

    /// `extra-build-dependencies`: package -> list of PEP 508 requirements, each a string or
    /// `{ requirement = "...", match-runtime = bool }`. Two keys naming one package are an
    /// error, as in uv.
    std::expected<ExtraBuildDependencies, Diagnostic> extra_build_dependencies(const toml::node& node) const {
        const auto* t = node.as_table();
        if (t == nullptr) return std::unexpected(error_at(node, "`extra-build-dependencies` must be a table"));
        ExtraBuildDependencies out;
        for (const auto& [name, value] : in_order(*t)) {
            const std::string package = pep508::normalize_name(name->str());
            if (out.contains(package)) {
                const auto& b = name->source().begin;
                return std::unexpected(diagnostic_at_line(m_file, m_text, static_cast<std::uint32_t>(b.line),
                                                          static_cast<std::uint32_t>(b.column),
                                                          "duplicate extra-build-dependencies for `" + package + "`"));
            }
            const auto* list = value->as_array();
            if (list == nullptr) {
                return std::unexpected(error_at(*value, "the extra build dependencies of `" + package +
                                                            "` must be an array of requirements"));
            }
            auto& dependencies = out[package];
            for (const auto& item : *list) {
                ExtraBuildDependency dependency;
                const toml::node* text = &item;
                if (const auto* annotated = item.as_table()) {
                    for (const auto& [field, field_value] : *annotated) {
                        if (field.str() != "requirement" && field.str() != "match-runtime") {
                            return std::unexpected(error_at(item, "unknown field `" + std::string(field.str()) +
                                                                      "`, expected `requirement` or `match-runtime`"));
                        }
                    }
                    text = annotated->get("requirement");
                    const auto* match = annotated->get("match-runtime");
                    if (text == nullptr || match == nullptr || !match->is_boolean()) {
                        return std::unexpected(error_at(item, "an extra build dependency table needs a `requirement` "
                                                              "string and a `match-runtime` boolean"));
                    }
                    dependency.match_runtime = match->as_boolean()->get();
                }
                const auto* s = text->as_string();
                if (s == nullptr) {
                    return std::unexpected(error_at(*text, "an extra build dependency must be a requirement string"));
                }
                if (auto parsed = pep508::Requirement::parse(s->get()); !parsed) {
                    return std::unexpected(error_at(*text, "`" + s->get() + "` is not a valid requirement: " +
                                                               parsed.error().message));
                }
                dependency.requirement = s->get();
                dependencies.push_back(std::move(dependency));
            }
        }
        return out;
    }

    /// `extra-build-variables`: package -> { VARIABLE = "value" }.
    std::expected<ExtraBuildVariables, Diagnostic> extra_build_variables(const toml::node& node) const {
        const auto* t = node.as_table();
        if (t == nullptr) return std::unexpected(error_at(node, "`extra-build-variables` must be a table"));
        ExtraBuildVariables out;
        for (const auto& [name, value] : in_order(*t)) {
            const std::string package = pep508::normalize_name(name->str());
            const auto* variables = value->as_table();
            if (variables == nullptr) {
                return std::unexpected(error_at(*value, "the extra build variables of `" + package +
                                                            "` must be a table of strings"));
            }
            auto& mine = out[package];
            for (const auto& [variable, text] : *variables) {
                const auto* s = text.as_string();
                if (s == nullptr) {
                    return std::unexpected(error_at(text, "the extra build variable `" + std::string(variable.str()) +
                                                              "` of `" + package + "` must be a string"));
                }
                mine[std::string(variable.str())] = s->get();
            }
        }
        return out;
    }

    /// `[pip]`: only checked, as uv checks it (its values serve `uv pip`, not locking).
    std::expected<void, Diagnostic> pip(const toml::node& node) const {
        const auto* t = node.as_table();
        if (t == nullptr) return std::unexpected(error_at(node, "invalid type: " + value_description(node) + ", expected struct PipOptions"));
        for (const auto& [key_node, value] : *t) {
            if (listed(k_pip_keys, key_node.str())) {
                if (const auto* shape = detail::shape_of(detail::k_pip_shapes, key_node.str())) {
                    if (auto ok = check_shape(*shape, value); !ok) return ok;
                }
                continue;
            }
            const auto& b = key_node.source().begin;
            return std::unexpected(diagnostic_at_line(m_file, m_text, static_cast<std::uint32_t>(b.line),
                                                      static_cast<std::uint32_t>(b.column), unknown_field(key_node.str(), k_pip_keys)));
        }
        return {};
    }

    /// A value of the shape uv's schema gives it, or serde's complaint at the value.
    std::expected<void, Diagnostic> check_shape(const KeyShape& shape, const toml::node& node) const {
        auto invalid = [&](std::string_view expected) {
            if (!shape.expected.empty()) expected = shape.expected;
            return std::unexpected(error_at(node, "invalid type: " + value_description(node) + ", expected " + std::string(expected)));
        };
        switch (shape.shape) {
        case Shape::Boolean:
            if (!node.is_boolean()) return invalid("a boolean");
            break;
        case Shape::String:
            if (!node.is_string()) return invalid("a string");
            break;
        case Shape::Path:
            if (!node.is_string()) return invalid("path string");
            break;
        case Shape::NonZero:
            if (const auto* i = node.as_integer(); i == nullptr) return invalid("a nonzero usize");
            else if (i->get() <= 0)
                return std::unexpected(error_at(node, "invalid value: integer `" + std::to_string(i->get()) +
                                                          "`, expected a nonzero usize"));
            break;
        case Shape::Sequence:
            if (!node.is_array()) return invalid("a sequence");
            break;
        case Shape::Map:
            if (!node.is_table()) return invalid("a map");
            break;
        case Shape::Choice: {
            const auto* text = node.as_string();
            if (text == nullptr) return invalid("a string");
            if (std::find(shape.choices.begin(), shape.choices.end(), text->get()) != shape.choices.end()) break;
            std::string expected;
            for (const auto c : shape.choices) expected += (expected.empty() ? "`" : ", `") + std::string(c) + "`";
            return std::unexpected(error_at(node, "unknown variant `" + text->get() + "`, expected one of " + expected));
        }
        }
        return {};
    }

    std::expected<void, Diagnostic> read_key(SettingsLayer& layer, const std::string& key, const toml::node& node) const {
        auto set = [&](auto& field, auto result) -> std::expected<void, Diagnostic> {
            if (!result) return std::unexpected(result.error());
            field = *result;
            layer.where[key] = where(node);
            return {};
        };
        if (key == "index") {
            const auto* arr = node.as_array();
            if (arr == nullptr) return std::unexpected(error_at(node, "`index` must be an array of tables"));
            for (const auto& item : *arr) {
                auto entry = index(item);
                if (!entry) return std::unexpected(entry.error());
                layer.indexes.push_back(std::move(*entry));
            }
            return {};
        }
        if (key == "index-url") {
            const auto* s = node.as_string();
            if (s == nullptr) return std::unexpected(error_at(node, "`index-url` must be a string"));
            layer.index_url = IndexSetting{std::nullopt, s->get(), true, false, false, where(node), std::nullopt};
            return {};
        }
        if (key == "extra-index-url") {
            auto urls = strings(node, key);
            if (!urls) return std::unexpected(urls.error());
            for (auto& u : *urls) layer.extra_index_urls.push_back({std::nullopt, u, false, false, false, where(node), std::nullopt});
            return {};
        }
        if (key == "pip") return pip(node);
        if (key == "find-links") return set(layer.find_links, strings(node, key));
        if (key == "no-index") return set(layer.no_index, flag(node, key));
        if (key == "index-strategy") return set(layer.index_strategy, choice(node, key, k_index_strategies));
        if (key == "resolution") return set(layer.resolution, choice(node, key, k_resolutions));
        if (key == "prerelease") return set(layer.prerelease, choice(node, key, k_prereleases));
        if (key == "fork-strategy") return set(layer.fork_strategy, choice(node, key, k_fork_strategies));
        if (key == "link-mode") return set(layer.link_mode, choice(node, key, k_link_modes));
        if (key == "keyring-provider") return set(layer.keyring_provider, choice(node, key, k_keyring_providers));
        if (key == "exclude-newer") {
            if (const auto* b = node.as_boolean(); b != nullptr && !b->get()) {
                layer.exclude_newer = exclude_newer_setting("false");
            } else if (const auto* s = node.as_string()) {
                auto value = parse_exclude_newer(s->get());
                if (!value) return std::unexpected(error_at(node, "`exclude-newer`: " + value.error()));
                layer.exclude_newer = std::move(*value);
            } else {
                return std::unexpected(error_at(node, "`exclude-newer` must be a date, a timestamp, a span or false"));
            }
            layer.where[key] = where(node);
            return {};
        }
        if (key == "exclude-newer-package") {
            const auto* t = node.as_table();
            if (t == nullptr) return std::unexpected(error_at(node, "`exclude-newer-package` must be a table"));
            // Document order (toml++ sorts a table's keys): uv's lock order depends on it.
            std::vector<std::pair<const toml::key*, const toml::node*>> entries;
            for (const auto& [name, value] : *t) entries.emplace_back(&name, &value);
            std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
                const auto& x = a.first->source().begin;
                const auto& y = b.first->source().begin;
                return std::pair{x.line, x.column} < std::pair{y.line, y.column};
            });
            for (const auto& [name, value] : entries) {
                if (const auto* b = value->as_boolean(); b != nullptr && !b->get()) {
                    layer.exclude_newer_package.emplace_back(pep508::normalize_name(name->str()), exclude_newer_setting("false"));
                } else if (const auto* s = value->as_string()) {
                    auto parsed = parse_exclude_newer(s->get());
                    if (!parsed)
                        return std::unexpected(error_at(*value, "`exclude-newer-package` of `" + std::string(name->str()) +
                                                                    "`: " + parsed.error()));
                    layer.exclude_newer_package.emplace_back(pep508::normalize_name(name->str()), std::move(*parsed));
                } else {
                    return std::unexpected(error_at(*value, "an `exclude-newer-package` value must be a date, a span or false"));
                }
            }
            return {};
        }
        if (key == "no-build") return set(layer.no_build, flag(node, key));
        if (key == "no-build-package") return set(layer.no_build_package, names(node, key));
        if (key == "no-binary") return set(layer.no_binary, flag(node, key));
        if (key == "no-binary-package") return set(layer.no_binary_package, names(node, key));
        if (key == "no-build-isolation") return set(layer.no_build_isolation, flag(node, key));
        if (key == "no-build-isolation-package") return set(layer.no_build_isolation_package, names(node, key));
        if (key == "extra-build-dependencies") return set(layer.extra_build_dependencies, extra_build_dependencies(node));
        if (key == "extra-build-variables") return set(layer.extra_build_variables, extra_build_variables(node));
        if (key == "no-sources") return set(layer.no_sources, flag(node, key));
        if (key == "offline") return set(layer.offline, flag(node, key));
        if (key == "upgrade") return set(layer.upgrade, flag(node, key));
        if (key == "upgrade-package") return set(layer.upgrade_package, strings(node, key));
        if (key == "compile-bytecode") return set(layer.compile_bytecode, flag(node, key));
        // Settings lockkit does not use are still checked, as uv reads them.
        if (const auto* shape = detail::shape_of(detail::k_unread_shapes, key)) return check_shape(*shape, node);
        // Other keys (sources, workspace, dev-dependencies, ...) belong to the
        // project model (pyproject.hpp).
        return {};
    }

    std::string_view m_text;
    std::string m_file;
    bool m_is_uv_toml;
};

/// A boolean as clap's BoolishValueParser (and uv's parse_boolish_environment_variable) reads
/// one, case-insensitively: y, yes, t, true, on, 1 or n, no, f, false, off, 0; nullopt otherwise.
std::optional<bool> boolish(std::string_view value) {
    std::string lower(value);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const char* t : {"y", "yes", "t", "true", "on", "1"})
        if (lower == t) return true;
    for (const char* f : {"n", "no", "f", "false", "off", "0"})
        if (lower == f) return false;
    return std::nullopt;
}

/// The boolean variables uv 0.12.5's option parser reads (each the value of a flag), in the
/// order it reports them when several are bad; UV_COMPILE_BYTECODE only for commands that
/// install (`uv sync` has `--compile-bytecode`, `uv lock` does not).
struct FlagVariable {
    std::string_view name;
    std::string_view flag;
};
constexpr FlagVariable k_installer_flag_variables[] = {{"UV_COMPILE_BYTECODE", "--compile-bytecode"}};
constexpr FlagVariable k_flag_variables[] = {{"UV_NO_SOURCES", "--no-sources"},
                                             {"UV_NO_BUILD", "--no-build"},
                                             {"UV_NO_BINARY", "--no-binary"},
                                             {"UV_NO_CONFIG", "--no-config"}};

/// The boolean variables uv reads from the environment at start, for every command, in the
/// order it checks them (crates/uv-settings/src/lib.rs, EnvironmentOptions::new): a bad value of
/// any of them stops uv before it reads a settings file.
constexpr std::string_view k_startup_flag_variables[] = {
    "UV_SKIP_WHEEL_FILENAME_CHECK", "UV_HIDE_BUILD_OUTPUT", "UV_PYTHON_INSTALL_BIN", "UV_PYTHON_INSTALL_REGISTRY",
    "UV_PYTHON_NO_REGISTRY", "UV_LOG_CONTEXT", "UV_GIT_LFS", "UV_FROZEN", "UV_LOCKED", "UV_OFFLINE", "UV_NO_SYNC",
    "UV_MANAGED_PYTHON", "UV_NO_MANAGED_PYTHON", "UV_NATIVE_TLS", "UV_SYSTEM_CERTS", "UV_PREVIEW", "UV_ISOLATED",
    "UV_NO_PROGRESS", "UV_NO_INSTALLER_METADATA", "UV_DEV", "UV_NO_DEV", "UV_SHOW_RESOLUTION", "UV_NO_EDITABLE",
    "UV_NO_INSTALL_PROJECT", "UV_NO_INSTALL_WORKSPACE", "UV_NO_INSTALL_LOCAL", "UV_ONLY_INSTALL_PROJECT",
    "UV_ONLY_INSTALL_WORKSPACE", "UV_ONLY_INSTALL_LOCAL", "UV_NO_ENV_FILE", "UV_VENV_SEED", "UV_VENV_CLEAR",
    "UV_VENV_RELOCATABLE", "UV_INIT_BARE", "UV_MALWARE_CHECK"};

std::vector<std::string> split(std::string_view text, std::string_view separators) {
    std::vector<std::string> out;
    std::string current;
    for (char c : text) {
        if (separators.find(c) != std::string_view::npos) {
            if (!current.empty()) out.push_back(std::move(current));
            current.clear();
        } else {
            current += c;
        }
    }
    if (!current.empty()) out.push_back(std::move(current));
    return out;
}

/// `name=url` or a bare URL, as `--index` and UV_INDEX take them.
IndexSetting index_argument(const std::string& text, std::string origin) {
    IndexSetting out;
    out.origin = std::move(origin);
    const auto eq = text.find('=');
    const auto scheme = text.find("://");
    if (eq != std::string::npos && (scheme == std::string::npos || eq < scheme)) {
        out.name = text.substr(0, eq);
        out.url = text.substr(eq + 1);
    } else {
        out.url = text;
    }
    return out;
}

std::optional<std::filesystem::path> first_existing(const std::vector<std::filesystem::path>& candidates) {
    for (const auto& p : candidates) {
        std::error_code ec;
        if (std::filesystem::is_regular_file(p, ec)) return p;
    }
    return std::nullopt;
}

/// The length of the TOML token that starts `line` at `column` (1-based): a key, a string, a
/// bracketed value closed on the same line, or a bare word; what uv's carets span.
std::size_t token_length(std::string_view line, std::size_t column) {
    if (column == 0 || column > line.size()) return 1;
    const std::string_view rest = line.substr(column - 1);
    const char first = rest.front();
    if (first == '"' || first == '\'') {
        const auto close = rest.find(first, 1);
        return close == std::string_view::npos ? rest.size() : close + 1;
    }
    if (first == '[' || first == '{') {
        const char closing = first == '[' ? ']' : '}';
        int depth = 0;
        for (std::size_t i = 0; i < rest.size(); ++i) {
            if (rest[i] == first) ++depth;
            if (rest[i] == closing && --depth == 0) return i + 1;
        }
        return rest.size();
    }
    std::size_t n = 0;
    while (n < rest.size() && rest[n] != ' ' && rest[n] != '\t' && rest[n] != '=' && rest[n] != ',' && rest[n] != '#') ++n;
    return std::max<std::size_t>(n, 1);
}

/// uv's warning for a pyproject.toml whose `[tool.uv]` cannot be read as settings (then uv
/// ignores them all and looks further up): the file as the user would name it, and the
/// place in the TOML parser's layout (crates/uv-settings/src/lib.rs, FilesystemOptions::find).
std::string discovery_warning(const std::filesystem::path& path, const Diagnostic& d) {
    std::error_code ec;
    const auto cwd = std::filesystem::current_path(ec);
    std::filesystem::path shown = path;
    if (!ec) {
        const auto rel = path.lexically_relative(cwd);
        if (!rel.empty() && *rel.begin() != "..") shown = rel;
    }
    std::string out = "Failed to parse `" + shown.generic_string() + "` during settings discovery:\n";
    if (d.line > 0) {
        const std::string number = std::to_string(d.line);
        const std::string gutter(number.size(), ' ');
        out += "  TOML parse error at line " + number + ", column " + std::to_string(d.column) + "\n";
        out += "  " + gutter + " |\n";
        out += "  " + number + " | " + d.source_line + "\n";
        out += "  " + gutter + " | " + std::string(d.column > 0 ? d.column - 1 : 0, ' ') +
               std::string(token_length(d.source_line, d.column), '^') + "\n";
    }
    out += "  " + d.message + "\n";
    return out;
}

/// uv's warning when a uv.toml masks the settings of the `[tool.uv]` beside it (nothing when
/// that table sets none, or does not read: uv is silent then).
std::optional<std::string> masked_settings_warning(const std::filesystem::path& pyproject, const SourceOverlay* overlay) {
    auto layer = read_settings_file(pyproject, overlay);
    if (!layer || !*layer) return std::nullopt;
    std::string fields;
    for (const auto key : k_maskable_keys) {
        const auto& keys = (*layer)->keys;
        if (std::find(keys.begin(), keys.end(), key) == keys.end()) continue;
        fields += "\n- " + (key == "cache-keys" ? std::string("cache_keys") : std::string(key));
    }
    if (fields.empty()) return std::nullopt;
    return "Found both a `uv.toml` file and a `[tool.uv]` section in an adjacent `pyproject.toml`. The following fields "
           "from `[tool.uv]` will be ignored in favor of the `uv.toml` file:" + fields;
}

/// The project's settings file as uv finds it (FilesystemOptions::find): from the workspace
/// root upwards, the first directory with a uv.toml, or with a pyproject.toml whose
/// `[tool.uv]` reads as settings. A `[tool.uv]` that does not read is skipped with a warning;
/// a uv.toml that does not read is an error (load_settings reports it).
std::expected<std::optional<std::filesystem::path>, Diagnostic> find_project_settings(
    const std::filesystem::path& root, const SourceOverlay* overlay, std::vector<std::string>& warnings) {
    std::error_code ec;
    auto absolute = std::filesystem::absolute(root, ec).lexically_normal();
    if (absolute.has_relative_path() && absolute.filename().empty()) absolute = absolute.parent_path();  // "dir/"
    // The root as the caller named it (so errors name it so), then its absolute ancestors.
    for (std::filesystem::path dir = root, up = absolute;; up = up.parent_path(), dir = up) {
        if (overlay_is_file(dir / "uv.toml", overlay)) {
            if (overlay_is_file(dir / "pyproject.toml", overlay)) {
                if (auto masked = masked_settings_warning(dir / "pyproject.toml", overlay)) warnings.push_back(std::move(*masked));
            }
            return std::optional(dir / "uv.toml");
        }
        const auto pyproject = dir / "pyproject.toml";
        if (overlay_is_file(pyproject, overlay)) {
            auto layer = read_settings_file(pyproject, overlay);
            if (!layer) warnings.push_back(discovery_warning(std::filesystem::absolute(pyproject, ec), layer.error()));
            else if (*layer) return std::optional(pyproject);
        }
        if (ec || up == up.parent_path()) return std::optional<std::filesystem::path>{};
    }
}

template <typename T>
void take(Setting<T>& out, const std::optional<T>& value, const SettingsLayer& layer, const std::string& key) {
    if (!value) return;
    out.value = *value;
    const auto it = layer.where.find(key);
    out.origin = it != layer.where.end() ? it->second : layer.origin;
}

} // namespace

const char* setting_name(IndexStrategy v) { return name_of(k_index_strategies, v); }
const char* setting_name(ResolutionMode v) { return name_of(k_resolutions, v); }
const char* setting_name(PrereleaseMode v) { return name_of(k_prereleases, v); }
const char* setting_name(ForkStrategy v) { return name_of(k_fork_strategies, v); }
const char* setting_name(LinkMode v) { return name_of(k_link_modes, v); }
const char* setting_name(KeyringProvider v) { return name_of(k_keyring_providers, v); }

std::expected<std::optional<bool>, Diagnostic> environment_flag(const std::map<std::string, std::string>& environment,
                                                                std::string_view name, std::string_view flag) {
    const auto it = environment.find(std::string(name));
    if (it == environment.end()) return std::optional<bool>{};
    if (const auto value = boolish(it->second)) return value;
    const std::string message =
        flag.empty() ? "Failed to parse environment variable `" + std::string(name) + "` with invalid value `" + it->second +
                           "`: expected a boolish value"
                     : "invalid value '" + it->second + "' for '" + std::string(flag) + "': value was not a boolean";
    return std::unexpected(Diagnostic{std::string(name), 0, 0, message, {}, {}, {}});
}

std::expected<void, Diagnostic> check_environment_flags(const std::map<std::string, std::string>& environment,
                                                        bool installs) {
    // uv's option parser reads --no-build-isolation's variable before all the others.
    std::vector<FlagVariable> parsed{{"UV_NO_BUILD_ISOLATION", "--no-build-isolation"}};
    if (installs) parsed.insert(parsed.end(), std::begin(k_installer_flag_variables), std::end(k_installer_flag_variables));
    parsed.insert(parsed.end(), std::begin(k_flag_variables), std::end(k_flag_variables));
    for (const auto& [name, flag] : parsed) {
        if (auto value = environment_flag(environment, name, flag); !value) return std::unexpected(std::move(value.error()));
    }
    for (const auto name : k_startup_flag_variables) {
        if (auto value = environment_flag(environment, name); !value) return std::unexpected(std::move(value.error()));
    }
    return {};
}

std::expected<LinkMode, std::string> link_mode_argument(std::string_view text) {
    if (const auto mode = value_of(k_link_modes, text)) return *mode;
    // clap lists the values without their aliases.
    return std::unexpected("invalid value '" + std::string(text) +
                           "' for '--link-mode <LINK_MODE>'\n  [possible values: clone, copy, hardlink, symlink]");
}

std::string missing_lockfile_message(const std::string& provided_by) {
    return "Unable to find lockfile at `uv.lock`, but " + provided_by +
           " was provided. To create a lockfile, run `uv lock` or `uv sync` without the flag.";
}

std::string lock_needs_update_message(const std::string& provided_by) {
    return "The lockfile at `uv.lock` needs to be updated, but " + provided_by + " was provided.";
}

std::expected<LockCheckSetting, Diagnostic> lock_check_setting(const LockCheckFlags& flags,
                                                               const std::map<std::string, std::string>& environment) {
    // uv's resolve_flag: the command line, else the variable set true; each with its source.
    struct Flag {
        bool enabled = false;
        bool from_environment = false;
    };
    auto resolve = [&](bool given, std::string_view variable) -> std::expected<Flag, Diagnostic> {
        if (given) return Flag{true, false};
        auto value = environment_flag(environment, variable);
        if (!value) return std::unexpected(std::move(value.error()));
        return Flag{*value == true, *value == true};
    };
    const auto locked = resolve(flags.locked, "UV_LOCKED");
    if (!locked) return std::unexpected(locked.error());
    const auto frozen = resolve(flags.frozen, "UV_FROZEN");
    if (!frozen) return std::unexpected(frozen.error());
    if (locked->enabled && frozen->enabled) {
        auto shown = [](const Flag& f, std::string_view flag, std::string_view variable) {
            return f.from_environment ? "`" + std::string(variable) + "` (environment variable)" : "`" + std::string(flag) + "`";
        };
        return std::unexpected(Diagnostic{"", 0, 0,
                                          "the argument " + shown(*locked, "--locked", "UV_LOCKED") + " cannot be used with " +
                                              shown(*frozen, "--frozen", "UV_FROZEN"),
                                          {}, {}, {}});
    }
    if (frozen->enabled) return LockCheckSetting{LockCheck::Frozen, frozen->from_environment ? "`UV_FROZEN=1`" : "`--frozen`"};
    if (flags.check) return LockCheckSetting{LockCheck::Locked, "`--check`"};
    if (locked->enabled) return LockCheckSetting{LockCheck::Locked, locked->from_environment ? "`UV_LOCKED=1`" : "`--locked`"};
    return LockCheckSetting{};
}

bool config_discovery_disabled(bool no_config_flag, const std::map<std::string, std::string>& environment) {
    const auto value = environment_flag(environment, "UV_NO_CONFIG", "--no-config");
    return no_config_flag || (value && *value == true);
}

std::optional<std::filesystem::path> user_config_dir(const std::map<std::string, std::string>& environment) {
    auto value = [&](const char* name) -> std::optional<std::filesystem::path> {
        const auto it = environment.find(name);
        if (it == environment.end() || it->second.empty()) return std::nullopt;
        return std::filesystem::path(it->second);
    };
    // The XDG spec says a relative XDG_CONFIG_HOME is invalid and to be ignored; uv does so.
    if (auto xdg = value("XDG_CONFIG_HOME"); xdg && xdg->is_absolute()) return *xdg / "uv";
    if (auto home = value("HOME")) return *home / ".config" / "uv";
    return std::nullopt;
}

std::map<std::string, std::string> environment_map() {
    std::map<std::string, std::string> out;
    for (char** e = environ; *e != nullptr; ++e) {
        const std::string_view entry(*e);
        const auto eq = entry.find('=');
        if (eq != std::string_view::npos) out.emplace(entry.substr(0, eq), entry.substr(eq + 1));
    }
    return out;
}

std::expected<std::optional<SettingsLayer>, Diagnostic> read_settings_file(const std::filesystem::path& path,
                                                                          const SourceOverlay* overlay) {
    const auto text = overlay_read(path, overlay);
    if (!text) return std::unexpected(Diagnostic{path.string(), 0, 0, text.error(), {}, {}, {}});
    toml::table root;
    try {
        root = toml::parse(*text, path.string());
    } catch (const toml::parse_error& err) {
        return std::unexpected(diagnostic_at_line(path.string(), *text, static_cast<std::uint32_t>(err.source().begin.line),
                                                  static_cast<std::uint32_t>(err.source().begin.column),
                                                  std::string(err.description())));
    }
    const FileReader reader(*text, path.string(), path.filename() != "pyproject.toml");
    if (path.filename() == "pyproject.toml") {
        const auto* tool = root["tool"].as_table();
        const auto* uv = tool != nullptr ? (*tool)["uv"].as_table() : nullptr;
        if (uv == nullptr) return std::optional<SettingsLayer>{};
        auto layer = reader.read(*uv);
        if (!layer) return std::unexpected(layer.error());
        return std::optional<SettingsLayer>(std::move(*layer));
    }
    auto layer = reader.read(root);
    if (!layer) return std::unexpected(layer.error());
    return std::optional<SettingsLayer>(std::move(*layer));
}

std::expected<SettingsLayer, Diagnostic> environment_settings(const std::map<std::string, std::string>& env) {
    SettingsLayer layer;
    layer.origin = "environment";
    auto get = [&](const char* name) -> const std::string* {
        const auto it = env.find(name);
        return it == env.end() || it->second.empty() ? nullptr : &it->second;
    };
    auto bad = [](const char* name, const std::string& value, const std::string& expected) {
        return std::unexpected(Diagnostic{name, 0, 0, "invalid " + std::string(name) + " `" + value + "`; expected " + expected,
                                          {}, {}, {}});
    };
    if (const auto* v = get("UV_INDEX")) {
        for (const auto& item : split(*v, " \n\t")) layer.indexes.push_back(index_argument(item, "UV_INDEX"));
    }
    if (const auto* v = get("UV_DEFAULT_INDEX")) {
        auto index = index_argument(*v, "UV_DEFAULT_INDEX");
        index.is_default = true;
        layer.indexes.push_back(std::move(index));
    }
    if (const auto* v = get("UV_INDEX_URL")) layer.index_url = IndexSetting{std::nullopt, *v, true, false, false, "UV_INDEX_URL", std::nullopt};
    if (const auto* v = get("UV_EXTRA_INDEX_URL")) {
        for (const auto& u : split(*v, " \n\t")) layer.extra_index_urls.push_back({std::nullopt, u, false, false, false, "UV_EXTRA_INDEX_URL", std::nullopt});
    }
    if (const auto* v = get("UV_FIND_LINKS")) layer.find_links = split(*v, ",");
    auto choice_env = [&](const char* name, const char* key, auto& field, const auto& table) -> std::expected<void, Diagnostic> {
        if (const auto* v = get(name)) {
            const auto parsed = value_of(table, *v);
            if (!parsed) return bad(name, *v, "one of: " + choices(table));
            field = *parsed;
            layer.where[key] = name;
        }
        return {};
    };
    for (auto r : {choice_env("UV_INDEX_STRATEGY", "index-strategy", layer.index_strategy, k_index_strategies),
                   choice_env("UV_RESOLUTION", "resolution", layer.resolution, k_resolutions),
                   choice_env("UV_PRERELEASE", "prerelease", layer.prerelease, k_prereleases),
                   choice_env("UV_FORK_STRATEGY", "fork-strategy", layer.fork_strategy, k_fork_strategies),
                   choice_env("UV_KEYRING_PROVIDER", "keyring-provider", layer.keyring_provider, k_keyring_providers)}) {
        if (!r) return std::unexpected(r.error());
    }
    // UV_LINK_MODE is the value of `--link-mode` to uv's option parser, which words a bad one.
    if (const auto* v = get("UV_LINK_MODE")) {
        auto mode = link_mode_argument(*v);
        if (!mode) return std::unexpected(Diagnostic{"UV_LINK_MODE", 0, 0, mode.error(), {}, {}, {}});
        layer.link_mode = *mode;
        layer.where["link-mode"] = "UV_LINK_MODE";
    }
    if (const auto* v = get("UV_EXCLUDE_NEWER")) {
        layer.exclude_newer = exclude_newer_setting(*v);
        layer.where["exclude-newer"] = "UV_EXCLUDE_NEWER";
    }
    // uv takes a boolean variable set false as unset: the files' value stands (a flag's `--no-x`
    // form has no variable). UV_COMPILE_BYTECODE is the installer's; `lock sync` reads it.
    auto flag_env = [&](std::string_view name, std::string_view flag, const char* key,
                        std::optional<bool>& field) -> std::expected<void, Diagnostic> {
        auto value = environment_flag(env, name, flag);
        if (!value) return std::unexpected(std::move(value.error()));
        if (*value == true) {
            field = true;
            layer.where[key] = std::string(name);
        }
        return {};
    };
    for (auto r : {flag_env("UV_NO_BUILD_ISOLATION", "--no-build-isolation", "no-build-isolation", layer.no_build_isolation),
                   flag_env("UV_NO_SOURCES", "--no-sources", "no-sources", layer.no_sources),
                   flag_env("UV_NO_BUILD", "--no-build", "no-build", layer.no_build),
                   flag_env("UV_NO_BINARY", "--no-binary", "no-binary", layer.no_binary),
                   flag_env("UV_OFFLINE", "", "offline", layer.offline)}) {
        if (!r) return std::unexpected(r.error());
    }
    // UV_COMPILE_BYTECODE is the installer's: `lock sync` checked it before anything else (as `uv
    // sync` does), and `lock resolve` has no use for it, so a bad value is not this layer's error.
    if (const auto value = environment_flag(env, "UV_COMPILE_BYTECODE", "--compile-bytecode"); value && *value == true) {
        layer.compile_bytecode = true;
        layer.where["compile-bytecode"] = "UV_COMPILE_BYTECODE";
    }
    if (const auto* v = get("UV_NO_BUILD_PACKAGE")) {
        for (const auto& n : split(*v, " ")) layer.no_build_package.push_back(pep508::normalize_name(n));
    }
    if (const auto* v = get("UV_NO_BINARY_PACKAGE")) {
        for (const auto& n : split(*v, " ")) layer.no_binary_package.push_back(pep508::normalize_name(n));
    }
    return layer;
}

std::expected<Settings, Diagnostic> load_settings(const SettingsSources& sources) {
    const auto& env = sources.environment;
    auto env_value = [&](const char* name) -> std::optional<std::string> {
        const auto it = env.find(name);
        if (it == env.end() || it->second.empty()) return std::nullopt;
        return it->second;
    };
    // uv checks its boolean variables before anything else, UV_NO_CONFIG among them.
    if (!sources.no_config) {
        if (auto checked = check_environment_flags(env); !checked) return std::unexpected(std::move(checked.error()));
    } else {
        auto without_no_config = env;  // --no-config given: clap never reads UV_NO_CONFIG
        without_no_config.erase("UV_NO_CONFIG");
        if (auto checked = check_environment_flags(without_no_config); !checked) return std::unexpected(std::move(checked.error()));
    }
    // Then the lock flags against each other (uv's LockSettings / SyncSettings), before any file.
    Settings out;
    if (sources.lock_flags) {
        auto lock_check = lock_check_setting(*sources.lock_flags, env);
        if (!lock_check) return std::unexpected(std::move(lock_check.error()));
        out.lock_check = std::move(*lock_check);
    }
    // The layers, highest precedence first.
    std::vector<SettingsLayer> layers;
    layers.push_back(sources.command_line);
    if (layers.back().origin.empty()) layers.back().origin = "command line";
    auto environment = environment_settings(env);
    if (!environment) return std::unexpected(environment.error());
    layers.push_back(std::move(*environment));

    const bool no_config = config_discovery_disabled(sources.no_config, env);
    out.no_config = no_config;
    std::optional<std::filesystem::path> config_file = sources.config_file;
    if (!config_file) {
        if (auto v = env_value("UV_CONFIG_FILE")) config_file = *v;
    }
    std::vector<std::filesystem::path> files;
    if (config_file) {
        files.push_back(*config_file);
    } else if (!no_config) {
        auto project = find_project_settings(sources.workspace_root, sources.overlay, out.warnings);
        if (!project) return std::unexpected(std::move(project.error()));
        if (*project) files.push_back(**project);
        // One user folder, never a fallback: with XDG_CONFIG_HOME set, ~/.config is not read.
        if (auto dir = user_config_dir(env)) {
            if (auto f = first_existing({*dir / "uv.toml"})) files.push_back(*f);
        }
        // Read only when uv looks for the system's file, after the project's and the user's.
        const auto no_system_config = environment_flag(env, "UV_NO_SYSTEM_CONFIG");
        if (!no_system_config) return std::unexpected(no_system_config.error());
        if (*no_system_config != true) {
            // XDG_CONFIG_DIRS up to its first empty entry (/etc/xdg when unset), then /etc/uv.
            std::vector<std::filesystem::path> system;
            const std::string dirs = env_value("XDG_CONFIG_DIRS").value_or("/etc/xdg");
            for (std::string_view rest = dirs;;) {
                const auto colon = rest.find(':');
                const auto dir = rest.substr(0, colon);
                if (dir.empty()) break;
                system.push_back(std::filesystem::path(dir) / "uv" / "uv.toml");
                if (colon == std::string_view::npos) break;
                rest.remove_prefix(colon + 1);
            }
            system.push_back("/etc/uv/uv.toml");
            if (auto f = first_existing(system)) files.push_back(*f);
        }
    }
    const std::size_t first_file = layers.size();
    for (const auto& f : files) {
        auto layer = read_settings_file(f, sources.overlay);
        if (!layer) return std::unexpected(layer.error());
        if (*layer) {
            layers.push_back(std::move(**layer));
            out.files.push_back(f);
        }
    }

    // Scalars: the highest layer that sets one; lists: concatenated, highest first.
    for (auto it = layers.rbegin(); it != layers.rend(); ++it) {
        const SettingsLayer& l = *it;
        take(out.no_index, l.no_index, l, "no-index");
        take(out.index_strategy, l.index_strategy, l, "index-strategy");
        take(out.resolution, l.resolution, l, "resolution");
        take(out.prerelease, l.prerelease, l, "prerelease");
        take(out.fork_strategy, l.fork_strategy, l, "fork-strategy");
        take(out.no_build, l.no_build, l, "no-build");
        take(out.no_binary, l.no_binary, l, "no-binary");
        take(out.no_sources, l.no_sources, l, "no-sources");
        take(out.offline, l.offline, l, "offline");
        take(out.upgrade, l.upgrade, l, "upgrade");
        take(out.link_mode, l.link_mode, l, "link-mode");
        take(out.keyring_provider, l.keyring_provider, l, "keyring-provider");
        take(out.compile_bytecode, l.compile_bytecode, l, "compile-bytecode");
        if (l.exclude_newer) {
            const auto w = l.where.find("exclude-newer");
            out.exclude_newer = Setting<ExcludeNewerSetting>{*l.exclude_newer, w != l.where.end() ? w->second : l.origin};
        }
    }
    // Build settings combine from the highest layer down (build_settings.hpp).
    std::optional<BuildIsolation> isolation;
    for (const SettingsLayer& l : layers) {
        if (auto mine = BuildIsolation::from_settings(l.no_build_isolation, l.no_build_isolation_package)) {
            if (!isolation) {
                const auto w = l.where.find(l.no_build_isolation ? "no-build-isolation" : "no-build-isolation-package");
                out.build_isolation.origin = w != l.where.end() ? w->second : l.origin;
            }
            isolation = isolation ? isolation->combine(*mine) : *mine;
        }
        combine_extra_build_dependencies(out.extra_build_dependencies, l.extra_build_dependencies);
        combine_extra_build_variables(out.extra_build_variables, l.extra_build_variables);
    }
    if (isolation) out.build_isolation.value = std::move(*isolation);
    std::optional<IndexSetting> default_index;
    std::vector<IndexSetting> extra;
    for (const SettingsLayer& l : layers) {
        for (const auto& i : l.indexes) {
            if (i.is_default) {
                if (!default_index) default_index = i;  // the highest layer's default
            } else {
                extra.push_back(i);
            }
        }
        if (l.index_url && !default_index) default_index = l.index_url;
        for (const auto& i : l.extra_index_urls) extra.push_back(i);
        for (const auto& f : l.find_links) out.find_links.push_back(f);
        for (const auto& p : l.no_build_package) out.no_build_package.push_back(p);
        for (const auto& p : l.no_binary_package) out.no_binary_package.push_back(p);
        for (const auto& p : l.upgrade_package) out.upgrade_package.push_back(p);
    }
    {
        std::vector<const SettingsLayer*> file_layers;
        for (std::size_t i = first_file; i < layers.size(); ++i) file_layers.push_back(&layers[i]);
        out.exclude_newer_package = detail::merge_exclude_newer_package(layers.front(), file_layers);
    }
    // A named index given twice keeps its first (highest) definition.
    for (auto& i : extra) {
        const bool seen = i.name && std::any_of(out.indexes.begin(), out.indexes.end(),
                                                [&](const IndexSetting& o) { return o.name == i.name; });
        if (!seen) out.indexes.push_back(i);
    }
    if (!out.no_index.value) {
        out.indexes.push_back(default_index ? *default_index
                                            : IndexSetting{std::string("pypi"), "https://pypi.org/simple", true, false, false, "default", std::nullopt});
    }
    return out;
}

} // namespace lockkit::pyproject
