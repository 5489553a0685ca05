#include "lockkit/install/linker.hpp"

#include "lockkit/util/atomic_file.hpp"
#include "temp_tree.hpp"

#include <catch2/catch.hpp>

#include <sys/stat.h>

using namespace lockkit::install;

TEST_CASE("each link mode places the file and replaces what is there", "[install][linker]") {
    lockkit::testing::TempTree tree;
    tree.write("cache/tool", "#!/bin/sh\n");
    ::chmod((tree.root() / "cache/tool").c_str(), 0755);
    for (const auto mode : {LinkMode::Hardlink, LinkMode::Copy, LinkMode::Symlink, LinkMode::Clone}) {
        INFO(link_mode_name(mode));
        Linker linker(mode);
        const auto target = tree.root() / "env" / link_mode_name(mode);
        tree.mkdir("env");
        tree.write(target, "old content");  // replaced atomically
        const auto stamp = linker.place(tree.root() / "cache/tool", target);
        REQUIRE(stamp);
        CHECK(*lockkit::read_file(target) == "#!/bin/sh\n");
        struct stat st {};
        ::stat(target.c_str(), &st);
        CHECK((st.st_mode & 0111) == 0111);
        struct stat source {};
        ::stat((tree.root() / "cache/tool").c_str(), &source);
        const bool shared = st.st_ino == source.st_ino;
        CHECK(shared == (linker.effective() == LinkMode::Hardlink || linker.effective() == LinkMode::Symlink));
    }
    // Clone falls back where the filesystem has no reflinks; whatever it chose, it works.
}

TEST_CASE("generated files are written whole, with their mode", "[install][linker]") {
    lockkit::testing::TempTree tree;
    const auto target = tree.root() / "bin" / "launcher";
    REQUIRE(make_directories(target.parent_path()));
    REQUIRE(make_directories(target.parent_path()));  // again: already there is fine
    const auto stamp = write_new_file(target, "#!/venv/bin/python\n", 0755);
    REQUIRE(stamp);
    CHECK(stamp->size == 19);
    struct stat st {};
    ::stat(target.c_str(), &st);
    CHECK((st.st_mode & 0777) == 0755);
    tree.write("file", "x");
    CHECK_FALSE(make_directories(tree.root() / "file" / "sub"));
}
