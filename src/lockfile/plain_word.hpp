#pragma once
// Internal: eight bytes of a TOML basic string checked at once, shared by the
// canonical parser (where does this string end?) and the writer (does this
// string need escapes?). Strings (URLs, hashes) are most of a lock's bytes.

#include <cstdint>

namespace lockkit::lockfile::detail {

/// True when none of the 8 bytes is a control character (TAB included), DEL, a
/// quote or a backslash. The classic SWAR "has a zero byte" test never misses
/// such a byte; it may also flag bytes after a real one, which only sends the
/// caller to its byte loop. A TAB is flagged too: the parser's byte loop
/// accepts it, the writer's escapes it.
inline bool plain_word(std::uint64_t x) {
    constexpr std::uint64_t ones = 0x0101010101010101ULL;
    constexpr std::uint64_t highs = 0x8080808080808080ULL;
    auto has_zero = [](std::uint64_t v) { return (v - ones) & ~v & highs; };
    const std::uint64_t quote = has_zero(x ^ (ones * '"'));
    const std::uint64_t backslash = has_zero(x ^ (ones * '\\'));
    const std::uint64_t control = (x - ones * 0x20) & ~x & highs;
    const std::uint64_t del = has_zero(x ^ (ones * 0x7f));
    return (quote | backslash | control | del) == 0;
}

} // namespace lockkit::lockfile::detail
