#pragma once
// FSLOCK: stand-in for the shared-state lock every cache write must hold.
//
// The filesystem-lock module (lockkit/fs, coming from the fslock branch)
// provides LockDirectory::process_wide()->acquire(resource, LockMode::Exclusive).
// Until it is merged, each cache the registry client writes takes this no-op
// guard at exactly one place, so wiring the real lock in is one change per
// cache. The call sites (grep for `FSLOCK:`):
//   simple_pages.cpp    simple-v1/   a project page entry
//   flat_locations.cpp  flat-v1/     a remote flat (find-links) page entry
//   metadata_fetch.cpp  metadata-v1/ a metadata entry; artifacts-v1/ a downloaded sdist
//   git/git_source.cpp  git-v1/      a repository database fetch, a checkout

#include <filesystem>

namespace lockkit::index::detail {

struct CacheWriteGuard {};

/// Takes the lock guarding writes to `entry` (a path inside the cache).
inline CacheWriteGuard lock_cache_entry(const std::filesystem::path& entry) {
    (void)entry;
    return {};
}

} // namespace lockkit::index::detail
