// Parsing the re-resolution budget (see budget.hpp).

#include "lockkit/merge/budget.hpp"

#include <charconv>
#include <cmath>

namespace lockkit::merge {

std::expected<std::chrono::microseconds, std::string> parse_budget(std::string_view text) {
    double seconds = 0;
    const char* const end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, seconds);
    if (text.empty() || ec != std::errc{} || ptr != end || !std::isfinite(seconds) || seconds < 0)
        return std::unexpected("`" + std::string(text) + "` is not a number of seconds (0 or more)");
    if (seconds > k_max_budget_seconds) seconds = k_max_budget_seconds;
    return std::chrono::microseconds(static_cast<std::int64_t>(std::ceil(seconds * 1e6)));
}

} // namespace lockkit::merge
