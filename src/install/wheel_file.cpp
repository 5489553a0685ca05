// WHEEL files; see include/lockkit/install/wheel_file.hpp.

#include "lockkit/install/wheel_file.hpp"
#include "lockkit/util/strings.hpp"

#include <optional>

namespace lockkit::install {

std::expected<WheelFile, std::string> parse_wheel_file(std::string_view text) {
    WheelFile out;
    std::optional<std::string> version;
    std::size_t pos = 0;
    while (pos < text.size()) {
        auto eol = text.find('\n', pos);
        if (eol == std::string_view::npos) {
            eol = text.size();
        }
        const std::string_view line = text.substr(pos, eol - pos);
        pos = eol + 1;
        if (trim_whitespace(line).empty()) {
            break;  // end of the headers
        }
        const auto colon = line.find(':');
        if (colon == std::string_view::npos) {
            continue;
        }
        const std::string_view key = line.substr(0, colon);
        const std::string_view value = trim_whitespace(line.substr(colon + 1));
        if (key == "Wheel-Version" && !version) {
            version = std::string(value);
        } else if (key == "Root-Is-Purelib") {
            out.root_is_purelib = value == "true";
        }
    }
    if (!version || version->find('.') == std::string::npos) {
        return std::unexpected("WHEEL has no valid Wheel-Version" + (version ? " (`" + *version + "`)" : std::string()));
    }
    const std::string major = version->substr(0, version->find('.'));
    if (major != "1" && *version != "0.1") {
        return std::unexpected("WHEEL says Wheel-Version " + *version + "; this installer knows version 1");
    }
    out.wheel_version = *version;
    return out;
}

} // namespace lockkit::install
