// PEP 425 priority order for an interpreter. Full expected lists and counts are
// uv's snapshots (uv-platform-tags/src/tags.rs: test_manylinux_incompatible,
// test_system_tags_manylinux, test_system_tags_macos,
// test_system_tags_freethreaded_include_abi3t, test_system_tags_debug_cpython),
// which uv generated with `packaging.tags.sys_tags()`. The interpreter-probe test
// compares whole lists with `packaging` on this machine's Pythons.

#include "lockkit/tags/supported_tags.hpp"

#include <catch2/catch.hpp>

using namespace lockkit::tags;

namespace {

TagEnvironment cpython(std::uint8_t minor, Os::Kind os = Os::Kind::Manylinux, std::uint16_t os_major = 2,
                       std::uint16_t os_minor = 28, Arch arch = Arch::X86_64) {
    TagEnvironment env;
    env.platform.os.kind = os;
    env.platform.os.major = os_major;
    env.platform.os.minor = os_minor;
    env.platform.arch = arch;
    env.python_minor = minor;
    env.implementation_minor = minor;
    return env;
}

std::vector<std::string> texts(const SupportedTags& tags) {
    std::vector<std::string> out;
    for (const auto& tag : tags.tags()) {
        out.push_back(tag.to_string());
    }
    return out;
}

WheelFilename wheel(std::string_view name) {
    return WheelFilename::parse(name).value();
}

} // namespace

TEST_CASE("without manylinux support only linux tags remain", "[tags][supported]") {
    auto env = cpython(9);
    env.manylinux_compatible = false;
    CHECK(texts(SupportedTags::for_interpreter(env).value()) ==
          std::vector<std::string>{
              "cp39-cp39-linux_x86_64",  "cp39-abi3-linux_x86_64",  "cp39-none-linux_x86_64",  "cp38-abi3-linux_x86_64",
              "cp37-abi3-linux_x86_64",  "cp36-abi3-linux_x86_64",  "cp35-abi3-linux_x86_64",  "cp34-abi3-linux_x86_64",
              "cp33-abi3-linux_x86_64",  "cp32-abi3-linux_x86_64",  "py39-none-linux_x86_64",  "py3-none-linux_x86_64",
              "py38-none-linux_x86_64",  "py37-none-linux_x86_64",  "py36-none-linux_x86_64",  "py35-none-linux_x86_64",
              "py34-none-linux_x86_64",  "py33-none-linux_x86_64",  "py32-none-linux_x86_64",  "py31-none-linux_x86_64",
              "py30-none-linux_x86_64",  "cp39-none-any",           "py39-none-any",           "py3-none-any",
              "py38-none-any",           "py37-none-any",           "py36-none-any",           "py35-none-any",
              "py34-none-any",           "py33-none-any",           "py32-none-any",           "py31-none-any",
              "py30-none-any"});
}

TEST_CASE("CPython 3.9 on manylinux 2.28 x86_64 has uv's 600 tags in its order", "[tags][supported]") {
    const auto tags = texts(SupportedTags::for_interpreter(cpython(9)).value());
    REQUIRE(tags.size() == 600);
    CHECK(tags[0] == "cp39-cp39-manylinux_2_28_x86_64");
    CHECK(tags[27] == "cp39-cp39-linux_x86_64");
    CHECK(tags[28] == "cp39-abi3-manylinux_2_28_x86_64");
    CHECK(tags[279] == "cp32-abi3-linux_x86_64");
    CHECK(tags[280] == "py39-none-manylinux_2_28_x86_64");
    CHECK(tags[587] == "py30-none-linux_x86_64");
    CHECK(std::vector<std::string>(tags.end() - 12, tags.end()) ==
          std::vector<std::string>{"cp39-none-any", "py39-none-any", "py3-none-any", "py38-none-any", "py37-none-any",
                                   "py36-none-any", "py35-none-any", "py34-none-any", "py33-none-any", "py32-none-any",
                                   "py31-none-any", "py30-none-any"});
}

TEST_CASE("CPython 3.9 on macOS 14 arm64 has uv's 453 tags", "[tags][supported]") {
    const auto tags = texts(SupportedTags::for_interpreter(cpython(9, Os::Kind::Macos, 14, 0, Arch::Aarch64)).value());
    REQUIRE(tags.size() == 453);
    CHECK(tags[0] == "cp39-cp39-macosx_14_0_arm64");
    CHECK(tags[1] == "cp39-cp39-macosx_14_0_universal2");
    CHECK(tags[20] == "cp39-cp39-macosx_10_4_universal2");
    CHECK(tags[21] == "cp39-abi3-macosx_14_0_arm64");
}

TEST_CASE("free-threaded CPython uses cp315t and abi3t and refuses other ABIs", "[tags][supported]") {
    auto env = cpython(15);
    env.manylinux_compatible = false;
    env.gil_disabled = true;
    const auto tags = SupportedTags::for_interpreter(env).value();
    const auto list = texts(tags);
    REQUIRE(list.size() == 51);
    CHECK(std::vector<std::string>(list.begin(), list.begin() + 4) ==
          std::vector<std::string>{"cp315-cp315t-linux_x86_64", "cp315-abi3t-linux_x86_64", "cp315-none-linux_x86_64",
                                   "cp314-abi3t-linux_x86_64"});
    CHECK(list[15] == "cp32-abi3t-linux_x86_64");
    CHECK(list[16] == "py315-none-linux_x86_64");
    CHECK(list[33] == "cp315-none-any");
    CHECK(tags.compatibility(wheel("a-1-cp39-abi3-linux_x86_64.whl")).reason == IncompatibleTag::FreethreadedAbi);
    CHECK(tags.compatibility(wheel("a-1-cp315-cp315-linux_x86_64.whl")).reason == IncompatibleTag::FreethreadedAbi);
    CHECK(tags.is_compatible(wheel("a-1-cp315-cp315t-linux_x86_64.whl")));
    CHECK(tags.is_compatible(wheel("a-1-py3-none-any.whl")));
    // A GIL interpreter takes abi3 but not abi3t (uv's map holds only abi3 for it).
    const auto gil = SupportedTags::for_interpreter(cpython(13)).value();
    CHECK(gil.is_compatible(wheel("a-1-cp39-abi3-manylinux_2_17_x86_64.whl")));
    CHECK_FALSE(gil.is_compatible(wheel("a-1-cp313-abi3t-manylinux_2_17_x86_64.whl")));
    CHECK_FALSE(gil.is_compatible(wheel("a-1-cp313-cp313t-manylinux_2_17_x86_64.whl")));
}

TEST_CASE("a debug build takes debug wheels first, then release ones", "[tags][supported]") {
    auto env = cpython(14);
    const auto debug_wheel = wheel("a-1-cp314-cp314d-manylinux_2_28_x86_64.whl");
    const auto release_wheel = wheel("a-1-cp314-cp314-manylinux_2_28_x86_64.whl");
    const auto plain = SupportedTags::for_interpreter(env).value();
    CHECK_FALSE(plain.is_compatible(debug_wheel));
    CHECK(plain.is_compatible(release_wheel));
    env.debug_enabled = true;
    const auto debug = SupportedTags::for_interpreter(env).value();
    CHECK(debug.is_compatible(debug_wheel));
    CHECK(debug.is_compatible(release_wheel));
    CHECK(debug.compatibility(debug_wheel) > debug.compatibility(release_wheel));
}

TEST_CASE("old CPython ABIs carry the pymalloc flag", "[tags][supported]") {
    const auto tags = SupportedTags::for_interpreter(cpython(7)).value();
    CHECK(tags.tags().front().to_string() == "cp37-cp37m-manylinux_2_28_x86_64");
    CHECK(tags.is_compatible(wheel("a-1-cp37-cp37m-manylinux1_x86_64.whl")));
    CHECK_FALSE(tags.is_compatible(wheel("a-1-cp37-cp37-manylinux1_x86_64.whl")));
}

TEST_CASE("wheel priority follows the list, and misses say why", "[tags][supported]") {
    // index-and-install-notes §3.2: on CPython 3.12 / manylinux_2_35 x86_64 the exact ABI beats abi3 beats pure.
    const auto tags = SupportedTags::for_interpreter(cpython(12, Os::Kind::Manylinux, 2, 35)).value();
    const auto exact = tags.compatibility(wheel("a-1-cp312-cp312-manylinux_2_17_x86_64.whl"));
    const auto stable = tags.compatibility(wheel("a-1-cp311-abi3-manylinux_2_28_x86_64.whl"));
    const auto pure = tags.compatibility(wheel("a-1-py3-none-any.whl"));
    CHECK(exact.compatible);
    CHECK(exact > stable);
    CHECK(stable > pure);
    CHECK(pure > TagCompatibility{});
    // The best combination of a compressed set counts.
    CHECK(tags.compatibility(wheel("a-1-cp312-cp312-manylinux_2_5_x86_64.manylinux_2_28_x86_64.whl")) ==
          tags.compatibility(wheel("a-1-cp312-cp312-manylinux_2_28_x86_64.whl")));
    CHECK(tags.compatibility(wheel("a-1-pp39-pypy39_pp73-manylinux_2_17_x86_64.whl")).reason == IncompatibleTag::Python);
    // cp311 is known (for abi3), so the miss is the ABI.
    CHECK(tags.compatibility(wheel("a-1-cp311-cp311-manylinux_2_17_x86_64.whl")).reason == IncompatibleTag::Abi);
    CHECK(tags.compatibility(wheel("a-1-cp312-cp311-manylinux_2_17_x86_64.whl")).reason == IncompatibleTag::Abi);
    CHECK(tags.compatibility(wheel("a-1-cp312-cp312-manylinux_2_36_x86_64.whl")).reason == IncompatibleTag::Platform);
    CHECK(tags.compatibility(wheel("a-1-cp312-cp312-win_amd64.whl")).reason == IncompatibleTag::Platform);
    CHECK(tags.compatibility(wheel("a-1-cp312-cp312-unknown.whl")).reason == IncompatibleTag::Invalid);
    CHECK(tags.priority(LanguageTag::python(3), AbiTag::none(), PlatformTag::any()) ==
          tags.compatibility(wheel("a-1-py3-none-any.whl")).priority);
}

TEST_CASE("implementations without wheels are refused", "[tags][supported]") {
    auto env = cpython(12);
    env.implementation = "jython";
    CHECK(SupportedTags::for_interpreter(env).error() == "Unsupported implementation: `jython`");
    env.implementation = "pypy";
    env.implementation_major = 7;
    env.implementation_minor = 3;
    const auto pypy = SupportedTags::for_interpreter(env).value();
    CHECK(pypy.tags().front().to_string() == "pp312-pypy312_pp73-manylinux_2_28_x86_64");
    CHECK(pypy.is_compatible(wheel("a-1-py3-none-any.whl")));
    CHECK_FALSE(pypy.is_compatible(wheel("a-1-cp39-abi3-manylinux_2_17_x86_64.whl")));
    env.gil_disabled = true;
    CHECK_FALSE(SupportedTags::for_interpreter(env));
}
