#pragma once
// Where the bytes of a lock's artifact are: a URL to fetch, or a local file (a wheel
// of a local index or a `path` source), resolved the way uv resolves them. Shared by
// `lock-verify --download` and `lock sync`.

#include "lockkit/lockfile/lock.hpp"

#include <filesystem>
#include <optional>
#include <string>

namespace lockkit::install {

struct ArtifactLocation {
    std::string url;             ///< http(s) URL to download, or empty
    std::filesystem::path file;  ///< local file, or empty
};

/// Locates `artifact` of `package`; relative paths are relative to `lock_dir` (or, for
/// a local index, to that index's folder). nullopt for artifacts nothing can fetch
/// (git sources are built, not downloaded).
std::optional<ArtifactLocation> locate_artifact(const lockfile::Package& package, const lockfile::Artifact& artifact,
                                                const std::filesystem::path& lock_dir);

/// The 64 hex digits of an artifact's `sha256:` hash; empty when the lock has none.
std::string artifact_sha256(const lockfile::Artifact& artifact);

} // namespace lockkit::install
