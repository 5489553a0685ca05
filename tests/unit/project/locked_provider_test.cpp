// Answers from lock files (locked_provider.hpp): the versions the locks hold, and each edge
// restated as a requirement that allows only the versions some lock paired with it.

#include <lockkit/lockfile/reader.hpp>
#include <lockkit/project/locked_provider.hpp>

#include <catch2/catch.hpp>

using namespace lockkit;

namespace {

lockfile::Lock lock_of(const std::string& a_version, const std::string& c_version) {
    const std::string text = "version = 1\nrevision = 3\nrequires-python = \">=3.11\"\n\n"
                             "[[package]]\nname = \"a\"\nversion = \"" + a_version + "\"\n"
                             "source = { registry = \"https://pypi.org/simple\" }\n"
                             "dependencies = [\n    { name = \"c\" },\n]\n"
                             "wheels = [\n    { url = \"https://files.example/a-" + a_version +
                             "-py3-none-any.whl\", hash = \"sha256:00\", size = 1, upload-time = \"2024-01-01T00:00:00Z\" },\n]\n\n"
                             "[package.optional-dependencies]\nfast = [\n    { name = \"c\", marker = \"sys_platform == 'linux'\" },\n]\n\n"
                             "[[package]]\nname = \"c\"\nversion = \"" + c_version + "\"\n"
                             "source = { registry = \"https://pypi.org/simple\" }\n"
                             "wheels = [\n    { url = \"https://files.example/c-" + c_version +
                             "-py3-none-any.whl\", hash = \"sha256:11\", size = 1 },\n]\n";
    auto lock = lockfile::parse_lock(text, "uv.lock");
    REQUIRE(lock.has_value());
    return *lock;
}

} // namespace

TEST_CASE("locked provider: versions, files and conservative requirements", "[project]") {
    const auto l1 = lock_of("1.0", "1.0");
    const auto l2 = lock_of("1.0", "2.0");
    const auto l3 = lock_of("2.0", "3.0");
    auto rp = resolver::RequiresPython::from_specifiers(*pep440::VersionSpecifiers::parse(">=3.11"));
    project::LockedVersionsProvider provider({&l1, &l2, &l3}, "/tmp", rp);
    const auto& c = provider.versions("c");
    REQUIRE(c.status == resolver::PackageVersions::Status::Found);
    REQUIRE(c.indexes.size() == 1);
    CHECK(c.indexes[0].index_url == "https://pypi.org/simple");
    REQUIRE(c.indexes[0].versions.size() == 3);
    CHECK(c.indexes[0].versions[0].version.to_string() == "1.0");
    const auto& a = provider.versions("a");
    REQUIRE(a.indexes[0].versions.size() == 2);
    const auto& file = a.indexes[0].versions[0].files.at(0);
    CHECK(file.filename == "a-1.0-py3-none-any.whl");
    CHECK(file.upload_time_ms.has_value());
    CHECK(provider.versions("nope").status == resolver::PackageVersions::Status::NotFound);

    // a 1.0 was paired with c 1.0 and 2.0, never with 3.0.
    auto md = provider.metadata("a", *pep440::Version::parse("1.0"), file);
    REQUIRE(md.status == resolver::MetadataResult::Status::Found);
    REQUIRE(md.metadata.requires_dist.size() == 2);
    const auto& plain = md.metadata.requires_dist[0];
    CHECK(plain.name == "c");
    CHECK(plain.specifiers.contains(*pep440::Version::parse("1.0")));
    CHECK(plain.specifiers.contains(*pep440::Version::parse("2.0")));
    CHECK_FALSE(plain.specifiers.contains(*pep440::Version::parse("3.0")));
    CHECK(md.metadata.provides_extra == std::vector<std::string>{"fast"});
    // The extra's edge keeps its marker and gains the extra.
    CHECK(md.metadata.requires_dist[1].marker.to_string().find("extra == 'fast'") != std::string::npos);
    // a 2.0 only with c 3.0.
    md = provider.metadata("a", *pep440::Version::parse("2.0"), file);
    REQUIRE(md.status == resolver::MetadataResult::Status::Found);
    CHECK_FALSE(md.metadata.requires_dist[0].specifiers.contains(*pep440::Version::parse("1.0")));
    CHECK(md.metadata.requires_dist[0].specifiers.contains(*pep440::Version::parse("3.0")));
}
