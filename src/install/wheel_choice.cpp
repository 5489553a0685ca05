// Choosing a locked wheel; see include/lockkit/install/wheel_choice.hpp.

#include "lockkit/install/wheel_choice.hpp"

#include "lockkit/tags/wheel_filename.hpp"

#include <tuple>

namespace lockkit::install {

namespace {

std::string label(const lockfile::Package& p) {
    return p.id.name + (p.id.version ? "==" + *p.id.version : std::string());
}

} // namespace

std::optional<std::uint32_t> wheel_priority(std::string_view filename, const tags::SupportedTags& supported) {
    const auto wheel = tags::WheelFilename::parse(filename);
    if (!wheel) return std::nullopt;
    const auto fit = supported.compatibility(*wheel);
    return fit.compatible ? std::optional<std::uint32_t>(fit.priority) : std::nullopt;
}

std::expected<const lockfile::Artifact*, std::string> choose_wheel(const lockfile::Package& package,
                                                                   const interpreter::InterpreterInfo& info,
                                                                   const tags::SupportedTags& supported) {
    const lockfile::Artifact* best = nullptr;
    std::tuple<std::uint32_t, std::uint64_t, std::string> best_key;
    for (const auto& wheel : package.wheels) {
        const auto parsed = tags::WheelFilename::parse(wheel.filename_view());
        if (!parsed) continue;
        const auto fit = supported.compatibility(*parsed);
        if (!fit.compatible) continue;
        // Tag priority, then the build tag (a higher build replaces a lower one).
        std::tuple<std::uint32_t, std::uint64_t, std::string> key{
            fit.priority, parsed->build_tag() ? parsed->build_tag()->number : 0,
            parsed->build_tag() ? parsed->build_tag()->suffix : std::string()};
        if (best == nullptr || key > best_key) {
            best = &wheel;
            best_key = std::move(key);
        }
    }
    if (best != nullptr) {
        return best;
    }
    std::string why = label(package) + " has no wheel for " + describe_interpreter(info);
    if (!package.wheels.empty()) {
        why += " (its wheels: ";
        for (std::size_t i = 0; i < package.wheels.size() && i < 4; ++i) {
            why += (i ? ", " : "") + package.wheels[i].filename();
        }
        why += package.wheels.size() > 4 ? ", ...)" : ")";
    }
    why += package.sdist ? ", and building its source distribution is not available yet"
                         : ", and the lock has no source distribution for it";
    return std::unexpected(why);
}

std::string describe_interpreter(const interpreter::InterpreterInfo& info) {
    std::string out = info.markers.platform_python_implementation.empty() ? "Python"
                                                                           : info.markers.platform_python_implementation;
    out += " " + (info.markers.python_full_version.empty() ? info.python_version() : info.markers.python_full_version);
    out += " on " + info.markers.sys_platform;
    if (!info.markers.platform_machine.empty()) {
        out += " " + info.markers.platform_machine;
    }
    return out;
}

} // namespace lockkit::install
