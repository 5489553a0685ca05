// Objects kept until the process exits; see include/lockkit/util/leave_for_exit.hpp.

#include "lockkit/util/leave_for_exit.hpp"

#include <mutex>
#include <vector>

namespace lockkit::detail {

void keep_until_exit(std::shared_ptr<const void> value) {
    static std::mutex mutex;
    // Allocated once and never deleted: no destructor runs for it (or what it holds) at exit,
    // and the static pointer keeps everything reachable.
    static auto* const kept = new std::vector<std::shared_ptr<const void>>();
    std::lock_guard lock(mutex);
    kept->push_back(std::move(value));
}

} // namespace lockkit::detail
