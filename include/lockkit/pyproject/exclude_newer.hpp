#pragma once
// What an `exclude-newer` value may be (uv's `ExcludeNewerValue::from_str`): `false`, an RFC 3339
// timestamp, a bare date (that whole day), or a span ("7 days", "P2W"). One parser for every
// place a value comes from, so each can name where a bad value was written.

#include <lockkit/pyproject/settings.hpp>

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace lockkit::pyproject {

/// A relative span as an ISO 8601 duration and its length in days: `P7D`, `7 days`, `2 weeks`.
std::optional<std::pair<std::string, std::int64_t>> exclude_newer_span(std::string_view text);

/// A bare date's cutoff (the next day's midnight, system time zone) in milliseconds.
std::optional<std::int64_t> exclude_newer_date_cutoff(std::string_view text);

/// The setting `text` names; the error (without location) says why it is none.
std::expected<ExcludeNewerSetting, std::string> parse_exclude_newer(std::string_view text);

} // namespace lockkit::pyproject
