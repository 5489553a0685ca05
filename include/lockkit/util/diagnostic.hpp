#pragma once
// A located error in a file we read: what failed, where (file:line:column),
// the offending source line with a caret under the column, and hints on how to
// fix it. Core functions return these as values; the programs render them once.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lockkit {

struct Diagnostic {
    std::string file;                ///< path as the user named it ("uv.lock")
    std::uint32_t line = 0;          ///< 1-based; 0 when the error has no position
    std::uint32_t column = 0;        ///< 1-based byte column
    std::string message;             ///< what failed and why
    std::string source_line;         ///< the text of `line`, without its newline
    std::vector<std::string> hints;  ///< one actionable suggestion each
    std::vector<std::string> context;///< outer layers, innermost first ("while reading ours")

    /// Multi-line human rendering: "error: file:line:col: message", the line, a caret, hints.
    std::string render() const;
    /// Adds an outer layer of context ("while merging theirs").
    Diagnostic& with_context(std::string what) &;
    Diagnostic&& with_context(std::string what) &&;
};

/// The 1-based line and column of `offset` in `text`, and the text of that line.
struct TextPosition {
    std::uint32_t line = 1;
    std::uint32_t column = 1;
    std::string_view line_text;
};
TextPosition position_of(std::string_view text, std::size_t offset);

/// Builds a diagnostic pointing at `offset` within `text` (the whole file).
Diagnostic diagnostic_at(std::string_view file, std::string_view text, std::size_t offset, std::string message);
/// Builds a diagnostic pointing at a 1-based line/column within `text`.
Diagnostic diagnostic_at_line(std::string_view file, std::string_view text, std::uint32_t line,
                              std::uint32_t column, std::string message);

} // namespace lockkit
