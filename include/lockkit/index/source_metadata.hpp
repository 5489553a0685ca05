#pragma once
// Metadata of source distributions and source trees without building them,
// where it is static, as uv decides (uv-distribution `StaticMetadata::read`):
//
//   1. `pyproject.toml` `[project]`, unless `dependencies`,
//      `optional-dependencies` or `requires-python` is listed in `dynamic`, or
//      Poetry declares the dependencies (`[tool.poetry]` and no
//      `project.dependencies`). A dynamic `version` is fine for an sdist (its
//      filename fixes the version) but not for a tree;
//   2. archives only: `PKG-INFO` with Metadata-Version 2.2 or later and none of
//      `Requires-Dist`, `Requires-Python`, `Provides-Extra` dynamic (a tree's
//      PKG-INFO may be stale, so it is not read).
// Metadata whose name (or version) is not the one asked for is ignored, as uv
// ignores it, and the next way is tried. When neither way gives metadata the
// answer is "needs a build", which a MetadataBuilder (the PEP 517 front end)
// serves; without one it is an error that says why the metadata is not static.

#include "lockkit/metadata/core_metadata.hpp"
#include "lockkit/pep440/version.hpp"
#include "lockkit/pyproject/pyproject.hpp"

#include <cstdint>
#include <expected>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace lockkit::index {

/// A source whose metadata a build backend must compute.
struct BuildSource {
    std::filesystem::path path;  ///< an sdist archive, or a source tree's folder
    bool is_archive = false;
    std::string name;            ///< normalized
    std::optional<pep440::Version> version;  ///< known for sdists
    std::optional<std::string> subdirectory;
};

/// The interface the PEP 517 front end implements (`prepare_metadata_for_build_wheel`, or a build).
class MetadataBuilder {
public:
    virtual ~MetadataBuilder() = default;
    virtual std::expected<metadata::CoreMetadata, std::string> build_metadata(const BuildSource& source) = 0;
    /// The resolver waits for the metadata of this sdist now: its build, asked for or still to
    /// come, goes before those only asked for ahead (a builder that runs one at a time in
    /// order of arrival may ignore it).
    virtual void expedite(std::string_view name, const pep440::Version& version) { (void)name, (void)version; }
    /// What makes the builds of `package` differ from plain ones (its build settings); built
    /// metadata is cached under a key that holds it. Empty for plain builds.
    virtual std::string cache_salt(std::string_view package) const {
        (void)package;
        return {};
    }
};

struct StaticMetadataError {
    enum class Kind : std::uint8_t {
        NeedsBuild,  ///< nothing static: a build backend must say
        Invalid,     ///< a file that should hold metadata does not parse
        Unreadable,  ///< the archive or folder cannot be read
    };
    Kind kind = Kind::NeedsBuild;
    std::string message;
};

/// `[project]` as metadata; `sdist_version` stands in for a dynamic version.
std::expected<metadata::CoreMetadata, StaticMetadataError> pyproject_metadata(
    const pyproject::PyProject& pyproject, const pep440::Version* sdist_version);

/// A source tree (a project folder, a git checkout): pyproject.toml only.
std::expected<metadata::CoreMetadata, StaticMetadataError> read_source_tree_metadata(
    const std::filesystem::path& directory, std::optional<std::string_view> name = std::nullopt);

/// An sdist archive (`.tar.gz`, `.zip`, ...) of `name` at `version`: its top folder's
/// pyproject.toml, then its PKG-INFO.
std::expected<metadata::CoreMetadata, StaticMetadataError> read_sdist_metadata(const std::filesystem::path& archive,
                                                                               std::string_view name,
                                                                               const pep440::Version& version);

} // namespace lockkit::index
