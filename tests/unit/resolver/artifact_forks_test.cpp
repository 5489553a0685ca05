// Universal resolutions over versions whose wheels do not cover every platform: the
// required-environment fork, "no E-compatible wheels", and the local-version fork
// (uv-resolver/src/resolver/mod.rs `fork_version_registry`; resolver-notes §2.4, §4.11).
// Each expectation is what real uv 0.12.5 did with the same files (wheels made by
// tests/fixtures/wheelmaker.py, `uv lock --no-index --find-links`).

#include <lockkit/resolver/resolver.hpp>
#include <lockkit/resolver/wheel_tags.hpp>

#include <catch2/catch.hpp>

#include <map>

using namespace lockkit;
using namespace lockkit::resolver;

namespace {

/// Versions with the given files and no dependencies; wheels judged for requires-python >=3.12.
class FilesProvider : public ResolverProvider {
public:
    explicit FilesProvider(std::map<std::string, std::map<std::string, std::vector<std::string>>> files)
        : m_files(std::move(files)),
          m_judge(RequiresPython::from_specifiers(*pep440::VersionSpecifiers::parse(">=3.12"))) {}

    const PackageVersions& versions(const std::string& name) override {
        auto [it, inserted] = m_cache.try_emplace(name);
        if (!inserted) return it->second;
        auto p = m_files.find(name);
        if (p == m_files.end()) return it->second;
        it->second.status = PackageVersions::Status::Found;
        IndexVersions index;
        index.index_url = "https://example.invalid/simple/";
        for (const auto& [version, filenames] : p->second) {
            VersionFiles vf;
            vf.version = *pep440::Version::parse(version);
            for (const auto& f : filenames) {
                DistributionFile file;
                file.filename = f;
                vf.files.push_back(file);
            }
            index.versions.push_back(std::move(vf));
        }
        std::sort(index.versions.begin(), index.versions.end(),
                  [](const VersionFiles& a, const VersionFiles& b) { return a.version < b.version; });
        it->second.indexes.push_back(std::move(index));
        return it->second;
    }
    MetadataResult metadata(const std::string&, const pep440::Version&, const DistributionFile&) override { return {}; }
    WheelTagVerdict wheel_tags(std::string_view filename) override { return m_judge.judge(filename); }

private:
    std::map<std::string, std::map<std::string, std::vector<std::string>>> m_files;
    std::map<std::string, PackageVersions> m_cache;
    WheelTagJudge m_judge;
};

pep508::MarkerTree marker(const std::string& text) { return *pep508::MarkerTree::parse(text); }

std::expected<Resolution, ResolveFailure> lock(FilesProvider& provider, const std::vector<std::string>& requirements,
                                               std::vector<pep508::MarkerTree> required = {}) {
    Manifest manifest;
    for (const auto& r : requirements) manifest.requirements.push_back(*pep508::Requirement::parse(r));
    ResolverOptions options;
    options.artifact_environments = std::move(required);
    const auto python = PythonRequirement::from_requires_python(
        *pep440::Version::parse("3.12.1"), RequiresPython::from_specifiers(*pep440::VersionSpecifiers::parse(">=3.12")));
    return resolve(manifest, options, ResolverEnvironment::universal(), python, provider);
}

std::vector<std::pair<std::string, std::string>> fork_versions(const Resolution& r, const std::string& name) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& f : r.forks)
        for (const auto& p : f.packages)
            if (p.name == name) out.emplace_back(f.markers.to_string(), p.version.to_string());
    return out;
}

} // namespace

TEST_CASE("a required environment without wheels forks the resolution", "[resolver][forks]") {
    // uv: resolution-markers "sys_platform != 'linux'" (a 2.0.0), then "sys_platform == 'linux'" (a 1.0.0).
    FilesProvider provider({{"a",
                             {{"2.0.0", {"a-2.0.0-cp312-abi3-win_amd64.whl"}},
                              {"1.0.0", {"a-1.0.0-py3-none-any.whl", "a-1.0.0.tar.gz"}}}}});
    auto result = lock(provider, {"a"}, {marker("sys_platform == 'linux'"), marker("sys_platform == 'win32'")});
    REQUIRE(result);
    CHECK(fork_versions(*result, "a") == std::vector<std::pair<std::string, std::string>>{
                                             {"sys_platform != 'linux'", "2.0.0"}, {"sys_platform == 'linux'", "1.0.0"}});
}

TEST_CASE("a required environment no version covers is a failure in its fork", "[resolver][forks]") {
    FilesProvider provider({{"a", {{"2.0.0", {"a-2.0.0-cp312-abi3-win_amd64.whl"}}}}});
    auto result = lock(provider, {"a"}, {marker("sys_platform == 'linux'"), marker("sys_platform == 'win32'")});
    REQUIRE_FALSE(result);
    REQUIRE(result.error().no_solution);
    const NoSolution& failure = *result.error().no_solution;
    // uv: "No solution found when resolving dependencies for split (markers: sys_platform == 'linux'):"
    //     "Because a==2.0.0 has no Linux-compatible wheels and only a==2.0.0 is available, ..."
    CHECK(failure.header() == "No solution found when resolving dependencies for split (markers: sys_platform == 'linux'):");
    CHECK(failure.report().starts_with("Because a==2.0.0 has no Linux-compatible wheels and only a==2.0.0 is available"));
}

TEST_CASE("without required environments a wheel-only version does not fork", "[resolver][forks]") {
    FilesProvider provider({{"a",
                             {{"2.0.0", {"a-2.0.0-cp312-abi3-win_amd64.whl"}},
                              {"1.0.0", {"a-1.0.0-py3-none-any.whl", "a-1.0.0.tar.gz"}}}}});
    auto result = lock(provider, {"a"});
    REQUIRE(result);
    CHECK(fork_versions(*result, "a") == std::vector<std::pair<std::string, std::string>>{{"", "2.0.0"}});
}

TEST_CASE("a local version without wheels for a platform forks onto the plain version", "[resolver][forks]") {
    // uv: "sys_platform != 'darwin'" (torch 2.5.2+cpu), "sys_platform == 'darwin'" (torch 2.5.2).
    FilesProvider provider({{"torch",
                             {{"2.5.2+cpu",
                               {"torch-2.5.2+cpu-cp312-cp312-manylinux_2_17_x86_64.whl",
                                "torch-2.5.2+cpu-cp312-cp312-win_amd64.whl"}},
                              {"2.5.2",
                               {"torch-2.5.2-cp312-cp312-manylinux_2_17_x86_64.whl",
                                "torch-2.5.2-cp312-cp312-macosx_11_0_arm64.whl", "torch-2.5.2-cp312-cp312-win_amd64.whl"}}}}});
    auto result = lock(provider, {"torch==2.5.2"});
    REQUIRE(result);
    CHECK(fork_versions(*result, "torch") ==
          std::vector<std::pair<std::string, std::string>>{{"sys_platform != 'darwin'", "2.5.2+cpu"},
                                                           {"sys_platform == 'darwin'", "2.5.2"}});
}
