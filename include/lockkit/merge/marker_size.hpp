#pragma once
// The size of git's conflict markers, as the merge driver receives it: from
// `-L N` or as git's `%L` placeholder. It comes from a config string a user
// typed, so it is parsed strictly: digits only, within the range git's own
// `conflict-marker-size` attribute makes sense for. Too small a size writes
// "markers" that neither git nor a person recognises as a conflict.

#include <expected>
#include <string>
#include <string_view>

namespace lockkit::merge {

inline constexpr int k_min_marker_size = 1;
inline constexpr int k_max_marker_size = 100;

/// `text` as a marker size, or why it is not one.
std::expected<int, std::string> parse_marker_size(std::string_view text);

} // namespace lockkit::merge
