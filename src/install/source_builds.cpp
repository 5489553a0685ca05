// Wheels built for a sync; see include/lockkit/install/source_builds.hpp.

#include "lockkit/install/source_builds.hpp"

#include "lockkit/build/source_builder.hpp"
#include "lockkit/git/git_source.hpp"
#include "lockkit/install/artifact_location.hpp"
#include "lockkit/util/sha256.hpp"

namespace lockkit::install {

namespace {

std::string label(const lockfile::Package& p) {
    return p.id.name + (p.id.version ? "==" + *p.id.version : std::string());
}

/// `https://host/repo?subdirectory=x&rev=y#<commit>`, as the lock writes a git source.
struct LockedGit {
    std::string url;
    std::string commit;
    std::optional<std::string> subdirectory;
};

LockedGit parse_locked_git(const std::string& location) {
    LockedGit out;
    const auto hash = location.rfind('#');
    const std::string head = location.substr(0, hash);
    if (hash != std::string::npos) out.commit = location.substr(hash + 1);
    const auto question = head.find('?');
    out.url = head.substr(0, question);
    if (question != std::string::npos) {
        std::string_view query(head);
        query.remove_prefix(question + 1);
        while (!query.empty()) {
            const auto amp = query.find('&');
            const auto pair = query.substr(0, amp);
            if (pair.starts_with("subdirectory=")) out.subdirectory = std::string(pair.substr(13));
            query.remove_prefix(amp == std::string_view::npos ? query.size() : amp + 1);
        }
    }
    return out;
}

/// The sdist archive of a package, local or downloaded (checked against the lock's hash).
std::expected<std::pair<std::filesystem::path, std::string>, std::string> sdist_archive(
    const lockfile::Package& p, const fetch::ArtifactCache& artifacts, const SourceBuildSettings& settings) {
    const auto where = locate_artifact(p, *p.sdist, settings.lock_dir);
    if (!where) return std::unexpected("cannot tell where its source distribution is");
    const std::string expected = artifact_sha256(*p.sdist);
    if (!where->file.empty()) {
        auto actual = sha256_file(where->file);
        if (!actual) return std::unexpected("cannot read `" + where->file.string() + "`: " + actual.error());
        if (!expected.empty() && *actual != expected) {
            return std::unexpected("`" + where->file.string() + "` has hash sha256:" + *actual +
                                   ", but the lock expects sha256:" + expected);
        }
        return std::pair{where->file, *actual};
    }
    fetch::DownloadRequest request;
    request.url = where->url;
    if (!expected.empty()) request.sha256 = expected;
    request.size = p.sdist->size;
    const auto results = fetch::download_all(std::span(&request, 1), artifacts, settings.download);
    const auto& r = results.front();
    switch (r.status) {
    case fetch::DownloadStatus::Verified:
    case fetch::DownloadStatus::Unverified:
        return std::pair{r.path, r.actual_sha256};
    case fetch::DownloadStatus::HashMismatch:
        return std::unexpected("`" + p.sdist->filename() + "` downloaded from " + fetch::redact_url(where->url) +
                               " has hash sha256:" + r.actual_sha256 + ", but the lock expects sha256:" + expected);
    default:
        return std::unexpected("cannot download `" + p.sdist->filename() + "` from " + fetch::redact_url(where->url) +
                               ": " + (r.error.empty() ? std::string("its size is not the lock's") : r.error));
    }
}

/// What to build for one wanted distribution.
std::expected<build::BuildRequest, std::string> build_request(const WantedDistribution& w,
                                                              const fetch::ArtifactCache& artifacts,
                                                              const SourceBuildSettings& settings) {
    const auto& p = *w.package;
    build::BuildRequest request;
    request.name = p.id.name;
    if (p.id.version) {
        if (auto v = pep440::Version::parse(*p.id.version)) request.version = *v;
    }
    using lockfile::SourceKind;
    if (w.origin == WheelOrigin::Sdist) {
        if (!p.sdist) return std::unexpected(std::string("the lock has no source distribution for it"));
        auto archive = sdist_archive(p, artifacts, settings);
        if (!archive) return std::unexpected(archive.error());
        request.path = archive->first;
        request.sha256 = archive->second;
        request.is_archive = true;
        request.subdirectory = p.id.source.subdirectory;
        // uv names an sdist that is not from an index by where it is.
        if (p.id.source.kind == SourceKind::Url) request.label = p.id.name + " @ " + p.id.source.location;
        if (p.id.source.kind == SourceKind::Path) {
            std::error_code ec;
            request.label = p.id.name + " @ file://" +
                            std::filesystem::absolute(settings.lock_dir / p.id.source.location, ec).lexically_normal().generic_string();
        }
        return request;
    }
    if (p.id.source.kind == SourceKind::Git) {
        const auto locked = parse_locked_git(p.id.source.location);
        if (locked.commit.size() != 40) {
            return std::unexpected("the lock records no full commit for its git source `" + p.id.source.location + "`");
        }
        git::GitSource source;
        source.url = locked.url;
        source.reference.kind = git::GitReference::Kind::Rev;
        source.reference.name = locked.commit;
        source.subdirectory = locked.subdirectory;
        git::GitFetchOptions fetch_options;
        fetch_options.cache_root = settings.cache_root;
        fetch_options.offline = settings.offline;
        auto checkout = git::fetch_git_source(source, fetch_options);
        if (!checkout) return std::unexpected(checkout.error());
        request.path = checkout->directory;
        request.label = p.id.name + " @ git+" + locked.url + "@" + locked.commit;
        return request;
    }
    std::error_code ec;
    request.path = std::filesystem::absolute(settings.lock_dir / p.id.source.location, ec).lexically_normal();
    if (!std::filesystem::is_directory(request.path, ec)) {
        return std::unexpected("its source tree `" + request.path.string() + "` is not a folder");
    }
    return request;
}

} // namespace

std::expected<std::vector<PreparedWheel>, std::string> build_wheels(const std::vector<const WantedDistribution*>& wanted,
                                                                   const WheelStore& store,
                                                                   const fetch::ArtifactCache& artifacts,
                                                                   const SourceBuildSettings& settings) {
    build::BuilderSettings builder_settings{settings.cache_root, settings.interpreter, settings.requirements,
                                            settings.download, settings.unpack, settings.build_options};
    build::SourceBuilder builder(std::move(builder_settings));
    std::vector<PreparedWheel> out;
    std::string errors;
    // One build at a time: a build runs a Python process (or several) of its own.
    for (const auto* w : wanted) {
        const auto& p = *w->package;
        if (settings.on_build) settings.on_build(label(p));
        const auto fail = [&](const std::string& why) { errors += (errors.empty() ? "" : "\n") + why; };
        auto request = build_request(*w, artifacts, settings);
        if (!request) {
            fail("cannot build " + label(p) + ": " + request.error());
            continue;
        }
        const auto kind = w->origin == WheelOrigin::Editable ? build::BuildKind::Editable : build::BuildKind::Wheel;
        auto built = builder.build_wheel(*request, kind);
        if (!built) {
            fail(built.error());
            continue;
        }
        auto stored = store.find(built->sha256);
        if (!stored) {
            const auto identity = wheel_identity(built->filename);
            if (!identity) {
                fail("cannot build " + label(p) + ": `" + built->filename + "` is not a wheel file name");
                continue;
            }
            auto unpacked = store.unpack(built->file, built->sha256, *identity, settings.unpack);
            if (!unpacked) {
                fail("cannot build " + label(p) + ": the wheel its backend made (`" + built->filename + "`) is refused: " +
                     unpacked.error());
                continue;
            }
            stored = std::move(*unpacked);
        }
        out.push_back(PreparedWheel{std::move(*stored), false, !built->cached});
    }
    if (!errors.empty()) return std::unexpected(errors);
    return out;
}

} // namespace lockkit::install
