// What a universal lock keeps. The requires-python cases are uv's
// (uv-distribution-types/src/requires_python.rs: requires_python_included,
// requires_python_dropped); the implied markers are uv's
// (prioritized_distribution.rs: test_implied_*); the unreachable-wheel cases
// follow uv's lock builder (uv-resolver/src/lock/mod.rs
// `is_wheel_unreachable_for_marker`) and resolver-notes §4.11.

#include "lockkit/tags/wheel_reach.hpp"

#include <catch2/catch.hpp>

using namespace lockkit;
using namespace lockkit::tags;
using pep508::MarkerTree;
using pep508::ReleaseBound;

namespace {

ReleaseBound included(std::vector<std::uint64_t> release) {
    return {ReleaseBound::Kind::Included, std::move(release)};
}
ReleaseBound excluded(std::vector<std::uint64_t> release) {
    return {ReleaseBound::Kind::Excluded, std::move(release)};
}
const ReleaseBound k_unbounded{};

WheelFilename wheel(std::string_view name) {
    return WheelFilename::parse(name).value();
}

MarkerTree marker(std::string_view text) {
    return MarkerTree::parse(text).value();
}

} // namespace

TEST_CASE("requires-python keeps wheels some Python in range can install", "[tags][reach]") {
    // ==3.10.*
    const auto lo = included({3, 10});
    const auto hi = excluded({3, 11});
    for (const auto* name : {"bcrypt-4.1.3-cp37-abi3-macosx_10_12_universal2.whl", "black-24.4.2-cp310-cp310-win_amd64.whl",
                             "black-24.4.2-cp310-none-win_amd64.whl", "cbor2-5.6.4-py3-none-any.whl",
                             "solace_pubsubplus-1.8.0-py36-none-manylinux_2_12_x86_64.whl",
                             "torch-1.10.0-py310-none-macosx_10_9_x86_64.whl",
                             "torch-1.10.0-py37-none-macosx_10_9_x86_64.whl",
                             "watchfiles-0.22.0-pp310-pypy310_pp73-macosx_11_0_arm64.whl"}) {
        INFO(name);
        CHECK(matches_requires_python(wheel(name), lo, hi));
    }
    for (const auto* name : {"PySocks-1.7.1-py27-none-any.whl", "black-24.4.2-cp39-cp39-win_amd64.whl",
                             "dearpygui-1.11.1-cp312-cp312-win_amd64.whl", "psutil-6.0.0-cp27-none-win32.whl",
                             "psutil-6.0.0-cp36-cp36m-win32.whl", "pydantic_core-2.20.1-pp39-pypy39_pp73-win_amd64.whl",
                             "torch-1.10.0-cp311-none-macosx_10_9_x86_64.whl",
                             "torch-1.10.0-cp36-none-macosx_10_9_x86_64.whl",
                             "torch-1.10.0-py311-none-macosx_10_9_x86_64.whl"}) {
        INFO(name);
        CHECK_FALSE(matches_requires_python(wheel(name), lo, hi));
    }
    // >=3.12.3: the lower bound counts by major.minor.
    CHECK(matches_requires_python(wheel("dearpygui-1.11.1-cp312-cp312-win_amd64.whl"), included({3, 12, 3}), k_unbounded));
    CHECK_FALSE(
        matches_requires_python(wheel("dearpygui-1.11.1-cp310-cp310-win_amd64.whl"), included({3, 12, 3}), k_unbounded));
    // ==3.12.6 and ==3.12.
    CHECK(matches_requires_python(wheel("lxml-5.3.0-cp312-cp312-musllinux_1_2_aarch64.whl"), included({3, 12, 6}),
                                  included({3, 12, 6})));
    CHECK(matches_requires_python(wheel("lxml-5.3.0-cp312-cp312-musllinux_1_2_x86_64.whl"), included({3, 12}),
                                  included({3, 12})));
    // <3.13.1 still admits 3.13 wheels; <3.13 does not.
    CHECK(matches_requires_python(wheel("a-1-cp313-cp313-win_amd64.whl"), k_unbounded, excluded({3, 13, 1})));
    CHECK_FALSE(matches_requires_python(wheel("a-1-cp313-cp313-win_amd64.whl"), k_unbounded, excluded({3, 13})));
}

TEST_CASE("wheels imply platform and Python markers", "[tags][reach]") {
    CHECK(implied_platform_markers(wheel("example-1.0-py3-none-any.whl")).is_true());
    const std::pair<const char*, const char*> platform_cases[] = {
        {"example-1.0-cp310-cp310-win32.whl", "sys_platform == 'win32' and platform_machine == 'x86'"},
        {"numpy-2.2.1-cp313-cp313t-win_amd64.whl", "sys_platform == 'win32' and platform_machine == 'AMD64'"},
        {"numpy-2.2.1-cp313-cp313t-win_arm64.whl", "sys_platform == 'win32' and platform_machine == 'ARM64'"},
        {"numpy-2.2.1-cp313-cp313t-manylinux_2_17_aarch64.manylinux2014_aarch64.whl",
         "sys_platform == 'linux' and platform_machine == 'aarch64'"},
        {"numpy-2.2.1-cp312-cp312-musllinux_1_2_aarch64.whl", "sys_platform == 'linux' and platform_machine == 'aarch64'"},
        {"numpy-2.2.1-cp310-cp310-macosx_14_0_x86_64.whl", "sys_platform == 'darwin' and platform_machine == 'x86_64'"},
        {"numpy-2.2.1-cp310-cp310-macosx_11_0_arm64.whl", "sys_platform == 'darwin' and platform_machine == 'arm64'"},
        {"numpy-2.2.1-cp310-cp310-macosx_10_9_universal2.whl",
         "sys_platform == 'darwin' and (platform_machine == 'x86_64' or platform_machine == 'arm64')"},
    };
    for (const auto& [name, expected] : platform_cases) {
        INFO(name);
        CHECK(implied_platform_markers(wheel(name)) == marker(expected));
    }
    CHECK(implied_python_markers(wheel("example-1.0-none-none-any.whl")).is_true());
    const std::pair<const char*, const char*> python_cases[] = {
        {"example-1.0-cp310-cp310-any.whl",
         "python_full_version == '3.10.*' and platform_python_implementation == 'CPython'"},
        {"example-1.0-cp313-cp313t-any.whl",
         "python_full_version == '3.13.*' and platform_python_implementation == 'CPython'"},
        {"example-1.0-pp310-pypy310_pp73-any.whl",
         "python_full_version == '3.10.*' and platform_python_implementation == 'PyPy'"},
        {"example-1.0-py310-none-any.whl", "python_full_version >= '3.10' and python_full_version < '3.11'"},
        {"example-1.0-py3-none-any.whl", "python_full_version >= '3' and python_full_version < '4'"},
        {"example-1.0-py311.py312-none-any.whl", "python_full_version >= '3.11' and python_full_version < '3.13'"},
        {"example-1.0-cp39-abi3-any.whl", "python_full_version >= '3.9' and platform_python_implementation == 'CPython'"},
        {"example-1.0-cp315-abi3t-any.whl",
         "python_full_version >= '3.15' and platform_python_implementation == 'CPython'"},
        {"example-1.0-cp3-abi3-any.whl", "python_full_version >= '3' and platform_python_implementation == 'CPython'"},
    };
    for (const auto& [name, expected] : python_cases) {
        INFO(name);
        CHECK(implied_python_markers(wheel(name)) == marker(expected));
    }
    CHECK(implied_markers(wheel("example-1.0-cp39-abi3-manylinux_2_28_x86_64.whl")) ==
          marker("python_full_version >= '3.9' and platform_python_implementation == 'CPython' and "
                 "sys_platform == 'linux' and platform_machine == 'x86_64'"));
    CHECK(implied_markers(wheel("pywin32-311-cp314-cp314-win_arm64.whl")) ==
          marker("python_full_version == '3.14.*' and platform_python_implementation == 'CPython' and "
                 "sys_platform == 'win32' and platform_machine == 'ARM64'"));
}

TEST_CASE("the lock drops wheels the package's markers cannot reach", "[tags][reach]") {
    const auto lo = included({3, 12});
    const auto check = [&](std::string_view name, std::string_view reach) {
        return is_wheel_unreachable(wheel(name), lo, k_unbounded, marker(reach));
    };
    const auto linux_x86 = "a-1-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl";
    CHECK_FALSE(check(linux_x86, ""));
    CHECK(check(linux_x86, "sys_platform == 'win32'"));
    CHECK(check(linux_x86, "platform_machine == 'aarch64'"));
    CHECK_FALSE(check(linux_x86, "sys_platform == 'linux' and platform_machine == 'x86_64'"));
    CHECK(check("a-1-cp312-cp312-win_amd64.whl", "sys_platform == 'darwin'"));
    CHECK_FALSE(check("a-1-cp312-cp312-win_amd64.whl", "os_name == 'nt'"));
    CHECK(check("a-1-cp312-cp312-macosx_11_0_arm64.whl", "platform_machine == 'x86_64'"));
    // universal2 spans two architectures: only the macOS family is judged.
    CHECK_FALSE(check("a-1-cp312-cp312-macosx_10_9_universal2.whl", "platform_machine == 'x86_64'"));
    CHECK(check("a-1-cp312-cp312-macosx_10_9_universal2.whl", "sys_platform == 'linux'"));
    // Tags across families: the architecture alone decides.
    CHECK(check("a-1-py3-none-manylinux_2_17_x86_64.win_amd64.whl", "platform_machine == 'aarch64'"));
    CHECK_FALSE(check("a-1-py3-none-manylinux_2_17_x86_64.win_amd64.whl", "sys_platform == 'darwin'"));
    // Pure wheels and unknown platforms stay; requires-python drops Python 2 wheels.
    CHECK_FALSE(check("a-1-py3-none-any.whl", "sys_platform == 'win32'"));
    CHECK_FALSE(check("a-1-cp312-cp312-plan9_amd64.whl", "sys_platform == 'win32'"));
    CHECK(check("a-1-cp311-cp311-win_amd64.whl", ""));
    CHECK(check("a-1-py2-none-any.whl", ""));
    // A target environment's tags drop what it cannot install.
    TagEnvironment env;
    env.platform.os.kind = Os::Kind::Manylinux;
    env.platform.os.major = 2;
    env.platform.os.minor = 28;
    const auto tags = SupportedTags::for_interpreter(env).value();
    CHECK(is_wheel_unreachable(wheel("a-1-cp312-cp312-win_amd64.whl"), lo, k_unbounded, MarkerTree(), &tags));
    CHECK_FALSE(is_wheel_unreachable(wheel(linux_x86), lo, k_unbounded, MarkerTree(), &tags));
}

TEST_CASE("family markers are uv's constants", "[tags][reach]") {
    CHECK(platform_family_marker("linux", "") == marker("os_name == 'posix' and sys_platform == 'linux'"));
    CHECK(platform_family_marker("windows", "x86") ==
          marker("os_name == 'nt' and sys_platform == 'win32' and (platform_machine == 'i686' or platform_machine == "
                 "'i386' or platform_machine == 'win32' or platform_machine == 'x86')"));
    CHECK(platform_family_marker("", "armv7l") == marker("platform_machine == 'armv7l' or platform_machine == 'armv8l'"));
    CHECK(platform_family_marker("", "").is_true());
}
