#include "lockkit/verify/verify.hpp"

#include <iterator>

namespace lockkit::verify {

std::vector<Finding> verify_lock(const lockfile::Lock& lock, const VerifyOptions& options) {
    std::vector<Finding> out = check_integrity(lock);
    std::vector<Finding> policy = check_policy(lock, options);
    out.insert(out.end(), std::make_move_iterator(policy.begin()), std::make_move_iterator(policy.end()));
    apply_severity(out, options);
    return out;
}

} // namespace lockkit::verify
