// Wheel and sdist filenames against a package's name and version.

#include "lockkit/verify/distribution_filename.hpp"

#include <catch2/catch.hpp>

using namespace lockkit;
using namespace lockkit::verify;

namespace {
pep440::Version v(std::string_view text) { return *pep440::Version::parse(text); }

tags::WheelFields fields(std::string_view filename) { return tags::split_wheel_filename(filename).value(); }
} // namespace

TEST_CASE("wheel names compare normalized", "[verify][filename]") {
    CHECK(wheel_matches(fields("Jinja2-3.1.4-py3-none-any.whl"), "jinja2", v("3.1.4")));
    CHECK(wheel_matches(fields("foo_bar-1.0-1build-cp312-cp312-manylinux_2_17_x86_64.whl"), "foo-bar", v("1.0")));
    CHECK_FALSE(wheel_matches(fields("foo_bar-1.0-py3-none-any.whl"), "foo", v("1.0")));
    CHECK_FALSE(wheel_matches(fields("foo-x.y-py3-none-any.whl"), "foo", v("1.0")));
}

TEST_CASE("wheel versions may drop the local label", "[verify][filename]") {
    const auto w = fields("torch-2.5.1-cp312-cp312-linux_x86_64.whl");
    CHECK(wheel_matches(w, "torch", v("2.5.1+cpu")));
    CHECK(wheel_matches(w, "torch", v("2.5.1")));
    CHECK_FALSE(wheel_matches(w, "torch", v("2.5.2")));
    const auto local = fields("flash_attn-2.8.1+cu13torch2.10cxx11abiTRUE-cp313-cp313-linux_x86_64.whl");
    CHECK(wheel_matches(local, "flash-attn", v("2.8.1+cu13torch2.10cxx11abitrue")));
}

TEST_CASE("sdist filenames allow dashes in the name", "[verify][filename]") {
    CHECK(sdist_matches("python-dateutil-2.8.2.tar.gz", "python-dateutil", v("2.8.2")));
    CHECK(sdist_matches("MarkupSafe-2.1.5.zip", "markupsafe", v("2.1.5")));
    CHECK(sdist_matches("zope.interface-6.0.tar.gz", "zope-interface", v("6.0")));
    CHECK_FALSE(sdist_matches("python-dateutil-2.8.2.tar.gz", "python-dateutil", v("2.8.3")));
    CHECK_FALSE(sdist_matches("dateutil-2.8.2.tar.gz", "python-dateutil", v("2.8.2")));
    CHECK_FALSE(sdist_matches("foo-1.0.exe", "foo", v("1.0")));
}
