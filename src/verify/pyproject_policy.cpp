#include "lockkit/verify/pyproject_policy.hpp"

#include <toml++/toml.h>

namespace lockkit::verify {

namespace {

std::expected<void, std::string> read_bool(const toml::node& node, std::string_view file, std::string_view key,
                                           bool& target) {
    const auto value = node.value<bool>();
    if (!value) {
        return std::unexpected(std::string(file) + ": [tool.lockkit.verify] `" + std::string(key) + "` must be a boolean");
    }
    target = target || *value;
    return {};
}

std::expected<void, std::string> read_list(const toml::node& node, std::string_view file, std::string_view key,
                                           std::vector<std::string>& target) {
    const auto error = std::string(file) + ": [tool.lockkit.verify] `" + std::string(key) + "` must be an array of strings";
    const toml::array* array = node.as_array();
    if (array == nullptr) {
        return std::unexpected(error);
    }
    for (const auto& item : *array) {
        const auto value = item.value<std::string>();
        if (!value) {
            return std::unexpected(error);
        }
        target.push_back(*value);
    }
    return {};
}

} // namespace

std::expected<void, std::string> apply_pyproject_policy(std::string_view pyproject_text, std::string_view file,
                                                        VerifyOptions& options) {
    toml::table doc;
    try {
        doc = toml::parse(pyproject_text, file);
    } catch (const toml::parse_error& err) {
        return std::unexpected(std::string(file) + ":" + std::to_string(err.source().begin.line) + ": " +
                               std::string(err.description()));
    }
    const toml::table* table = doc["tool"]["lockkit"]["verify"].as_table();
    if (table == nullptr) {
        return {};
    }
    for (const auto& [key_node, node] : *table) {
        const std::string_view key = key_node.str();
        std::expected<void, std::string> r;
        if (key == "https-only") {
            r = read_bool(node, file, key, options.https_only);
        } else if (key == "require-pinned-git") {
            r = read_bool(node, file, key, options.require_pinned_git);
        } else if (key == "no-sdist-only") {
            r = read_bool(node, file, key, options.no_sdist_only);
        } else if (key == "allow-hosts") {
            r = read_list(node, file, key, options.allowed_hosts);
        } else if (key == "deny") {
            r = read_list(node, file, key, options.denied);
        } else if (key == "require-paths-inside-repo") {
            r = read_bool(node, file, key, options.require_paths_inside_repo);
        } else if (key == "min-age") {
            const auto text = node.value<std::string>();
            const auto seconds = text ? parse_duration(*text) : std::nullopt;
            if (!seconds) {
                r = std::unexpected(std::string(file) + ": [tool.lockkit.verify] `min-age` must be a duration such as \"7d\"");
            } else if (!options.min_age_seconds || *options.min_age_seconds < *seconds) {
                options.min_age_seconds = seconds;
            }
        } else if (key == "warn" || key == "error") {
            std::vector<std::string> rules;
            r = read_list(node, file, key, rules);
            for (const auto& id : rules) {
                if (!r) {
                    break;
                }
                if (!is_known_rule(id)) {
                    r = std::unexpected(std::string(file) + ": [tool.lockkit.verify] `" + std::string(key) +
                                        "`: unknown rule `" + id + "`");
                } else if (!options.severity.contains(id)) {  // flags, applied first, win
                    options.severity[id] = key == "warn" ? Severity::Warning : Severity::Error;
                }
            }
        } else {
            r = std::unexpected(std::string(file) + ": unknown key `" + std::string(key) +
                                "` in [tool.lockkit.verify] (known: https-only, allow-hosts, require-pinned-git, "
                                "no-sdist-only, deny, require-paths-inside-repo, min-age, warn, error)");
        }
        if (!r) {
            return r;
        }
    }
    return {};
}

} // namespace lockkit::verify
