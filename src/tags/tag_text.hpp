#pragma once
// Small text helpers shared by the tag parsers (private to src/tags).

#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lockkit::tags::detail {

/// A decimal number of ASCII digits only that fits in T (what Rust's `str::parse` accepts
/// for tag fields, which never contain a sign).
template <typename T>
std::optional<T> parse_number(std::string_view text) {
    if (text.empty() || text.front() < '0' || text.front() > '9') {
        return std::nullopt;
    }
    T value{};
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) {
        return std::nullopt;
    }
    return value;
}

/// "<digit><number>" as (major, minor): `312` is (3, 12), `39` is (3, 9); `3` alone fails.
inline std::optional<std::pair<std::uint8_t, std::uint8_t>> parse_major_minor(std::string_view text) {
    if (text.empty() || text[0] < '0' || text[0] > '9') {
        return std::nullopt;
    }
    const auto minor = parse_number<std::uint8_t>(text.substr(1));
    if (!minor) {
        return std::nullopt;
    }
    return std::pair{static_cast<std::uint8_t>(text[0] - '0'), *minor};
}

inline void append_number(std::string& out, unsigned value) {
    char buffer[8];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, end);
}

/// Splits "a_b_rest" into a, b and rest at the first two underscores; nothing if there are fewer.
struct ThreeParts {
    std::string_view first, second, rest;
};
inline std::optional<ThreeParts> split_two_underscores(std::string_view text) {
    const auto a = text.find('_');
    if (a == std::string_view::npos) {
        return std::nullopt;
    }
    const auto b = text.find('_', a + 1);
    if (b == std::string_view::npos) {
        return std::nullopt;
    }
    return ThreeParts{text.substr(0, a), text.substr(a + 1, b - a - 1), text.substr(b + 1)};
}

} // namespace lockkit::tags::detail
