#include "lockkit/install/install_state.hpp"

#include "temp_tree.hpp"

#include <catch2/catch.hpp>

#include <fstream>

using namespace lockkit::install;

TEST_CASE("environment stamps round-trip and notice changes", "[install][state]") {
    lockkit::testing::TempTree tree;
    tree.write("site/a.py", "a = 1\n");
    tree.write("site/b.py", "b = 1\n");
    tree.mkdir("site/pkg-1.0.dist-info");
    InstallState state;
    state.set("site/pkg-1.0.dist-info", {{"site/a.py", *stamp_file(tree.root() / "site/a.py")},
                                         {"site/b.py", *stamp_file(tree.root() / "site/b.py")}});
    state.set("site/gone-1.0.dist-info", {});
    REQUIRE(state.write(tree.root()));
    auto read = InstallState::read(tree.root());
    CHECK(read == state);
    read.prune(tree.root());
    CHECK_FALSE(read.contains("site/gone-1.0.dist-info"));
    REQUIRE(read.find("site/pkg-1.0.dist-info"));
    CHECK(changed_files(tree.root(), *read.find("site/pkg-1.0.dist-info")).empty());

    std::ofstream(tree.root() / "site/a.py", std::ios::app) << "b = 2\n";
    std::filesystem::remove(tree.root() / "site/b.py");
    CHECK(changed_files(tree.root(), *read.find("site/pkg-1.0.dist-info")) ==
          std::vector<std::string>{"site/a.py", "site/b.py"});

    tree.write(".lockkit/state", "lockkit-environment-state 2\n");
    CHECK(InstallState::read(tree.root()) == InstallState());
    tree.write(".lockkit/state", "lockkit-environment-state 1\nD x\nnot a stamp\n");
    CHECK(InstallState::read(tree.root()).contains("x"));
    CHECK_FALSE(InstallState::read(tree.root()).find("x"));  // damaged stamps count as none
    tree.write(".lockkit/state", "lockkit-environment-state 1\nstray line\n");
    CHECK(InstallState::read(tree.root()) == InstallState());
}
