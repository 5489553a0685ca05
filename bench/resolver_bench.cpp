// The resolver alone on a large synthetic registry, in process: no I/O, metadata answered
// from memory, so the time is the solver's and the driver's (docs/performance.md).
//
//   resolver_bench [packages] [versions] [runs]
//
// Package i's versions each depend on three to five packages with a higher index, with lower
// bounds and, for one in four, an upper bound; the root requires the first ten packages. The
// upper bounds make the newest versions clash, so the solver backtracks. Deterministic (fixed
// seed), so instruction counts under callgrind are comparable between builds.

#include <lockkit/resolver/resolver.hpp>
#include <lockkit/resolver/wheel_tags.hpp>

#include <chrono>
#include <cstdio>
#include <map>
#include <random>
#include <string>

using namespace lockkit;
using namespace lockkit::resolver;

namespace {

class SyntheticProvider : public ResolverProvider {
public:
    SyntheticProvider(int packages, int versions)
        : m_judge(RequiresPython::from_specifiers(*pep440::VersionSpecifiers::parse(">=3.12"))) {
        std::mt19937 rng(42);
        for (int i = 0; i < packages; ++i) {
            const std::string name = "p" + std::to_string(i);
            PackageVersions& pv = m_versions[name];
            pv.status = PackageVersions::Status::Found;
            IndexVersions index;
            index.index_url = "https://example.invalid/simple/";
            for (int v = 1; v <= versions; ++v) {
                VersionFiles vf;
                vf.version = *pep440::Version::parse(std::to_string(v) + ".0");
                DistributionFile wheel;
                wheel.filename = name + "-" + std::to_string(v) + ".0-py3-none-any.whl";
                vf.files.push_back(wheel);
                index.versions.push_back(std::move(vf));
                std::vector<pep508::Requirement>& deps = m_deps[{name, v}];
                const int count = i + 1 < packages ? 3 + static_cast<int>(rng() % 3) : 0;
                for (int d = 0; d < count; ++d) {
                    const int target = i + 1 + static_cast<int>(rng() % std::min(20, packages - i - 1));
                    const int low = 1 + static_cast<int>(rng() % versions);
                    std::string text = "p" + std::to_string(target) + ">=" + std::to_string(low) + ".0";
                    if (rng() % 4 == 0) text += ",<" + std::to_string(std::min(versions, low + 3)) + ".0";
                    deps.push_back(*pep508::Requirement::parse(text));
                }
            }
            pv.indexes.push_back(std::move(index));
        }
    }
    const PackageVersions& versions(const std::string& name) override {
        static const PackageVersions none;
        auto it = m_versions.find(name);
        return it == m_versions.end() ? none : it->second;
    }
    MetadataResult metadata(const std::string& name, const pep440::Version& version, const DistributionFile&) override {
        MetadataResult out;
        out.metadata.requires_dist = m_deps.at({name, static_cast<int>(version.release()[0])});
        return out;
    }
    WheelTagVerdict wheel_tags(std::string_view filename) override { return m_judge.judge(filename); }

private:
    std::map<std::string, PackageVersions> m_versions;
    std::map<std::pair<std::string, int>, std::vector<pep508::Requirement>> m_deps;
    WheelTagJudge m_judge;
};

} // namespace

int main(int argc, char** argv) {
    const int packages = argc > 1 ? std::atoi(argv[1]) : 300;
    const int versions = argc > 2 ? std::atoi(argv[2]) : 30;
    const int runs = argc > 3 ? std::atoi(argv[3]) : 3;
    Manifest manifest;
    for (int i = 0; i < std::min(10, packages); ++i) manifest.requirements.push_back(*pep508::Requirement::parse("p" + std::to_string(i)));
    const auto python = PythonRequirement::from_requires_python(
        *pep440::Version::parse("3.12.1"), RequiresPython::from_specifiers(*pep440::VersionSpecifiers::parse(">=3.12")));
    double best = 1e9;
    std::size_t resolved = 0;
    bool ok = false;
    for (int r = 0; r < runs; ++r) {
        SyntheticProvider provider(packages, versions);
        const auto start = std::chrono::steady_clock::now();
        auto result = resolve(manifest, ResolverOptions{}, ResolverEnvironment::universal(), python, provider);
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
        best = std::min(best, ms);
        ok = result.has_value();
        resolved = ok ? result->packages.size() : 0;
    }
    std::printf("%d packages x %d versions: %s, %zu resolved, best of %d: %.1f ms\n", packages, versions,
                ok ? "solved" : "no solution", resolved, runs, best);
    return 0;
}
