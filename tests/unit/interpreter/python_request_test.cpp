#include "lockkit/interpreter/python_request.hpp"

#include "temp_tree.hpp"

#include <catch2/catch.hpp>

using namespace lockkit::interpreter;
using Kind = PythonRequest::Kind;

namespace {

InterpreterInfo python(unsigned major, unsigned minor, unsigned micro, std::string implementation = "cpython") {
    InterpreterInfo info;
    info.python_major = major;
    info.python_minor = minor;
    info.python_micro = micro;
    info.implementation = std::move(implementation);
    info.markers.python_full_version =
        std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(micro);
    return info;
}

} // namespace

TEST_CASE("python requests parse in uv's spellings") {
    CHECK(PythonRequest::parse("")->kind == Kind::Any);
    CHECK(PythonRequest::parse("any")->kind == Kind::Any);

    const auto file = PythonRequest::parse("/usr/bin/python3.12");
    REQUIRE(file);
    CHECK(file->kind == Kind::File);
    CHECK(file->file == "/usr/bin/python3.12");
    CHECK(PythonRequest::parse("./venv/bin/python")->kind == Kind::File);

    const auto minor = PythonRequest::parse("3.12");
    REQUIRE(minor);
    CHECK(minor->kind == Kind::Version);
    CHECK(minor->release == std::vector<unsigned>{3, 12});
    CHECK(minor->matches(python(3, 12, 1)));
    std::string why;
    CHECK_FALSE(minor->matches(python(3, 11, 7), &why));
    CHECK(why == "it is Python 3.11.7, not 3.12");

    const auto patch = PythonRequest::parse("3.12.1");
    CHECK(patch->matches(python(3, 12, 1)));
    CHECK_FALSE(patch->matches(python(3, 12, 2)));

    const auto range = PythonRequest::parse(">=3.11, <3.13");
    REQUIRE(range);
    CHECK(range->specifiers);
    CHECK(range->matches(python(3, 12, 0)));
    CHECK_FALSE(range->matches(python(3, 13, 0), &why));
    CHECK(why == "Python 3.13.0 is not >=3.11, <3.13");

    for (const char* text : {"cpython3.12", "cpython@3.12", "cp312", "python3.12"}) {
        INFO(text);
        const auto r = PythonRequest::parse(text);
        REQUIRE(r);
        CHECK(r->kind == Kind::Version);
        CHECK(r->release == std::vector<unsigned>{3, 12});
        CHECK(r->matches(python(3, 12, 4)));
    }
    const auto pypy = PythonRequest::parse("pypy3.10");
    CHECK(pypy->implementation == "pypy");
    CHECK_FALSE(pypy->matches(python(3, 10, 1), &why));
    CHECK(why == "it is cpython, not pypy");
    CHECK(pypy->matches(python(3, 10, 14, "pypy")));

    const auto name = PythonRequest::parse("python3.12-custom");
    CHECK(name->kind == Kind::Name);
    CHECK(name->executable_names() == std::vector<std::string>{"python3.12-custom"});

    CHECK_FALSE(PythonRequest::parse("3.x"));
}

TEST_CASE("python requests name the executables to look for, best first") {
    CHECK(PythonRequest::parse("3.12")->executable_names() == std::vector<std::string>{"python3.12", "python3", "python"});
    CHECK(PythonRequest::parse("")->executable_names() == std::vector<std::string>{"python3", "python"});
    CHECK(PythonRequest::parse("pypy3.10")->executable_names() ==
          std::vector<std::string>{"pypy3.10", "pypy3", "pypy", "python3.10", "python3", "python"});
    CHECK(PythonRequest::parse("3.12")->could_match({3, 12, 1}));
    CHECK_FALSE(PythonRequest::parse("3.12")->could_match({3, 11}));
    CHECK(PythonRequest::parse(">=3.11")->could_match({3, 12}));
    CHECK_FALSE(PythonRequest::parse(">=3.11")->could_match({3, 10, 13}));
}

TEST_CASE(".python-version is read from the folder or its nearest ancestor up to the workspace root") {
    lockkit::testing::TempTree tree;
    tree.write("proj/sub/keep", "");
    // A member folder `sub` of the workspace `proj`, as `uv lock` run in the member searches.
    const VersionFileSearch search{tree.root() / "proj" / "sub", tree.root() / "proj", std::nullopt, {}, false};
    CHECK_FALSE(find_python_version_file(search)->has_value());

    tree.write("proj/.python-version", "# pinned for CI\n\n3.11\n3.12\n");
    const auto found = find_python_version_file(search);
    REQUIRE(found);
    REQUIRE(found->has_value());
    CHECK((*found)->first.release == std::vector<unsigned>{3, 11});
    CHECK((*found)->second == tree.root() / "proj" / ".python-version");

    // Lines uv takes as executables' names are skipped (uv 0.12.5 warns of each and goes on).
    tree.write("proj/sub/.python-version", "3.x\nfoo\n3.12\n");
    const auto skipped = find_python_version_file(search);
    REQUIRE(skipped);
    REQUIRE(skipped->has_value());
    CHECK((*skipped)->first.release == std::vector<unsigned>{3, 12});
}

TEST_CASE("version file lines uv cannot use are skipped with uv's warning, in the project's file and the global pin") {
    // uv 0.12.5 (`uv sync`): "warning: Ignoring unsupported Python request `foo` in version file: <path>"
    // for each such line, even after the request it uses; a file with none left asks for nothing.
    lockkit::testing::TempTree tree;
    tree.write("ws/pyproject.toml", "");
    tree.write("user/uv/.python-version", "foo\n3.x\n# c\n3.11\nbar\n");
    std::vector<std::string> warnings;
    VersionFileSearch search{tree.root() / "ws", tree.root() / "ws", tree.root() / "user" / "uv", {}, false, &warnings};
    auto found = find_python_version_file(search);
    REQUIRE(found);
    REQUIRE(found->has_value());
    CHECK((*found)->first.release == std::vector<unsigned>{3, 11});
    const std::string global = (tree.root() / "user" / "uv" / ".python-version").string();
    CHECK(warnings == std::vector<std::string>{
                          "Ignoring unsupported Python request `foo` in version file: " + global,
                          "Ignoring unsupported Python request `3.x` in version file: " + global,
                          "Ignoring unsupported Python request `bar` in version file: " + global});
    warnings.clear();
    tree.write("ws/.python-version", "mypython\n");
    found = find_python_version_file(search);
    REQUIRE(found);
    CHECK_FALSE(found->has_value());
    CHECK(warnings == std::vector<std::string>{"Ignoring unsupported Python request `mypython` in version file: " +
                                               (tree.root() / "ws" / ".python-version").string()});
}

TEST_CASE(".python-version is found as uv finds a project's: up to the workspace root, then the global pin") {
    // uv 0.12.5 (uv-python version_files.rs, WorkspacePython; checked with `uv lock` / `uv sync`).
    lockkit::testing::TempTree tree;
    tree.write(".python-version", "3.10\n");  // above the workspace root: not read
    tree.write("ws/pyproject.toml", "");
    tree.write("user/uv/.python-version", "3.11\n");
    VersionFileSearch search{tree.root() / "ws", tree.root() / "ws", std::nullopt, ">=3.9", false};
    CHECK_FALSE(find_python_version_file(search)->has_value());
    search.global_dir = tree.root() / "user" / "uv";
    auto found = find_python_version_file(search);
    REQUIRE(found);
    REQUIRE(found->has_value());
    CHECK((*found)->first.release == std::vector<unsigned>{3, 11});
    // A global pin outside requires-python is skipped; a local one is not.
    search.requires_python = ">=3.12";
    CHECK_FALSE(find_python_version_file(search)->has_value());
    tree.write("ws/.python-version", "3.9\n");
    found = find_python_version_file(search);
    REQUIRE(found->has_value());
    CHECK((*found)->second == tree.root() / "ws" / ".python-version");
    // --no-config / UV_NO_CONFIG: none is read.
    search.no_config = true;
    CHECK_FALSE(find_python_version_file(search)->has_value());
}

TEST_CASE(".python-versions is read when a folder has no .python-version") {
    // uv 0.12.5: `uv sync` with `.python-versions` of "3.10\n3.12" uses 3.10; beside a
    // `.python-version`, the latter wins.
    lockkit::testing::TempTree tree;
    tree.write("ws/.python-versions", "3.10\n3.12\n");
    const VersionFileSearch search{tree.root() / "ws", tree.root() / "ws", std::nullopt, {}, false};
    auto found = find_python_version_file(search);
    REQUIRE(found);
    REQUIRE(found->has_value());
    CHECK((*found)->first.release == std::vector<unsigned>{3, 10});
    tree.write("ws/.python-version", "3.12\n");
    found = find_python_version_file(search);
    REQUIRE(found->has_value());
    CHECK((*found)->first.release == std::vector<unsigned>{3, 12});
}
