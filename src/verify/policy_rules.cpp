// Source-policy rules of lock-verify: each is off unless enabled in VerifyOptions.
// Every remote URL of a package (registry, direct URL, git, artifact URLs) is
// checked for scheme and host; local paths are never network sources.

#include "finding_builder.hpp"
#include "lockkit/pep508/package_name.hpp"
#include "lockkit/verify/verify.hpp"
#include "url_parts.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <set>
#include <unordered_set>

namespace lockkit::verify {

using lockfile::ArtifactLocation;
using lockfile::Lock;
using lockfile::Package;
using lockfile::SourceKind;
using detail::make_finding;
using detail::package_label;

namespace {

/// The remote URLs a package depends on: its source and its artifacts' URLs.
std::vector<std::string> remote_urls(const Package& p) {
    std::vector<std::string> urls;
    if (p.id.source.kind == SourceKind::Registry || p.id.source.kind == SourceKind::Url ||
        p.id.source.kind == SourceKind::Git) {
        if (p.id.source.location.find("://") != std::string::npos) {
            urls.push_back(p.id.source.location);
        }
    }
    auto add = [&](const lockfile::Artifact& a) {
        if (a.location_kind == ArtifactLocation::Url && a.location != p.id.source.location) {
            urls.push_back(a.location);
        }
    };
    if (p.sdist) {
        add(*p.sdist);
    }
    for (const auto& w : p.wheels) {
        add(w);
    }
    return urls;
}

void check_urls(const Package& p, const VerifyOptions& options, std::vector<Finding>& out) {
    // One finding per (rule, host/scheme) per package, not one per wheel.
    std::set<std::string> reported;
    for (const auto& url : remote_urls(p)) {
        const auto parts = detail::split_url(url);
        if (!parts || parts->scheme == "file") {
            continue;
        }
        if (options.https_only && parts->scheme != "https" && reported.insert("s:" + parts->scheme).second) {
            out.push_back(make_finding(rule::insecure_url, Severity::Error, &p,
                                       package_label(p) + " is fetched over " + parts->scheme + ": `" + url + "`",
                                       "use an https:// index or URL (and re-run `uv lock`)"));
        }
        if (!options.allowed_hosts.empty() &&
            std::find(options.allowed_hosts.begin(), options.allowed_hosts.end(), parts->host) ==
                options.allowed_hosts.end() &&
            reported.insert("h:" + parts->host).second) {
            out.push_back(make_finding(rule::disallowed_host, Severity::Error, &p,
                                       package_label(p) + " comes from host `" + parts->host +
                                           "`, which is not an allowed host: `" + url + "`",
                                       "fetch it from an allowed index, or add `--allow-host " + parts->host +
                                           "` if the host is trusted"));
        }
    }
}

bool is_full_commit(std::string_view s) {
    return s.size() == 40 && std::all_of(s.begin(), s.end(), [](char c) {
               return std::isdigit(static_cast<unsigned char>(c)) || (c >= 'a' && c <= 'f');
           });
}

void check_git_pin(const Package& p, std::vector<Finding>& out) {
    if (p.id.source.kind != SourceKind::Git) {
        return;
    }
    const std::string& loc = p.id.source.location;
    const auto hash = loc.rfind('#');
    const std::string_view commit = hash == std::string::npos ? std::string_view{} : std::string_view(loc).substr(hash + 1);
    if (!is_full_commit(commit)) {
        out.push_back(make_finding(rule::unpinned_git, Severity::Error, &p,
                                   package_label(p) + " git source `" + loc + "` is not pinned to a full commit" +
                                       (commit.empty() ? "" : " (`#" + std::string(commit) + "`)"),
                                   "re-run `uv lock` so the resolved 40-hex commit is recorded after `#`"));
    }
}

/// The local paths a package's source and artifacts name (relative to the lock's folder).
std::vector<std::string> local_paths(const Package& p) {
    std::vector<std::string> paths;
    const auto& src = p.id.source;
    const bool local_registry = src.kind == SourceKind::Registry && !src.is_remote_registry();
    if (src.kind == SourceKind::Path || src.is_source_tree() || local_registry) {
        paths.push_back(src.location);
    }
    auto add = [&](const lockfile::Artifact& a) {
        if (a.location_kind == ArtifactLocation::Path) {
            paths.push_back(local_registry ? (std::filesystem::path(src.location) / a.location).string() : a.location);
        }
    };
    if (p.sdist) {
        add(*p.sdist);
    }
    for (const auto& w : p.wheels) {
        add(w);
    }
    return paths;
}

void check_paths(const Package& p, const VerifyOptions& options, std::vector<Finding>& out) {
    namespace fs = std::filesystem;
    const fs::path lock_dir = options.lock_dir.empty() ? fs::path("/lockkit-virtual-root") : options.lock_dir;
    const fs::path root = (options.repo_root.empty() ? lock_dir : options.repo_root).lexically_normal();
    for (const auto& loc : local_paths(p)) {
        std::string path = loc;
        if (path.starts_with("file://")) {
            path = path.substr(7);
        }
        const fs::path full = (lock_dir / path).lexically_normal();
        const fs::path rel = full.lexically_relative(root);
        if (rel.empty() || *rel.begin() == "..") {
            out.push_back(make_finding(rule::path_outside_repo, Severity::Error, &p,
                                       package_label(p) + " comes from `" + loc +
                                           "`, which lies outside the repository (" + root.string() + ")",
                                       "vendor the package inside the repository or publish it to an index; a "
                                       "checkout elsewhere cannot reproduce this lock"));
            return;
        }
    }
}

void check_age(const Package& p, const VerifyOptions& options, std::int64_t now, std::vector<Finding>& out) {
    std::optional<std::int64_t> newest;
    std::string newest_text;
    auto consider = [&](const lockfile::Artifact& a) {
        if (!a.upload_time) {
            return;
        }
        if (auto t = parse_timestamp(*a.upload_time); t && (!newest || *t > *newest)) {
            newest = t;
            newest_text = *a.upload_time;
        }
    };
    if (p.sdist) {
        consider(*p.sdist);
    }
    for (const auto& w : p.wheels) {
        consider(w);
    }
    if (!newest) {
        return;
    }
    const std::int64_t age = now - *newest;
    if (age < *options.min_age_seconds) {
        const std::int64_t hours = std::max<std::int64_t>(age, 0) / 3600;
        out.push_back(make_finding(
            rule::too_new, Severity::Error, &p,
            package_label(p) + " was uploaded at " + newest_text + " (" +
                (hours >= 48 ? std::to_string(hours / 24) + " days" : std::to_string(hours) + " hours") +
                " ago), younger than the minimum age",
            "wait until " + format_timestamp(*newest + *options.min_age_seconds) +
                ", or lock an older release (`uv lock --exclude-newer " +
                format_timestamp(now - *options.min_age_seconds) + "`)"));
    }
}

} // namespace

void apply_severity(std::vector<Finding>& findings, const VerifyOptions& options) {
    if (options.severity.empty()) {
        return;
    }
    for (auto& f : findings) {
        if (auto it = options.severity.find(f.rule); it != options.severity.end()) {
            f.severity = it->second;
        }
    }
}

std::vector<Finding> check_policy(const Lock& lock, const VerifyOptions& options) {
    std::vector<Finding> out;
    std::unordered_set<std::string> denied;
    for (const auto& d : options.denied) {
        denied.insert(pep508::normalize_name(d));
    }
    VerifyOptions normalized = options;
    for (auto& h : normalized.allowed_hosts) {
        std::transform(h.begin(), h.end(), h.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    }
    const std::int64_t now =
        options.now ? *options.now
                    : std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
                          .count();
    for (const Package& p : lock.packages) {
        if (normalized.https_only || !normalized.allowed_hosts.empty()) {
            check_urls(p, normalized, out);
        }
        if (normalized.require_pinned_git) {
            check_git_pin(p, out);
        }
        if (normalized.no_sdist_only && p.id.source.kind == SourceKind::Registry && p.sdist && p.wheels.empty()) {
            out.push_back(make_finding(rule::sdist_only, Severity::Error, &p,
                                       package_label(p) + " has only an sdist: installing it runs a build",
                                       "pick a version with wheels, or build a wheel into your own index"));
        }
        if (normalized.require_paths_inside_repo) {
            check_paths(p, normalized, out);
        }
        if (normalized.min_age_seconds) {
            check_age(p, normalized, now, out);
        }
        if (denied.contains(p.id.name)) {
            out.push_back(make_finding(rule::denied_package, Severity::Error, &p,
                                       package_label(p) + " is a denied package",
                                       "remove the dependency that pulls in " + p.id.name + " and re-run `uv lock`"));
        }
    }
    return out;
}

} // namespace lockkit::verify
