#pragma once
// Content negotiation for simple-API project pages (PEP 691), as uv does it:
// every request sends `simple_accept_header()`, and the response's
// Content-Type (the part before any `;`) picks the reader. A missing or
// unknown Content-Type is an error, not a guess.

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>

namespace lockkit::index {

enum class PageFormat : std::uint8_t { Json, Html };

/// `application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.01`
std::string_view simple_accept_header();

/// The reader for a response's Content-Type value.
std::expected<PageFormat, std::string> page_format(std::string_view content_type);

} // namespace lockkit::index
