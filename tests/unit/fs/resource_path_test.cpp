// Lock names must not depend on how a path is spelled: relative or absolute,
// through a symlink, before or after the resource exists.

#include "../../temp_tree.hpp"

#include "lockkit/fs/resource_path.hpp"

#include <catch2/catch.hpp>
#include <unistd.h>

using namespace lockkit::fs;
using lockkit::testing::TempTree;
namespace fs = std::filesystem;

namespace {

fs::path normalised(const fs::path& p) {
    auto r = normalise_resource_path(p);
    REQUIRE(r);
    return *r;
}

/// Runs `body` with the current directory set to `dir`, restoring it after.
template <typename F>
void in_directory(const fs::path& dir, F body) {
    const auto saved = fs::current_path();
    fs::current_path(dir);
    body();
    fs::current_path(saved);
}

} // namespace

TEST_CASE("an existing path is canonicalised", "[fs][name]") {
    TempTree tree;
    tree.mkdir("proj/sub");
    const auto real = fs::canonical(tree.root() / "proj");
    CHECK(normalised(tree.root() / "proj") == real);
    CHECK(normalised(tree.root() / "proj" / "sub" / "..") == real);
    CHECK(normalised(tree.root() / "proj" / ".") == real);
    CHECK(normalised(tree.root() / "proj/") == real);
    in_directory(tree.root(), [&] { CHECK(normalised("proj") == real); });
}

TEST_CASE("a symlinked alias names the same lock, even before the resource exists", "[fs][name]") {
    TempTree tree;
    tree.mkdir("foo");
    fs::create_directory_symlink(tree.root() / "foo", tree.root() / "bar");
    const auto via_foo = normalised(tree.root() / "foo" / "new");
    const auto via_bar = normalised(tree.root() / "bar" / "new");
    CHECK(via_foo == via_bar);
    CHECK(via_foo == fs::canonical(tree.root() / "foo") / "new");
    CHECK(lock_file_name(via_foo) == lock_file_name(via_bar));
    // Deeper missing parts are appended as they are, without `.` components.
    CHECK(normalised(tree.root() / "bar" / "a" / "." / "b") == fs::canonical(tree.root() / "foo") / "a" / "b");
    // The name does not change once the resource exists.
    fs::create_directory(tree.root() / "foo" / "new");
    CHECK(normalised(tree.root() / "bar" / "new") == via_foo);
}

TEST_CASE("`..` after the existing part of a path is refused", "[fs][name]") {
    TempTree tree;
    auto r = normalise_resource_path(tree.root() / "missing" / ".." / "x");
    REQUIRE_FALSE(r);
    CHECK(r.error().kind == LockError::Kind::InvalidResource);
    CHECK(r.error().message.find("`..`") != std::string::npos);
    // Within the existing part, the kernel resolves it.
    tree.mkdir("a/b");
    CHECK(normalised(tree.root() / "a" / "b" / ".." / "new") == fs::canonical(tree.root() / "a") / "new");
    CHECK_FALSE(normalise_resource_path(""));
}

TEST_CASE("lock file names are 32 hex digits and .lock, different per path", "[fs][name]") {
    const auto a = lock_file_name("/home/me/proj");
    const auto b = lock_file_name("/home/me/proj2");
    CHECK(a.size() == 37);
    CHECK(is_lock_file_name(a));
    CHECK(a != b);
    CHECK(a == lock_file_name("/home/me/proj"));
    CHECK_FALSE(is_lock_file_name("CACHEDIR.TAG"));
    CHECK_FALSE(is_lock_file_name(std::string(32, 'A') + ".lock"));
    CHECK_FALSE(is_lock_file_name(a + ".tmp"));
}
