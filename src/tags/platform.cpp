#include "lockkit/tags/platform.hpp"

#include <span>

namespace lockkit::tags {

namespace {

using F = MacosFormat;

std::span<const MacosFormat> macos_formats_for(Arch arch) {
    static constexpr F k_arm64[] = {F::Arm64, F::Universal2};
    static constexpr F k_ppc64[] = {F::Ppc64, F::Fat64, F::Universal};
    static constexpr F k_ppc[] = {F::Ppc, F::Fat32, F::Fat, F::Universal};
    static constexpr F k_x86[] = {F::I386, F::Intel, F::Fat32, F::Fat, F::Universal};
    static constexpr F k_x86_64[] = {F::X86_64, F::Intel, F::Fat64, F::Fat32, F::Universal2, F::Universal};
    switch (arch) {
    case Arch::Aarch64:
        return k_arm64;
    case Arch::Ppc64:
        return k_ppc64;
    case Arch::Ppc:
        return k_ppc;
    case Arch::X86:
        return k_x86;
    case Arch::X86_64:
        return k_x86_64;
    default:
        return {};
    }
}

/// `uname -m` as BSDs spell it, which their platform tags use.
std::string_view bsd_machine(Arch arch) {
    switch (arch) {
    case Arch::Aarch64:
        return "arm64";
    case Arch::Armv5tel:
    case Arch::Armv6l:
    case Arch::Armv7l:
        return "arm";
    case Arch::Ppc:
    case Arch::Ppc64le:
    case Arch::Ppc64:
        return "powerpc";
    case Arch::X86:
        return "i386";
    case Arch::X86_64:
        return "amd64";
    case Arch::Riscv64:
        return "riscv";
    default:
        return arch_name(arch);
    }
}

std::string release_tag(std::string_view release, bool lower) {
    std::string out;
    for (char c : release) {
        if (c == '.' || c == '-') {
            c = '_';
        } else if (lower && c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
        out += c;
    }
    return out;
}

std::expected<PlatformTag, std::string> opaque_tag(PlatformTag::Kind kind, std::string release_arch) {
    for (const char c : release_arch) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        if (!ok) {
            return std::unexpected("Invalid platform release and architecture `" + release_arch +
                                   "`: release and architecture must contain only ASCII letters, digits, and "
                                   "underscores");
        }
    }
    PlatformTag tag;
    tag.kind = kind;
    tag.release_arch = std::move(release_arch);
    return tag;
}

std::string unsupported(const Platform& platform) {
    return "Unsupported operating system and architecture combination: " + std::string(arch_name(platform.arch));
}

void macos_tags(const Platform& platform, std::vector<PlatformTag>& out) {
    const auto formats = macos_formats_for(platform.arch);
    const auto major = platform.os.major;
    if (platform.arch == Arch::X86_64 && major == 10) {
        // Before macOS 11 every yearly release bumped the minor version.
        for (int minor = platform.os.minor; minor >= 4; --minor) {
            for (const auto format : formats) {
                out.push_back(PlatformTag::macos(10, static_cast<std::uint16_t>(minor), format));
            }
        }
        return;
    }
    for (int m = major; m >= 11; --m) {
        for (const auto format : formats) {
            out.push_back(PlatformTag::macos(static_cast<std::uint16_t>(m), 0, format));
        }
    }
    // universal2 binaries may target 10.x through their x86_64 half.
    for (int minor = 16; minor >= 4; --minor) {
        if (platform.arch == Arch::Aarch64) {
            out.push_back(PlatformTag::macos(10, static_cast<std::uint16_t>(minor), F::Universal2));
        } else {
            for (const auto format : formats) {
                out.push_back(PlatformTag::macos(10, static_cast<std::uint16_t>(minor), format));
            }
        }
    }
}

} // namespace

std::expected<std::vector<PlatformTag>, std::string> compatible_platform_tags(const Platform& platform) {
    using K = Os::Kind;
    const auto arch = platform.arch;
    const auto& os = platform.os;
    std::vector<PlatformTag> out;
    switch (os.kind) {
    case K::Manylinux:
        if (const auto floor = minimum_manylinux_minor(arch)) {
            for (int minor = os.minor; minor >= *floor; --minor) {
                out.push_back(PlatformTag::manylinux(os.major, static_cast<std::uint16_t>(minor), arch));
                // PEP 600: the legacy names rank right after the version they alias.
                if (minor == 17) {
                    out.push_back(PlatformTag::legacy(PlatformTag::Kind::Manylinux2014, arch));
                } else if (minor == 12) {
                    out.push_back(PlatformTag::legacy(PlatformTag::Kind::Manylinux2010, arch));
                } else if (minor == 5) {
                    out.push_back(PlatformTag::legacy(PlatformTag::Kind::Manylinux1, arch));
                }
            }
        }
        out.push_back(PlatformTag::legacy(PlatformTag::Kind::Linux, arch));
        return out;
    case K::Musllinux:
        for (int minor = os.minor; minor >= 0; --minor) {
            out.push_back(PlatformTag::musllinux(os.major, static_cast<std::uint16_t>(minor), arch));
        }
        out.push_back(PlatformTag::legacy(PlatformTag::Kind::Linux, arch));
        return out;
    case K::Macos:
        if (arch != Arch::X86_64 && arch != Arch::Aarch64) {
            return std::unexpected("Unsupported operating system and architecture combination: macos " +
                                   std::string(arch_name(arch)));
        }
        if (arch == Arch::X86_64 && os.major < 10) {
            return std::unexpected("Failed to detect the operating system version: Unsupported macOS version: " +
                                   std::to_string(os.major));
        }
        macos_tags(platform, out);
        return out;
    case K::Windows: {
        PlatformTag tag;
        if (arch == Arch::X86) {
            tag.kind = PlatformTag::Kind::Win32;
        } else if (arch == Arch::X86_64) {
            tag.kind = PlatformTag::Kind::WinAmd64;
        } else if (arch == Arch::Aarch64) {
            tag.kind = PlatformTag::Kind::WinArm64;
        } else {
            return std::unexpected(unsupported(platform));
        }
        out.push_back(tag);
        return out;
    }
    case K::Android: {
        std::uint8_t abi = 0;
        switch (arch) {
        case Arch::Aarch64:
            abi = static_cast<std::uint8_t>(AndroidAbi::Arm64V8a);
            break;
        case Arch::Armv7l:
            abi = static_cast<std::uint8_t>(AndroidAbi::ArmeabiV7a);
            break;
        case Arch::X86:
            abi = static_cast<std::uint8_t>(AndroidAbi::X86);
            break;
        case Arch::X86_64:
            abi = static_cast<std::uint8_t>(AndroidAbi::X86_64);
            break;
        default:
            return std::unexpected("Invalid Android architecture: " + std::string(arch_name(arch)));
        }
        // 16 is the oldest API level CPython runs on without major patching.
        for (int level = os.major; level >= 16; --level) {
            PlatformTag tag;
            tag.kind = PlatformTag::Kind::Android;
            tag.major = static_cast<std::uint16_t>(level);
            tag.variant = abi;
            out.push_back(tag);
        }
        return out;
    }
    case K::Ios: {
        IosMultiarch multiarch{};
        if (os.simulator && arch == Arch::Aarch64) {
            multiarch = IosMultiarch::Arm64Simulator;
        } else if (os.simulator && arch == Arch::X86_64) {
            multiarch = IosMultiarch::X86_64Simulator;
        } else if (!os.simulator && arch == Arch::Aarch64) {
            multiarch = IosMultiarch::Arm64Device;
        } else {
            return std::unexpected(std::string(os.simulator ? "Invalid iOS simulator architecture: "
                                                            : "Invalid iOS device architecture: ") +
                                   std::string(arch_name(arch)));
        }
        if (os.major < 12) {
            return out;  // 12.0 is the oldest iOS CPython supports
        }
        const auto push = [&](int major, int minor) {
            PlatformTag tag;
            tag.kind = PlatformTag::Kind::Ios;
            tag.major = static_cast<std::uint16_t>(major);
            tag.minor = static_cast<std::uint16_t>(minor);
            tag.variant = static_cast<std::uint8_t>(multiarch);
            out.push_back(tag);
        };
        for (int minor = os.minor; minor >= 0; --minor) {
            push(os.major, minor);
        }
        // Earlier majors: every minor up to 9, which covers every release so far.
        for (int major = os.major - 1; major >= 12; --major) {
            for (int minor = 9; minor >= 0; --minor) {
                push(major, minor);
            }
        }
        return out;
    }
    case K::Pyodide:
    case K::PyEmscripten: {
        if (arch != Arch::Wasm32) {
            return std::unexpected(unsupported(platform));
        }
        for (const auto kind : {PlatformTag::Kind::PyEmscripten, PlatformTag::Kind::Pyodide}) {
            PlatformTag tag;
            tag.kind = kind;
            tag.major = os.major;
            tag.minor = os.minor;
            out.push_back(tag);
        }
        return out;
    }
    case K::FreeBsd:
    case K::NetBsd:
    case K::OpenBsd: {
        const auto kind = os.kind == K::FreeBsd  ? PlatformTag::Kind::FreeBsd
                          : os.kind == K::NetBsd ? PlatformTag::Kind::NetBsd
                                                 : PlatformTag::Kind::OpenBsd;
        auto tag = opaque_tag(kind, release_tag(os.release, os.kind == K::FreeBsd) + "_" + std::string(bsd_machine(arch)));
        if (!tag) {
            return std::unexpected(tag.error());
        }
        out.push_back(std::move(*tag));
        return out;
    }
    case K::Dragonfly:
    case K::Haiku: {
        const auto kind = os.kind == K::Dragonfly ? PlatformTag::Kind::Dragonfly : PlatformTag::Kind::Haiku;
        auto tag = opaque_tag(kind, release_tag(os.release, false) + "_" + std::string(arch_name(arch)));
        if (!tag) {
            return std::unexpected(tag.error());
        }
        out.push_back(std::move(*tag));
        return out;
    }
    case K::Illumos: {
        // SunOS 5.x is Solaris 2.x: CPython's sysconfig reports such releases as Solaris.
        const auto underscore = os.release.find('_');
        if (underscore != std::string::npos) {
            unsigned major = 0;
            bool digits = underscore > 0;
            for (std::size_t i = 0; i < underscore; ++i) {
                digits = digits && os.release[i] >= '0' && os.release[i] <= '9';
                major = major * 10 + static_cast<unsigned>(os.release[i] - '0');
            }
            if (!digits) {
                return std::unexpected(std::string("Failed to detect the operating system version: illumos major "
                                                   "version is not a number"));
            }
            if (major >= 5) {
                auto tag = opaque_tag(PlatformTag::Kind::Solaris, std::to_string(major - 3) + "_" +
                                                                      os.release.substr(underscore + 1) + "_" +
                                                                      os.illumos_arch + "_64bit");
                if (!tag) {
                    return std::unexpected(tag.error());
                }
                // The stored text excludes the `_64bit` the tag prints.
                tag->release_arch.resize(tag->release_arch.size() - 6);
                out.push_back(std::move(*tag));
                return out;
            }
        }
        auto tag = opaque_tag(PlatformTag::Kind::Illumos, os.release + "_" + os.illumos_arch);
        if (!tag) {
            return std::unexpected(tag.error());
        }
        out.push_back(std::move(*tag));
        return out;
    }
    }
    return std::unexpected(unsupported(platform));
}

} // namespace lockkit::tags
