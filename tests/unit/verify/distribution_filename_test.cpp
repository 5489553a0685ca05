// Wheel and sdist filenames against a package's name and version.

#include "lockkit/verify/distribution_filename.hpp"

#include <catch2/catch.hpp>

using namespace lockkit;
using namespace lockkit::verify;

namespace {
pep440::Version v(std::string_view text) { return *pep440::Version::parse(text); }
} // namespace

TEST_CASE("wheel filenames parse per the binary distribution format", "[verify][filename]") {
    auto w = parse_wheel_filename("Jinja2-3.1.4-py3-none-any.whl");
    REQUIRE(w);
    CHECK(w->name == "jinja2");
    CHECK(w->version_text == "3.1.4");
    w = parse_wheel_filename("foo_bar-1.0-1build-cp312-cp312-manylinux_2_17_x86_64.whl");
    REQUIRE(w);
    CHECK(w->name == "foo-bar");
    CHECK_FALSE(parse_wheel_filename("foo-1.0.whl"));
    CHECK_FALSE(parse_wheel_filename("foo-1.0-py3-none-any.zip"));
}

TEST_CASE("wheel versions may drop the local label", "[verify][filename]") {
    const auto w = parse_wheel_filename("torch-2.5.1-cp312-cp312-linux_x86_64.whl");
    REQUIRE(w);
    CHECK(wheel_matches(*w, "torch", v("2.5.1+cpu")));
    CHECK(wheel_matches(*w, "torch", v("2.5.1")));
    CHECK_FALSE(wheel_matches(*w, "torch", v("2.5.2")));
    const auto local = parse_wheel_filename("flash_attn-2.8.1+cu13torch2.10cxx11abiTRUE-cp313-cp313-linux_x86_64.whl");
    REQUIRE(local);
    CHECK(wheel_matches(*local, "flash-attn", v("2.8.1+cu13torch2.10cxx11abitrue")));
}

TEST_CASE("sdist filenames allow dashes in the name", "[verify][filename]") {
    CHECK(sdist_matches("python-dateutil-2.8.2.tar.gz", "python-dateutil", v("2.8.2")));
    CHECK(sdist_matches("MarkupSafe-2.1.5.zip", "markupsafe", v("2.1.5")));
    CHECK(sdist_matches("zope.interface-6.0.tar.gz", "zope-interface", v("6.0")));
    CHECK_FALSE(sdist_matches("python-dateutil-2.8.2.tar.gz", "python-dateutil", v("2.8.3")));
    CHECK_FALSE(sdist_matches("dateutil-2.8.2.tar.gz", "python-dateutil", v("2.8.2")));
    CHECK_FALSE(sdist_stem("foo-1.0.exe"));
}

TEST_CASE("wheel filenames split into their fields", "[verify][filename]") {
    const auto plain = split_wheel_filename("six-1.16.0-py2.py3-none-any.whl");
    REQUIRE(plain);
    CHECK(plain->name == "six");
    CHECK(plain->version == "1.16.0");
    CHECK(plain->build.empty());
    CHECK(plain->python == "py2.py3");
    CHECK(plain->abi == "none");
    CHECK(plain->platform == "any");
    const auto built = split_wheel_filename("foo_bar-1.0-1build-cp312-cp312-manylinux_2_17_x86_64.whl");
    REQUIRE(built);
    CHECK(built->build == "1build");
    CHECK(built->platform == "manylinux_2_17_x86_64");
    CHECK_FALSE(split_wheel_filename("foo-1.0-py3-none.whl"));
    CHECK_FALSE(split_wheel_filename("a-1-2-3-py3-none-any.whl"));
    CHECK_FALSE(split_wheel_filename("foo-1.0-py3-none-any.tar.gz"));
}
