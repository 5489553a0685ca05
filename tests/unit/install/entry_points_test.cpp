#include "lockkit/install/entry_points.hpp"

#include <catch2/catch.hpp>

using namespace lockkit::install;

TEST_CASE("entry_points.txt as the spec and uv read it", "[install][entry-points]") {
    const auto parsed = parse_entry_points("# comment\n[console_scripts]\n"
                                           "tool = pkg.cli:main\n"
                                           "spaced =  pkg.cli  :  run.sub   [ extra1 , extra2 ]  \n"
                                           "pip3 = pip._internal:main\npip3.8 = pip._internal:main\n"
                                           "[gui_scripts]\nwin = pkg.gui:start\n"
                                           "[other.section]\nignored = x:y\n",
                                           12);
    REQUIRE(parsed);
    std::vector<std::string> console;
    for (const auto& s : parsed->console) {
        console.push_back(s.name + "=" + s.module + ":" + s.function);
    }
    std::sort(console.begin(), console.end());
    CHECK(console == std::vector<std::string>{"pip3.12=pip._internal:main", "pip3=pip._internal:main",
                                              "spaced=pkg.cli:run.sub", "tool=pkg.cli:main"});
    REQUIRE(parsed->gui.size() == 1);
    CHECK(parsed->gui[0].name == "win");

    const auto no_value = parse_entry_points("[console_scripts]\nbroken\n", 12);
    REQUIRE_FALSE(no_value);
    CHECK(no_value.error() == "entry_points.txt: [console_scripts] key broken must have a value");
    CHECK_FALSE(parse_entry_points("[console_scripts]\nx = nocolon\n", 12));
    CHECK_FALSE(parse_entry_points("[console_scripts]\nx = a:b [unclosed\n", 12));
}

TEST_CASE("launchers and shebangs are uv's", "[install][entry-points]") {
    const Script s{"tool", "pkg.cli", "run.sub"};
    CHECK(launcher_script(s, "#!/venv/bin/python") == "#!/venv/bin/python\n"
                                                       "# -*- coding: utf-8 -*-\n"
                                                       "import sys\n"
                                                       "from pkg.cli import run\n"
                                                       "if __name__ == \"__main__\":\n"
                                                       "    if sys.argv[0].endswith(\"-script.pyw\"):\n"
                                                       "        sys.argv[0] = sys.argv[0][:-11]\n"
                                                       "    elif sys.argv[0].endswith(\".exe\"):\n"
                                                       "        sys.argv[0] = sys.argv[0][:-4]\n"
                                                       "    sys.exit(run.sub())\n");
    CHECK(format_shebang("/venv/bin/python") == "#!/venv/bin/python");
    CHECK(format_shebang("/my venv/bin/python") == "#!/bin/sh\n'''exec' '/my venv/bin/python' \"$0\" \"$@\"\n' '''");
    const std::string long_path = "/" + std::string(130, 'x') + "/bin/python";
    CHECK(format_shebang(long_path).starts_with("#!/bin/sh\n'''exec' '/xxx"));
    CHECK(format_shebang("/it's/python") == "#!/it's/python");  // uv wraps for length and spaces only
    CHECK(format_shebang("/it's my/python") == "#!/bin/sh\n'''exec' '/it'\\''s my/python' \"$0\" \"$@\"\n' '''");
}

TEST_CASE("script names that would shadow the interpreter are reserved", "[install][entry-points]") {
    for (const char* name : {"python", "Python3", "python3.12", "python3.13t", "pythonw3.13t", "pypy3", "python.exe",
                             "python3.py"}) {
        INFO(name);
        CHECK(reserved_script_name(name));
    }
    for (const char* name : {"python-tool", "python3.x", "pythonw3.12", "ipython", "activate"}) {
        INFO(name);
        CHECK_FALSE(reserved_script_name(name));
    }
    CHECK(is_plain_script_name("tool"));
    CHECK_FALSE(is_plain_script_name("../tool"));
    CHECK_FALSE(is_plain_script_name("sub/tool"));
    CHECK_FALSE(is_plain_script_name(".."));
}
