#include "lockkit/lockfile/lock.hpp"

#include <algorithm>
#include <cstring>

namespace lockkit::lockfile {

const char* source_kind_key(SourceKind kind) {
    switch (kind) {
    case SourceKind::Registry: return "registry";
    case SourceKind::Git: return "git";
    case SourceKind::Url: return "url";
    case SourceKind::Path: return "path";
    case SourceKind::Directory: return "directory";
    case SourceKind::Editable: return "editable";
    case SourceKind::Virtual: return "virtual";
    }
    return "registry";
}

bool Source::is_remote_registry() const {
    return kind == SourceKind::Registry && location.find("://") != std::string::npos;
}

std::string_view Artifact::filename_view() const {
    std::string_view loc = location;
    if (location_kind == ArtifactLocation::Url) {
        // Cut a query or fragment (two SIMD memchr scans, not find_first_of's per-character one).
        const void* q = std::memchr(loc.data(), '?', loc.size());
        const void* h = std::memchr(loc.data(), '#', loc.size());
        const char* cut = loc.data() + loc.size();
        if (q != nullptr) {
            cut = std::min(cut, static_cast<const char*>(q));
        }
        if (h != nullptr) {
            cut = std::min(cut, static_cast<const char*>(h));
        }
        loc = loc.substr(0, static_cast<std::size_t>(cut - loc.data()));
    }
    const auto slash = loc.rfind('/');
    return slash == std::string_view::npos ? loc : loc.substr(slash + 1);
}

std::string Artifact::filename() const { return std::string(filename_view()); }

bool Options::empty() const {
    return !resolution_mode && !prerelease_mode && !fork_strategy && !exclude_newer && !exclude_newer_span &&
           prerelease_package.empty() && exclude_newer_package.empty();
}

bool Manifest::empty() const {
    bool groups = false;
    for (const auto& [name, list] : dependency_groups) {
        groups = groups || !list.empty();
    }
    return members.empty() && requirements.empty() && constraints.empty() && overrides.empty() && excludes.empty() &&
           build_constraints.empty() && !groups && dependency_metadata.empty();
}

std::ptrdiff_t Lock::find(const PackageId& id) const {
    for (std::size_t i = 0; i < packages.size(); ++i) {
        if (packages[i].id == id) {
            return static_cast<std::ptrdiff_t>(i);
        }
    }
    return -1;
}

} // namespace lockkit::lockfile
