#pragma once
// `<name>-<version>.dist-info/WHEEL`: metadata about the archive itself, in email
// header form (`Key: value` lines, the *Binary distribution format* spec). An
// installer needs two of its fields: `Wheel-Version` (a major version other than 1
// means a format this installer does not know) and `Root-Is-Purelib` (whether the
// archive's root goes to purelib or platlib).

#include <expected>
#include <string>
#include <string_view>

namespace lockkit::install {

struct WheelFile {
    std::string wheel_version;    ///< "1.0"
    bool root_is_purelib = false;
};

/// Parses WHEEL; the error says why the wheel cannot be installed (no or another major
/// `Wheel-Version`). A first `Wheel-Version` wins (some wheels repeat it, as pip allows).
std::expected<WheelFile, std::string> parse_wheel_file(std::string_view text);

} // namespace lockkit::install
