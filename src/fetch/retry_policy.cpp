#include "lockkit/fetch/retry_policy.hpp"

#include <algorithm>

namespace lockkit::fetch {

std::chrono::milliseconds RetryPolicy::delay_after(unsigned failures,
                                                   std::optional<std::chrono::seconds> retry_after) const {
    using std::chrono::milliseconds;
    const unsigned shift = std::min(failures == 0 ? 0u : failures - 1, 16u);
    milliseconds delay = std::min<milliseconds>(base_delay * (1LL << shift), max_delay);
    if (retry_after) {
        const milliseconds asked = std::min<milliseconds>(*retry_after, std::chrono::seconds(60));
        delay = std::max(delay, asked);
    }
    return delay;
}

bool is_transient_http_status(long status) {
    return status == 408 || status == 429 || (status >= 500 && status <= 599);
}

} // namespace lockkit::fetch
