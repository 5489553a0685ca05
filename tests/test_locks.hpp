#pragma once
// A lock directory of a test's own (lockkit/fs), in a throw-away tree outside
// whatever the test locks, so tests neither touch the user's state directory
// nor see lock files among the files they count.

#include "temp_tree.hpp"

#include "lockkit/fs/lock_directory.hpp"

#include <chrono>
#include <stdexcept>

namespace lockkit::testing {

class TestLocks {
public:
    TestLocks() : m_dir(open(m_tree)) {}
    const fs::LockDirectory& dir() const { return m_dir; }
    operator const fs::LockDirectory&() const { return m_dir; }

private:
    static fs::LockDirectory open(const TempTree& tree) {
        fs::LockSettings settings;
        settings.directory = tree.root() / "locks";
        settings.timeout = std::chrono::seconds(20);
        auto dir = fs::LockDirectory::open(std::move(settings));
        if (!dir) {
            throw std::runtime_error(dir.error().describe());
        }
        return std::move(*dir);
    }
    TempTree m_tree;
    fs::LockDirectory m_dir;
};

} // namespace lockkit::testing
