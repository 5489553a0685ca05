// The three kinds of wheel tag, parsed and printed. Expectations are taken from
// uv's `uv-platform-tags` unit tests (language_tag.rs, abi_tag.rs,
// platform_tag.rs) unless a comment names the spec.

#include "lockkit/tags/abi_tag.hpp"
#include "lockkit/tags/language_tag.hpp"
#include "lockkit/tags/platform_tag.hpp"

#include <catch2/catch.hpp>

using namespace lockkit::tags;

namespace {

template <typename T>
std::string roundtrip(std::string_view text) {
    const auto tag = T::parse(text);
    return tag ? tag->to_string() : "<none>";
}

} // namespace

TEST_CASE("Python tags parse and print", "[tags][language]") {
    for (const auto* text : {"none", "py3", "py312", "py27", "cp3", "cp39", "cp312", "pp310", "graalpy311", "pyston38"}) {
        CHECK(roundtrip<LanguageTag>(text) == text);
    }
    CHECK(LanguageTag::parse("py3") == LanguageTag::python(3));
    CHECK(LanguageTag::parse("py312") == LanguageTag::python(3, 12));
    CHECK(LanguageTag::parse("cp39") == LanguageTag::cpython(3, 9));
    CHECK(LanguageTag::parse("cp3")->kind == LanguageTag::Kind::CPythonMajor);
    // uv: "py" alone misses its major; "pyx" is no digit; four characters after "cp" is unknown.
    CHECK_FALSE(LanguageTag::parse("py"));
    CHECK_FALSE(LanguageTag::parse("pyx"));
    CHECK_FALSE(LanguageTag::parse("py3x"));
    CHECK_FALSE(LanguageTag::parse("cp"));
    CHECK_FALSE(LanguageTag::parse("cp3100"));
    CHECK_FALSE(LanguageTag::parse("pp3"));
    CHECK_FALSE(LanguageTag::parse("ip27"));
}

TEST_CASE("ABI tags parse and print with their flags", "[tags][abi]") {
    for (const auto* text : {"none", "abi3", "abi3t", "cp39", "cp312", "cp313t", "cp314d", "cp314td", "cp37m", "cp27mu",
                             "pypy310_pp73", "pypy_73", "graalpy240_310_native", "pyston_23_x86_64_linux_gnu"}) {
        CHECK(roundtrip<AbiTag>(text) == text);
    }
    const auto ft = AbiTag::parse("cp313t");
    REQUIRE(ft);
    CHECK(ft->flags == AbiTag::k_free_threaded);
    // uv prints the flags in the order t, d, m, u whatever the input order.
    CHECK(roundtrip<AbiTag>("cp27um") == "cp27mu");
    CHECK(roundtrip<AbiTag>("cp314dt") == "cp314td");
    CHECK(AbiTag::parse("abi3")->is_stable_abi());
    CHECK(AbiTag::parse("abi3t")->is_stable_abi());
    CHECK_FALSE(AbiTag::parse("cp3"));        // no minor version
    CHECK_FALSE(AbiTag::parse("cp39x"));      // unknown flag
    CHECK_FALSE(AbiTag::parse("cp39tt"));     // repeated flag
    CHECK_FALSE(AbiTag::parse("pypy310"));    // no `_pp` part
    CHECK_FALSE(AbiTag::parse("pypy310_73"));
    CHECK_FALSE(AbiTag::parse("graalpy240_310_java"));
    CHECK_FALSE(AbiTag::parse("pyston_23"));
    CHECK_FALSE(AbiTag::parse("foo"));
}

TEST_CASE("platform tags parse and print", "[tags][platform]") {
    for (const auto* text :
         {"any", "manylinux_2_24_x86_64", "manylinux1_x86_64", "manylinux2010_i686", "manylinux2014_aarch64",
          "linux_x86_64", "linux_armv7l", "musllinux_1_2_x86_64", "macosx_11_0_universal2", "macosx_10_9_x86_64",
          "macosx_11_0_arm64", "win32", "win_amd64", "win_arm64", "win_ia64", "android_21_arm64_v8a",
          "android_24_x86_64", "ios_13_0_arm64_iphoneos", "ios_12_3_x86_64_iphonesimulator", "freebsd_13_14_x86_64",
          "illumos_5_11_x86_64", "solaris_11_4_x86_64_64bit", "pyodide_2024_0_wasm32", "pyemscripten_2026_0_wasm32"}) {
        CHECK(roundtrip<PlatformTag>(text) == text);
    }
    // uv reads armv8l as armv7l (32-bit ARM on ARMv8 hardware).
    CHECK(roundtrip<PlatformTag>("linux_armv8l") == "linux_armv7l");
    for (const auto* text : {"manylinux_x_24_x86_64", "manylinux_2_x_x86_64", "manylinux_2_24_invalid", "manylinux_2_24",
                             "manylinux1_invalid", "manylinux2010_invalid", "manylinux2014_invalid", "linux_invalid",
                             "musllinux_x_2_x86_64", "musllinux_1_x_x86_64", "musllinux_1_2_invalid",
                             "macosx_x_0_universal2", "macosx_11_x_universal2", "macosx_11_0_invalid",
                             "solaris_11_4_x86_64", "freebsd_13_x86/64", "freebsd_13.14_x86_64", "android_x_arm64_v8a",
                             "ios_13_0_arm64", "pyodide_2024_0_x86_64", "win_amd32", "unknown"}) {
        INFO(text);
        CHECK_FALSE(PlatformTag::parse(text));
    }
}

TEST_CASE("platform tags know their OS family and architecture", "[tags][platform]") {
    const auto tag = [](std::string_view text) { return PlatformTag::parse(text).value(); };
    CHECK(tag("manylinux_2_17_x86_64").is_manylinux());
    CHECK(tag("manylinux2014_x86_64").is_manylinux());
    CHECK_FALSE(tag("musllinux_1_2_x86_64").is_manylinux());
    CHECK(tag("musllinux_1_2_x86_64").is_linux());
    CHECK(tag("linux_armv7l").is_linux());
    CHECK(tag("win32").is_windows());
    CHECK(tag("macosx_11_0_arm64").is_arm());
    CHECK(tag("win_arm64").is_arm());
    CHECK(tag("android_21_arm64_v8a").is_arm());
    CHECK(tag("ios_13_0_arm64_iphonesimulator").is_arm());
    CHECK(tag("win_amd64").is_x86_64());
    CHECK(tag("win32").is_x86());
    CHECK(tag("macosx_10_9_i386").is_x86());
    CHECK_FALSE(tag("macosx_10_9_universal2").is_x86_64());  // spans two architectures
    CHECK_FALSE(tag("macosx_10_9_universal2").is_arm());
    // uv's lock builder does not count Android x86_64 as x86_64 (lock/mod.rs `is_x86_64`).
    CHECK_FALSE(tag("android_24_x86_64").is_x86_64());
    CHECK(tag("manylinux_2_17_ppc64le").is_ppc64le());
    CHECK(tag("manylinux_2_31_riscv64").is_riscv64());
    CHECK(tag("linux_armv8l").is_armv7l());
    CHECK(tag("manylinux2014_armv6l").is_armv6l());
    const auto universal2 = macos_format_machines(MacosFormat::Universal2);
    REQUIRE(universal2.size() == 2);
    CHECK(macos_format_name(universal2[0]) == "x86_64");
    CHECK(macos_format_name(universal2[1]) == "arm64");
}
