#include "lockkit/interpreter/interim_probe.hpp"

#include "temp_tree.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>

using namespace lockkit::interpreter;

TEST_CASE("the probe asks a real interpreter once and caches the answer") {
    const char* candidates[] = {"/usr/bin/python3", "/usr/local/bin/python3"};
    std::string python;
    for (const char* c : candidates) {
        if (std::filesystem::exists(c)) {
            python = c;
            break;
        }
    }
    if (python.empty()) {
        WARN("skipped: no /usr/bin/python3 on this machine");
        return;
    }
    lockkit::testing::TempTree tree;
    const InterpreterCache cache(tree.root());
    const auto first = probe_interpreter(python, &cache);
    REQUIRE(first);
    CHECK_FALSE(first->from_cache);
    CHECK(first->info.python_major == 3);
    CHECK(first->info.markers.python_version == first->info.python_version());
    CHECK(first->info.markers.sys_platform == "linux");
    CHECK(first->info.venv_scheme.purelib == "lib/python" + first->info.python_version() + "/site-packages");
    CHECK(first->info.venv_scheme.scripts == "bin");
    CHECK(first->info.venv_scheme.include == "include/site/python" + first->info.python_version());
    CHECK_FALSE(first->info.stdlib.empty());

    const auto second = probe_interpreter(python, &cache);
    REQUIRE(second);
    CHECK(second->from_cache);
    CHECK(second->info.markers.python_full_version == first->info.markers.python_full_version);
}

TEST_CASE("the probe names an interpreter that cannot run") {
    lockkit::testing::TempTree tree;
    const auto missing = probe_interpreter(tree.root() / "no-python");
    REQUIRE_FALSE(missing);
    CHECK(missing.error().find("cannot query the Python interpreter") == 0);
    CHECK_FALSE(parse_interpreter_info("{\"format\": 2}"));
}
