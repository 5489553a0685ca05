// Durations ("7d") and RFC 3339 timestamps (util/timestamp.hpp) for `--min-age` / `--now`.

#include "lockkit/verify/options.hpp"

#include "lockkit/util/timestamp.hpp"

#include <charconv>
#include <cstdint>

namespace lockkit::verify {

std::optional<std::int64_t> parse_duration(std::string_view text) {
    if (text.empty()) {
        return std::nullopt;
    }
    std::int64_t total = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        std::int64_t n = 0;
        auto [ptr, ec] = std::from_chars(text.data() + i, text.data() + text.size(), n);
        if (ec != std::errc() || ptr == text.data() + i || ptr == text.data() + text.size() || n < 0) {
            return std::nullopt;
        }
        i = static_cast<std::size_t>(ptr - text.data());
        std::int64_t unit = 0;
        switch (text[i]) {
        case 's': unit = 1; break;
        case 'm': unit = 60; break;
        case 'h': unit = 3600; break;
        case 'd': unit = 86400; break;
        case 'w': unit = 7 * 86400; break;
        default: return std::nullopt;
        }
        // A duration this long is a typo, not a policy: refuse it rather than overflow.
        if (n > (INT64_MAX - total) / unit) {
            return std::nullopt;
        }
        total += n * unit;
        ++i;
    }
    return total;
}

std::optional<std::int64_t> parse_timestamp(std::string_view text) {
    const auto ms = parse_timestamp_ms(text);
    if (!ms) {
        return std::nullopt;
    }
    return *ms >= 0 ? *ms / 1000 : (*ms - 999) / 1000;
}

std::string format_timestamp(std::int64_t seconds) {
    return lockkit::format_timestamp(seconds);
}

} // namespace lockkit::verify
