// Reading the probe's answer: every field, and clear errors for answers that
// are not one.

#include "lockkit/interpreter/interpreter_info.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace lockkit;
using namespace lockkit::interpreter;

namespace {

/// A probe answer as CPython 3.12 on glibc 2.36 x86_64 gives it.
nlohmann::json answer() {
    return nlohmann::json::parse(R"({
      "format": 1,
      "markers": {"implementation_name": "cpython", "implementation_version": "3.12.1", "os_name": "posix",
                  "platform_machine": "x86_64", "platform_python_implementation": "CPython",
                  "platform_release": "6.1.0", "platform_system": "Linux", "platform_version": "#1 SMP",
                  "python_full_version": "3.12.1", "python_version": "3.12", "sys_platform": "linux"},
      "python": {"version": [3, 12, 1], "implementation": "cpython", "implementation_version": "3.12.1",
                 "gil_disabled": false, "debug": false, "pointer_size": 64},
      "platform": {"os": {"name": "manylinux", "major": 2, "minor": 36}, "arch": "x86_64",
                   "manylinux_compatible": true},
      "paths": {"executable": "/py/bin/python3.12", "base_executable": "/py/bin/python3.12", "prefix": "/py",
                "base_prefix": "/py", "base_exec_prefix": "/py", "stdlib": "/py/lib/python3.12",
                "site_packages": ["/py/lib/python3.12/site-packages"], "sys_path": ["/py/lib/python3.12"]},
      "scheme": {"purelib": "/py/lib/python3.12/site-packages", "platlib": "/py/lib/python3.12/site-packages",
                 "include": "/py/include/python3.12", "scripts": "/py/bin", "data": "/py"},
      "venv_scheme": {"purelib": "lib/python3.12/site-packages", "platlib": "lib/python3.12/site-packages",
                      "include": "include/site/python3.12", "scripts": "bin", "data": "."}
    })");
}

} // namespace

TEST_CASE("a probe answer reads into markers, tag inputs and paths", "[interpreter]") {
    const auto info = parse_interpreter_info(answer().dump());
    REQUIRE(info);
    CHECK(info->markers.python_full_version == "3.12.1");
    CHECK(info->markers.sys_platform == "linux");
    CHECK(info->python_version() == "3.12");
    CHECK(info->implementation == "cpython");
    CHECK(info->manylinux_compatible);
    REQUIRE(info->platform);
    CHECK(info->platform->os.kind == tags::Os::Kind::Manylinux);
    CHECK(info->platform->os.minor == 36);
    CHECK(info->scheme.scripts == "/py/bin");
    CHECK(info->venv_scheme.purelib == "lib/python3.12/site-packages");
    const auto tags = info->supported_tags();
    REQUIRE(tags);
    CHECK(tags->tags().front().to_string() == "cp312-cp312-manylinux_2_36_x86_64");
}

TEST_CASE("the platform's spellings map onto the tag module's", "[interpreter]") {
    auto doc = answer();
    doc["platform"] = {{"os", {{"name", "macos"}, {"major", 14}, {"minor", 5}}}, {"arch", "arm64"}};
    const auto mac = parse_interpreter_info(doc.dump());
    REQUIRE(mac);
    CHECK(mac->platform->arch == tags::Arch::Aarch64);
    CHECK(mac->supported_tags()->tags().front().to_string() == "cp312-cp312-macosx_14_0_arm64");
    CHECK_FALSE(mac->manylinux_compatible);

    doc["platform"] = {{"os", {{"name", "windows"}}}, {"arch", "x86_64"}};
    CHECK(parse_interpreter_info(doc.dump())->supported_tags()->tags().front().to_string() == "cp312-cp312-win_amd64");

    doc["platform"] = {{"os", {{"name", "musllinux"}, {"major", 1}, {"minor", 2}}}, {"arch", "aarch64"}};
    const auto musl = parse_interpreter_info(doc.dump());
    CHECK(musl->supported_tags()->tags().front().to_string() == "cp312-cp312-musllinux_1_2_aarch64");

    // Free-threaded builds get cp313t first.
    doc["python"]["version"] = {3, 13, 0};
    doc["python"]["gil_disabled"] = true;
    doc["platform"] = {{"os", {{"name", "manylinux"}, {"major", 2}, {"minor", 28}}}, {"arch", "x86_64"},
                       {"manylinux_compatible", true}};
    CHECK(parse_interpreter_info(doc.dump())->supported_tags()->tags().front().to_string() ==
          "cp313-cp313t-manylinux_2_28_x86_64");

    // An architecture without wheel tags still gives markers and paths.
    doc["platform"] = {{"os", {{"name", "manylinux"}, {"major", 2}, {"minor", 28}}}, {"arch", "mips"}};
    const auto mips = parse_interpreter_info(doc.dump());
    REQUIRE(mips);
    CHECK_FALSE(mips->platform);
    CHECK(mips->tag_environment().error() == "lockkit knows no wheel tags for manylinux on mips");
}

TEST_CASE("answers that are not probe answers are errors", "[interpreter]") {
    CHECK(parse_interpreter_info("Traceback (most recent call last):").error() == "the answer is not a JSON object");
    CHECK(parse_interpreter_info(R"({"format": 2})").error() == "the answer is not in probe format 1");
    CHECK(parse_interpreter_info(R"({"format": 1, "error": {"kind": "libc_not_found", "message": "no libc"}})")
              .error() == "no libc (libc_not_found)");
    auto doc = answer();
    doc["python"].erase("gil_disabled");
    CHECK(parse_interpreter_info(doc.dump()).error() == "the answer is malformed: no `gil_disabled` field");
    doc = answer();
    doc["python"]["version"] = "3.12";
    CHECK(parse_interpreter_info(doc.dump()).error() == "the answer is malformed: `version` is not three numbers");
}
