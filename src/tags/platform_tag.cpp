#include "lockkit/tags/platform_tag.hpp"

#include "tag_text.hpp"

#include <array>

namespace lockkit::tags {

namespace {

using detail::parse_number;

constexpr std::array<std::pair<std::string_view, Arch>, 14> k_arch_names = {{
    {"aarch64", Arch::Aarch64},
    {"armv5tel", Arch::Armv5tel},
    {"armv6l", Arch::Armv6l},
    {"armv7l", Arch::Armv7l},
    {"armv8l", Arch::Armv7l},
    {"ppc64le", Arch::Ppc64le},
    {"ppc64", Arch::Ppc64},
    {"ppc", Arch::Ppc},
    {"i686", Arch::X86},
    {"x86_64", Arch::X86_64},
    {"s390x", Arch::S390x},
    {"loongarch64", Arch::Loongarch64},
    {"riscv64", Arch::Riscv64},
    {"wasm32", Arch::Wasm32},
}};

constexpr std::array<std::string_view, 11> k_macos_formats = {
    "arm64", "fat", "fat32", "fat64", "i386", "intel", "ppc", "ppc64", "universal", "universal2", "x86_64"};

constexpr std::array<std::string_view, 4> k_android_abis = {"armeabi_v7a", "arm64_v8a", "x86", "x86_64"};
constexpr std::array<std::string_view, 3> k_ios_multiarchs = {"arm64_iphoneos", "arm64_iphonesimulator",
                                                              "x86_64_iphonesimulator"};

template <std::size_t N>
std::optional<std::uint8_t> index_of(const std::array<std::string_view, N>& names, std::string_view text) {
    for (std::size_t i = 0; i < N; ++i) {
        if (names[i] == text) {
            return static_cast<std::uint8_t>(i);
        }
    }
    return std::nullopt;
}

/// `<major>_<minor>_<arch>` after manylinux_ / musllinux_.
std::optional<PlatformTag> parse_libc_tag(PlatformTag::Kind kind, std::string_view rest) {
    const auto parts = detail::split_two_underscores(rest);
    if (!parts) {
        return std::nullopt;
    }
    const auto major = parse_number<std::uint16_t>(parts->first);
    const auto minor = parse_number<std::uint16_t>(parts->second);
    const auto arch = parse_arch(parts->rest);
    if (!major || !minor || !arch) {
        return std::nullopt;
    }
    PlatformTag tag = PlatformTag::manylinux(*major, *minor, *arch);
    tag.kind = kind;
    return tag;
}

/// The opaque `<release>_<arch>` of BSD-like tags: ASCII letters, digits and underscores.
std::optional<PlatformTag> parse_release_arch(PlatformTag::Kind kind, std::string_view rest) {
    if (rest.empty()) {
        return std::nullopt;
    }
    for (const char c : rest) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        if (!ok) {
            return std::nullopt;
        }
    }
    PlatformTag tag;
    tag.kind = kind;
    tag.release_arch = std::string(rest);
    return tag;
}

/// `<major>_<minor>_wasm32` after pyodide_ / pyemscripten_.
std::optional<PlatformTag> parse_wasm_tag(PlatformTag::Kind kind, std::string_view rest) {
    constexpr std::string_view k_suffix = "_wasm32";
    if (!rest.ends_with(k_suffix)) {
        return std::nullopt;
    }
    rest.remove_suffix(k_suffix.size());
    const auto underscore = rest.find('_');
    if (underscore == std::string_view::npos) {
        return std::nullopt;
    }
    const auto major = parse_number<std::uint16_t>(rest.substr(0, underscore));
    const auto minor = parse_number<std::uint16_t>(rest.substr(underscore + 1));
    if (!major || !minor) {
        return std::nullopt;
    }
    PlatformTag tag;
    tag.kind = kind;
    tag.major = *major;
    tag.minor = *minor;
    return tag;
}

bool is_linux_kind(PlatformTag::Kind kind) {
    using K = PlatformTag::Kind;
    return kind == K::Manylinux || kind == K::Manylinux1 || kind == K::Manylinux2010 || kind == K::Manylinux2014 ||
           kind == K::Linux || kind == K::Musllinux;
}

/// The kinds uv lists for the less common Linux architectures (no manylinux1/2010 forms).
bool is_modern_linux_kind(PlatformTag::Kind kind, bool with_manylinux2014) {
    using K = PlatformTag::Kind;
    return kind == K::Manylinux || kind == K::Linux || kind == K::Musllinux ||
           (with_manylinux2014 && kind == K::Manylinux2014);
}

} // namespace

std::optional<Arch> parse_arch(std::string_view text) {
    for (const auto& [name, arch] : k_arch_names) {
        if (name == text && arch != Arch::Wasm32) {  // uv's parser does not take wasm32 here
            return arch;
        }
    }
    return std::nullopt;
}

std::string_view arch_name(Arch arch) {
    switch (arch) {
    case Arch::Aarch64:
        return "aarch64";
    case Arch::Armv5tel:
        return "armv5tel";
    case Arch::Armv6l:
        return "armv6l";
    case Arch::Armv7l:
        return "armv7l";
    case Arch::Ppc64le:
        return "ppc64le";
    case Arch::Ppc64:
        return "ppc64";
    case Arch::Ppc:
        return "ppc";
    case Arch::X86:
        return "i686";
    case Arch::X86_64:
        return "x86_64";
    case Arch::S390x:
        return "s390x";
    case Arch::Loongarch64:
        return "loongarch64";
    case Arch::Riscv64:
        return "riscv64";
    case Arch::Wasm32:
        return "wasm32";
    }
    return "";
}

std::optional<std::uint16_t> minimum_manylinux_minor(Arch arch) {
    switch (arch) {
    case Arch::Aarch64:
    case Arch::Armv7l:
    case Arch::Ppc64:
    case Arch::Ppc64le:
    case Arch::S390x:
        return 17;  // manylinux2014
    case Arch::X86:
    case Arch::X86_64:
        return 5;  // manylinux1
    case Arch::Riscv64:
        return 31;
    case Arch::Loongarch64:
        return 36;
    case Arch::Ppc:
    case Arch::Armv5tel:
    case Arch::Armv6l:
    case Arch::Wasm32:
        return std::nullopt;
    }
    return std::nullopt;
}

std::optional<MacosFormat> parse_macos_format(std::string_view text) {
    const auto index = index_of(k_macos_formats, text);
    return index ? std::optional(static_cast<MacosFormat>(*index)) : std::nullopt;
}

std::string_view macos_format_name(MacosFormat format) {
    return k_macos_formats[static_cast<std::size_t>(format)];
}

std::span<const MacosFormat> macos_format_machines(MacosFormat format) {
    using F = MacosFormat;
    static constexpr F k_arm64[] = {F::Arm64};
    static constexpr F k_fat[] = {F::X86_64, F::Ppc};
    static constexpr F k_fat32[] = {F::X86_64, F::I386, F::Ppc, F::Ppc64};
    static constexpr F k_fat64[] = {F::X86_64, F::Ppc64};
    static constexpr F k_i386[] = {F::I386};
    static constexpr F k_intel[] = {F::X86_64, F::I386};
    static constexpr F k_ppc[] = {F::Ppc};
    static constexpr F k_ppc64[] = {F::Ppc64};
    static constexpr F k_universal[] = {F::X86_64, F::I386, F::Ppc64, F::Ppc, F::Intel};
    static constexpr F k_universal2[] = {F::X86_64, F::Arm64};
    static constexpr F k_x86_64[] = {F::X86_64};
    switch (format) {
    case F::Arm64:
        return k_arm64;
    case F::Fat:
        return k_fat;
    case F::Fat32:
        return k_fat32;
    case F::Fat64:
        return k_fat64;
    case F::I386:
        return k_i386;
    case F::Intel:
        return k_intel;
    case F::Ppc:
        return k_ppc;
    case F::Ppc64:
        return k_ppc64;
    case F::Universal:
        return k_universal;
    case F::Universal2:
        return k_universal2;
    case F::X86_64:
        return k_x86_64;
    }
    return {};
}

std::optional<PlatformTag> PlatformTag::parse(std::string_view text) {
    using K = Kind;
    if (text == "any") {
        return any();
    }
    for (const auto& [name, kind] : {std::pair{std::string_view("win32"), K::Win32},
                                     std::pair{std::string_view("win_amd64"), K::WinAmd64},
                                     std::pair{std::string_view("win_arm64"), K::WinArm64},
                                     std::pair{std::string_view("win_ia64"), K::WinIa64}}) {
        if (text == name) {
            PlatformTag tag;
            tag.kind = kind;
            return tag;
        }
    }
    if (text.starts_with("manylinux_")) {
        return parse_libc_tag(K::Manylinux, text.substr(10));
    }
    for (const auto& [prefix, kind] : {std::pair{std::string_view("manylinux1_"), K::Manylinux1},
                                       std::pair{std::string_view("manylinux2010_"), K::Manylinux2010},
                                       std::pair{std::string_view("manylinux2014_"), K::Manylinux2014},
                                       std::pair{std::string_view("linux_"), K::Linux}}) {
        if (text.starts_with(prefix)) {
            const auto arch = parse_arch(text.substr(prefix.size()));
            return arch ? std::optional(legacy(kind, *arch)) : std::nullopt;
        }
    }
    if (text.starts_with("musllinux_")) {
        return parse_libc_tag(K::Musllinux, text.substr(10));
    }
    if (text.starts_with("macosx_")) {
        const auto parts = detail::split_two_underscores(text.substr(7));
        if (!parts) {
            return std::nullopt;
        }
        const auto major = parse_number<std::uint16_t>(parts->first);
        const auto minor = parse_number<std::uint16_t>(parts->second);
        const auto format = parse_macos_format(parts->rest);
        if (!major || !minor || !format) {
            return std::nullopt;
        }
        return macos(*major, *minor, *format);
    }
    if (text.starts_with("android_")) {
        const auto rest = text.substr(8);
        const auto underscore = rest.find('_');
        if (underscore == std::string_view::npos) {
            return std::nullopt;
        }
        const auto api = parse_number<std::uint16_t>(rest.substr(0, underscore));
        const auto abi = index_of(k_android_abis, rest.substr(underscore + 1));
        if (!api || !abi) {
            return std::nullopt;
        }
        PlatformTag tag;
        tag.kind = K::Android;
        tag.major = *api;
        tag.variant = *abi;
        return tag;
    }
    if (text.starts_with("ios_")) {
        const auto parts = detail::split_two_underscores(text.substr(4));
        if (!parts) {
            return std::nullopt;
        }
        const auto major = parse_number<std::uint16_t>(parts->first);
        const auto minor = parse_number<std::uint16_t>(parts->second);
        const auto multiarch = index_of(k_ios_multiarchs, parts->rest);
        if (!major || !minor || !multiarch) {
            return std::nullopt;
        }
        PlatformTag tag;
        tag.kind = K::Ios;
        tag.major = *major;
        tag.minor = *minor;
        tag.variant = *multiarch;
        return tag;
    }
    if (text.starts_with("pyodide_")) {
        return parse_wasm_tag(K::Pyodide, text.substr(8));
    }
    if (text.starts_with("pyemscripten_")) {
        return parse_wasm_tag(K::PyEmscripten, text.substr(13));
    }
    for (const auto& [prefix, kind] : {std::pair{std::string_view("freebsd_"), K::FreeBsd},
                                       std::pair{std::string_view("netbsd_"), K::NetBsd},
                                       std::pair{std::string_view("openbsd_"), K::OpenBsd},
                                       std::pair{std::string_view("dragonfly_"), K::Dragonfly},
                                       std::pair{std::string_view("haiku_"), K::Haiku},
                                       std::pair{std::string_view("illumos_"), K::Illumos}}) {
        if (text.starts_with(prefix)) {
            return parse_release_arch(kind, text.substr(prefix.size()));
        }
    }
    if (text.starts_with("solaris_")) {
        auto rest = text.substr(8);
        if (!rest.ends_with("_64bit") || rest.size() == 6) {
            return std::nullopt;
        }
        rest.remove_suffix(6);
        return parse_release_arch(K::Solaris, rest);
    }
    return std::nullopt;
}

bool PlatformTag::is_manylinux() const {
    return kind == Kind::Manylinux || kind == Kind::Manylinux1 || kind == Kind::Manylinux2010 ||
           kind == Kind::Manylinux2014;
}

bool PlatformTag::is_linux() const {
    return is_linux_kind(kind);
}

bool PlatformTag::is_windows() const {
    return kind == Kind::Win32 || kind == Kind::WinAmd64 || kind == Kind::WinArm64 || kind == Kind::WinIa64;
}

bool PlatformTag::is_arm() const {
    return (is_linux_kind(kind) && arch == Arch::Aarch64) || (is_macos() && macos_format() == MacosFormat::Arm64) ||
           (kind == Kind::Ios && ios_multiarch() != IosMultiarch::X86_64Simulator) || kind == Kind::WinArm64 ||
           (kind == Kind::Android && android_abi() == AndroidAbi::Arm64V8a);
}

bool PlatformTag::is_x86_64() const {
    return (is_linux_kind(kind) && arch == Arch::X86_64) || (is_macos() && macos_format() == MacosFormat::X86_64) ||
           (kind == Kind::Ios && ios_multiarch() == IosMultiarch::X86_64Simulator) || kind == Kind::WinAmd64;
}

bool PlatformTag::is_x86() const {
    return (is_linux_kind(kind) && arch == Arch::X86) || (is_macos() && macos_format() == MacosFormat::I386) ||
           kind == Kind::Win32;
}

bool PlatformTag::is_ppc64le() const {
    return is_modern_linux_kind(kind, true) && arch == Arch::Ppc64le;
}

bool PlatformTag::is_ppc64() const {
    return is_modern_linux_kind(kind, true) && arch == Arch::Ppc64;
}

bool PlatformTag::is_s390x() const {
    return is_modern_linux_kind(kind, true) && arch == Arch::S390x;
}

bool PlatformTag::is_riscv64() const {
    return is_modern_linux_kind(kind, false) && arch == Arch::Riscv64;
}

bool PlatformTag::is_loongarch64() const {
    return is_modern_linux_kind(kind, false) && arch == Arch::Loongarch64;
}

bool PlatformTag::is_armv7l() const {
    return is_modern_linux_kind(kind, true) && arch == Arch::Armv7l;
}

bool PlatformTag::is_armv6l() const {
    return is_modern_linux_kind(kind, true) && arch == Arch::Armv6l;
}

void PlatformTag::append_to(std::string& out) const {
    using K = Kind;
    const auto version_pair = [&] {
        detail::append_number(out, major);
        out += '_';
        detail::append_number(out, minor);
        out += '_';
    };
    switch (kind) {
    case K::Any:
        out += "any";
        return;
    case K::Manylinux:
        out += "manylinux_";
        version_pair();
        out += arch_name(arch);
        return;
    case K::Manylinux1:
        out += "manylinux1_";
        out += arch_name(arch);
        return;
    case K::Manylinux2010:
        out += "manylinux2010_";
        out += arch_name(arch);
        return;
    case K::Manylinux2014:
        out += "manylinux2014_";
        out += arch_name(arch);
        return;
    case K::Linux:
        out += "linux_";
        out += arch_name(arch);
        return;
    case K::Musllinux:
        out += "musllinux_";
        version_pair();
        out += arch_name(arch);
        return;
    case K::Macos:
        out += "macosx_";
        version_pair();
        out += macos_format_name(macos_format());
        return;
    case K::Win32:
        out += "win32";
        return;
    case K::WinAmd64:
        out += "win_amd64";
        return;
    case K::WinArm64:
        out += "win_arm64";
        return;
    case K::WinIa64:
        out += "win_ia64";
        return;
    case K::Android:
        out += "android_";
        detail::append_number(out, major);
        out += '_';
        out += k_android_abis[variant];
        return;
    case K::Ios:
        out += "ios_";
        version_pair();
        out += k_ios_multiarchs[variant];
        return;
    case K::Pyodide:
        out += "pyodide_";
        version_pair();
        out += "wasm32";
        return;
    case K::PyEmscripten:
        out += "pyemscripten_";
        version_pair();
        out += "wasm32";
        return;
    case K::FreeBsd:
        out += "freebsd_";
        break;
    case K::NetBsd:
        out += "netbsd_";
        break;
    case K::OpenBsd:
        out += "openbsd_";
        break;
    case K::Dragonfly:
        out += "dragonfly_";
        break;
    case K::Haiku:
        out += "haiku_";
        break;
    case K::Illumos:
        out += "illumos_";
        break;
    case K::Solaris:
        out += "solaris_";
        out += release_arch;
        out += "_64bit";
        return;
    }
    out += release_arch;
}

std::string PlatformTag::to_string() const {
    std::string out;
    append_to(out);
    return out;
}

} // namespace lockkit::tags
