// invoked_program_path: the path git is given for lock-merge and lock-diff —
// the link a tool manager put on PATH, kept as a link, when it is this program.

#include "lockkit/util/program_path.hpp"

#include "../../temp_tree.hpp"

#include <catch2/catch.hpp>
#include <sys/stat.h>

namespace fs = std::filesystem;
using lockkit::invoked_program_path;
using lockkit::testing::TempTree;

namespace {

/// A tool environment's executable and the link to it in a bin directory, as uv tool and pipx make them.
struct ToolInstall {
    fs::path real;
    fs::path link;
};

ToolInstall tool_install(const TempTree& t, const std::string& name = "lock-merge") {
    t.write("tools/lockkit/bin/" + name, "#!/bin/sh\n");
    const fs::path real = t.root() / "tools/lockkit/bin" / name;
    ::chmod(real.c_str(), 0755);
    t.mkdir("local/bin");
    const fs::path link = t.root() / "local/bin" / name;
    fs::create_symlink(real, link);
    return {real, link};
}

} // namespace

TEST_CASE("a bare name is looked up in PATH and the link is kept", "[util][program-path]") {
    TempTree t;
    const auto install = tool_install(t);
    t.mkdir("empty");
    const std::string path = (t.root() / "empty").string() + ":" + (t.root() / "local/bin").string() + ":/usr/bin";
    CHECK(invoked_program_path("lock-merge", path, install.real) == install.link);
}

TEST_CASE("a path with a slash is taken as typed, made absolute and tidied", "[util][program-path]") {
    TempTree t;
    const auto install = tool_install(t);
    const fs::path dotted = t.root() / "local/bin/../bin/./lock-merge";
    CHECK(invoked_program_path(dotted.string(), "", install.real) == install.link);
    CHECK(invoked_program_path(install.real.string(), "", install.real) == install.real);
}

TEST_CASE("a PATH entry that is another program falls back to the executable", "[util][program-path]") {
    TempTree t;
    const auto install = tool_install(t);
    t.write("other/bin/lock-merge", "#!/bin/sh\n");
    ::chmod((t.root() / "other/bin/lock-merge").c_str(), 0755);
    const std::string path = (t.root() / "other/bin").string() + ":" + (t.root() / "local/bin").string();
    CHECK(invoked_program_path("lock-merge", path, install.real) == install.real);
    // Not found at all (git ran us with a PATH of its own): the executable too.
    CHECK(invoked_program_path("lock-merge", "/nonexistent", install.real) == install.real);
}

TEST_CASE("a non-executable file of that name in PATH is skipped", "[util][program-path]") {
    TempTree t;
    const auto install = tool_install(t);
    t.write("docs/lock-merge", "not a program\n");
    const std::string path = (t.root() / "docs").string() + ":" + (t.root() / "local/bin").string();
    CHECK(invoked_program_path("lock-merge", path, install.real) == install.link);
}

TEST_CASE("a program inside a tagged cache directory is reported with its cache", "[util][program-path]") {
    TempTree t;
    t.write("cache/uv/CACHEDIR.TAG", "Signature: 8a477f597d28d172789f06886806bc55\n");
    // uv tags the environments it makes, in its cache (uvx) and out of it (uv tool install).
    t.write("cache/uv/archive-v0/abc/CACHEDIR.TAG", "Signature: 8a477f597d28d172789f06886806bc55\n");
    t.write("cache/uv/archive-v0/abc/pyvenv.cfg", "home = /usr/bin\n");
    t.write("cache/uv/archive-v0/abc/bin/lock-merge", "");
    t.write("tools/lockkit/CACHEDIR.TAG", "Signature: 8a477f597d28d172789f06886806bc55\n");
    t.write("tools/lockkit/pyvenv.cfg", "home = /usr/bin\n");
    t.write("tools/lockkit/bin/lock-merge", "");
    const auto cached = lockkit::enclosing_cache_directory(t.root() / "cache/uv/archive-v0/abc/bin/lock-merge");
    REQUIRE(cached);
    CHECK(*cached == fs::canonical(t.root() / "cache/uv"));
    CHECK_FALSE(lockkit::enclosing_cache_directory(t.root() / "tools/lockkit/bin/lock-merge"));
    const auto warning = lockkit::cache_location_warning(t.root() / "cache/uv/archive-v0/abc/bin/lock-merge");
    REQUIRE(warning);
    CHECK(warning->find("uv tool install lockkit") != std::string::npos);
    CHECK_FALSE(lockkit::cache_location_warning(t.root() / "tools/lockkit/bin/lock-merge"));
}
