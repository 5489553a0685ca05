#pragma once
// A target platform (operating system with its libc or OS version, and CPU
// architecture) and the platform tags a wheel may carry to install on it,
// best first, as uv and `packaging.tags` order them:
//
//   manylinux 2.X:  manylinux_2_X_<arch> down to the architecture's floor, with
//                   manylinux2014 / manylinux2010 / manylinux1 right after 2_17 / 2_12 / 2_5
//                   (PEP 600's legacy aliases), then linux_<arch>
//   musllinux 1.X:  musllinux_1_X_<arch> down to 1_0, then linux_<arch> (PEP 656)
//   macOS X.Y:      macosx_<M>_0_<format> from the OS major down to 11, then
//                   macosx_10_16..10_4 (universal2 only on arm64); on 10.x hosts
//                   macosx_10_Y..10_4; formats per architecture (x86_64: x86_64,
//                   intel, fat64, fat32, universal2, universal)
//   Windows:        exactly one of win32, win_amd64, win_arm64
//   Android N:      android_N_<abi> down to API level 16; iOS X.Y: back to 12.0
//   BSDs, Haiku, illumos, Solaris: one release tag; Pyodide: two wasm32 tags

#include "lockkit/tags/platform_tag.hpp"

#include <cstdint>
#include <expected>
#include <string>
#include <vector>

namespace lockkit::tags {

struct Os {
    enum class Kind : std::uint8_t {
        Manylinux,     ///< glibc Linux: major.minor is the glibc version
        Musllinux,     ///< musl Linux: major.minor is the musl version
        Windows,
        Macos,         ///< major.minor is the macOS version
        Android,       ///< major is the API level
        Ios,           ///< major.minor is the iOS version
        Pyodide,
        PyEmscripten,
        FreeBsd,       ///< release as `platform.release()` says
        NetBsd,
        OpenBsd,
        Dragonfly,
        Haiku,
        Illumos,
    };
    Kind kind = Kind::Manylinux;
    std::uint16_t major = 0;
    std::uint16_t minor = 0;
    bool simulator = false;    ///< iOS only
    std::string release;       ///< BSDs, Haiku, illumos
    std::string illumos_arch;  ///< illumos only: the machine as `os.uname()` says
};

struct Platform {
    Os os;
    Arch arch = Arch::X86_64;
};

/// The platform tags for `platform`, best first (see the header comment); the error
/// names a combination no wheel exists for (macOS on ppc64le, Windows on s390x, ...).
std::expected<std::vector<PlatformTag>, std::string> compatible_platform_tags(const Platform& platform);

} // namespace lockkit::tags
