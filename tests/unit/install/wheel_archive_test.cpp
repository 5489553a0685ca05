#include "lockkit/install/wheel_archive.hpp"

#include "temp_tree.hpp"
#include "wheel_builder.hpp"

#include <catch2/catch.hpp>

#include <sys/stat.h>

using namespace lockkit::install;
using namespace lockkit::install::testing;

TEST_CASE("member names that would escape are recognised", "[install][archive]") {
    CHECK(unsafe_member_name("pkg/__init__.py").empty());
    CHECK(unsafe_member_name("pkg/./a..b/c").empty());
    CHECK(unsafe_member_name("../x") == "climbs out of the wheel with `..`");
    CHECK(unsafe_member_name("pkg/../../x") == "climbs out of the wheel with `..`");
    CHECK(unsafe_member_name("/etc/passwd") == "has an absolute or Windows path");
    CHECK(unsafe_member_name("C:/x") == "has an absolute or Windows path");
    CHECK(unsafe_member_name("pkg\\..\\x") == "has an absolute or Windows path");
    CHECK(unsafe_member_name(std::string("a\0b", 3)) == "has a control character in its name");
    CHECK(unsafe_member_name("a\nb") == "has a control character in its name");
    CHECK(unsafe_member_name("") == "has an empty name");
}

TEST_CASE("unpacking keeps files, folders and the executable bit, and hashes each file", "[install][archive]") {
    lockkit::testing::TempTree tree;
    write_zip(tree.root() / "w.whl", {{"pkg/", "", 040755},
                                      {"pkg/__init__.py", "x = 1\n"},
                                      {"pkg/tool", "#!/bin/sh\n", 0100755},
                                      {"pkg/link", "__init__.py", 0120777}});
    tree.mkdir("out");
    const auto files = unpack_wheel_archive(tree.root() / "w.whl", tree.root() / "out");
    REQUIRE(files);
    REQUIRE(files->size() == 3);
    CHECK((*files)[0].path == "pkg/__init__.py");
    CHECK((*files)[0].record_hash == record_hash_of("x = 1\n"));
    CHECK((*files)[1].executable);
    struct stat st {};
    ::stat((tree.root() / "out" / "pkg" / "tool").c_str(), &st);
    CHECK((st.st_mode & 0777) == 0755);
    // A link inside the wheel becomes a file holding its target, as uv writes it.
    CHECK(std::filesystem::is_regular_file(std::filesystem::symlink_status(tree.root() / "out" / "pkg" / "link")));
    CHECK(tree.read("out/pkg/link") == "__init__.py");
}

TEST_CASE("hostile archives are refused", "[install][archive]") {
    lockkit::testing::TempTree tree;
    auto refused = [&](const std::vector<Entry>& entries, const UnpackRules& limits = {}) {
        static int n = 0;
        const auto out = tree.root() / ("out" + std::to_string(++n));
        std::filesystem::create_directories(out);
        write_zip(tree.root() / "w.whl", entries);
        const auto r = unpack_wheel_archive(tree.root() / "w.whl", out, limits);
        REQUIRE_FALSE(r);
        return r.error();
    };
    CHECK_THAT(refused({{"../evil", "x"}}), Catch::Contains("`../evil` climbs out of the wheel"));
    CHECK_THAT(refused({{"pkg/link", "../../../etc/passwd", 0120777}}),
               Catch::Contains("symbolic link pointing outside the wheel"));
    CHECK_THAT(refused({{"pkg/link", "/etc/passwd", 0120777}}), Catch::Contains("pointing outside"));
    CHECK_THAT(refused({{"a", "1"}, {"a", "2"}}), Catch::Contains("`a` appears twice"));
    UnpackRules small;
    small.max_total_bytes = 1000;
    CHECK_THAT(refused({{"big", std::string(2000, 'x')}}, small), Catch::Contains("expands past"));
    UnpackRules bomb;
    bomb.ratio_floor_bytes = 1000;
    bomb.max_ratio = 10;
    CHECK_THAT(refused({{"zeros", std::string(1 << 20, '\0')}}, bomb), Catch::Contains("a zip bomb?"));
    CHECK_FALSE(std::filesystem::exists(tree.root() / "evil"));
}
