#include "lockkit/verify/download_check.hpp"

#include "finding_builder.hpp"
#include "lockkit/install/artifact_location.hpp"
#include "lockkit/util/parallel.hpp"
#include "lockkit/util/sha256.hpp"

#include <map>

namespace lockkit::verify {

using detail::make_finding;
using detail::package_label;

namespace {

/// One lock entry expecting a given artifact (several packages may name one URL).
struct Claim {
    const lockfile::Package* package = nullptr;
    const lockfile::Artifact* artifact = nullptr;
};

} // namespace

std::vector<const lockfile::Artifact*> select_artifacts(const lockfile::Package& package,
                                                        const std::vector<DownloadTarget>& targets) {
    std::vector<const lockfile::Artifact*> chosen;
    if (targets.empty()) {
        if (package.sdist) {
            chosen.push_back(&*package.sdist);
        }
        for (const auto& wheel : package.wheels) {
            chosen.push_back(&wheel);
        }
        return chosen;
    }
    bool need_sdist = false;
    std::vector<bool> keep(package.wheels.size(), false);
    for (const auto& target : targets) {
        bool any = false;
        for (std::size_t i = 0; i < package.wheels.size(); ++i) {
            if (wheel_fits(package.wheels[i].filename_view(), target)) {
                keep[i] = true;
                any = true;
            }
        }
        need_sdist = need_sdist || !any;
    }
    if (need_sdist && package.sdist) {
        chosen.push_back(&*package.sdist);
    }
    for (std::size_t i = 0; i < package.wheels.size(); ++i) {
        if (keep[i]) {
            chosen.push_back(&package.wheels[i]);
        }
    }
    return chosen;
}

DownloadCheckResult check_downloads(const lockfile::Lock& lock, const fetch::ArtifactCache& cache,
                                    const DownloadCheckOptions& options) {
    DownloadCheckResult result;
    // Remote artifacts grouped by (URL, expected hash): one transfer per distinct pair.
    std::map<std::pair<std::string, std::string>, std::vector<Claim>> remote;
    std::vector<std::pair<Claim, std::filesystem::path>> local;
    for (const auto& package : lock.packages) {
        if (package.id.source.kind == lockfile::SourceKind::Git || package.id.source.is_source_tree()) {
            continue;
        }
        for (const auto* artifact : select_artifacts(package, options.targets)) {
            auto where = install::locate_artifact(package, *artifact, options.lock_dir);
            if (!where) {
                continue;
            }
            ++result.selected;
            const std::string hex = install::artifact_sha256(*artifact);
            if (hex.empty()) {
                ++result.without_hash;
                continue;
            }
            if (!where->file.empty()) {
                local.push_back({Claim{&package, artifact}, where->file});
            } else {
                remote[{where->url, hex}].push_back(Claim{&package, artifact});
            }
        }
    }

    // Local files (path sources, local indexes) are hashed on every core, as --artifacts does.
    std::vector<std::expected<std::string, std::string>> local_hashes(local.size());
    parallel_for(local.size(), 0, [&](std::size_t i) { local_hashes[i] = sha256_file(local[i].second); });
    for (std::size_t i = 0; i < local.size(); ++i) {
        const auto& [claim, file] = local[i];
        const auto& actual = local_hashes[i];
        ++result.local;
        if (!actual) {
            result.findings.push_back(make_finding(rule::artifact_unreadable, Severity::Error, claim.package,
                                                   "cannot hash " + package_label(*claim.package) + "'s `" +
                                                       file.string() + "`: " + actual.error(),
                                                   "make sure the local index or path source is present"));
        } else if (*actual != install::artifact_sha256(*claim.artifact)) {
            std::string message = "`";
            message += file.string();
            message += "` of " + package_label(*claim.package) + " has hash sha256:" + *actual +
                       ", but the lock expects " + *claim.artifact->hash;
            result.findings.push_back(make_finding(
                rule::hash_mismatch, Severity::Error, claim.package, std::move(message),
                "the local file changed since the lock was written: restore it, or re-run `uv lock` if the "
                "change is intended"));
        } else {
            ++result.verified;
        }
        result.checked += actual ? 1 : 0;
    }

    std::vector<fetch::DownloadRequest> requests;
    std::vector<const std::vector<Claim>*> claims;
    for (const auto& [key, list] : remote) {
        fetch::DownloadRequest request;
        request.url = key.first;
        request.sha256 = key.second;
        request.size = list.front().artifact->size;
        requests.push_back(std::move(request));
        claims.push_back(&list);
    }
    const auto outcomes = fetch::download_all(requests, cache, options.download);
    for (std::size_t i = 0; i < outcomes.size(); ++i) {
        const auto& outcome = outcomes[i];
        const std::string url = fetch::redact_url(requests[i].url);
        if (!outcome.from_cache && outcome.status != fetch::DownloadStatus::Failed) {
            result.bytes_downloaded += outcome.bytes;
            result.downloaded += claims[i]->size();
        }
        for (const Claim& claim : *claims[i]) {
            const std::string label = package_label(*claim.package);
            const std::string filename = claim.artifact->filename();
            switch (outcome.status) {
            case fetch::DownloadStatus::Verified:
            case fetch::DownloadStatus::Unverified:
                ++result.verified;
                ++result.checked;
                result.from_cache += outcome.from_cache ? 1 : 0;
                break;
            case fetch::DownloadStatus::HashMismatch:
                ++result.checked;
                result.findings.push_back(make_finding(
                    rule::hash_mismatch, Severity::Error, claim.package,
                    "`" + filename + "` of " + label + " downloaded from " + url + " has hash sha256:" +
                        outcome.actual_sha256 + ", but the lock expects " + *claim.artifact->hash,
                    "the index now serves different bytes than when the lock was written (a re-upload, a "
                    "mirror, or tampering): find out which before trusting it; if legitimate, run "
                    "`uv lock --refresh-package " + claim.package->id.name + "`"));
                break;
            case fetch::DownloadStatus::SizeMismatch:
                ++result.checked;
                result.findings.push_back(make_finding(
                    rule::size_mismatch, Severity::Error, claim.package,
                    "`" + filename + "` of " + label + " from " + url + ": " + outcome.error,
                    "the index serves a different file than the lock records; nothing was cached"));
                break;
            case fetch::DownloadStatus::Failed:
                result.findings.push_back(make_finding(
                    rule::download_failed, Severity::Error, claim.package,
                    "cannot download `" + filename + "` of " + label + " from " + url + ": " + outcome.error,
                    "check the network, proxy settings or credentials (~/.netrc), then run again; verified "
                    "files are cached and not fetched twice"));
                break;
            }
        }
    }
    return result;
}

} // namespace lockkit::verify
