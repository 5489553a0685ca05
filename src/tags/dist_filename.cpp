#include "lockkit/tags/dist_filename.hpp"

namespace lockkit::tags {

std::expected<DistFilename, std::string> DistFilename::parse(std::string_view filename, std::string_view project) {
    if (filename.ends_with(".whl")) {
        auto wheel = WheelFilename::parse(filename, project);
        if (!wheel) {
            return std::unexpected(std::move(wheel.error()));
        }
        return DistFilename(std::move(*wheel));
    }
    if (source_dist_extension(filename)) {
        auto sdist = SourceDistFilename::parse(filename, project);
        if (!sdist) {
            return std::unexpected(std::move(sdist.error()));
        }
        return DistFilename(std::move(*sdist));
    }
    std::string message = "`";
    message += filename;
    message += "` is not a wheel or source distribution archive (expected one of `.whl`, `.tar.gz`, `.zip`, "
               "`.tar.bz2`, `.tar.lz`, `.tar.lzma`, `.tar.xz`, `.tar.zst`, `.tar`, `.tbz`, `.tgz`, `.tlz`, or `.txz`)";
    return std::unexpected(std::move(message));
}

std::optional<DistFilename> DistFilename::parse_normalized(std::string_view filename) {
    if (auto wheel = WheelFilename::parse(filename)) {
        return DistFilename(std::move(*wheel));
    }
    if (auto sdist = SourceDistFilename::parse_normalized(filename)) {
        return DistFilename(std::move(*sdist));
    }
    return std::nullopt;
}

const std::string& DistFilename::name() const {
    return std::visit([](const auto& file) -> const std::string& {
        if constexpr (std::is_same_v<std::decay_t<decltype(file)>, WheelFilename>) {
            return file.name();
        } else {
            return file.name;
        }
    }, m_file);
}

const pep440::Version& DistFilename::version() const {
    return std::visit([](const auto& file) -> const pep440::Version& {
        if constexpr (std::is_same_v<std::decay_t<decltype(file)>, WheelFilename>) {
            return file.version();
        } else {
            return file.version;
        }
    }, m_file);
}

} // namespace lockkit::tags
