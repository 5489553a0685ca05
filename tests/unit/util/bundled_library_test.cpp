// find_bundled_library: the wheel layouts it must find (venv, Debian's
// dist-packages, lib64) and the choices it must make (this version's
// site-packages first, nothing for a build tree).

#include "lockkit/util/bundled_library.hpp"

#include "../../temp_tree.hpp"

#include <catch2/catch.hpp>

namespace fs = std::filesystem;
using lockkit::find_bundled_library;
using lockkit::testing::TempTree;

namespace {

constexpr const char* k_plugin = "lockkit-libgit2.so";

void install_wheel(const TempTree& t, const fs::path& site, const std::string& version) {
    t.write(site / ".lockkit.mesonpy.libs" / k_plugin, "ELF");
    t.mkdir(site / ("lockkit-" + version + ".dist-info"));
}

} // namespace

TEST_CASE("a virtual environment's plugin is found from its bin directory", "[util][bundled]") {
    TempTree t;
    t.mkdir("venv/bin");
    install_wheel(t, "venv/lib/python3.12/site-packages", "1.2.0");
    const auto found = find_bundled_library(t.root() / "venv/bin", "1.2.0", k_plugin);
    REQUIRE(found);
    CHECK(*found == t.root() / "venv/lib/python3.12/site-packages/.lockkit.mesonpy.libs" / k_plugin);
    CHECK_FALSE(find_bundled_library(t.root() / "venv/bin", "1.2.0", "lockkit-libcurl.so"));
}

TEST_CASE("system prefixes: Debian's dist-packages and Fedora's lib64", "[util][bundled]") {
    TempTree t;
    install_wheel(t, "debian/lib/python3.11/dist-packages", "1.0.0");
    install_wheel(t, "fedora/lib64/python3.13/site-packages", "1.0.0");
    t.mkdir("debian/bin");
    t.mkdir("fedora/bin");
    CHECK(find_bundled_library(t.root() / "debian/bin", "1.0.0", k_plugin) ==
          t.root() / "debian/lib/python3.11/dist-packages/.lockkit.mesonpy.libs" / k_plugin);
    CHECK(find_bundled_library(t.root() / "fedora/bin", "1.0.0", k_plugin) ==
          t.root() / "fedora/lib64/python3.13/site-packages/.lockkit.mesonpy.libs" / k_plugin);
}

TEST_CASE("the site-packages of this version wins; another version is the fallback", "[util][bundled]") {
    TempTree t;
    t.mkdir("prefix/bin");
    install_wheel(t, "prefix/lib/python3.10/site-packages", "0.9.0");
    install_wheel(t, "prefix/lib/python3.12/site-packages", "1.0.0");
    CHECK(find_bundled_library(t.root() / "prefix/bin", "1.0.0", k_plugin)->parent_path().parent_path() ==
          t.root() / "prefix/lib/python3.12/site-packages");
    CHECK(find_bundled_library(t.root() / "prefix/bin", "0.9.0", k_plugin)->parent_path().parent_path() ==
          t.root() / "prefix/lib/python3.10/site-packages");
    // No site-packages has 2.0.0: the first one in name order still serves.
    CHECK(find_bundled_library(t.root() / "prefix/bin", "2.0.0", k_plugin)->parent_path().parent_path() ==
          t.root() / "prefix/lib/python3.10/site-packages");
}

TEST_CASE("a build tree or a plain prefix has no bundled library", "[util][bundled]") {
    TempTree t;
    t.mkdir("build/tools/lock-diff");
    t.mkdir("usr/bin");
    t.mkdir("usr/lib/x86_64-linux-gnu");
    t.mkdir("usr/lib/python3/dist-packages/other");
    CHECK_FALSE(find_bundled_library(t.root() / "build/tools/lock-diff", "1.0.0", k_plugin));
    CHECK_FALSE(find_bundled_library(t.root() / "usr/bin", "1.0.0", k_plugin));
    CHECK_FALSE(find_bundled_library(t.root() / "missing/bin", "1.0.0", k_plugin));
}
