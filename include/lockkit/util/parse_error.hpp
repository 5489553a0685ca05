#pragma once
// A failure to parse a short piece of text (a version, a specifier, a marker,
// a requirement). The offset lets a caller that knows where the text came from
// (a line of uv.lock, a pyproject.toml string) point a caret at the problem.

#include <cstddef>
#include <expected>
#include <string>

namespace lockkit {

struct ParseError {
    std::string message;     ///< what is wrong, without location ("expected a version after '=='")
    std::size_t offset = 0;  ///< byte offset into the parsed text where the problem starts
};

template <typename T>
using ParseResult = std::expected<T, ParseError>;

} // namespace lockkit
