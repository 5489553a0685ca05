// Preparing wheels; see include/lockkit/install/wheel_preparer.hpp.

#include "lockkit/install/wheel_preparer.hpp"

#include "lockkit/install/artifact_location.hpp"
#include "lockkit/util/parallel.hpp"
#include "lockkit/util/sha256.hpp"

#include <atomic>
#include <mutex>

namespace lockkit::install {

namespace {

std::string label(const lockfile::Package& p) {
    return p.id.name + (p.id.version ? "==" + *p.id.version : std::string());
}

/// One wheel's way through preparation.
struct Job {
    const WheelRequest* request = nullptr;
    std::string expected_hex;  ///< from the lock; empty when it records none
    std::string key;           ///< the archive's actual hash, once known
    ArtifactLocation where;
    std::filesystem::path archive;  ///< the bytes to unpack, once known
    std::optional<PreparedWheel> done;
    std::string error;
};

} // namespace

std::expected<std::vector<PreparedWheel>, std::string> prepare_wheels(const std::vector<WheelRequest>& requests,
                                                                      const WheelStore& store,
                                                                      const fetch::ArtifactCache& artifacts,
                                                                      const PrepareOptions& options) {
    std::vector<Job> jobs(requests.size());
    std::mutex progress_mutex;
    std::size_t finished = 0;
    auto report = [&] {
        if (options.on_progress) {
            std::lock_guard lock(progress_mutex);
            options.on_progress(++finished, jobs.size());
        }
    };

    // 1. The cache, and local archives (hashed on every core).
    parallel_for(jobs.size(), options.jobs, [&](std::size_t i) {
        Job& job = jobs[i];
        const WheelRequest& r = requests[i];
        job.request = &r;
        job.expected_hex = artifact_sha256(*r.wheel);
        if (!job.expected_hex.empty()) {
            if (auto stored = store.find(job.expected_hex)) {
                if (!r.distrust_cache || store.verify_contents(job.expected_hex)) {
                    job.key = job.expected_hex;
                    job.done = PreparedWheel{std::move(*stored), false, false};
                    report();
                    return;
                }
            }
        }
        auto where = locate_artifact(*r.package, *r.wheel, options.lock_dir);
        if (!where) {
            job.error = "cannot tell where " + label(*r.package) + "'s wheel " + r.wheel->filename() + " is";
            return;
        }
        job.where = std::move(*where);
        if (job.where.file.empty()) {
            return;  // downloaded below
        }
        auto actual = sha256_file(job.where.file);
        if (!actual) {
            job.error = "cannot read " + label(*r.package) + "'s wheel: " + actual.error();
            return;
        }
        if (!job.expected_hex.empty() && *actual != job.expected_hex) {
            job.error = "`" + job.where.file.string() + "` (" + label(*r.package) + ") has hash sha256:" + *actual +
                        ", but the lock expects sha256:" + job.expected_hex;
            return;
        }
        job.key = *actual;
        job.archive = job.where.file;
        if (job.expected_hex.empty()) {
            // No hash in the lock (a local index): the content decides the cache entry.
            if (auto stored = store.find(job.key)) {
                job.done = PreparedWheel{std::move(*stored), false, false};
                report();
            }
        }
    });

    // 2. Downloads, all at once.
    std::vector<fetch::DownloadRequest> downloads;
    std::vector<std::size_t> download_jobs;
    for (std::size_t i = 0; i < jobs.size(); ++i) {
        Job& job = jobs[i];
        if (job.done || !job.error.empty() || job.where.url.empty()) {
            continue;
        }
        fetch::DownloadRequest request;
        request.url = job.where.url;
        if (!job.expected_hex.empty()) {
            request.sha256 = job.expected_hex;
        }
        request.size = job.request->wheel->size;
        downloads.push_back(std::move(request));
        download_jobs.push_back(i);
    }
    std::vector<bool> fetched(jobs.size(), false);
    if (!downloads.empty()) {
        const auto results = fetch::download_all(downloads, artifacts, options.download);
        for (std::size_t k = 0; k < results.size(); ++k) {
            Job& job = jobs[download_jobs[k]];
            const auto& result = results[k];
            const std::string url = fetch::redact_url(downloads[k].url);
            const std::string what = "`" + job.request->wheel->filename() + "` (" + label(*job.request->package) + ")";
            switch (result.status) {
            case fetch::DownloadStatus::Verified:
            case fetch::DownloadStatus::Unverified:
                job.key = result.actual_sha256;
                job.archive = result.path;
                fetched[download_jobs[k]] = !result.from_cache;
                break;
            case fetch::DownloadStatus::HashMismatch:
                job.error = what + " downloaded from " + url + " has hash sha256:" + result.actual_sha256 +
                            ", but the lock expects sha256:" + job.expected_hex;
                break;
            case fetch::DownloadStatus::SizeMismatch:
                job.error = what + " downloaded from " + url + " has " + std::to_string(result.bytes) +
                            " bytes, but the lock expects " + std::to_string(downloads[k].size.value_or(0));
                break;
            case fetch::DownloadStatus::Failed:
                job.error = "cannot download " + what + " from " + url + ": " + result.error;
                break;
            }
        }
    }

    // 3. Unpacking, on every core; nothing is unpacked when anything above failed.
    std::string errors;
    for (const auto& job : jobs) {
        if (!job.error.empty()) {
            errors += (errors.empty() ? "" : "\n") + job.error;
        }
    }
    if (!errors.empty()) {
        return std::unexpected(errors);
    }
    parallel_for(jobs.size(), options.jobs, [&](std::size_t i) {
        Job& job = jobs[i];
        if (job.done) {
            return;
        }
        const auto identity = wheel_identity(job.request->wheel->filename());
        if (!identity || identity->name != job.request->package->id.name) {
            job.error = "the lock names `" + job.request->wheel->filename() + "` as a wheel of " +
                        label(*job.request->package) + ", but that is not its wheel file name";
            return;
        }
        auto stored = store.unpack(job.archive, job.key, *identity, options.limits);
        if (!stored) {
            job.error = stored.error();
            return;
        }
        job.done = PreparedWheel{std::move(*stored), fetched[i], true};
        report();
    });
    std::vector<PreparedWheel> out;
    for (auto& job : jobs) {
        if (!job.error.empty()) {
            errors += (errors.empty() ? "" : "\n") + job.error;
        } else if (job.done) {
            out.push_back(std::move(*job.done));
        }
    }
    if (!errors.empty()) {
        return std::unexpected(errors);
    }
    return out;
}

} // namespace lockkit::install
