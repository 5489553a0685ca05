#pragma once
// When a failed download is worth trying again, and how long to wait first.
// Transient failures are the ones a second attempt can cure: timeouts, reset
// or refused connections, transfers that ended early, and the HTTP statuses
// servers use for "not now" (408, 429, 5xx). A 404 or 403 will not change, and
// a hash mismatch is a verdict, not an accident, so neither is retried.
// Waits grow exponentially (base * 2^n, capped) so a struggling server is not
// hammered; a server's Retry-After is honoured when it asks for longer.

#include <chrono>
#include <optional>

namespace lockkit::fetch {

struct RetryPolicy {
    unsigned retries = 3;  ///< attempts after the first (uv's default is also 3)
    std::chrono::milliseconds base_delay{250};
    std::chrono::milliseconds max_delay{8000};

    /// The wait before attempt `failures + 1`, after `failures` (>= 1) failed ones.
    /// `retry_after` is the server's Retry-After, if any; it is capped at 60 s.
    std::chrono::milliseconds delay_after(unsigned failures,
                                          std::optional<std::chrono::seconds> retry_after = std::nullopt) const;
};

/// Whether an HTTP status is worth retrying (408, 429 and 500-599).
bool is_transient_http_status(long status);

} // namespace lockkit::fetch
