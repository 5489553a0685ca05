#pragma once
// The time a merge may spend re-resolving, as a user writes it: `--budget`,
// `LOCKKIT_MERGE_BUDGET` or `git config lockkit.merge.budget`, in seconds.
//
// Zero is a budget like any other: no time to re-resolve, so a merge that needs a
// re-resolution ends with markers and says why, at once. A positive value too small to
// measure still gets a microsecond, so that it ends by the budget and says so. What does
// not read as a finite, non-negative number of seconds is an error naming the text.

#include <chrono>
#include <expected>
#include <string>
#include <string_view>

namespace lockkit::merge {

/// Budgets above this many seconds are taken as this one (no limit, in practice).
inline constexpr double k_max_budget_seconds = 1e9;

/// `text` as a budget, or why it is not one.
std::expected<std::chrono::microseconds, std::string> parse_budget(std::string_view text);

} // namespace lockkit::merge
