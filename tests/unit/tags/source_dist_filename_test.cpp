// Source distribution filenames (the sdist format spec, PEP 625). Cases from
// uv-distribution-filename/src/source_dist.rs and extension.rs tests.

#include "lockkit/tags/source_dist_filename.hpp"

#include <catch2/catch.hpp>

using namespace lockkit;
using namespace lockkit::tags;

TEST_CASE("sdist filenames round-trip with every archive suffix", "[tags][sdist]") {
    for (const auto* name : {"foo_lib-1.2.3.zip", "foo_lib-1.2.3a3.zip", "foo_lib-1.2.3.tar.gz", "foo_lib-1.2.3.tar.bz2",
                             "foo_lib-1.2.3.tar.zst", "foo_lib-1.2.3.tar.xz", "foo_lib-1.2.3.tar.lz",
                             "foo_lib-1.2.3.tar.lzma", "foo_lib-1.2.3.tgz", "foo_lib-1.2.3.tbz", "foo_lib-1.2.3.tlz",
                             "foo_lib-1.2.3.txz"}) {
        INFO(name);
        CHECK(SourceDistFilename::parse(name, "foo-lib").value().to_string() == name);
    }
}

TEST_CASE("the project name decides where the version starts", "[tags][sdist]") {
    const auto dateutil = SourceDistFilename::parse("python-dateutil-2.8.2.tar.gz", "python-dateutil");
    REQUIRE(dateutil);
    CHECK(dateutil->version == *pep440::Version::parse("2.8.2"));
    CHECK(SourceDistFilename::parse("a-1-1.zip", "a").value().version == *pep440::Version::parse("1-1"));
    CHECK(SourceDistFilename::parse("a-1-1.zip", "a-1").value().version == *pep440::Version::parse("1"));
    CHECK(SourceDistFilename::parse("Zope.Interface-6.0.tar.gz", "zope-interface").value().name == "zope-interface");
    CHECK(SourceDistFilename::parse("foo-1.0.tar.gz", "bar").error() ==
          "Failed to parse source distribution filename foo-1.0.tar.gz: Name doesn't start with package name bar");
    CHECK(SourceDistFilename::parse("foo-1.0.exe", "foo").error() ==
          "Failed to parse source distribution filename foo-1.0.exe: File extension is invalid");
    CHECK(SourceDistFilename::parse("foo-x.y.tar.gz", "foo").error().find("Version section is invalid") !=
          std::string::npos);
    // Without a project: the version is after the last dash.
    CHECK(SourceDistFilename::parse_normalized("foo_lib-1.2.3.tar.gz").value().name == "foo-lib");
    CHECK(SourceDistFilename::parse_normalized("foolib.tar.gz").error().find("Missing name-version separator") !=
          std::string::npos);
}

TEST_CASE("archive suffixes and PEP 625", "[tags][sdist]") {
    CHECK(source_dist_extension("a-1.tar.gz") == SourceDistExtension::TarGz);
    CHECK(source_dist_extension("a-1.TAR.gz") == SourceDistExtension::TarGz);  // uv compares `tar` case-insensitively
    CHECK_FALSE(source_dist_extension("a-1.gz"));
    CHECK_FALSE(source_dist_extension("a-1.bz2"));
    CHECK(source_dist_extension("a-1.tar.bz2") == SourceDistExtension::TarBz2);
    CHECK_FALSE(source_dist_extension("a-1-py3-none-any.whl"));
    CHECK(is_pep625_compliant(SourceDistExtension::TarGz));
    CHECK(is_pep625_compliant(SourceDistExtension::Zip));
    CHECK_FALSE(is_pep625_compliant(SourceDistExtension::TarBz2));
    CHECK_FALSE(is_pep625_compliant(SourceDistExtension::Tgz));
    CHECK(sdist_stem("foo-1.0.tar.gz") == "foo-1.0");
    CHECK_FALSE(sdist_stem("foo-1.0.exe"));
    CHECK_FALSE(sdist_stem(".tar.gz"));
}
