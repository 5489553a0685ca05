// write_file_atomically: replaces regular files whole, keeps symlinks as links,
// and never renames over a device node.

#include "lockkit/util/atomic_file.hpp"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <sys/stat.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace {

fs::path temp_dir() {
    std::string tmpl = (fs::temp_directory_path() / "lockkit-atomic-XXXXXX").string();
    REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
    return tmpl;
}

} // namespace

TEST_CASE("a regular file is replaced whole and keeps its mode", "[util][atomic]") {
    const fs::path dir = temp_dir();
    const fs::path file = dir / "uv.lock";
    REQUIRE(lockkit::write_file_atomically(file, "old\n"));
    ::chmod(file.c_str(), 0640);
    REQUIRE(lockkit::write_file_atomically(file, "new\n"));
    CHECK(*lockkit::read_file(file) == "new\n");
    struct stat st {};
    REQUIRE(::stat(file.c_str(), &st) == 0);
    CHECK((st.st_mode & 07777) == 0640);
    CHECK(std::distance(fs::directory_iterator(dir), fs::directory_iterator()) == 1);  // no temp file left
    fs::remove_all(dir);
}

TEST_CASE("writing through a symlink replaces its target and keeps the link", "[util][atomic]") {
    const fs::path dir = temp_dir();
    fs::create_directory(dir / "real");
    const fs::path target = dir / "real" / "uv.lock";
    const fs::path link = dir / "uv.lock";
    REQUIRE(lockkit::write_file_atomically(target, "old\n"));
    fs::create_symlink("real/uv.lock", link);
    REQUIRE(lockkit::write_file_atomically(link, "new\n"));
    CHECK(fs::is_symlink(link));
    CHECK(*lockkit::read_file(target) == "new\n");
    fs::remove_all(dir);
}

TEST_CASE("a device is written in place, never renamed over", "[util][atomic]") {
    // /dev/null is the device a user is most likely to name (`--report /dev/null`).
    REQUIRE(lockkit::write_file_atomically("/dev/null", "discarded\n"));
    struct stat st {};
    REQUIRE(::stat("/dev/null", &st) == 0);
    CHECK(S_ISCHR(st.st_mode));
}

TEST_CASE("a directory is an error, not a rename target", "[util][atomic]") {
    const fs::path dir = temp_dir();
    const auto r = lockkit::write_file_atomically(dir, "x");
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error(), Catch::Contains(dir.string()));
    CHECK(fs::is_directory(dir));
    fs::remove_all(dir);
}
