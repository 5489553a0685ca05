#pragma once
// A test-only index in memory: each version of a package has one `py3-none-any` wheel and the
// given requirements and extras; wheels are judged for requires-python >=3.12.

#include <lockkit/resolver/provider.hpp>
#include <lockkit/resolver/wheel_tags.hpp>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

namespace lockkit::resolver::testing {

struct Release {
    std::string version;
    std::vector<std::string> requires_dist;
    std::vector<std::string> extras;
};

/// One `py3-none-any` wheel per version.
class DepsProvider : public ResolverProvider {
public:
    explicit DepsProvider(std::map<std::string, std::vector<Release>> packages)
        : m_packages(std::move(packages)),
          m_judge(RequiresPython::from_specifiers(*pep440::VersionSpecifiers::parse(">=3.12"))) {}

    const PackageVersions& versions(const std::string& name) override {
        auto [it, inserted] = m_cache.try_emplace(name);
        if (!inserted) return it->second;
        auto p = m_packages.find(name);
        if (p == m_packages.end()) return it->second;
        it->second.status = PackageVersions::Status::Found;
        IndexVersions index;
        index.index_url = "https://example.invalid/simple/";
        for (const auto& r : p->second) {
            VersionFiles vf;
            vf.version = *pep440::Version::parse(r.version);
            DistributionFile wheel;
            wheel.filename = name + "-" + r.version + "-py3-none-any.whl";
            vf.files.push_back(wheel);
            index.versions.push_back(std::move(vf));
        }
        std::sort(index.versions.begin(), index.versions.end(),
                  [](const VersionFiles& a, const VersionFiles& b) { return a.version < b.version; });
        it->second.indexes.push_back(std::move(index));
        return it->second;
    }
    MetadataResult metadata(const std::string& name, const pep440::Version& version, const DistributionFile&) override {
        ++metadata_requests;
        MetadataResult out;
        for (const auto& r : m_packages.at(name)) {
            if (!(*pep440::Version::parse(r.version) == version)) continue;
            for (const auto& d : r.requires_dist) out.metadata.requires_dist.push_back(*pep508::Requirement::parse(d));
            out.metadata.provides_extra = r.extras;
        }
        return out;
    }
    WheelTagVerdict wheel_tags(std::string_view filename) override { return m_judge.judge(filename); }

    int metadata_requests = 0;

private:
    std::map<std::string, std::vector<Release>> m_packages;
    std::map<std::string, PackageVersions> m_cache;
    WheelTagJudge m_judge;
};

} // namespace lockkit::resolver::testing
