#include "lockkit/util/timestamp.hpp"

#include <cstdio>

namespace lockkit {

namespace {

// Howard Hinnant's days_from_civil.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
    if (pos + n > s.size()) {
        return false;
    }
    out = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
        if (s[i] < '0' || s[i] > '9') {
            return false;
        }
        out = out * 10 + (s[i] - '0');
    }
    return true;
}

} // namespace

std::optional<std::int64_t> parse_timestamp_ms(std::string_view s) {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
    if (!digits(s, 0, 4, y) || s.size() < 10 || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' ||
        !digits(s, 8, 2, d) || mo < 1 || mo > 12 || d < 1 || d > 31) {
        return std::nullopt;
    }
    std::int64_t offset = 0;
    std::int64_t millis = 0;
    if (s.size() > 10) {
        if ((s[10] != 'T' && s[10] != 't' && s[10] != ' ') || !digits(s, 11, 2, h) || s.size() < 19 || s[13] != ':' ||
            !digits(s, 14, 2, mi) || s[16] != ':' || !digits(s, 17, 2, sec) || h > 23 || mi > 59 || sec > 60) {
            return std::nullopt;
        }
        std::size_t i = 19;
        if (i < s.size() && s[i] == '.') {
            ++i;
            const std::size_t start = i;
            while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
                if (i - start < 3) {
                    millis = millis * 10 + (s[i] - '0');
                }
                ++i;
            }
            if (i == start) {
                return std::nullopt;
            }
            for (std::size_t n = i - start; n < 3; ++n) {
                millis *= 10;  // ".5" is 500 ms
            }
        }
        if (i == s.size()) {
            return std::nullopt;  // RFC 3339 requires a zone
        }
        if (s[i] == 'Z' || s[i] == 'z') {
            ++i;
        } else if (s[i] == '+' || s[i] == '-') {
            int oh = 0, om = 0;
            if (!digits(s, i + 1, 2, oh) || i + 3 >= s.size() || s[i + 3] != ':' || !digits(s, i + 4, 2, om)) {
                return std::nullopt;
            }
            offset = (s[i] == '+' ? 1 : -1) * (oh * 3600 + om * 60);
            i += 6;
        }
        if (i != s.size()) {
            return std::nullopt;
        }
    }
    const std::int64_t seconds =
        days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 + h * 3600 + mi * 60 + sec -
        offset;
    return seconds * 1000 + millis;
}

std::string format_timestamp(std::int64_t t) {
    std::int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
    std::int64_t rem = t - days * 86400;
    // civil_from_days
    days += 719468;
    const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(days - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    if (y >= 0 && y <= 9999) {
        // The lock writes one per file: digits by hand, a tenth of what snprintf costs.
        char buf[21] = "0000-00-00T00:00:00Z";
        const auto put = [&](std::size_t at, std::int64_t value, int width) {
            for (int i = width - 1; i >= 0; --i, value /= 10) buf[at + static_cast<std::size_t>(i)] = char('0' + value % 10);
        };
        put(0, y, 4);
        put(5, m, 2);
        put(8, d, 2);
        put(11, rem / 3600, 2);
        put(14, rem / 60 % 60, 2);
        put(17, rem % 60, 2);
        return std::string(buf, 20);
    }
    char buf[96];  // generous: the compiler cannot bound the year
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lldZ", static_cast<long long>(y), m, d,
                  static_cast<long long>(rem / 3600), static_cast<long long>(rem / 60 % 60),
                  static_cast<long long>(rem % 60));
    return buf;
}

std::string format_timestamp_ms(std::int64_t ms) {
    std::int64_t seconds = ms >= 0 ? ms / 1000 : (ms - 999) / 1000;
    const std::int64_t fraction = ms - seconds * 1000;
    std::string out = format_timestamp(seconds);
    if (fraction == 0) return out;
    char f[4] = {'.', char('0' + fraction / 100), char('0' + fraction / 10 % 10), char('0' + fraction % 10)};
    std::size_t n = 4;
    while (f[n - 1] == '0') --n;  // trailing zeros trimmed, as uv writes them
    out.insert(out.size() - 1, f, n);
    return out;
}

} // namespace lockkit
