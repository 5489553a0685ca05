#pragma once
// A lock directory in a throw-away tree, for each mechanism in turn.

#include "../../temp_tree.hpp"

#include "lockkit/fs/lock_directory.hpp"

#include <catch2/catch.hpp>
#include <mutex>
#include <string>
#include <vector>

namespace lockkit::testing {

/// Notices a directory sent, collected from any thread.
struct NoticeLog {
    std::mutex mutex;
    std::vector<std::string> lines;
    void add(std::string_view line) {
        std::lock_guard guard(mutex);
        lines.emplace_back(line);
    }
    std::vector<std::string> snapshot() {
        std::lock_guard guard(mutex);
        return lines;
    }
};

inline fs::LockSettings test_settings(const TempTree& tree, fs::LockMechanism mechanism, NoticeLog* log = nullptr) {
    fs::LockSettings settings;
    settings.directory = tree.root() / "state" / "locks";
    settings.mechanism = mechanism;
    settings.timeout = std::chrono::seconds(20);
    if (log != nullptr) {
        settings.on_notice = [log](std::string_view line) { log->add(line); };
    }
    return settings;
}

inline fs::LockDirectory open_directory(fs::LockSettings settings) {
    auto dir = fs::LockDirectory::open(std::move(settings));
    REQUIRE(dir);
    return std::move(*dir);
}

} // namespace lockkit::testing
