#pragma once
// The lock a sync holds on its environment, so two syncs of one environment run one
// after the other instead of interleaving their installs.
//
// This is a stand-in that locks nothing: the shared-state filesystem locks
// (`lockkit/fs/`, RAII locks with shared and exclusive modes, a timeout and a message
// naming the holder) take its place. `sync_lock` (install/sync.cpp) calls
// `EnvironmentLock::acquire` in exactly one place, before it reads the environment.

#include <expected>
#include <filesystem>
#include <string>

namespace lockkit::install {

class EnvironmentLock {
public:
    /// Takes the exclusive lock of the environment at `root` (which may not exist yet).
    static std::expected<EnvironmentLock, std::string> acquire(const std::filesystem::path& root) {
        (void)root;
        return EnvironmentLock();
    }
};

} // namespace lockkit::install
