#include "url_parts.hpp"

#include <algorithm>
#include <cctype>

namespace lockkit::verify::detail {

namespace {
std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}
} // namespace

std::optional<UrlParts> split_url(std::string_view url) {
    const auto sep = url.find("://");
    if (sep == std::string_view::npos || sep == 0) {
        return std::nullopt;
    }
    UrlParts out;
    out.scheme = lower(url.substr(0, sep));
    if (out.scheme.starts_with("git+")) {
        out.scheme.erase(0, 4);
    }
    std::string_view rest = url.substr(sep + 3);
    rest = rest.substr(0, std::min(rest.size(), rest.find_first_of("/?#")));
    if (const auto at = rest.rfind('@'); at != std::string_view::npos) {
        rest = rest.substr(at + 1);
    }
    if (!rest.empty() && rest.front() == '[') {  // IPv6 literal
        const auto close = rest.find(']');
        rest = rest.substr(0, close == std::string_view::npos ? rest.size() : close + 1);
    } else if (const auto colon = rest.find(':'); colon != std::string_view::npos) {
        rest = rest.substr(0, colon);
    }
    out.host = lower(rest);
    return out;
}

} // namespace lockkit::verify::detail
