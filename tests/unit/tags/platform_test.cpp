// Platform tags a platform accepts, best first. Expected lists are uv's
// snapshots in uv-platform-tags/src/tags.rs (test_platform_tags_*), which uv
// checked against `packaging.tags.platform_tags()`.

#include "lockkit/tags/platform.hpp"

#include <catch2/catch.hpp>

using namespace lockkit::tags;

namespace {

std::vector<std::string> tags_of(Os::Kind kind, std::uint16_t major, std::uint16_t minor, Arch arch,
                                 bool simulator = false) {
    Platform platform;
    platform.os.kind = kind;
    platform.os.major = major;
    platform.os.minor = minor;
    platform.os.simulator = simulator;
    platform.arch = arch;
    std::vector<std::string> out;
    const auto tags = compatible_platform_tags(platform);
    for (const auto& tag : tags.value()) {
        out.push_back(tag.to_string());
    }
    return out;
}

} // namespace

TEST_CASE("manylinux: PEP 600 versions with the legacy aliases after 2_17, 2_12 and 2_5", "[tags][platform]") {
    CHECK(tags_of(Os::Kind::Manylinux, 2, 20, Arch::X86_64) ==
          std::vector<std::string>{
              "manylinux_2_20_x86_64", "manylinux_2_19_x86_64", "manylinux_2_18_x86_64", "manylinux_2_17_x86_64",
              "manylinux2014_x86_64",  "manylinux_2_16_x86_64", "manylinux_2_15_x86_64", "manylinux_2_14_x86_64",
              "manylinux_2_13_x86_64", "manylinux_2_12_x86_64", "manylinux2010_x86_64",  "manylinux_2_11_x86_64",
              "manylinux_2_10_x86_64", "manylinux_2_9_x86_64",  "manylinux_2_8_x86_64",  "manylinux_2_7_x86_64",
              "manylinux_2_6_x86_64",  "manylinux_2_5_x86_64",  "manylinux1_x86_64",     "linux_x86_64"});
    // aarch64 starts at manylinux2014 (glibc 2.17).
    const auto arm = tags_of(Os::Kind::Manylinux, 2, 28, Arch::Aarch64);
    CHECK(arm.size() == 12 + 1 + 1);
    CHECK(arm[0] == "manylinux_2_28_aarch64");
    CHECK(arm[11] == "manylinux_2_17_aarch64");
    CHECK(arm[12] == "manylinux2014_aarch64");
    CHECK(arm.back() == "linux_aarch64");
    // No manylinux for armv6l at all: only the plain linux tag.
    CHECK(tags_of(Os::Kind::Manylinux, 2, 31, Arch::Armv6l) == std::vector<std::string>{"linux_armv6l"});
}

TEST_CASE("musllinux: PEP 656 versions down to 1_0", "[tags][platform]") {
    CHECK(tags_of(Os::Kind::Musllinux, 1, 2, Arch::X86_64) ==
          std::vector<std::string>{"musllinux_1_2_x86_64", "musllinux_1_1_x86_64", "musllinux_1_0_x86_64",
                                   "linux_x86_64"});
}

TEST_CASE("macOS: majors down to 11, then 10.16 to 10.4, per binary format", "[tags][platform]") {
    const auto x86 = tags_of(Os::Kind::Macos, 21, 6, Arch::X86_64);
    // 11 majors (21..11) and 13 minors (10.16..10.4), six formats each.
    REQUIRE(x86.size() == (11 + 13) * 6);
    CHECK(std::vector<std::string>(x86.begin(), x86.begin() + 7) ==
          std::vector<std::string>{"macosx_21_0_x86_64", "macosx_21_0_intel", "macosx_21_0_fat64",
                                   "macosx_21_0_fat32", "macosx_21_0_universal2", "macosx_21_0_universal",
                                   "macosx_20_0_x86_64"});
    CHECK(x86[10 * 6] == "macosx_11_0_x86_64");
    CHECK(x86[11 * 6] == "macosx_10_16_x86_64");
    CHECK(x86.back() == "macosx_10_4_universal");

    const auto x86_14 = tags_of(Os::Kind::Macos, 14, 0, Arch::X86_64);
    CHECK(x86_14.size() == (4 + 13) * 6);
    CHECK(x86_14.front() == "macosx_14_0_x86_64");

    // uv's test_system_tags_macos (aarch64 on 14.0): arm64 and universal2 per major, then universal2 only.
    const auto arm = tags_of(Os::Kind::Macos, 14, 0, Arch::Aarch64);
    CHECK(std::vector<std::string>(arm.begin(), arm.begin() + 9) ==
          std::vector<std::string>{"macosx_14_0_arm64", "macosx_14_0_universal2", "macosx_13_0_arm64",
                                   "macosx_13_0_universal2", "macosx_12_0_arm64", "macosx_12_0_universal2",
                                   "macosx_11_0_arm64", "macosx_11_0_universal2", "macosx_10_16_universal2"});
    CHECK(arm.size() == 4 * 2 + 13);
    CHECK(arm.back() == "macosx_10_4_universal2");

    // Before macOS 11, only 10.x minors up to the host's.
    const auto old = tags_of(Os::Kind::Macos, 10, 9, Arch::X86_64);
    CHECK(old.size() == 6 * 6);
    CHECK(old.front() == "macosx_10_9_x86_64");
}

TEST_CASE("Windows, Android, iOS and Pyodide", "[tags][platform]") {
    CHECK(tags_of(Os::Kind::Windows, 0, 0, Arch::X86) == std::vector<std::string>{"win32"});
    CHECK(tags_of(Os::Kind::Windows, 0, 0, Arch::X86_64) == std::vector<std::string>{"win_amd64"});
    CHECK(tags_of(Os::Kind::Windows, 0, 0, Arch::Aarch64) == std::vector<std::string>{"win_arm64"});
    Platform s390_windows;
    s390_windows.os.kind = Os::Kind::Windows;
    s390_windows.arch = Arch::S390x;
    CHECK_FALSE(compatible_platform_tags(s390_windows));

    CHECK(tags_of(Os::Kind::Android, 14, 0, Arch::Aarch64).empty());
    CHECK(tags_of(Os::Kind::Android, 20, 0, Arch::Aarch64) ==
          std::vector<std::string>{"android_20_arm64_v8a", "android_19_arm64_v8a", "android_18_arm64_v8a",
                                   "android_17_arm64_v8a", "android_16_arm64_v8a"});

    CHECK(tags_of(Os::Kind::Ios, 11, 0, Arch::Aarch64).empty());
    CHECK(tags_of(Os::Kind::Ios, 12, 3, Arch::Aarch64) ==
          std::vector<std::string>{"ios_12_3_arm64_iphoneos", "ios_12_2_arm64_iphoneos", "ios_12_1_arm64_iphoneos",
                                   "ios_12_0_arm64_iphoneos"});
    const auto ios15 = tags_of(Os::Kind::Ios, 15, 1, Arch::Aarch64);
    CHECK(ios15.size() == 2 + 10 + 10 + 10);
    CHECK(ios15[2] == "ios_14_9_arm64_iphoneos");
    CHECK(ios15.back() == "ios_12_0_arm64_iphoneos");
    CHECK(tags_of(Os::Kind::Ios, 13, 0, Arch::X86_64, true).front() == "ios_13_0_x86_64_iphonesimulator");

    CHECK(tags_of(Os::Kind::Pyodide, 2025, 0, Arch::Wasm32) ==
          std::vector<std::string>{"pyemscripten_2025_0_wasm32", "pyodide_2025_0_wasm32"});
}

TEST_CASE("BSD releases become one opaque tag", "[tags][platform]") {
    Platform freebsd;
    freebsd.os.kind = Os::Kind::FreeBsd;
    freebsd.os.release = "13.2-RELEASE";
    freebsd.arch = Arch::X86_64;
    CHECK(compatible_platform_tags(freebsd).value().front().to_string() == "freebsd_13_2_release_amd64");
    freebsd.os.release = "13/2";
    // uv: test_platform_tags_invalid_release_arch
    CHECK(compatible_platform_tags(freebsd).error().find("Invalid platform release and architecture") == 0);
}
