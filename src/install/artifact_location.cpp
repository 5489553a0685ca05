// Artifact locations; see include/lockkit/install/artifact_location.hpp.

#include "lockkit/install/artifact_location.hpp"

namespace lockkit::install {

namespace {

std::string strip_fragment(std::string_view url) {
    return std::string(url.substr(0, url.find('#')));
}

} // namespace

std::optional<ArtifactLocation> locate_artifact(const lockfile::Package& package, const lockfile::Artifact& artifact,
                                                const std::filesystem::path& lock_dir) {
    using lockfile::SourceKind;
    const auto& source = package.id.source;
    switch (artifact.location_kind) {
    case lockfile::ArtifactLocation::Url:
        return ArtifactLocation{artifact.location, {}};
    case lockfile::ArtifactLocation::Path: {
        // Files of a local index are relative to that index's folder.
        std::filesystem::path base = lock_dir;
        if (source.kind == SourceKind::Registry) {
            std::string_view index = source.location;
            if (index.starts_with("file://")) {
                index.remove_prefix(7);  // file:///abs/path → /abs/path
            } else if (source.is_remote_registry()) {
                return std::nullopt;  // a path entry under an http index is not something uv writes
            }
            base = lock_dir / index;
        }
        return ArtifactLocation{{}, base / artifact.location};
    }
    case lockfile::ArtifactLocation::Filename:
    case lockfile::ArtifactLocation::None:
        // The artifact is the source itself: a direct URL or a local archive.
        if (source.kind == SourceKind::Url) {
            return ArtifactLocation{strip_fragment(source.location), {}};
        }
        if (source.kind == SourceKind::Path) {
            return ArtifactLocation{{}, lock_dir / source.location};
        }
        return std::nullopt;  // git archives are built, not downloaded
    }
    return std::nullopt;
}

std::string artifact_sha256(const lockfile::Artifact& artifact) {
    return artifact.hash && artifact.hash->starts_with("sha256:") ? artifact.hash->substr(7) : std::string();
}

} // namespace lockkit::install
