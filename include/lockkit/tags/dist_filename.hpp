#pragma once
// A file an index lists: a wheel or a source distribution, told apart by the
// filename's suffix. This is how index pages and `--find-links` folders are
// read: everything else (`.exe` installers, `.egg`s, signatures) is skipped.

#include "lockkit/tags/source_dist_filename.hpp"
#include "lockkit/tags/wheel_filename.hpp"

#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace lockkit::tags {

class DistFilename {
public:
    explicit DistFilename(WheelFilename wheel) : m_file(std::move(wheel)) {}
    explicit DistFilename(SourceDistFilename sdist) : m_file(std::move(sdist)) {}

    /// Parses a file listed for `project` (normalized). The error says why it is not a
    /// distribution: no wheel or sdist suffix, or a wheel/sdist name that does not parse.
    static std::expected<DistFilename, std::string> parse(std::string_view filename, std::string_view project);
    /// Parses without knowing the project (a `--find-links` folder): wheels as usual,
    /// sdists with the version after the last `-`.
    static std::optional<DistFilename> parse_normalized(std::string_view filename);

    bool is_wheel() const { return std::holds_alternative<WheelFilename>(m_file); }
    const WheelFilename* wheel() const { return std::get_if<WheelFilename>(&m_file); }
    const SourceDistFilename* sdist() const { return std::get_if<SourceDistFilename>(&m_file); }
    const std::string& name() const;
    const pep440::Version& version() const;

private:
    std::variant<WheelFilename, SourceDistFilename> m_file;
};

} // namespace lockkit::tags
