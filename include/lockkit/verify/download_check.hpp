#pragma once
// `--download`: fetch the lock's artifacts (all of them, or those a set of
// target environments would install) and check each against the lock's hash
// and size, going through the content-addressed artifact cache so a second
// run, or a later install, does not download again.
//
// Artifacts with a local path (flat/local indexes, path sources) are hashed
// where they lie; git sources carry no artifact and are skipped; artifacts
// the lock records without a hash cannot be verified and are counted (the
// offline rule `missing-hash` already reports them).

#include "lockkit/fetch/artifact_cache.hpp"
#include "lockkit/fetch/downloader.hpp"
#include "lockkit/lockfile/lock.hpp"
#include "lockkit/verify/download_target.hpp"
#include "lockkit/verify/finding.hpp"

#include <cstdint>
#include <filesystem>
#include <vector>

namespace lockkit::verify {

struct DownloadCheckOptions {
    /// Keep only artifacts these environments would install; empty = every artifact.
    std::vector<DownloadTarget> targets;
    fetch::DownloadOptions download;
    /// The lock's folder, against which relative local paths are resolved.
    std::filesystem::path lock_dir;
};

struct DownloadCheckResult {
    std::vector<Finding> findings;  ///< hash-mismatch, size-mismatch, download-failed, artifact-unreadable
    std::size_t selected = 0;       ///< artifacts chosen for checking
    std::size_t checked = 0;        ///< bytes obtained and compared with the lock
    std::size_t verified = 0;       ///< matched their hash (downloaded, cached or local)
    std::size_t downloaded = 0;     ///< artifacts transferred over the network (any verdict)
    std::size_t from_cache = 0;     ///< of `verified`, found in the cache
    std::size_t local = 0;          ///< of `selected`, local files hashed in place
    std::size_t without_hash = 0;   ///< selected but not checkable: the lock has no hash
    std::uint64_t bytes_downloaded = 0;
};

/// Runs the check. Per-artifact trouble is a finding; nothing here fails as a whole.
DownloadCheckResult check_downloads(const lockfile::Lock& lock, const fetch::ArtifactCache& cache,
                                    const DownloadCheckOptions& options);

/// The artifacts `targets` select from a package: wheels that fit any target,
/// plus the sdist when some target has no fitting wheel. Empty targets: all.
std::vector<const lockfile::Artifact*> select_artifacts(const lockfile::Package& package,
                                                        const std::vector<DownloadTarget>& targets);

} // namespace lockkit::verify
