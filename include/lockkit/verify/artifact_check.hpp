#pragma once
// `--artifacts DIR`: hash the files of a wheelhouse / --find-links folder whose
// filenames appear in the lock and compare each with the lock's recorded hash.
// Only the folder's top level is scanned; files the lock does not name are
// ignored, and lock artifacts absent from the folder are not reported (a
// wheelhouse usually holds one platform's subset). Files are hashed in
// parallel, one std::thread per core at most.

#include "lockkit/lockfile/lock.hpp"
#include "lockkit/verify/finding.hpp"

#include <expected>
#include <filesystem>
#include <string>
#include <vector>

namespace lockkit::verify {

struct ArtifactCheckResult {
    std::vector<Finding> findings;  ///< hash-mismatch / artifact-unreadable
    std::size_t checked = 0;        ///< files hashed and compared
};

/// Compares the files in `dir` with the lock's hashes; the error says why the
/// folder could not be read at all. `jobs` = 0 uses hardware_concurrency().
std::expected<ArtifactCheckResult, std::string> check_artifacts(const lockfile::Lock& lock,
                                                                const std::filesystem::path& dir,
                                                                unsigned jobs = 0);

} // namespace lockkit::verify
