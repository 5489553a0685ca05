// Reading `[build-system]`; see include/lockkit/build/build_system.hpp.

#include "lockkit/build/build_system.hpp"

#include <toml++/toml.h>

namespace lockkit::build {

namespace {

constexpr const char* k_legacy_backend = "setuptools.build_meta:__legacy__";

BuildSystem legacy_setuptools() {
    BuildSystem out;
    out.requirements = {"setuptools >= 40.8.0"};
    out.backend = k_legacy_backend;
    return out;
}

/// Whether `inner` (canonical) is `outer` (canonical) or below it.
bool is_within(const std::filesystem::path& inner, const std::filesystem::path& outer) {
    auto i = inner.begin();
    for (auto o = outer.begin(); o != outer.end(); ++o, ++i) {
        if (i == inner.end() || *i != *o) return false;
    }
    return true;
}

} // namespace

bool BuildSystem::is_setuptools() const {
    return backend.substr(0, backend.find(':')) == "setuptools.build_meta";
}

std::expected<BuildSystem, std::string> read_build_system(const std::filesystem::path& source_tree) {
    std::error_code ec;
    const auto pyproject = source_tree / "pyproject.toml";
    if (!std::filesystem::exists(pyproject, ec)) {
        if (std::filesystem::is_regular_file(source_tree / "setup.py", ec)) {
            return legacy_setuptools();
        }
        return std::unexpected("`" + source_tree.string() +
                               "` has neither a pyproject.toml nor a setup.py: it is not a Python project");
    }
    toml::table doc;
    try {
        doc = toml::parse_file(pyproject.string());
    } catch (const toml::parse_error& e) {
        return std::unexpected(pyproject.string() + ":" + std::to_string(e.source().begin.line) + ":" +
                               std::to_string(e.source().begin.column) + ": " + std::string(e.description()));
    }
    const auto* table = doc["build-system"].as_table();
    if (table == nullptr) {
        return legacy_setuptools();
    }
    const auto where = [&](const toml::node& node) {
        return pyproject.string() + ":" + std::to_string(node.source().begin.line) + ":" +
               std::to_string(node.source().begin.column);
    };
    BuildSystem out;
    out.declared = true;
    const auto* listed = table->get_as<toml::array>("requires");
    if (listed == nullptr) {
        return std::unexpected(where(*table) + ": `[build-system]` has no `requires` list");
    }
    for (const auto& item : *listed) {
        const auto* text = item.as_string();
        if (text == nullptr) return std::unexpected(where(item) + ": `build-system.requires` holds a non-string");
        out.requirements.push_back(text->get());
    }
    if (const auto* backend = table->get("build-backend")) {
        if (!backend->is_string()) return std::unexpected(where(*backend) + ": `build-backend` is not a string");
        out.backend = backend->as_string()->get();
    } else {
        out.backend = k_legacy_backend;
    }
    if (const auto* paths = table->get("backend-path")) {
        const auto* list = paths->as_array();
        if (list == nullptr) return std::unexpected(where(*paths) + ": `backend-path` is not a list");
        const auto tree = std::filesystem::canonical(source_tree, ec);
        if (ec) return std::unexpected("cannot read `" + source_tree.string() + "`: " + ec.message());
        for (const auto& item : *list) {
            const auto* text = item.as_string();
            if (text == nullptr) return std::unexpected(where(item) + ": `backend-path` holds a non-string");
            const std::filesystem::path entry(text->get());
            if (entry.is_absolute()) {
                return std::unexpected(where(item) + ": `backend-path` entry `" + entry.string() +
                                       "` is absolute; it must be a folder inside the project");
            }
            const auto folder = std::filesystem::canonical(tree / entry, ec);
            if (ec || !std::filesystem::is_directory(folder, ec)) {
                return std::unexpected(where(item) + ": `backend-path` entry `" + entry.string() +
                                       "` is not a folder of the project");
            }
            if (!is_within(folder, tree)) {
                return std::unexpected(where(item) + ": `backend-path` entry `" + entry.string() +
                                       "` leads outside the project");
            }
            out.backend_path.push_back(folder);
        }
    }
    return out;
}

} // namespace lockkit::build
