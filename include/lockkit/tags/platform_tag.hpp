#pragma once
// The platform tag of a wheel, the third tag field, and the CPU architectures
// and binary formats it names (the platform compatibility tags spec, PEP 600
// manylinux, PEP 656 musllinux, and the macOS, Windows, Android and iOS forms).
//
//   any                          manylinux_2_17_x86_64   manylinux1_i686 / manylinux2010_* / manylinux2014_*
//   linux_armv7l                 musllinux_1_2_aarch64   macosx_11_0_arm64 / macosx_10_9_universal2
//   win32 / win_amd64 / win_arm64 / win_ia64             android_21_arm64_v8a   ios_13_0_arm64_iphoneos
//   freebsd_13_2_release_amd64 (and netbsd, openbsd, dragonfly, haiku, illumos, solaris: kept opaque)
//   pyodide_2024_0_wasm32 / pyemscripten_2026_0_wasm32
//
// Parsing follows uv's `PlatformTag::from_str`: an architecture must be one uv
// knows (`armv8l` reads as armv7l, as in uv), and a tag that does not parse is
// left out of the wheel's tag set rather than rejecting the wheel. The
// predicates below (`is_linux`, `is_arm`, ...) are exactly the ones uv's lock
// builder uses to drop wheels a package's markers can never reach; their quirks
// (Android x86_64 is not `is_x86_64`) are uv's and are kept on purpose.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace lockkit::tags {

/// CPU architectures of Linux, Android and Windows tags, and of target platforms.
enum class Arch : std::uint8_t {
    Aarch64,
    Armv5tel,
    Armv6l,
    Armv7l,  ///< also `armv8l` (32-bit ARM on ARMv8 hardware)
    Ppc64le,
    Ppc64,
    Ppc,
    X86,     ///< printed `i686`
    X86_64,
    S390x,
    Loongarch64,
    Riscv64,
    Wasm32,
};

/// Parses an architecture as it appears in tags (`x86_64`, `i686`, `aarch64`, `armv8l`, ...).
std::optional<Arch> parse_arch(std::string_view text);
/// The tag spelling: `x86_64`, `i686`, `aarch64`, ...
std::string_view arch_name(Arch arch);
/// The oldest glibc minor version manylinux wheels exist for on this architecture
/// (5 for x86, 17 for the manylinux2014 architectures, 31 riscv64, 36 loongarch64);
/// nothing where manylinux does not exist.
std::optional<std::uint16_t> minimum_manylinux_minor(Arch arch);

/// The binary format at the end of a macOS tag.
enum class MacosFormat : std::uint8_t { Arm64, Fat, Fat32, Fat64, I386, Intel, Ppc, Ppc64, Universal, Universal2, X86_64 };
std::optional<MacosFormat> parse_macos_format(std::string_view text);
std::string_view macos_format_name(MacosFormat format);
/// The machines (as formats whose names are `platform_machine` values) a macOS binary
/// runs on: `universal2` is {x86_64, arm64}, `intel` is {x86_64, i386}.
std::span<const MacosFormat> macos_format_machines(MacosFormat format);

enum class AndroidAbi : std::uint8_t { ArmeabiV7a, Arm64V8a, X86, X86_64 };
enum class IosMultiarch : std::uint8_t { Arm64Device, Arm64Simulator, X86_64Simulator };

struct PlatformTag {
    enum class Kind : std::uint8_t {
        Any,
        Manylinux,       ///< manylinux_<major>_<minor>_<arch>
        Manylinux1,
        Manylinux2010,
        Manylinux2014,
        Linux,
        Musllinux,       ///< musllinux_<major>_<minor>_<arch>
        Macos,           ///< macosx_<major>_<minor>_<format>
        Win32,
        WinAmd64,
        WinArm64,
        WinIa64,
        Android,         ///< android_<api level>_<abi>
        Ios,             ///< ios_<major>_<minor>_<multiarch>
        Pyodide,         ///< pyodide_<major>_<minor>_wasm32
        PyEmscripten,
        FreeBsd,         ///< the rest is kept as `release_arch`
        NetBsd,
        OpenBsd,
        Dragonfly,
        Haiku,
        Illumos,
        Solaris,         ///< solaris_<release_arch>_64bit
    };

    Kind kind = Kind::Any;
    Arch arch = Arch::X86_64;           ///< Linux kinds
    std::uint16_t major = 0;            ///< manylinux/musllinux libc, macOS, iOS, Pyodide versions; Android API level
    std::uint16_t minor = 0;
    std::uint8_t variant = 0;           ///< MacosFormat, AndroidAbi or IosMultiarch
    std::string release_arch;           ///< BSD, Haiku, illumos, Solaris: the text after the prefix

    static PlatformTag any() { return {}; }
    static PlatformTag manylinux(std::uint16_t major, std::uint16_t minor, Arch arch) {
        PlatformTag t;
        t.kind = Kind::Manylinux;
        t.major = major;
        t.minor = minor;
        t.arch = arch;
        return t;
    }
    static PlatformTag legacy(Kind kind, Arch arch) {
        PlatformTag t;
        t.kind = kind;
        t.arch = arch;
        return t;
    }
    static PlatformTag musllinux(std::uint16_t major, std::uint16_t minor, Arch arch) {
        PlatformTag t = manylinux(major, minor, arch);
        t.kind = Kind::Musllinux;
        return t;
    }
    static PlatformTag macos(std::uint16_t major, std::uint16_t minor, MacosFormat format) {
        PlatformTag t;
        t.kind = Kind::Macos;
        t.major = major;
        t.minor = minor;
        t.variant = static_cast<std::uint8_t>(format);
        return t;
    }

    /// Parses one tag; nothing when uv would not recognise it.
    static std::optional<PlatformTag> parse(std::string_view text);

    MacosFormat macos_format() const { return static_cast<MacosFormat>(variant); }
    AndroidAbi android_abi() const { return static_cast<AndroidAbi>(variant); }
    IosMultiarch ios_multiarch() const { return static_cast<IosMultiarch>(variant); }

    bool is_any() const { return kind == Kind::Any; }
    /// manylinux in any spelling (not musllinux, not plain linux).
    bool is_manylinux() const;
    /// manylinux, musllinux or linux.
    bool is_linux() const;
    bool is_macos() const { return kind == Kind::Macos; }
    bool is_windows() const;
    bool is_android() const { return kind == Kind::Android; }

    // Architecture predicates, as uv's lock builder defines them.
    bool is_arm() const;
    bool is_x86_64() const;
    bool is_x86() const;
    bool is_ppc64le() const;
    bool is_ppc64() const;
    bool is_s390x() const;
    bool is_riscv64() const;
    bool is_loongarch64() const;
    bool is_armv7l() const;
    bool is_armv6l() const;

    void append_to(std::string& out) const;
    std::string to_string() const;

    friend bool operator==(const PlatformTag&, const PlatformTag&) = default;
};

} // namespace lockkit::tags
