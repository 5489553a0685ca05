#pragma once
// Small string helpers used across modules.

#include <string>
#include <string_view>
#include <vector>

namespace lockkit {

/// `items` with `separator` between each pair: join({"a", "b"}, ", ") == "a, b".
inline std::string join(const std::vector<std::string>& items, std::string_view separator) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i != 0) {
            out += separator;
        }
        out += items[i];
    }
    return out;
}

/// `s` without spaces, tabs, carriage returns and newlines at either end.
constexpr std::string_view trim_whitespace(std::string_view s) {
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) {
        return {};
    }
    return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

/// The value of one hexadecimal digit (either case), or -1.
constexpr int hex_digit_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

} // namespace lockkit
