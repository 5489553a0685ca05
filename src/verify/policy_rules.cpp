// Source-policy rules of lock-verify: each is off unless enabled in VerifyOptions.
// Every remote URL of a package (registry, direct URL, git, artifact URLs) is
// checked for scheme and host; local paths are never network sources.

#include "finding_builder.hpp"
#include "lockkit/pep508/package_name.hpp"
#include "lockkit/verify/verify.hpp"
#include "url_parts.hpp"

#include <algorithm>
#include <cctype>
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

} // namespace

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
        if (denied.contains(p.id.name)) {
            out.push_back(make_finding(rule::denied_package, Severity::Error, &p,
                                       package_label(p) + " is a denied package",
                                       "remove the dependency that pulls in " + p.id.name + " and re-run `uv lock`"));
        }
    }
    return out;
}

} // namespace lockkit::verify
