// exclude-newer values; see include/lockkit/pyproject/exclude_newer.hpp.

#include <lockkit/pyproject/exclude_newer.hpp>

#include <lockkit/util/timestamp.hpp>

#include <algorithm>
#include <cctype>
#include <ctime>

namespace lockkit::pyproject {

std::optional<std::pair<std::string, std::int64_t>> exclude_newer_span(std::string_view input) {
    std::string text(input);
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::int64_t n = 0;
    std::size_t i = text.starts_with("p") ? 1 : 0;
    const std::size_t digits = i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) n = n * 10 + (text[i++] - '0');
    if (i == digits) return std::nullopt;
    while (i < text.size() && text[i] == ' ') ++i;
    const std::string unit = text.substr(i);
    if (unit == "d" || unit == "day" || unit == "days") return std::pair{"P" + std::to_string(n) + "D", n};
    if (unit == "w" || unit == "week" || unit == "weeks") return std::pair{"P" + std::to_string(n) + "W", 7 * n};
    return std::nullopt;
}

// uv takes the next day's midnight in the system's time zone (jiff's `TimeZone::system()`,
// which like `mktime` follows `TZ`, else /etc/localtime).
std::optional<std::int64_t> exclude_newer_date_cutoff(std::string_view text) {
    const bool date = text.size() == 10 && text[4] == '-' && text[7] == '-' &&
                      std::all_of(text.begin(), text.end(), [](char c) { return c == '-' || std::isdigit(static_cast<unsigned char>(c)); });
    if (!date || !parse_timestamp_ms(text)) return std::nullopt;
    std::tm day{};
    day.tm_year = std::stoi(std::string(text.substr(0, 4))) - 1900;
    day.tm_mon = std::stoi(std::string(text.substr(5, 2))) - 1;
    day.tm_mday = std::stoi(std::string(text.substr(8, 2))) + 1;  // mktime carries into the next month
    day.tm_isdst = -1;
    const std::time_t next = std::mktime(&day);
    if (next == static_cast<std::time_t>(-1)) return std::nullopt;
    return static_cast<std::int64_t>(next) * 1000;
}

std::expected<ExcludeNewerSetting, std::string> parse_exclude_newer(std::string_view text) {
    if (text == "false" || exclude_newer_date_cutoff(text) || parse_timestamp_ms(text) || exclude_newer_span(text))
        return exclude_newer_setting(text);
    return std::unexpected("`" + std::string(text) + "` is neither a timestamp nor a span");
}

} // namespace lockkit::pyproject
