// Wheel filenames. The error sentences and the accepted forms are uv's
// (uv-distribution-filename/src/wheel.rs and build_tag.rs tests); the field
// rules are the binary distribution format spec's.

#include "lockkit/tags/dist_filename.hpp"
#include "lockkit/tags/wheel_filename.hpp"

#include <catch2/catch.hpp>

using namespace lockkit;
using namespace lockkit::tags;

namespace {

std::string error_of(std::string_view filename) {
    const auto parsed = WheelFilename::parse(filename);
    return parsed ? "<parsed>" : parsed.error();
}

template <typename T>
std::vector<std::string> texts(const TagSet<T>& set) {
    std::vector<std::string> out;
    for (const auto& tag : set) {
        out.push_back(tag.to_string());
    }
    return out;
}

} // namespace

TEST_CASE("wheel filenames split into their fields without parsing them", "[tags][wheel]") {
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

TEST_CASE("wheel filenames parse as uv parses them", "[tags][wheel]") {
    const auto numpy = WheelFilename::parse("numpy-1.26.2-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl");
    REQUIRE(numpy);
    CHECK(numpy->name() == "numpy");
    CHECK(numpy->version() == *pep440::Version::parse("1.26.2"));
    CHECK_FALSE(numpy->build_tag());
    CHECK(texts(numpy->python_tags()) == std::vector<std::string>{"cp311"});
    CHECK(texts(numpy->abi_tags()) == std::vector<std::string>{"cp311"});
    CHECK(texts(numpy->platform_tags()) ==
          std::vector<std::string>{"manylinux_2_17_x86_64", "manylinux2014_x86_64"});

    const auto jinja = WheelFilename::parse("Jinja2-3.1.4-py3-none-any.whl");
    REQUIRE(jinja);
    CHECK(jinja->name() == "jinja2");

    // uv's from_and_to_string round trips.
    for (const auto* name : {"django_allauth-0.51.0-py3-none-any.whl", "osm2geojson-0.2.4-py3-none-any.whl",
                             "numpy-1.26.2-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
                             "correctionlib-2.8.0-cp314-cp314t-macosx_26_0_arm64.whl",
                             "correctionlib-2.8.0-cp314-cp314d-macosx_26_0_arm64.whl",
                             "correctionlib-2.8.0-cp314-cp314td-macosx_26_0_arm64.whl"}) {
        CHECK(WheelFilename::parse(name).value().to_string() == name);
    }
    CHECK(WheelFilename::parse("Foo.Bar-1.0-py3-none-any.whl").value().to_string() == "foo_bar-1.0-py3-none-any.whl");

    // abi3t and compressed abi3.abi3t (uv: abi3t_tags, compressed_abi3_abi3t_tags).
    CHECK(texts(WheelFilename::parse("foo-1.2.3-cp315-abi3t-manylinux_2_17_x86_64.whl")->abi_tags()) ==
          std::vector<std::string>{"abi3t"});
    CHECK(texts(WheelFilename::parse("foo-1.2.3-cp315-abi3.abi3t-manylinux_2_17_x86_64.whl")->abi_tags()) ==
          std::vector<std::string>{"abi3", "abi3t"});
}

TEST_CASE("compressed tag sets keep every tag; unknown tags are left out", "[tags][wheel]") {
    const auto wide = WheelFilename::parse(
        "foo-1.0-cp310.cp311.cp312-abi3-macosx_10_9_x86_64.macosx_11_0_arm64.macosx_10_9_universal2.whl");
    REQUIRE(wide);
    CHECK(texts(wide->python_tags()) == std::vector<std::string>{"cp310", "cp311", "cp312"});
    CHECK(wide->platform_tags().size() == 3);
    CHECK(texts(wide->platform_tags())[2] == "macosx_10_9_universal2");
    const auto odd = WheelFilename::parse("foo-1.0-py3-none-linux_mips.any.whl");
    REQUIRE(odd);
    CHECK(texts(odd->platform_tags()) == std::vector<std::string>{"any"});
}

TEST_CASE("build tags start with a digit and sort as (number, rest)", "[tags][wheel]") {
    const auto built = WheelFilename::parse("foo-1.2.3-202206090410-py3-none-any.whl");
    REQUIRE(built);
    REQUIRE(built->build_tag());
    CHECK(built->build_tag()->number == 202206090410u);
    CHECK(built->build_tag()->suffix.empty());
    CHECK(built->tag_text() == "202206090410-py3-none-any");
    CHECK(BuildTag::parse("0.editable").value().to_string() == "0.editable");
    CHECK(*BuildTag::parse("1") < *BuildTag::parse("2"));
    CHECK(*BuildTag::parse("2") < *BuildTag::parse("10"));
    CHECK(*BuildTag::parse("1a") < *BuildTag::parse("1b"));
    CHECK(*BuildTag::parse("1") < *BuildTag::parse("1a"));
    for (const auto* bad : {"1/../../target", "1..\\..\\target", "1target:stream", "1 target"}) {
        CHECK(BuildTag::parse(bad).error() == "must contain only ASCII letters, digits, underscores, and periods");
    }
    CHECK(BuildTag::parse("abc").error() == "must start with a digit");
}

TEST_CASE("bad wheel filenames get uv's reasons", "[tags][wheel]") {
    CHECK(error_of("foo.rs") == R"(The wheel filename "foo.rs" is invalid: Must end with .whl)");
    CHECK(error_of(".whl") == R"(The wheel filename ".whl" is invalid: Must have a version)");
    CHECK(error_of("foo.whl") == R"(The wheel filename "foo.whl" is invalid: Must have a version)");
    CHECK(error_of("foo-1.2.3.whl") == R"(The wheel filename "foo-1.2.3.whl" is invalid: Must have a Python tag)");
    CHECK(error_of("foo-1.2.3-py3.whl") == R"(The wheel filename "foo-1.2.3-py3.whl" is invalid: Must have an ABI tag)");
    CHECK(error_of("foo-1.2.3-py3-none.whl") ==
          R"(The wheel filename "foo-1.2.3-py3-none.whl" is invalid: Must have a platform tag)");
    CHECK(error_of("foo-1.2.3-202206090410-py3-none-any-whoops.whl") ==
          R"(The wheel filename "foo-1.2.3-202206090410-py3-none-any-whoops.whl" is invalid: Must have 5 or 6 components, but has more)");
    CHECK(error_of("f!oo-1.2.3-py3-none-any.whl") ==
          R"(The wheel filename "f!oo-1.2.3-py3-none-any.whl" has an invalid package name)");
    CHECK(error_of("foo-x.y.z-py3-none-any.whl").starts_with(
        R"(The wheel filename "foo-x.y.z-py3-none-any.whl" has an invalid version: )"));
    CHECK(error_of("foo-1.2.3-tag-py3-none-any.whl") ==
          R"(The wheel filename "foo-1.2.3-tag-py3-none-any.whl" has an invalid build tag: must start with a digit)");
    const std::string tag_rule = "Tag components must contain only ASCII letters, digits, underscores, and periods";
    for (const auto* bad : {"foo-1.2.3-py3-none-../target.whl", "foo-1.2.3-py3-none-..\\target.whl",
                            "foo-1.2.3-py3-none-target:stream.whl", "foo-1.2.3-py3-none-freebsd_13_x86/64.whl",
                            "foo-1.2.3-py3-none-unknown tag.whl", "foo-1.2.3-py3-none-unknown\xc3\xa9.whl",
                            "foo-1.2.3-py3-none-unknown..tag.whl"}) {
        CHECK(error_of(bad) == "The wheel filename \"" + std::string(bad) + "\" is invalid: " + tag_rule);
    }
}

TEST_CASE("a project name hint accepts any spelling that normalizes to it", "[tags][wheel]") {
    CHECK(name_matches("Foo_Bar", "foo-bar"));
    CHECK(name_matches("foo.bar", "foo-bar"));
    CHECK(name_matches("foo__bar", "foo-bar"));
    CHECK_FALSE(name_matches("foobar", "foo-bar"));
    CHECK_FALSE(name_matches("foo-bar-baz", "foo-bar"));
    CHECK_FALSE(name_matches("foo", "foo-bar"));
    CHECK(WheelFilename::parse("Foo_Bar-1.0-py3-none-any.whl", "foo-bar").value().name() == "foo-bar");
    CHECK(dist_info_name("Foo.Bar-baz") == "foo_bar_baz");
}

TEST_CASE("index entries are wheels, sdists, or skipped with a reason", "[tags][dist]") {
    const auto wheel = DistFilename::parse("foo_bar-1.0-py3-none-any.whl", "foo-bar");
    REQUIRE(wheel);
    CHECK(wheel->is_wheel());
    CHECK(wheel->version() == *pep440::Version::parse("1.0"));
    const auto sdist = DistFilename::parse("foo-bar-1.0.tar.gz", "foo-bar");
    REQUIRE(sdist);
    CHECK_FALSE(sdist->is_wheel());
    CHECK(sdist->name() == "foo-bar");
    // devpi's `+searchhelp` and bare version links are not archives (uv: NoRecognizedExtension).
    CHECK(DistFilename::parse("+searchhelp", "foo").error().find("is not a wheel or source distribution") !=
          std::string::npos);
    CHECK_FALSE(DistFilename::parse("foo-1.0.exe", "foo"));
    // A find-links folder: no project to go by.
    const auto loose = DistFilename::parse_normalized("python_dateutil-2.8.2.tar.gz");
    REQUIRE(loose);
    CHECK(loose->name() == "python-dateutil");
    CHECK_FALSE(DistFilename::parse_normalized("README.md"));
}
