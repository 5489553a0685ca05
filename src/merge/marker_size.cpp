// Strict parsing of the conflict marker size (see marker_size.hpp).

#include "lockkit/merge/marker_size.hpp"

#include <charconv>

namespace lockkit::merge {

std::expected<int, std::string> parse_marker_size(std::string_view text) {
    const std::string range = " (a whole number from " + std::to_string(k_min_marker_size) + " to " +
                              std::to_string(k_max_marker_size) + ")";
    int value = 0;
    const char* const end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec == std::errc::invalid_argument || ptr != end) {
        return std::unexpected("marker size `" + std::string(text) + "` is not a number" + range);
    }
    if (ec == std::errc::result_out_of_range || value < k_min_marker_size || value > k_max_marker_size) {
        return std::unexpected("marker size " + std::string(text) + " is out of range" + range);
    }
    return value;
}

} // namespace lockkit::merge
