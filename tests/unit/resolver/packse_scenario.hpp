#pragma once
// A test-only in-memory index built from a packse scenario file (the format of uv's
// `crates/uv-test/src/packse/scenario.rs`; resolver-notes §10.1), serving what uv's packse test
// server serves: one `py3-none-any` wheel per version (or one per listed tag) and one sdist,
// each carrying the version's Requires-Python and yank flag, and METADATA with
// `Requires-Dist` lines for the requirements and for each extra's requirements (marker
// `extra == '<extra>'` and-ed in).

#include <lockkit/pep508/package_name.hpp>
#include <lockkit/resolver/provider.hpp>
#include <lockkit/resolver/wheel_tags.hpp>

#include <toml++/toml.h>

#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace lockkit::resolver::testing {

struct ScenarioVersion {
    pep440::Version version;
    std::vector<std::string> requires_dist;
    std::map<std::string, std::vector<std::string>> extras;
    std::string requires_python = ">=3.12";
    bool sdist = true;
    bool wheel = true;
    bool yanked = false;
    std::vector<std::string> wheel_tags;
};

struct Scenario {
    std::string name;
    std::string kind;  ///< install, compile, lock or disabled
    std::vector<std::string> root_requires;
    std::string root_requires_python = ">=3.12";
    std::map<std::string, std::vector<ScenarioVersion>> packages;  ///< versions ascending
    bool satisfiable = false;
    std::map<std::string, std::string> expected_packages;
    std::string python = "3.12";  ///< environment.python
    std::vector<std::string> additional_python;
    std::optional<std::string> resolution;
    bool prereleases = false;
    std::vector<std::string> no_build;
    std::vector<std::string> no_binary;
    bool universal = false;
    std::optional<std::string> target_python;  ///< resolver_options.python
    std::optional<std::string> python_platform;
    std::vector<std::string> required_environments;

    /// Whether any wheel has tags other than `py3-none-any`.
    bool has_custom_tags() const {
        for (const auto& [n, vs] : packages)
            for (const auto& v : vs)
                for (const auto& t : v.wheel_tags)
                    if (t != "py3-none-any") return true;
        return false;
    }
};

inline std::vector<std::string> string_list(const toml::node_view<const toml::node>& node) {
    std::vector<std::string> out;
    if (const auto* arr = node.as_array())
        for (const auto& e : *arr)
            if (auto s = e.value<std::string>()) out.push_back(*s);
    return out;
}

inline Scenario load_scenario(const std::filesystem::path& path) {
    const toml::table t = toml::parse_file(path.string());
    Scenario s;
    s.name = t["name"].value_or(std::string());
    s.root_requires = string_list(t["root"]["requires"]);
    s.root_requires_python = t["root"]["requires_python"].value_or(std::string(">=3.12"));
    s.satisfiable = t["expected"]["satisfiable"].value_or(false);
    if (const auto* pk = t["expected"]["packages"].as_table())
        for (const auto& [k, v] : *pk) s.expected_packages[pep508::normalize_name(k.str())] = v.value_or(std::string());
    s.python = t["environment"]["python"].value_or(std::string("3.12"));
    s.additional_python = string_list(t["environment"]["additional_python"]);
    const auto ro = t["resolver_options"];
    if (auto r = ro["resolution"].value<std::string>()) s.resolution = *r;
    s.prereleases = ro["prereleases"].value_or(false);
    s.no_build = string_list(ro["no_build"]);
    s.no_binary = string_list(ro["no_binary"]);
    s.universal = ro["universal"].value_or(false);
    if (auto p = ro["python"].value<std::string>()) s.target_python = *p;
    if (auto p = ro["python_platform"].value<std::string>()) s.python_platform = *p;
    s.required_environments = string_list(ro["required_environments"]);
    const auto tg = t["testgen"];
    if (tg["disable"].value_or(false)) s.kind = "disabled";
    else if (auto k = tg["kind"].value<std::string>()) s.kind = *k;
    else if (s.universal) s.kind = "lock";
    else if (s.target_python) s.kind = "compile";
    else s.kind = "install";

    if (const auto* pkgs = t["packages"].as_table()) {
        for (const auto& [pname, pnode] : *pkgs) {
            std::vector<ScenarioVersion> versions;
            if (const auto* vs = pnode.as_table()->get_as<toml::table>("versions")) {
                for (const auto& [vtext, vnode] : *vs) {
                    const toml::table& vt = *vnode.as_table();
                    ScenarioVersion v;
                    v.version = *pep440::Version::parse(vtext.str());
                    v.requires_dist = string_list(toml::node_view<const toml::node>(vt.get("requires")));
                    if (const auto* ex = vt.get_as<toml::table>("extras"))
                        for (const auto& [ename, ereqs] : *ex)
                            v.extras[pep508::normalize_name(ename.str())] =
                                string_list(toml::node_view<const toml::node>(&ereqs));
                    if (auto rp = vt.get_as<std::string>("requires_python")) v.requires_python = rp->get();
                    if (auto b = vt.get_as<bool>("sdist")) v.sdist = b->get();
                    if (auto b = vt.get_as<bool>("wheel")) v.wheel = b->get();
                    if (auto b = vt.get_as<bool>("yanked")) v.yanked = b->get();
                    v.wheel_tags = string_list(toml::node_view<const toml::node>(vt.get("wheel_tags")));
                    versions.push_back(std::move(v));
                }
            }
            std::sort(versions.begin(), versions.end(),
                      [](const ScenarioVersion& a, const ScenarioVersion& b) { return a.version < b.version; });
            s.packages[pep508::normalize_name(pname.str())] = std::move(versions);
        }
    }
    return s;
}

class ScenarioProvider : public ResolverProvider {
public:
    /// Wheels are judged by `judge` (the target's tags, or the project's requires-python).
    ScenarioProvider(const Scenario& scenario, WheelTagJudge judge) : m_scenario(scenario), m_judge(std::move(judge)) {}

    const PackageVersions& versions(const std::string& name) override {
        auto it = m_versions.find(name);
        if (it != m_versions.end()) return it->second;
        PackageVersions& out = m_versions[name];
        auto pit = m_scenario.packages.find(name);
        if (pit == m_scenario.packages.end()) {
            out.status = PackageVersions::Status::NotFound;
            return out;
        }
        out.status = PackageVersions::Status::Found;
        IndexVersions index;
        index.index_url = "http://[LOCALHOST]/simple/";
        std::string dist_name = name;
        for (char& c : dist_name)
            if (c == '-') c = '_';
        for (const ScenarioVersion& v : pit->second) {
            VersionFiles vf;
            vf.version = v.version;
            auto file = [&](std::string filename) {
                DistributionFile f;
                f.filename = filename;
                f.url = "http://[LOCALHOST]/files/" + filename;
                f.requires_python = v.requires_python;
                if (v.yanked) f.yanked = Yanked{};
                f.upload_time_ms = 1711238400000;  // 2024-03-24T00:00:00Z, packse's fixed time
                return f;
            };
            if (v.wheel) {
                std::vector<std::string> tags = v.wheel_tags;
                if (tags.empty()) tags.push_back("py3-none-any");
                for (const auto& tag : tags) vf.files.push_back(file(dist_name + "-" + v.version.to_string() + "-" + tag + ".whl"));
            }
            if (v.sdist) vf.files.push_back(file(dist_name + "-" + v.version.to_string() + ".tar.gz"));
            index.versions.push_back(std::move(vf));
        }
        out.indexes.push_back(std::move(index));
        return out;
    }

    MetadataResult metadata(const std::string& name, const pep440::Version& version,
                            const DistributionFile&) override {
        MetadataResult out;
        for (const ScenarioVersion& v : m_scenario.packages.at(name)) {
            if (!(v.version == version)) continue;
            for (const auto& r : v.requires_dist) out.metadata.requires_dist.push_back(*pep508::Requirement::parse(r));
            for (const auto& [extra, reqs] : v.extras) {
                out.metadata.provides_extra.push_back(extra);
                const auto extra_marker = *pep508::MarkerTree::parse("extra == '" + extra + "'");
                for (const auto& r : reqs) {
                    auto req = *pep508::Requirement::parse(r);
                    req.marker = req.marker.and_with(extra_marker);
                    out.metadata.requires_dist.push_back(std::move(req));
                }
            }
            out.metadata.requires_python = *pep440::VersionSpecifiers::parse(v.requires_python);
        }
        return out;
    }

    WheelTagVerdict wheel_tags(std::string_view filename) override { return m_judge.judge(filename); }
    const tags::SupportedTags* target_tags() const override { return m_judge.supported_tags(); }

private:
    const Scenario& m_scenario;
    WheelTagJudge m_judge;
    std::map<std::string, PackageVersions> m_versions;
};

} // namespace lockkit::resolver::testing
