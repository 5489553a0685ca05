#pragma once
// Internal: the scheme and host of a URL as written in uv.lock ("https://host:443/x",
// "git+ssh://git@host/x"); enough for source policy, not a general URL parser.

#include <optional>
#include <string>
#include <string_view>

namespace lockkit::verify::detail {

struct UrlParts {
    std::string scheme;  ///< lower-case, "git+" prefix removed ("https", "ssh", "file")
    std::string host;    ///< lower-case, without user info and port
};

/// Nothing when the text has no "scheme://" (a local path).
std::optional<UrlParts> split_url(std::string_view url);

} // namespace lockkit::verify::detail
