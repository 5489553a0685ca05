#include "lockkit/verify/download_target.hpp"

#include "lockkit/verify/distribution_filename.hpp"

#include <array>
#include <charconv>
#include <vector>

namespace lockkit::verify {

namespace {

std::vector<std::string_view> split(std::string_view text, char sep) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    for (;;) {
        const auto end = text.find(sep, start);
        parts.push_back(text.substr(start, end - start));
        if (end == std::string_view::npos) {
            return parts;
        }
        start = end + 1;
    }
}

std::optional<unsigned> to_number(std::string_view text) {
    unsigned value = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || ptr != text.data() + text.size() || text.empty()) {
        return std::nullopt;
    }
    return value;
}

/// One spelling per architecture, so `arm64` and `aarch64` compare equal.
std::string normalize_arch(std::string_view arch) {
    if (arch == "amd64" || arch == "x64") {
        return "x86_64";
    }
    if (arch == "arm64") {
        return "aarch64";
    }
    if (arch == "x86" || arch == "i386" || arch == "i586" || arch == "win32") {
        return "i686";
    }
    return std::string(arch);
}

/// Whether one python/abi tag pair can run on CPython major.minor.
bool python_fits(std::string_view python, std::string_view abi, unsigned major, unsigned minor) {
    const auto version_of = [&](std::string_view digits) -> std::optional<std::pair<unsigned, unsigned>> {
        // "3" (major only), "312" or "39" (major digit then minor).
        if (digits.empty() || digits[0] < '0' || digits[0] > '9') {
            return std::nullopt;
        }
        const unsigned m = static_cast<unsigned>(digits[0] - '0');
        if (digits.size() == 1) {
            return std::pair{m, ~0u};
        }
        auto n = to_number(digits.substr(1));
        if (!n) {
            return std::nullopt;
        }
        return std::pair{m, *n};
    };
    if (python.starts_with("py")) {
        const auto v = version_of(python.substr(2));
        return v && v->first == major && (v->second == ~0u || v->second <= minor) && abi == "none";
    }
    if (python.starts_with("cp")) {
        const auto v = version_of(python.substr(2));
        if (!v || v->first != major || v->second == ~0u) {
            return false;
        }
        if (abi == "abi3") {
            return v->second <= minor;  // the stable ABI runs on every later CPython
        }
        return v->second == minor && (abi == "none" || abi.starts_with("cp"));
    }
    return false;  // PyPy, GraalPy, ...: the target interpreter is CPython
}

bool platform_fits(std::string_view tag, TargetOs os, const std::string& arch) {
    if (tag == "any") {
        return true;
    }
    const auto arch_matches = [&](std::string_view tag_arch) {
        return arch.empty() || normalize_arch(tag_arch) == arch;
    };
    const auto after_version = [](std::string_view rest) {
        // manylinux_2_17_x86_64 / macosx_11_0_arm64: skip two numeric fields.
        for (int i = 0; i < 2; ++i) {
            const auto us = rest.find('_');
            if (us == std::string_view::npos) {
                return std::string_view();
            }
            rest.remove_prefix(us + 1);
        }
        return rest;
    };
    if (tag.starts_with("manylinux_") || tag.starts_with("musllinux_")) {
        return (os == TargetOs::Any || os == TargetOs::Linux) && arch_matches(after_version(tag.substr(10)));
    }
    for (std::string_view legacy : {"manylinux1_", "manylinux2010_", "manylinux2014_", "linux_"}) {
        if (tag.starts_with(legacy)) {
            return (os == TargetOs::Any || os == TargetOs::Linux) && arch_matches(tag.substr(legacy.size()));
        }
    }
    if (tag.starts_with("macosx_")) {
        if (os != TargetOs::Any && os != TargetOs::MacOS) {
            return false;
        }
        const auto format = after_version(tag.substr(7));
        if (arch.empty() || format == "universal") {
            return true;
        }
        if (format == "universal2") {
            return arch == "x86_64" || arch == "aarch64";
        }
        if (format == "intel") {
            return arch == "x86_64" || arch == "i686";
        }
        if (format == "fat64") {
            return arch == "x86_64";
        }
        return arch_matches(format);
    }
    if (tag.starts_with("win")) {
        if (os != TargetOs::Any && os != TargetOs::Windows) {
            return false;
        }
        if (tag == "win32") {
            return arch_matches("i686");
        }
        return tag.starts_with("win_") && arch_matches(tag.substr(4));
    }
    // Other systems (FreeBSD, Android, iOS, Pyodide) fit only an unrestricted target.
    return os == TargetOs::Any && arch.empty();
}

} // namespace

std::expected<std::pair<unsigned, unsigned>, std::string> parse_python_version(std::string_view text) {
    const auto parts = split(text, '.');
    if (parts.size() == 2) {
        auto major = to_number(parts[0]);
        auto minor = to_number(parts[1]);
        if (major && minor && *major >= 2) {
            return std::pair{*major, *minor};
        }
    }
    std::string message = "`";
    message += text;
    message += "` is not a Python version such as 3.12";
    return std::unexpected(std::move(message));
}

std::expected<DownloadTarget, std::string> parse_platform(std::string_view text) {
    DownloadTarget target;
    std::string lowered(text);
    for (char& c : lowered) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    const std::string_view t = lowered;
    static constexpr std::array<std::pair<std::string_view, TargetOs>, 6> k_names = {{
        {"linux", TargetOs::Linux},
        {"macos", TargetOs::MacOS},
        {"darwin", TargetOs::MacOS},
        {"windows", TargetOs::Windows},
        {"win", TargetOs::Windows},
        {"any", TargetOs::Any},
    }};
    for (const auto& [name, os] : k_names) {
        if (t == name) {
            target.os = os;
            return target;
        }
        if (t.starts_with(name) && t.size() > name.size() && t[name.size()] == '-') {
            target.os = os;
            target.arch = normalize_arch(t.substr(name.size() + 1));
            return target;
        }
    }
    // uv's --python-platform spellings: <arch>-<vendor>-<os>[-<env>] and <arch>-manylinux_X_Y.
    const auto dash = t.find('-');
    if (dash != std::string_view::npos) {
        const auto arch = t.substr(0, dash);
        const auto rest = t.substr(dash + 1);
        if (rest.find("linux") != std::string_view::npos) {
            target.os = TargetOs::Linux;
        } else if (rest.find("darwin") != std::string_view::npos) {
            target.os = TargetOs::MacOS;
        } else if (rest.find("windows") != std::string_view::npos) {
            target.os = TargetOs::Windows;
        }
        if (target.os != TargetOs::Any) {
            target.arch = normalize_arch(arch);
            return target;
        }
    }
    std::string message = "`";
    message += text;
    return std::unexpected(message +
                           "` is not a platform: use linux, macos or windows, optionally with an architecture "
                           "(linux-aarch64, macos-arm64, windows-x86_64), or a target triple such as "
                           "x86_64-unknown-linux-gnu");
}

bool wheel_fits(std::string_view filename, const DownloadTarget& target) {
    const auto fields = split_wheel_filename(filename);
    if (!fields) {
        return false;
    }
    const auto pythons = split(fields->python, '.');
    const auto abis = split(fields->abi, '.');
    const auto platforms = split(fields->platform, '.');
    bool python_ok = !target.python.has_value();
    for (std::size_t i = 0; !python_ok && i < pythons.size(); ++i) {
        for (const auto abi : abis) {
            if (python_fits(pythons[i], abi, target.python->first, target.python->second)) {
                python_ok = true;
                break;
            }
        }
    }
    if (!python_ok) {
        return false;
    }
    for (const auto platform : platforms) {
        if (platform_fits(platform, target.os, target.arch)) {
            return true;
        }
    }
    return false;
}

} // namespace lockkit::verify
