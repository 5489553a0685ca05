#pragma once
// `lock fmt`: bring a uv.lock (hand-edited, written by an older uv, or with
// CRLF line endings) into uv's canonical layout without changing what it says.

#include "lockkit/util/diagnostic.hpp"

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>

namespace lockkit::lockfile {

/// Parses `text`, sorts it the way uv does and prints it in uv's layout.
std::expected<std::string, Diagnostic> format_lock_text(std::string_view text, std::string_view file);

/// Where two texts first differ, by line.
struct TextDifference {
    bool same = true;
    std::uint32_t line = 0;        ///< 1-based line of the first difference
    std::string actual_line;       ///< that line in the file as it is
    std::string expected_line;     ///< that line in the canonical rendering
    /// When the two lines differ only in what a terminal does not show, what that is:
    /// "no newline at end of file", "CRLF line ending", "trailing whitespace", ...; else empty.
    std::string invisible;
};
TextDifference first_difference(std::string_view actual, std::string_view expected);

} // namespace lockkit::lockfile
