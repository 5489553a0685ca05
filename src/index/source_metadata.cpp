// Static metadata of sdists and source trees; see include/lockkit/index/source_metadata.hpp.

#include "lockkit/index/source_metadata.hpp"

#include "lockkit/pep508/lenient.hpp"
#include "lockkit/util/atomic_file.hpp"

#include <archive.h>
#include <archive_entry.h>

#include "../util/libarchive_api.hpp"

#include <memory>

namespace lockkit::index {

namespace {

std::unexpected<StaticMetadataError> needs_build(std::string why) {
    return std::unexpected(StaticMetadataError{StaticMetadataError::Kind::NeedsBuild, std::move(why)});
}
std::unexpected<StaticMetadataError> invalid(std::string why) {
    return std::unexpected(StaticMetadataError{StaticMetadataError::Kind::Invalid, std::move(why)});
}

/// Whether metadata names the package (and version) asked for; uv ignores it otherwise.
std::optional<std::string> mismatch(const metadata::CoreMetadata& m, std::optional<std::string_view> name,
                                    const pep440::Version* version) {
    if (name && m.name != *name) return "it names `" + m.name + "`, not `" + std::string(*name) + "`";
    if (version != nullptr && m.version != *version && m.version.without_local() != *version) {
        return "it gives version " + m.version.to_string() + ", not " + version->to_string();
    }
    return std::nullopt;
}

} // namespace

std::expected<metadata::CoreMetadata, StaticMetadataError> pyproject_metadata(const pyproject::PyProject& pyproject,
                                                                              const pep440::Version* sdist_version) {
    if (!pyproject.project) return needs_build("pyproject.toml has no [project] table");
    const auto& project = *pyproject.project;
    for (const char* field : {"dependencies", "optional-dependencies", "requires-python"}) {
        if (project.is_dynamic(field)) return needs_build(std::string("`project.") + field + "` is dynamic");
    }
    if (!project.has_dependencies && pyproject.has_tool_poetry) {
        return needs_build("the dependencies are declared in [tool.poetry]");
    }
    metadata::CoreMetadata out;
    out.name = project.name;
    if (project.version) {
        auto version = pep440::Version::parse(*project.version);
        if (!version) return invalid("`project.version` `" + *project.version + "` is not a PEP 440 version");
        out.version = *version;
    } else if (sdist_version != nullptr) {
        out.version = *sdist_version;  // the sdist's filename fixes it
        out.dynamic.push_back("Version");
    } else {
        return needs_build(project.is_dynamic("version") ? "`project.version` is dynamic" : "`project.version` is missing");
    }
    if (project.requires_python) {
        auto specifiers = pep508::parse_lenient_specifiers(*project.requires_python);
        if (!specifiers) return invalid("`project.requires-python`: " + specifiers.error().message);
        out.requires_python = std::move(*specifiers);
    }
    for (const auto& dependency : project.dependencies) out.requires_dist.push_back(dependency.requirement);
    for (const auto& [extra, dependencies] : project.optional_dependencies) {
        out.provides_extra.push_back(extra);
        auto marker = pep508::MarkerTree::parse("extra == '" + extra + "'");
        if (!marker) return invalid("extra `" + extra + "`: " + marker.error().message);
        for (const auto& dependency : dependencies) {
            pep508::Requirement requirement = dependency.requirement;
            requirement.marker = requirement.marker.and_with(*marker);
            out.requires_dist.push_back(std::move(requirement));
        }
    }
    return out;
}

std::expected<metadata::CoreMetadata, StaticMetadataError> read_source_tree_metadata(
    const std::filesystem::path& directory, std::optional<std::string_view> name) {
    const auto path = directory / "pyproject.toml";
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) return needs_build(path.string() + " does not exist");
    auto pyproject = pyproject::read_pyproject(path);
    if (!pyproject) return invalid(pyproject.error().render());
    auto metadata = pyproject_metadata(*pyproject, nullptr);
    if (!metadata) {
        metadata.error().message = path.string() + ": " + metadata.error().message;
        return metadata;
    }
    if (auto why = mismatch(*metadata, name, nullptr)) return needs_build(path.string() + " is not used: " + *why);
    return metadata;
}

std::expected<metadata::CoreMetadata, StaticMetadataError> read_sdist_metadata(const std::filesystem::path& archive_path,
                                                                               std::string_view name,
                                                                               const pep440::Version& version) {
    const auto api = lockkit::detail::archive_api();
    if (!api) return std::unexpected(StaticMetadataError{StaticMetadataError::Kind::Unreadable, api.error()});
    const lockkit::detail::ArchiveApi& la = **api;
    const auto free_archive = [&la](archive* p) { la.read_free(p); };
    std::unique_ptr<archive, decltype(free_archive)> a(la.read_new(), free_archive);
    la.read_support_filter_all(a.get());
    la.read_support_format_tar(a.get());
    la.read_support_format_zip(a.get());
    if (la.read_open_filename(a.get(), archive_path.c_str(), 65536) != ARCHIVE_OK) {
        return std::unexpected(StaticMetadataError{StaticMetadataError::Kind::Unreadable,
                                                   "cannot open " + archive_path.string() + ": " + la.error_string(a.get())});
    }
    // The two files of interest sit in the archive's one top folder.
    std::optional<std::string> pyproject_text, pkg_info_text;
    archive_entry* entry = nullptr;
    for (;;) {
        const int status = la.read_next_header(a.get(), &entry);
        if (status == ARCHIVE_EOF) break;
        if (status != ARCHIVE_OK && status != ARCHIVE_WARN) {
            return std::unexpected(StaticMetadataError{StaticMetadataError::Kind::Unreadable,
                                                       archive_path.string() + ": " + la.error_string(a.get())});
        }
        std::string_view path = la.entry_pathname(entry) != nullptr ? la.entry_pathname(entry) : "";
        while (path.starts_with("./")) path.remove_prefix(2);
        const auto slash = path.find('/');
        if (slash == std::string_view::npos) continue;
        const auto rest = path.substr(slash + 1);
        std::optional<std::string>* target = rest == "pyproject.toml" ? &pyproject_text
                                             : rest == "PKG-INFO"     ? &pkg_info_text
                                                                      : nullptr;
        if (target == nullptr || target->has_value()) continue;
        std::string text;
        char buffer[65536];
        for (la_ssize_t n; (n = la.read_data(a.get(), buffer, sizeof buffer)) > 0;) {
            text.append(buffer, static_cast<std::size_t>(n));
            if (text.size() > (std::size_t{16} << 20)) return invalid(std::string(path) + " is larger than 16 MiB");
        }
        *target = std::move(text);
        if (pyproject_text && pkg_info_text) break;
    }
    const std::string where = archive_path.filename().string();
    std::string reason = pkg_info_text ? "no pyproject.toml" : "no pyproject.toml or PKG-INFO";
    if (pyproject_text) {
        auto pyproject = pyproject::parse_pyproject(*pyproject_text, where + "/pyproject.toml");
        if (pyproject) {
            auto metadata = pyproject_metadata(*pyproject, &version);
            if (metadata) {
                if (!mismatch(*metadata, name, &version)) return metadata;
                reason = "pyproject.toml is not used: " + *mismatch(*metadata, name, &version);
            } else if (metadata.error().kind == StaticMetadataError::Kind::NeedsBuild) {
                reason = "pyproject.toml: " + metadata.error().message;
            } else {
                return metadata;
            }
        } else {
            // uv gives up on static metadata from a pyproject.toml it cannot read; PKG-INFO may still do.
            reason = "pyproject.toml does not parse";
        }
    }
    if (pkg_info_text) {
        auto metadata = metadata::parse_core_metadata(*pkg_info_text, where + "/PKG-INFO");
        if (!metadata) return invalid(metadata.error().render());
        if (auto not_static = metadata::check_static_pkg_info(*metadata); !not_static) {
            return needs_build(reason + "; PKG-INFO: " + not_static.error());
        }
        if (auto why = mismatch(*metadata, name, &version)) return needs_build(reason + "; PKG-INFO is not used: " + *why);
        return std::move(*metadata);
    }
    return needs_build(reason);
}

} // namespace lockkit::index
