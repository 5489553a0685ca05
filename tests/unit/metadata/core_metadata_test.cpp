// Core metadata files: the fields resolution reads, RFC 822 header rules, and
// located errors. Field semantics follow the core metadata spec and uv's
// `ResolutionMetadata::parse_metadata` / `parse_pkg_info`.

#include "lockkit/metadata/core_metadata.hpp"

#include "../../skip.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>

#include "lockkit/util/atomic_file.hpp"

using namespace lockkit;
using namespace lockkit::metadata;

namespace {

std::vector<std::string> requirements(const CoreMetadata& m) {
    std::vector<std::string> out;
    for (const auto& r : m.requires_dist) {
        out.push_back(r.to_string());
    }
    return out;
}

std::string error_of(std::string_view text) {
    const auto parsed = parse_core_metadata(text, "METADATA");
    return parsed ? "<parsed>" : parsed.error().render();
}

} // namespace

TEST_CASE("a Metadata 2.3 file gives name, version, requirements, extras", "[metadata]") {
    const auto m = parse_core_metadata("Metadata-Version: 2.3\n"
                                       "Name: My.Package\n"
                                       "Version: 1.0.0\n"
                                       "Summary: a package\n"
                                       "Requires-Python: >=3.12\n"
                                       "Provides-Extra: fast\n"
                                       "Provides-Extra: Extra_Two\n"
                                       "Requires-Dist: dep>=1.0\n"
                                       "Requires-Dist: speedup ; extra == 'fast'\n"
                                       "requires-dist: other[x] (<2) ; extra == \"extra-two\"\n"
                                       "\n"
                                       "Requires-Dist: not-a-field ; the description starts here\n");
    REQUIRE(m);
    CHECK(m->metadata_version == "2.3");
    CHECK(m->name == "my-package");
    CHECK(m->version == *pep440::Version::parse("1.0.0"));
    REQUIRE(m->requires_python);
    CHECK(m->requires_python->to_string() == ">=3.12");
    CHECK(m->provides_extra == std::vector<std::string>{"fast", "extra-two"});
    CHECK(requirements(*m) == std::vector<std::string>{"dep>=1.0", "speedup ; extra == 'fast'",
                                                       "other[x]<2 ; extra == 'extra-two'"});
    CHECK(m->dynamic.empty());
}

TEST_CASE("header rules: folding, CRLF, case, UNKNOWN", "[metadata]") {
    const auto m = parse_core_metadata("Metadata-Version: 1.0\r\n"
                                       "Name: foo\r\n"
                                       "VERSION: 2.0\r\n"
                                       "Description: a long text\r\n"
                                       "        |continued over\r\n"
                                       "        |several lines\r\n"
                                       "Requires-Dist: bar\r\n"
                                       "   >=1 ; python_version >= '3.8'\r\n"
                                       "Requires-Python: UNKNOWN\r\n"
                                       "Keywords: UNKNOWN\r\n");
    REQUIRE(m);
    CHECK(m->version == *pep440::Version::parse("2.0"));
    CHECK(requirements(*m) == std::vector<std::string>{"bar>=1 ; python_full_version >= '3.8'"});
    CHECK_FALSE(m->requires_python);
    // Metadata 1.x files have none of the 2.x fields; that is fine.
    const auto old = parse_core_metadata("Metadata-Version: 1.0\nName: old\nVersion: 0.1\nSummary: UNKNOWN\n");
    REQUIRE(old);
    CHECK(old->requires_dist.empty());
    CHECK(old->provides_extra.empty());
}

TEST_CASE("PEP 685 extras: normalized, invalid names skipped", "[metadata]") {
    const auto m = parse_core_metadata("Name: a\nVersion: 1\nProvides-Extra: Foo__Bar\nProvides-Extra: not valid!\n"
                                       "Provides-Extra: x.y\n");
    REQUIRE(m);
    CHECK(m->provides_extra == std::vector<std::string>{"foo-bar", "x-y"});
}

TEST_CASE("Metadata 2.4 fields resolution does not read are ignored", "[metadata]") {
    const auto m = parse_core_metadata("Metadata-Version: 2.4\nName: new\nVersion: 3.0\nLicense-Expression: MIT\n"
                                       "License-File: LICENSE\nImport-Name: new\nRequires-Dist: six\n");
    REQUIRE(m);
    CHECK(requirements(*m) == std::vector<std::string>{"six"});
}

TEST_CASE("sdist PKG-INFO stands in for a build only when static", "[metadata]") {
    const auto read = [](std::string_view text) { return parse_core_metadata(text, "PKG-INFO").value(); };
    CHECK(check_static_pkg_info(read("Metadata-Version: 2.2\nName: a\nVersion: 1\nRequires-Dist: b\n")));
    CHECK(check_static_pkg_info(read("Metadata-Version: 2.4\nName: a\nVersion: 1\nDynamic: Version\n")));
    CHECK(check_static_pkg_info(read("Metadata-Version: 2.1\nName: a\nVersion: 1\n")).error() ==
          "reading metadata from PKG-INFO needs Metadata 2.2 or later (found 2.1)");
    CHECK(check_static_pkg_info(read("Metadata-Version: 3.0\nName: a\nVersion: 1\n")).error().find("found 3.0") !=
          std::string::npos);
    CHECK(check_static_pkg_info(read("Name: a\nVersion: 1\n")).error() == "PKG-INFO has no `Metadata-Version`");
    const auto dynamic = read("Metadata-Version: 2.2\nName: a\nVersion: 1\nDynamic: Requires-Dist\n");
    CHECK(dynamic.is_dynamic("requires-dist"));
    CHECK(check_static_pkg_info(dynamic).error() == "PKG-INFO marks `Requires-Dist` as dynamic");
    CHECK(check_static_pkg_info(read("Metadata-Version: 2.2\nName: a\nVersion: 1\nDynamic: Provides-Extra\n")).error() ==
          "PKG-INFO marks `Provides-Extra` as dynamic");
}

TEST_CASE("bad metadata gets located errors", "[metadata]") {
    CHECK(error_of("Metadata-Version: 2.1\nVersion: 1.0\n") == "error: METADATA: no `Name` field in the metadata\n");
    CHECK(error_of("Name: a\nVersion: UNKNOWN\n") == "error: METADATA: no `Version` field in the metadata\n");
    CHECK(error_of("Name: a\nVersion: one\n").starts_with("error: METADATA:2:10: invalid version `one`: "));
    const auto bad_requirement = error_of("Name: a\nVersion: 1\nRequires-Dist: b >=\n");
    CHECK(bad_requirement.starts_with("error: METADATA:3:20: invalid `Requires-Dist` `b >=`: "));
    CHECK(bad_requirement.find(" 3 | Requires-Dist: b >=\n") != std::string::npos);
    CHECK(error_of("Name: a\nVersion: 1\nRequires-Python: >=3.x\n")
              .starts_with("error: METADATA:3:21: invalid `Requires-Python` `>=3.x`: "));
    CHECK(error_of("Name: a\nthis line has no colon\n").starts_with(
        "error: METADATA:2:1: expected a `Field-Name: value` line\n"));
    CHECK(error_of("  leading continuation\nName: a\n")
              .starts_with("error: METADATA:1:1: a continuation line (starting with a space or tab) with no field"));
    CHECK(error_of("Name: b@d\nVersion: 1\n").starts_with("error: METADATA:1:7: `b@d` is not a valid package name"));
}

TEST_CASE("installed wheels' METADATA on this machine parse", "[metadata]") {
    // Real files written by many build backends: every dist-info of the pyenv Pythons here.
    const char* home = std::getenv("HOME");
    std::size_t parsed = 0;
    std::error_code ec;
    for (const auto& version : std::filesystem::directory_iterator(std::string(home ? home : "/") + "/.pyenv/versions", ec)) {
        for (const auto& lib : std::filesystem::directory_iterator(version.path() / "lib", ec)) {
            for (const auto& entry : std::filesystem::directory_iterator(lib.path() / "site-packages", ec)) {
                if (entry.path().extension() != ".dist-info") {
                    continue;
                }
                const auto text = read_file(entry.path() / "METADATA");
                if (!text) {
                    continue;
                }
                const auto m = parse_core_metadata(*text, (entry.path() / "METADATA").string());
                INFO(entry.path().string());
                CHECK(m);
                ++parsed;
            }
        }
    }
    if (parsed == 0) {
        LOCKKIT_SKIP("no installed dist-info folders under ~/.pyenv");
    }
}
