// Static metadata of source trees and sdists (source_metadata.hpp), by uv's
// rules: pyproject.toml [project] unless its dependencies, optional
// dependencies or requires-python are dynamic or Poetry owns them; an sdist's
// PKG-INFO from Metadata-Version 2.2 on; a dynamic version only for sdists;
// metadata of another name or version ignored.

#include "../../temp_tree.hpp"
#include "fake_index.hpp"

#include "lockkit/index/source_metadata.hpp"

#include <catch2/catch.hpp>

using namespace lockkit;
using namespace lockkit::index;
using lockkit::testing::make_test_sdist;
using lockkit::testing::TempTree;

namespace {

std::expected<metadata::CoreMetadata, StaticMetadataError> tree_with(const std::string& pyproject) {
    TempTree tree;
    tree.write("pyproject.toml", pyproject);
    return read_source_tree_metadata(tree.root(), "demo");
}

std::expected<metadata::CoreMetadata, StaticMetadataError> sdist_with(const std::map<std::string, std::string>& files,
                                                                      const std::string& version = "1.0") {
    TempTree tree;
    tree.write("demo-" + version + ".tar.gz", make_test_sdist("demo-" + version, files));
    return read_sdist_metadata(tree.root() / ("demo-" + version + ".tar.gz"), "demo", *pep440::Version::parse(version));
}

} // namespace

TEST_CASE("a source tree's [project] is its metadata when nothing resolution needs is dynamic", "[index][source]") {
    auto m = tree_with("[project]\nname = 'Demo'\nversion = '1.0'\nrequires-python = '>=3.9'\n"
                       "dependencies = ['requests>=2; python_version < \"3.13\"']\n"
                       "[project.optional-dependencies]\nFast_IO = ['orjson']\n");
    REQUIRE(m);
    CHECK(m->name == "demo");
    CHECK(m->version.to_string() == "1.0");
    CHECK(m->requires_python->to_string() == ">=3.9");
    REQUIRE(m->requires_dist.size() == 2);
    CHECK(m->requires_dist[0].to_string() == "requests>=2 ; python_full_version < '3.13'");
    CHECK(m->requires_dist[1].to_string() == "orjson ; extra == 'fast-io'");
    CHECK(m->provides_extra == std::vector<std::string>{"fast-io"});
    // What the metadata cache stores reads back the same.
    auto again = metadata::parse_core_metadata(metadata::format_core_metadata(*m));
    REQUIRE(again);
    CHECK(again->requires_dist.size() == 2);
    CHECK(again->requires_dist[1].to_string() == m->requires_dist[1].to_string());
    CHECK(again->provides_extra == m->provides_extra);
}

TEST_CASE("a source tree needs a build when its metadata is dynamic", "[index][source]") {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"[project]\nname = 'demo'\nversion = '1'\ndynamic = ['dependencies']\n", "`project.dependencies` is dynamic"},
        {"[project]\nname = 'demo'\nversion = '1'\ndynamic = ['optional-dependencies']\n", "optional-dependencies"},
        {"[project]\nname = 'demo'\nversion = '1'\ndynamic = ['requires-python']\n", "requires-python"},
        {"[project]\nname = 'demo'\ndynamic = ['version']\n", "`project.version` is dynamic"},
        {"[project]\nname = 'demo'\nversion = '1'\n[tool.poetry.dependencies]\nrequests = '*'\n", "[tool.poetry]"},
        {"[build-system]\nrequires = ['setuptools']\n", "no [project] table"},
        {"[project]\nname = 'other'\nversion = '1'\n", "names `other`, not `demo`"},
    };
    for (const auto& [pyproject, reason] : cases) {
        auto m = tree_with(pyproject);
        REQUIRE_FALSE(m);
        CHECK(m.error().kind == StaticMetadataError::Kind::NeedsBuild);
        CHECK_THAT(m.error().message, Catch::Contains(reason));
    }
    TempTree empty;
    CHECK(read_source_tree_metadata(empty.root()).error().kind == StaticMetadataError::Kind::NeedsBuild);
    auto broken = tree_with("[project\n");
    REQUIRE_FALSE(broken);
    CHECK(broken.error().kind == StaticMetadataError::Kind::Invalid);
}

TEST_CASE("an sdist: pyproject.toml first, then PKG-INFO from 2.2 on", "[index][source]") {
    // A dynamic version is fine for an sdist: its filename fixes it.
    auto from_pyproject = sdist_with({{"pyproject.toml", "[project]\nname = 'demo'\ndynamic = ['version']\ndependencies = ['a']\n"}});
    REQUIRE(from_pyproject);
    CHECK(from_pyproject->version.to_string() == "1.0");
    auto from_pkg_info = sdist_with({{"pyproject.toml", "[project]\nname = 'demo'\nversion = '1.0'\ndynamic = ['dependencies']\n"},
                                     {"PKG-INFO", "Metadata-Version: 2.2\nName: demo\nVersion: 1.0\nRequires-Dist: b\n\n"}});
    REQUIRE(from_pkg_info);
    CHECK(from_pkg_info->requires_dist.at(0).name == "b");
    auto old_pkg_info = sdist_with({{"PKG-INFO", "Metadata-Version: 2.1\nName: demo\nVersion: 1.0\n\n"}});
    REQUIRE_FALSE(old_pkg_info);
    CHECK(old_pkg_info.error().kind == StaticMetadataError::Kind::NeedsBuild);
    auto dynamic_pkg_info = sdist_with({{"PKG-INFO", "Metadata-Version: 2.2\nName: demo\nVersion: 1.0\nDynamic: Requires-Dist\n\n"}});
    REQUIRE_FALSE(dynamic_pkg_info);
    CHECK(dynamic_pkg_info.error().kind == StaticMetadataError::Kind::NeedsBuild);
    auto other_version = sdist_with({{"PKG-INFO", "Metadata-Version: 2.2\nName: demo\nVersion: 9.0\n\n"}});
    REQUIRE_FALSE(other_version);
    CHECK_THAT(other_version.error().message, Catch::Contains("version 9.0, not 1.0"));
    // A local version in the metadata still matches the sdist's public one.
    CHECK(sdist_with({{"PKG-INFO", "Metadata-Version: 2.2\nName: demo\nVersion: 1.0+local\n\n"}}));
    TempTree tree;
    tree.write("demo-1.0.tar.gz", "not an archive");
    auto garbage = read_sdist_metadata(tree.root() / "demo-1.0.tar.gz", "demo", *pep440::Version::parse("1.0"));
    REQUIRE_FALSE(garbage);
    CHECK(garbage.error().kind == StaticMetadataError::Kind::Unreadable);
}
