// Choosing a locked wheel; see include/lockkit/install/wheel_choice.hpp.

#include "lockkit/install/wheel_choice.hpp"

#include "lockkit/verify/download_target.hpp"

namespace lockkit::install {

namespace {

verify::DownloadTarget target_of(const interpreter::InterpreterInfo& info) {
    verify::DownloadTarget target;
    target.python = std::pair{info.python_major, info.python_minor};
    const std::string& platform = info.markers.sys_platform;
    std::string text = platform == "darwin" ? "macos" : platform == "win32" ? "windows" : platform;
    if (!info.markers.platform_machine.empty()) {
        text += "-" + info.markers.platform_machine;
    }
    if (auto parsed = verify::parse_platform(text)) {
        target.os = parsed->os;
        target.arch = parsed->arch;
    }
    return target;
}

std::string label(const lockfile::Package& p) {
    return p.id.name + (p.id.version ? "==" + *p.id.version : std::string());
}

} // namespace

std::optional<std::uint32_t> wheel_priority(std::string_view filename, const interpreter::InterpreterInfo& info) {
    return verify::wheel_fits(filename, target_of(info)) ? std::optional<std::uint32_t>(1) : std::nullopt;
}

std::expected<const lockfile::Artifact*, std::string> choose_wheel(const lockfile::Package& package,
                                                                   const interpreter::InterpreterInfo& info) {
    const lockfile::Artifact* best = nullptr;
    std::uint32_t best_priority = 0;
    for (const auto& wheel : package.wheels) {
        const auto priority = wheel_priority(wheel.filename_view(), info);
        if (priority && (best == nullptr || *priority > best_priority)) {
            best = &wheel;
            best_priority = *priority;
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
