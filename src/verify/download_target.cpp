#include "lockkit/verify/download_target.hpp"

#include "lockkit/tags/abi_tag.hpp"
#include "lockkit/tags/language_tag.hpp"
#include "lockkit/tags/platform_tag.hpp"
#include "lockkit/tags/wheel_filename.hpp"

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
    if (arch == "armv8l") {
        return "armv7l";  // 32-bit ARM on ARMv8 hardware runs armv7l code
    }
    if (arch == "x86" || arch == "i386" || arch == "i586" || arch == "win32") {
        return "i686";
    }
    return std::string(arch);
}

/// Whether one python/abi tag pair can run on CPython major.minor.
bool python_fits(const tags::LanguageTag& python, const tags::AbiTag& abi, unsigned major, unsigned minor) {
    using L = tags::LanguageTag::Kind;
    using A = tags::AbiTag::Kind;
    if (python.kind == L::Python) {
        return python.major == major && (!python.has_minor() || python.minor <= minor) && abi.kind == A::None;
    }
    if (python.kind == L::CPython && python.major == major) {
        if (abi.kind == A::Abi3) {
            return python.minor <= minor;  // the stable ABI runs on every later CPython
        }
        return python.minor == minor && (abi.kind == A::None || abi.kind == A::CPython);
    }
    return false;  // PyPy, GraalPy, `cp3`, ...: the target interpreter is CPython
}

bool platform_fits(std::string_view text, TargetOs os, const std::string& arch) {
    using K = tags::PlatformTag::Kind;
    const auto tag = tags::PlatformTag::parse(text);
    if (tag && tag->is_any()) {
        return true;
    }
    const auto arch_matches = [&](std::string_view tag_arch) {
        return arch.empty() || normalize_arch(tag_arch) == arch;
    };
    if (tag && tag->is_linux()) {
        return (os == TargetOs::Any || os == TargetOs::Linux) && arch_matches(tags::arch_name(tag->arch));
    }
    if (tag && tag->is_macos()) {
        if (os != TargetOs::Any && os != TargetOs::MacOS) {
            return false;
        }
        // A binary format runs on the machines it holds code for (`universal2`: x86_64 and arm64).
        for (const auto machine : tags::macos_format_machines(tag->macos_format())) {
            if (arch_matches(tags::macos_format_name(machine))) {
                return true;
            }
        }
        return false;
    }
    if (tag && tag->is_windows()) {
        if (os != TargetOs::Any && os != TargetOs::Windows) {
            return false;
        }
        return arch_matches(tag->kind == K::Win32      ? "i686"
                            : tag->kind == K::WinAmd64 ? "x86_64"
                            : tag->kind == K::WinArm64 ? "aarch64"
                                                       : "ia64");
    }
    // Other systems (FreeBSD, Android, iOS, Pyodide) and unknown tags fit only an unrestricted target.
    return os == TargetOs::Any && arch.empty();
}

/// Calls `fn` with each tag of a `.`-separated tag field.
template <typename F>
void for_each_tag(std::string_view field, F&& fn) {
    for (;;) {
        const auto dot = field.find('.');
        fn(field.substr(0, dot));
        if (dot == std::string_view::npos) {
            return;
        }
        field.remove_prefix(dot + 1);
    }
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
    const auto fields = tags::split_wheel_filename(filename);
    if (!fields) {
        return false;
    }
    bool python_ok = !target.python.has_value();
    if (!python_ok) {
        for_each_tag(fields->python, [&](std::string_view python_text) {
            const auto python = tags::LanguageTag::parse(python_text);
            for_each_tag(fields->abi, [&](std::string_view abi_text) {
                const auto abi = tags::AbiTag::parse(abi_text);
                python_ok = python_ok || (python && abi &&
                                          python_fits(*python, *abi, target.python->first, target.python->second));
            });
        });
    }
    if (!python_ok) {
        return false;
    }
    bool platform_ok = false;
    for_each_tag(fields->platform, [&](std::string_view platform) {
        platform_ok = platform_ok || platform_fits(platform, target.os, target.arch);
    });
    return platform_ok;
}

} // namespace lockkit::verify
