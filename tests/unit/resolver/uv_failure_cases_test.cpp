// Failure reports and hints against real uv 0.12.5: each case of uv_failure_cases.json holds the
// registries, requirements and options of a `uv pip compile` run, and the text uv printed
// (tests/conformance/test_uv_failure_reports.py runs uv again and checks the text is still
// uv's). lockkit resolves the same registries from memory and must print the same text.

#include <lockkit/resolver/lock_environments.hpp>
#include <lockkit/resolver/resolver.hpp>
#include <lockkit/resolver/wheel_tags.hpp>
#include <lockkit/util/timestamp.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>

using namespace lockkit;
using namespace lockkit::resolver;
using nlohmann::json;

namespace {

const std::int64_t k_packse_time = 1711238400000;  // 2024-03-24T00:00:00Z, the index builder's base time

std::string dist_name(std::string name) {
    for (char& c : name)
        if (c == '-' || c == '.') c = '_';
    return name;
}

/// One registry of a case, as the index server or a `file://` index serves it.
struct Registry {
    std::string url;
    int status = 0;                   ///< 401 or 403: the index refuses lookups
    std::vector<std::string> only;    ///< ... of these names only (all when empty)
    json packages;                    ///< name -> version -> spec
    bool dated = true;                ///< HTTP JSON pages carry upload times; file:// HTML pages do not

    bool refuses(const std::string& name) const {
        return status != 0 && (only.empty() || std::find(only.begin(), only.end(), name) != only.end());
    }
};

std::optional<std::int64_t> upload_time(const json& spec, const char* kind, bool dated) {
    if (!dated) return std::nullopt;
    for (const std::string& key : {std::string(kind) + "_upload_time", std::string("upload_time")})
        if (spec.contains(key)) return *parse_timestamp_ms(spec[key].get<std::string>());
    return k_packse_time;
}

IndexVersions index_versions(const Registry& registry, const std::string& name, bool flat) {
    IndexVersions out;
    out.index_url = registry.url;
    out.flat = flat;
    for (const auto& [version_text, spec] : registry.packages[name].items()) {
        VersionFiles vf;
        vf.version = *pep440::Version::parse(version_text);
        const std::string requires_python = spec.value("requires_python", std::string(">=3.12"));
        auto file = [&](std::string filename, const char* kind) {
            DistributionFile f;
            f.filename = std::move(filename);
            f.url = registry.url + "/files/" + f.filename;
            f.requires_python = requires_python;
            f.upload_time_ms = upload_time(spec, kind, registry.dated && !flat);
            if (spec.value("yanked", false)) f.yanked = Yanked{};
            return f;
        };
        if (spec.value("wheel", true)) {
            std::vector<std::string> tags = spec.value("wheel_tags", std::vector<std::string>{"py3-none-any"});
            for (const auto& tag : tags)
                vf.files.push_back(file(dist_name(name) + "-" + version_text + "-" + tag + ".whl", "wheel"));
        }
        if (spec.value("sdist", true)) vf.files.push_back(file(dist_name(name) + "-" + version_text + ".tar.gz", "sdist"));
        out.versions.push_back(std::move(vf));
    }
    std::sort(out.versions.begin(), out.versions.end(),
              [](const VersionFiles& a, const VersionFiles& b) { return a.version < b.version; });
    return out;
}

/// Where a workspace member's source tree is (the case's members are workspace sources).
std::string member_url(const std::string& name) { return "file:///workspace/" + name; }

/// The case's registries searched as uv searches them: the first index that has the package
/// answers; an index that refuses ends the search. Prefetch hints are answered at once, as uv's
/// fetcher answers them while the solver works (so refusals of packages the solver never gets
/// to are known).
class CaseProvider : public ResolverProvider {
public:
    CaseProvider(const json& c, WheelTagJudge judge) : m_judge(std::move(judge)) {
        int i = 0;
        for (const json& index : c.value("indexes", json::array())) {
            Registry r;
            r.url = "[INDEX" + std::to_string(i++) + "]";
            r.status = index.value("status", 0);
            r.only = index.value("only", std::vector<std::string>{});
            r.packages = index.value("packages", json::object());
            r.dated = index.value("format", std::string("http")) != "file";
            m_registries.push_back(std::move(r));
        }
        if (c.contains("find_links")) {
            m_flat = Registry{};
            m_flat->url = "[FIND_LINKS]";
            m_flat->packages = c["find_links"]["packages"];
        }
        m_offline = c.value("offline", false);
        m_no_index = c.value("no_index", false);
    }

    /// Serves the workspace's members (name -> spec of version 0.1.0) as source trees at
    /// `member_url(name)`, as uv reads them from their directories.
    void add_members(const std::map<std::string, json>& members) {
        for (const auto& [name, spec] : members) m_members[name] = spec;
    }

    std::expected<UrlMetadata, std::string> url_metadata(const std::string& name, const std::string& url) override {
        auto it = m_members.find(name);
        if (it == m_members.end() || url != member_url(name)) return std::unexpected("not a member: " + url);
        UrlMetadata out{*pep440::Version::parse("0.1.0"), metadata_of(it->second)};
        return out;
    }

    void prefetch_versions(const std::string& name) override { versions(name); }

    std::vector<RefusedIndex> refused_indexes() const override { return m_refused; }

    const PackageVersions& versions(const std::string& name) override {
        auto [it, fresh] = m_answers.try_emplace(name);
        PackageVersions& out = it->second;
        if (!fresh) return out;
        if (m_offline) {
            out.status = PackageVersions::Status::Offline;
            return out;
        }
        if (m_no_index) {
            out.status = PackageVersions::Status::NoIndex;
            if (m_flat && m_flat->packages.contains(name)) {
                out.status = PackageVersions::Status::Found;
                out.indexes.push_back(index_versions(*m_flat, name, true));
            }
            return out;
        }
        for (const Registry& r : m_registries) {
            if (r.refuses(name)) {
                const RefusedIndex refused{r.url, static_cast<std::uint16_t>(r.status)};
                if (std::find(m_refused.begin(), m_refused.end(), refused) == m_refused.end()) m_refused.push_back(refused);
                return out;
            }
            if (!r.packages.contains(name)) continue;
            out.status = PackageVersions::Status::Found;
            out.indexes.push_back(index_versions(r, name, false));
            return out;
        }
        return out;
    }

    MetadataResult metadata(const std::string& name, const pep440::Version& version, const DistributionFile&) override {
        MetadataResult out;
        for (const Registry* r : registries()) {
            if (!r->packages.contains(name)) continue;
            for (const auto& [v, spec] : r->packages[name].items()) {
                if (!(*pep440::Version::parse(v) == version)) continue;
                out.metadata = metadata_of(spec);
                return out;
            }
        }
        return out;
    }

    WheelTagVerdict wheel_tags(std::string_view filename) override { return m_judge.judge(filename); }
    const tags::SupportedTags* target_tags() const override { return m_judge.supported_tags(); }

private:
    static PackageMetadata metadata_of(const json& spec) {
        PackageMetadata out;
        for (const auto& req : spec.value("requires", std::vector<std::string>{}))
            out.requires_dist.push_back(*pep508::Requirement::parse(req));
        const json extras = spec.value("extras", json::object());
        const json groups = spec.value("groups", json::object());
        for (const auto& [extra, reqs] : extras.items()) {
            out.provides_extra.push_back(extra);
            for (const auto& req : reqs)
                out.requires_dist.push_back(*pep508::Requirement::parse(req.get<std::string>() + " ; extra == '" + extra + "'"));
        }
        for (const auto& [group, reqs] : groups.items())
            for (const auto& req : reqs)
                out.dependency_groups[group].push_back(*pep508::Requirement::parse(req.get<std::string>()));
        out.requires_python = *pep440::VersionSpecifiers::parse(spec.value("requires_python", std::string(">=3.12")));
        return out;
    }

    std::vector<const Registry*> registries() const {
        std::vector<const Registry*> out;
        for (const auto& r : m_registries) out.push_back(&r);
        if (m_flat) out.push_back(&*m_flat);
        return out;
    }

    WheelTagJudge m_judge;
    std::vector<Registry> m_registries;
    std::optional<Registry> m_flat;
    bool m_offline = false;
    bool m_no_index = false;
    std::map<std::string, PackageVersions> m_answers;
    std::vector<RefusedIndex> m_refused;
    std::map<std::string, json> m_members;
};

/// The interpreter uv ran with: CPython 3.12.1 on x86_64 Linux.
pep508::MarkerEnvironment cpython_312() {
    pep508::MarkerEnvironment env;
    env.implementation_name = "cpython";
    env.implementation_version = "3.12.1";
    env.os_name = "posix";
    env.platform_machine = "x86_64";
    env.platform_python_implementation = "CPython";
    env.platform_system = "Linux";
    env.python_full_version = "3.12.1";
    env.python_version = "3.12";
    env.sys_platform = "linux";
    return env;
}

/// `--python-platform x86_64-manylinux_2_28` with CPython 3.12.
tags::SupportedTags manylinux_2_28_cp312() {
    tags::TagEnvironment env;
    env.platform.arch = tags::Arch::X86_64;
    env.platform.os.kind = tags::Os::Kind::Manylinux;
    env.platform.os.major = 2;
    env.platform.os.minor = 28;
    env.python_major = env.implementation_major = 3;
    env.python_minor = env.implementation_minor = 12;
    return *tags::SupportedTags::for_interpreter(env);
}

PrereleaseMode prerelease_mode(const std::string& text) {
    if (text == "disallow") return PrereleaseMode::Disallow;
    if (text == "allow") return PrereleaseMode::Allow;
    if (text == "explicit") return PrereleaseMode::Explicit;
    return PrereleaseMode::IfNecessary;
}

/// What lockkit prints for the case, laid out as the fixture holds uv's text.
std::string lockkit_text(const json& c) {
    Manifest manifest;
    for (const auto& r : c["requirements"]) manifest.requirements.push_back(*pep508::Requirement::parse(r.get<std::string>()));
    ResolverOptions options;
    if (c.contains("prerelease")) options.prerelease = prerelease_mode(c["prerelease"]);
    if (c.contains("exclude_newer")) options.exclude_newer.global = parse_timestamp_ms(c["exclude_newer"].get<std::string>());
    const json own_cutoffs = c.value("exclude_newer_package", json::object());
    for (const auto& [name, cutoff] : own_cutoffs.items())
        options.exclude_newer.packages[name] = parse_timestamp_ms(cutoff.get<std::string>());
    for (std::size_t i = 0; i < c.value("indexes", json::array()).size(); ++i)
        options.index_urls.push_back("[INDEX" + std::to_string(i) + "]");
    if (c.contains("find_links")) options.find_links.push_back("[FIND_LINKS]");
    options.current_environment = cpython_312();

    const pep440::Version interpreter = *pep440::Version::parse("3.12.1");
    std::expected<Resolution, ResolveFailure> result;
    if (c.value("universal", false)) {
        const auto floor = *pep440::VersionSpecifiers::parse(">=" + c.value("python_version", std::string("3.12")));
        const auto python = PythonRequirement::from_requires_python(interpreter, RequiresPython::from_specifiers(floor));
        CaseProvider provider(c, WheelTagJudge(python.target));
        result = resolve(manifest, options, ResolverEnvironment::universal(), python, provider);
    } else {
        CaseProvider provider(c, WheelTagJudge(manylinux_2_28_cp312()));
        result = resolve(manifest, options, ResolverEnvironment::specific(cpython_312()),
                         PythonRequirement::from_interpreter(interpreter), provider);
    }
    if (result) return "(a solution)";
    if (!result.error().no_solution) return "error: " + result.error().message;
    const FailureReport report = result.error().no_solution->explain();
    std::string text = report.header + "\n" + report.explanation;
    if (!report.hints.empty()) text += "\n";
    for (const auto& h : report.hints) text += "\nhint: " + h;
    return text;
}

/// What lockkit prints for a `uv lock` case: the workspace's members (`project` 0.1.0 and the
/// case's `members`) required by the root, `project` with all its extras and groups, as uv
/// requires a workspace's members.
std::string lockkit_lock_text(const json& c) {
    const json& project = c["project"];
    const json optional = project.value("optional_dependencies", json::object());
    const json groups_of = project.value("dependency_groups", json::object());
    const json others = c.value("members", json::object());
    std::map<std::string, json> members;
    members["project"] = json{{"requires", project.value("dependencies", json::array())},
                              {"requires_python", c["requires_python"]},
                              {"extras", optional},
                              {"groups", groups_of}};
    for (const auto& [name, member] : others.items())
        members[name] = json{{"requires", member.value("dependencies", json::array())}, {"requires_python", c["requires_python"]}};
    Manifest manifest;
    std::string extras;
    for (const auto& [extra, reqs] : optional.items())
        extras += (extras.empty() ? "" : ",") + extra;
    for (const auto& [name, member] : members) {
        manifest.workspace_members.insert(name);
        const bool with_extras = name == "project" && !extras.empty();
        manifest.requirements.push_back(
            *pep508::Requirement::parse((with_extras ? name + "[" + extras + "]" : name) + " @ " + member_url(name)));
    }
    GroupRequirement groups{*pep508::Requirement::parse("project @ " + member_url("project")), {}};
    for (const auto& [group, reqs] : groups_of.items()) groups.groups.push_back(group);
    if (!groups.groups.empty()) manifest.group_requirements.push_back(std::move(groups));
    for (const auto& set : project.value("conflicts", json::array())) {
        ConflictSet items;
        for (const auto& item : set) {
            ConflictItem i{item.value("package", std::string("project")), std::nullopt, std::nullopt};
            if (item.contains("extra")) i.extra = item["extra"].get<std::string>();
            if (item.contains("group")) i.group = item["group"].get<std::string>();
            items.push_back(i);
        }
        manifest.conflicts.push_back(std::move(items));
    }
    ResolverOptions options;
    options.index_urls.push_back("[INDEX0]");
    options.current_environment = cpython_312();

    const auto requires_python = *pep440::VersionSpecifiers::parse(c["requires_python"].get<std::string>());
    const auto python = PythonRequirement::from_requires_python(*pep440::Version::parse("3.12.1"),
                                                                RequiresPython::from_specifiers(requires_python));
    CaseProvider provider(c, WheelTagJudge(python.target));
    provider.add_members(members);
    const auto result = resolve(manifest, options, ResolverEnvironment::universal(), python, provider);
    if (result) return "(a solution)";
    if (!result.error().no_solution) return "error: " + result.error().message;
    const FailureReport report = result.error().no_solution->explain();
    std::string text = report.header + "\n" + report.explanation;
    if (!report.hints.empty()) text += "\n";
    for (const auto& h : report.hints) text += "\nhint: " + h;
    return text;
}

} // namespace

TEST_CASE("failure reports and hints are uv's", "[resolver][report][uv]") {
    std::ifstream in(std::filesystem::path(LOCKKIT_SOURCE_ROOT) / "tests/unit/resolver/uv_failure_cases.json");
    const json cases = json::parse(in)["cases"];
    REQUIRE(cases.size() > 20);
    for (const json& c : cases) {
        INFO(c["name"].get<std::string>() + ": " + c["about"].get<std::string>());
        CHECK(lockkit_text(c) == c["expected"].get<std::string>());
    }
}

TEST_CASE("supported and required environments are checked as uv checks them", "[resolver][environments][uv]") {
    std::ifstream in(std::filesystem::path(LOCKKIT_SOURCE_ROOT) / "tests/unit/resolver/uv_failure_cases.json");
    const json checks = json::parse(in)["environment_checks"];
    REQUIRE(checks.size() > 5);
    auto markers = [](const json& c, const char* key) {
        std::vector<pep508::MarkerTree> out;
        for (const auto& m : c.value(key, std::vector<std::string>{})) out.push_back(*pep508::MarkerTree::parse(m));
        return out;
    };
    for (const json& c : checks) {
        INFO(c["name"].get<std::string>() + ": " + c["about"].get<std::string>());
        const auto requires_python =
            RequiresPython::from_specifiers(*pep440::VersionSpecifiers::parse(c["requires_python"].get<std::string>()));
        const auto checked = check_lock_environments(markers(c, "environments"), markers(c, "required_environments"),
                                                     requires_python);
        std::string text = "ok";
        if (!checked) {
            text = "error: " + checked.error().message;
            for (const auto& h : checked.error().hints) text += "\n\nhint: " + h;
        }
        CHECK(text == c["expected"].get<std::string>());
    }
}

TEST_CASE("failure reports of a project's lock are uv's", "[resolver][report][uv]") {
    std::ifstream in(std::filesystem::path(LOCKKIT_SOURCE_ROOT) / "tests/unit/resolver/uv_failure_cases.json");
    const json cases = json::parse(in)["lock_cases"];
    REQUIRE(cases.size() > 5);
    for (const json& c : cases) {
        INFO(c["name"].get<std::string>() + ": " + c["about"].get<std::string>());
        CHECK(lockkit_lock_text(c) == c["expected"].get<std::string>());
    }
}
