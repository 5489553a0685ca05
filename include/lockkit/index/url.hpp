#pragma once
// URL text handling for index pages: resolving the relative references pages
// use (`../../files/a-1.0.tar.gz`, `/packages/...`) against the page's own URL
// (RFC 3986 section 5.2, dot segments removed), and the two decodings pages
// need: percent-decoding (file names in URLs) and HTML character references
// (attribute values: `data-requires-python="&gt;=3.8"`).
//
// Only what index pages need is implemented: no IDNA, no normalisation of
// already-absolute URLs (they are kept exactly as the index wrote them).

#include <string>
#include <string_view>

namespace lockkit::index {

/// Whether `reference` starts with a scheme (`https:`, `file:`).
bool has_scheme(std::string_view reference);

/// `reference` resolved against the absolute URL `base` (RFC 3986 5.2.2); an absolute
/// reference is returned unchanged.
std::string resolve_url(std::string_view base, std::string_view reference);

/// `%2B` → `+`; malformed escapes are kept as written.
std::string percent_decode(std::string_view text);

/// Encodes what may not appear in a URL path (space, `#`, `?`, `%`, non-ASCII...);
/// keeps `/` and the characters RFC 3986 allows unescaped in a path.
std::string percent_encode_path(std::string_view path);

/// `&lt;`, `&gt;`, `&amp;`, `&quot;`, `&apos;`, `&#39;`, `&#x27;` and other numeric
/// references decoded; unknown named references are kept as written.
std::string html_unescape(std::string_view text);

/// A `file://` URL for an absolute filesystem path.
std::string file_url(std::string_view absolute_path);

} // namespace lockkit::index
