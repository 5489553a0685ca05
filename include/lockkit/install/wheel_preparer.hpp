#pragma once
// Getting every wheel a sync installs into the unpacked-wheel cache before anything
// in the environment changes: a wheel already unpacked (and unchanged) is used as it
// is; otherwise its archive is taken from a local file (a local index or a `path`
// source) or downloaded (fetch::download_all into the artifact cache), checked
// against the lock's SHA-256, and unpacked with every check of wheel_store.hpp.
//
// All wheels are prepared before the first one is installed, so a hash mismatch, a
// failed download or a hostile wheel leaves the environment exactly as it was. The
// error lists every problem, each naming the file; a hash mismatch names both hashes.

#include "lockkit/fetch/artifact_cache.hpp"
#include "lockkit/fetch/downloader.hpp"
#include "lockkit/install/wheel_store.hpp"
#include "lockkit/lockfile/lock.hpp"

#include <expected>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace lockkit::install {

struct WheelRequest {
    const lockfile::Package* package = nullptr;
    const lockfile::Artifact* wheel = nullptr;
    bool distrust_cache = false;  ///< re-hash a cached tree before using it (a repair)
};

struct PreparedWheel {
    StoredWheel stored;
    bool downloaded = false;  ///< fetched over the network in this run
    bool unpacked = false;    ///< unpacked in this run (not found in the cache)
};

struct PrepareOptions {
    std::filesystem::path lock_dir;
    fetch::DownloadOptions download;
    UnpackRules limits;
    unsigned jobs = 0;  ///< threads for hashing and unpacking; 0 = every core
    /// Called after each wheel is ready, from worker threads (serialised).
    std::function<void(std::size_t done, std::size_t total)> on_progress;
};

/// Prepares every request (results in the same order).
std::expected<std::vector<PreparedWheel>, std::string> prepare_wheels(const std::vector<WheelRequest>& requests,
                                                                      const WheelStore& store,
                                                                      const fetch::ArtifactCache& artifacts,
                                                                      const PrepareOptions& options);

} // namespace lockkit::install
