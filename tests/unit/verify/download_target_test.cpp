// Target filtering for --download: which wheels a CPython version on an
// OS/architecture could install (PEP 425 tags), and the sdist fallback.

#include "lock_texts.hpp"
#include "lockkit/verify/download_check.hpp"
#include "lockkit/verify/download_target.hpp"

using namespace lockkit;
using namespace lockkit::verify;

namespace {

DownloadTarget target(std::string_view platform, std::optional<std::pair<unsigned, unsigned>> python) {
    DownloadTarget t = platform.empty() ? DownloadTarget{} : parse_platform(platform).value();
    t.python = python;
    return t;
}

constexpr std::pair<unsigned, unsigned> py(unsigned minor) {
    return {3, minor};
}

} // namespace

TEST_CASE("platforms parse in our and uv's spellings", "[verify][download]") {
    CHECK(parse_platform("linux")->os == TargetOs::Linux);
    CHECK(parse_platform("linux")->arch.empty());
    CHECK(parse_platform("macos-arm64")->arch == "aarch64");
    CHECK(parse_platform("Windows-AMD64")->arch == "x86_64");
    const auto triple = parse_platform("x86_64-unknown-linux-gnu");
    CHECK(triple->os == TargetOs::Linux);
    CHECK(triple->arch == "x86_64");
    CHECK(parse_platform("aarch64-apple-darwin")->os == TargetOs::MacOS);
    CHECK(parse_platform("x86_64-pc-windows-msvc")->os == TargetOs::Windows);
    CHECK(parse_platform("aarch64-manylinux_2_28")->os == TargetOs::Linux);
    const auto bad = parse_platform("solaris");
    REQUIRE_FALSE(bad);
    CHECK(bad.error().find("linux, macos or windows") != std::string::npos);

    CHECK(parse_python_version("3.12").value() == py(12));
    CHECK_FALSE(parse_python_version("3"));
    CHECK_FALSE(parse_python_version("three.twelve"));
}

TEST_CASE("wheel tags decide whether a wheel fits a target", "[verify][download]") {
    const std::string numpy = "numpy-2.1.0-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl";
    CHECK(wheel_fits(numpy, target("linux", py(12))));
    CHECK(wheel_fits(numpy, target("linux-x86_64", py(12))));
    CHECK_FALSE(wheel_fits(numpy, target("linux-aarch64", py(12))));
    CHECK_FALSE(wheel_fits(numpy, target("linux", py(11))));
    CHECK_FALSE(wheel_fits(numpy, target("macos", py(12))));
    CHECK(wheel_fits(numpy, target("", std::nullopt)));

    // The stable ABI runs on every later CPython; universal2 on both Mac architectures.
    const std::string crypto = "cryptography-43.0.0-cp39-abi3-macosx_10_9_universal2.whl";
    CHECK(wheel_fits(crypto, target("macos-arm64", py(13))));
    CHECK(wheel_fits(crypto, target("macos-x86_64", py(9))));
    CHECK_FALSE(wheel_fits(crypto, target("macos", py(8))));
    CHECK_FALSE(wheel_fits(crypto, target("windows", py(12))));
    CHECK_FALSE(wheel_fits("x-1.0-cp312-cp312-macosx_11_0_arm64.whl", target("macos-x86_64", py(12))));

    CHECK(wheel_fits("six-1.16.0-py2.py3-none-any.whl", target("windows-aarch64", py(13))));
    CHECK(wheel_fits("x-1.0-py312-none-any.whl", target("linux", py(13))));
    CHECK_FALSE(wheel_fits("x-1.0-py312-none-any.whl", target("linux", py(11))));
    CHECK(wheel_fits("x-1.0-cp312-none-any.whl", target("linux", py(12))));
    CHECK_FALSE(wheel_fits("x-1.0-cp312-none-any.whl", target("linux", py(13))));

    CHECK(wheel_fits("pywin32-306-cp312-cp312-win_amd64.whl", target("windows-x86_64", py(12))));
    CHECK_FALSE(wheel_fits("pywin32-306-cp312-cp312-win_amd64.whl", target("windows-aarch64", py(12))));
    CHECK(wheel_fits("pywin32-306-cp312-cp312-win32.whl", target("windows-x86", py(12))));
    CHECK(wheel_fits("x-1.0-cp312-cp312-musllinux_1_2_aarch64.whl", target("linux-arm64", py(12))));

    // The target interpreter is CPython: PyPy wheels fit only when no Python is named.
    const std::string pypy = "x-1.0-pp310-pypy310_pp73-manylinux_2_17_x86_64.whl";
    CHECK_FALSE(wheel_fits(pypy, target("linux", py(10))));
    CHECK(wheel_fits(pypy, target("linux", std::nullopt)));
    CHECK(wheel_fits("x-1.0-1build-py3-none-any.whl", target("linux", py(12))));  // build tag
    CHECK_FALSE(wheel_fits("x-1.0.tar.gz", target("", std::nullopt)));
}

TEST_CASE("a target without a fitting wheel selects the sdist", "[verify][download]") {
    const auto lock = testing::parse(R"(version = 1
revision = 3
requires-python = ">=3.12"

[[package]]
name = "fast"
version = "1.0"
source = { registry = "https://pypi.org/simple" }
sdist = { url = "https://example.org/fast-1.0.tar.gz", hash = "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", size = 1 }
wheels = [
    { url = "https://example.org/fast-1.0-cp312-cp312-manylinux_2_17_x86_64.whl", hash = "sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", size = 1 },
    { url = "https://example.org/fast-1.0-cp312-cp312-win_amd64.whl", hash = "sha256:cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc", size = 1 },
]
)");
    const auto& package = lock.packages.front();
    CHECK(select_artifacts(package, {}).size() == 3);

    const auto linux = select_artifacts(package, {target("linux", py(12))});
    REQUIRE(linux.size() == 1);
    CHECK(linux[0]->filename().find("manylinux") != std::string::npos);

    // No wheel for macOS: the installer would build the sdist, so that is what gets checked.
    const auto mac = select_artifacts(package, {target("macos", py(12))});
    REQUIRE(mac.size() == 1);
    CHECK(mac[0]->filename() == "fast-1.0.tar.gz");

    CHECK(select_artifacts(package, {target("linux", py(12)), target("windows", py(12))}).size() == 2);
    CHECK(select_artifacts(package, {target("linux", py(12)), target("macos", py(12))}).size() == 2);
}
