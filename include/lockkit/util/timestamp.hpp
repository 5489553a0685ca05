#pragma once
// RFC 3339 timestamps, as index pages (PEP 700 `upload-time`), uv.lock and our
// options write them: "2024-03-24T00:00:00Z", "2013-05-16T14:47:26.180028Z",
// "2024-01-15T10:30:00+02:00", or a bare date "2024-01-15" (midnight UTC).
// Kept as milliseconds since the Unix epoch, the precision uv keeps.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lockkit {

/// Milliseconds since 1970-01-01T00:00:00Z (fractions below a millisecond dropped);
/// nothing for text that is not such a timestamp.
std::optional<std::int64_t> parse_timestamp_ms(std::string_view text);

/// Unix seconds as "2024-01-15T10:30:00Z".
std::string format_timestamp(std::int64_t seconds);
/// Milliseconds as uv.lock writes upload times: "2024-02-19T08:36:26.842Z", with trailing
/// zeros of the fraction trimmed ("...:28.33Z", "...:45Z").
std::string format_timestamp_ms(std::int64_t milliseconds);

} // namespace lockkit
