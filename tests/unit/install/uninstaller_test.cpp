#include "lockkit/install/uninstaller.hpp"

#include "temp_tree.hpp"

#include <catch2/catch.hpp>

using namespace lockkit::install;
namespace fs = std::filesystem;

TEST_CASE("an uninstall never leaves the environment's scheme folders", "[install][uninstall]") {
    lockkit::testing::TempTree tree;
    Layout l;
    l.root = tree.root() / "venv";
    l.purelib = l.platlib = l.root / "lib" / "python3.12" / "site-packages";
    l.scripts = l.root / "bin";
    l.data = l.root;
    l.include = l.root / "include";
    tree.write("outside/passwd", "root:x:0:0\n");
    tree.write("venv/lib/python3.12/site-packages/evil/__init__.py", "");
    tree.write("venv/lib/python3.12/site-packages/evil/__pycache__/__init__.cpython-312.pyc", "");
    tree.write("venv/lib/python3.12/site-packages/evil-1.0.dist-info/RECORD",
               "evil/__init__.py,,\n../../../../outside/passwd,,\n/etc/hostname,,\nevil-1.0.dist-info/RECORD,,\n");
    const auto r = uninstall_distribution(l.purelib / "evil-1.0.dist-info", l);
    REQUIRE(r);
    CHECK(r->files_removed == 1);
    REQUIRE(r->warnings.size() == 1);
    CHECK_THAT(r->warnings[0], Catch::Contains("outside the environment"));
    CHECK(fs::exists(tree.root() / "outside" / "passwd"));
    CHECK_FALSE(fs::exists(l.purelib / "evil"));  // __pycache__ pruned with it
    CHECK_FALSE(fs::exists(l.purelib / "evil-1.0.dist-info"));
}

TEST_CASE("a distribution without RECORD loses its metadata folder only, with a warning", "[install][uninstall]") {
    lockkit::testing::TempTree tree;
    Layout l;
    l.root = tree.root();
    l.purelib = l.platlib = tree.root() / "site";
    tree.write("site/half/__init__.py", "");
    tree.write("site/half-1.0.dist-info/METADATA", "Name: half\n");
    const auto r = uninstall_distribution(l.purelib / "half-1.0.dist-info", l);
    REQUIRE(r);
    CHECK_THAT(r->warnings.at(0), Catch::Contains("it has no RECORD"));
    CHECK_FALSE(fs::exists(l.purelib / "half-1.0.dist-info"));
    CHECK(fs::exists(l.purelib / "half" / "__init__.py"));
}
