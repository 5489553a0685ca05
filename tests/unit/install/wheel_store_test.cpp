#include "lockkit/install/wheel_store.hpp"

#include "lockkit/util/atomic_file.hpp"
#include "lockkit/util/sha256.hpp"
#include "temp_tree.hpp"
#include "wheel_builder.hpp"

#include <catch2/catch.hpp>

#include <fstream>

using namespace lockkit::install;
using namespace lockkit::install::testing;

namespace {

std::string unpack_error(const std::vector<Entry>& entries, const std::string& filename = "pkg-1.0-py3-none-any.whl") {
    lockkit::testing::TempTree tree;
    const auto wheel = tree.root() / filename;
    write_zip(wheel, entries);
    const WheelStore store(tree.root() / "cache");
    const auto hex = *lockkit::sha256_file(wheel);
    auto r = store.unpack(wheel, hex, *wheel_identity(filename));
    if (r) {
        return "";
    }
    CHECK_FALSE(std::filesystem::exists(store.entry_path(hex)));
    return r.error();
}

} // namespace

TEST_CASE("a checked wheel is published once and found by its hash", "[install][store]") {
    lockkit::testing::TempTree tree;
    const auto wheel = tree.root() / "pkg-1.0-py3-none-any.whl";
    write_zip(wheel, wheel_entries("pkg", "1.0", {{"pkg/__init__.py", "x = 1\n"}}));
    const WheelStore store(tree.root() / "cache");
    const auto hex = *lockkit::sha256_file(wheel);
    CHECK_FALSE(store.find(hex));
    const auto stored = store.unpack(wheel, hex, *wheel_identity(wheel.filename().string()));
    REQUIRE(stored);
    CHECK(stored->dist_info == "pkg-1.0.dist-info");
    CHECK(std::filesystem::exists(stored->tree / "pkg" / "__init__.py"));
    REQUIRE(store.find(hex));
    CHECK(store.verify_contents(hex));

    CHECK(store.find(hex)->stamps.at("pkg/__init__.py") == *stamp_file(stored->tree / "pkg" / "__init__.py"));

    // An edit through a hard link: a copy from the tree is refused, and re-hashing the
    // tree finds it and drops the tree.
    {
        std::ofstream(stored->tree / "pkg" / "__init__.py", std::ios::app) << "import os\n";
    }
    Linker copier(LinkMode::Copy);
    const auto found = store.find(hex);
    const auto copied = copier.place(found->tree / "pkg" / "__init__.py", tree.root() / "copy.py",
                                     &found->stamps.at("pkg/__init__.py"));
    REQUIRE_FALSE(copied);
    CHECK_THAT(copied.error(), Catch::StartsWith(std::string(k_cache_changed)));
    CHECK_FALSE(store.verify_contents(hex));
    CHECK_FALSE(std::filesystem::exists(store.entry_path(hex)));
}

TEST_CASE("RECORD is healed like uv heals it, and refused when it lies", "[install][store]") {
    auto entries = wheel_entries("pkg", "1.0", {{"pkg/__init__.py", "x = 1\n"}});
    entries.push_back({"pkg/unlisted.py", "y = 2\n"});
    lockkit::testing::TempTree tree;
    const auto wheel = tree.root() / "pkg-1.0-py3-none-any.whl";
    write_zip(wheel, entries);
    const WheelStore store(tree.root() / "cache");
    const auto stored = store.unpack(wheel, *lockkit::sha256_file(wheel), *wheel_identity(wheel.filename().string()));
    REQUIRE(stored);
    const auto record = lockkit::read_file(stored->tree / "pkg-1.0.dist-info" / "RECORD");
    CHECK_THAT(*record, Catch::Contains("pkg/unlisted.py,,6\n"));

    auto lying = wheel_entries("pkg", "1.0", {{"pkg/__init__.py", "x = 1\n"}});
    lying[0].data = "x = 2\n";  // after RECORD was computed
    CHECK_THAT(unpack_error(lying), Catch::Contains("says pkg/__init__.py has hash sha256=") &&
                                         Catch::Contains("but the archive's file has sha256="));
}

TEST_CASE("wheels that are not what their name says are refused", "[install][store]") {
    auto entries = wheel_entries("pkg", "1.0", {{"pkg/__init__.py", "x\n"}});
    CHECK_THAT(unpack_error(entries, "other-1.0-py3-none-any.whl"),
               Catch::Contains("its metadata folder pkg-1.0.dist-info is for `pkg`, not `other`"));
    CHECK_THAT(unpack_error(entries, "pkg-2.0-py3-none-any.whl"),
               Catch::Contains("its METADATA says version 1.0, the file name 2.0"));
    CHECK(unpack_error(entries, "pkg-1.0+local-py3-none-any.whl").empty());  // a local label is fine
    auto two = entries;
    two.push_back({"extra-1.0.dist-info/METADATA", "Name: extra\n"});
    CHECK_THAT(unpack_error(two), Catch::Contains("several .dist-info folders"));
    auto future = wheel_entries("pkg", "1.0", {});
    for (auto& e : future) {
        if (e.name.ends_with("/WHEEL")) {
            e.data = "Wheel-Version: 2.0\n";
        }
    }
    CHECK_THAT(unpack_error(future), Catch::Contains("Wheel-Version 2.0"));
    CHECK_THAT(unpack_error(wheel_entries("pkg", "1.0", {{"pkg-1.0.data/scripts/sub/x", "x"}})),
               Catch::Contains("may hold files only"));
    CHECK_THAT(unpack_error(wheel_entries("pkg", "1.0", {{"pkg-1.0.data/data/bin/python", "x"}})),
               Catch::Contains("would replace the environment's `python`"));
    CHECK_THAT(unpack_error(wheel_entries("pkg", "1.0",
                                          {{"pkg-1.0.dist-info/entry_points.txt", "[console_scripts]\n../x = a:b\n"}})),
               Catch::Contains("would be written outside the scripts folder"));
}
