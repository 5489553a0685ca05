// Every install and compile scenario of uv's packse suite (../shared/corpus/packse-scenarios),
// resolved for one environment as `uv pip install` / `uv pip compile` do: CPython
// `environment.python` (or `--python-version`) on x86_64 Linux. The oracle is the scenario's
// own `[expected]` table, which uv's test suite asserts; for failures, the report and hints must
// equal the text uv's test suite snapshots (packse_reports.txt). Scenarios that need real wheel-tag
// logic are listed in packse_pending.tsv with that reason; universal (lock) scenarios are not
// run here.

#include "../../corpus_dir.hpp"
#include "packse_scenario.hpp"

#include <lockkit/lockfile/reader.hpp>
#include <lockkit/resolver/resolver.hpp>

#include <catch2/catch.hpp>

#include <fstream>
#include <regex>
#include <sstream>

using namespace lockkit;
using namespace lockkit::resolver;
using namespace lockkit::resolver::testing;

namespace {

/// The patch versions of uv's test interpreters (uv's `.python-versions`).
std::string full_python(const std::string& v) {
    static const std::map<std::string, std::string> patches = {
        {"3.8", "3.8.20"},  {"3.9", "3.9.21"},  {"3.10", "3.10.16"}, {"3.11", "3.11.11"},
        {"3.12", "3.12.9"}, {"3.13", "3.13.2"}, {"3.14", "3.14.0"},
    };
    auto it = patches.find(v);
    return it == patches.end() ? v : it->second;
}

pep508::MarkerEnvironment linux_cpython(const pep440::Version& python, const std::string& python_text) {
    pep508::MarkerEnvironment env;
    env.implementation_name = "cpython";
    env.implementation_version = python_text;
    env.os_name = "posix";
    env.platform_machine = "x86_64";
    env.platform_python_implementation = "CPython";
    env.platform_release = "6.1.0";
    env.platform_system = "Linux";
    env.platform_version = "#1 SMP";
    auto release = python.release();
    std::ostringstream full, minor;
    full << (release.size() > 0 ? release[0] : 0) << '.' << (release.size() > 1 ? release[1] : 0) << '.'
         << (release.size() > 2 ? release[2] : 0);
    minor << (release.size() > 0 ? release[0] : 0) << '.' << (release.size() > 1 ? release[1] : 0);
    env.python_full_version = full.str();
    env.python_version = minor.str();
    env.sys_platform = "linux";
    return env;
}

/// uv's snapshot reports by scenario (packse_reports.txt).
std::map<std::string, std::string> read_reports(const std::filesystem::path& path) {
    std::map<std::string, std::string> out;
    std::ifstream in(path);
    std::string line, name, text;
    auto flush = [&]() {
        if (name.empty()) return;
        while (!text.empty() && text.back() == '\n') text.pop_back();
        out[name] = text;
    };
    while (std::getline(in, line)) {
        if (line.rfind("### ", 0) == 0) {
            flush();
            name = line.substr(4);
            text.clear();
        } else if (!name.empty()) {
            text += line + "\n";
        } else {
            continue;  // the header comment
        }
    }
    flush();
    return out;
}

/// Our report and hints in the snapshot's layout, with uv's test filter for Python patch
/// versions applied ("(3.9.21)" -> "(3.9.[X])").
std::string render(const NoSolution& failure) {
    const FailureReport report = failure.explain();
    std::string text = report.explanation;
    for (const auto& h : report.hints) text += "\n\nhint: " + h;
    static const std::regex patch(R"(\((\d+\.\d+)\.\d+\))");
    return std::regex_replace(text, patch, "($1.[X])");
}

std::map<std::string, std::string> read_tsv(const std::filesystem::path& path) {
    std::map<std::string, std::string> out;
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        auto tab = line.find('\t');
        out[line.substr(0, tab)] = tab == std::string::npos ? "" : line.substr(tab + 1);
    }
    return out;
}

/// The wheel tags of uv's test interpreter: CPython on x86_64 glibc Linux, or the
/// `--python-platform` target (only `x86_64-manylinux2014` occurs in the scenarios).
tags::SupportedTags scenario_tags(const pep440::Version& python, const std::optional<std::string>& platform) {
    // Building a tag list is costly next to a scenario's resolution: once per target.
    static std::map<std::pair<std::string, std::string>, tags::SupportedTags> cache;
    const auto key = std::pair{python.to_string(), platform.value_or("")};
    if (auto it = cache.find(key); it != cache.end()) return it->second;
    tags::TagEnvironment env;
    env.platform.arch = tags::Arch::X86_64;
    env.platform.os.kind = tags::Os::Kind::Manylinux;
    env.platform.os.major = 2;
    env.platform.os.minor = 35;
    if (platform) {
        REQUIRE(*platform == "x86_64-manylinux2014");
        env.platform.os.minor = 17;
    }
    const auto release = python.release();
    env.python_major = env.implementation_major = static_cast<std::uint8_t>(release[0]);
    env.python_minor = env.implementation_minor = static_cast<std::uint8_t>(release.size() > 1 ? release[1] : 0);
    auto supported = tags::SupportedTags::for_interpreter(env);
    REQUIRE(supported);
    return cache.emplace(key, *supported).first->second;
}

struct Outcome {
    bool ran = false;
    bool satisfiable = false;
    std::map<std::string, std::string> packages;
    std::optional<NoSolution> failure;
    std::string error;
};

Outcome run(const Scenario& s) {
    Outcome out;
    Manifest manifest;
    for (const auto& r : s.root_requires) manifest.requirements.push_back(*pep508::Requirement::parse(r));
    ResolverOptions options;
    if (s.resolution == "lowest") options.resolution = ResolutionMode::Lowest;
    if (s.resolution == "lowest-direct") options.resolution = ResolutionMode::LowestDirect;
    if (s.prereleases) options.prerelease = PrereleaseMode::Allow;
    for (const auto& p : s.no_build) options.build.no_build_packages.insert(pep508::normalize_name(p));
    for (const auto& p : s.no_binary) options.build.no_binary_packages.insert(pep508::normalize_name(p));

    // The interpreter: the environment's, or an additional one matching --python-version.
    std::string interpreter_text = full_python(s.python);
    if (s.target_python) {
        for (const auto& extra : s.additional_python) {
            auto a = *pep440::Version::parse(extra);
            auto t = *pep440::Version::parse(*s.target_python);
            if (a.release().size() >= 2 && t.release().size() >= 2 && a.release()[0] == t.release()[0] &&
                a.release()[1] == t.release()[1])
                interpreter_text = full_python(extra);
        }
    }
    const pep440::Version interpreter = *pep440::Version::parse(interpreter_text);
    PythonRequirement python = PythonRequirement::from_interpreter(interpreter);
    pep508::MarkerEnvironment env = linux_cpython(interpreter, interpreter_text);
    if (s.target_python) {
        const pep440::Version target = *pep440::Version::parse(*s.target_python);
        python = PythonRequirement::from_python_version(interpreter, target);
        env = linux_cpython(target, *s.target_python);
    }

    // `--python-version` resolves for that version's tags on the interpreter's platform.
    const pep440::Version tag_python = s.target_python ? *pep440::Version::parse(*s.target_python) : interpreter;
    ScenarioProvider provider(s, WheelTagJudge(scenario_tags(tag_python, s.python_platform)));
    auto result = resolve(manifest, options, ResolverEnvironment::specific(env), python, provider);
    out.ran = true;
    if (result) {
        out.satisfiable = true;
        for (const auto& p : result->packages) out.packages[p.name] = p.version.to_string();
    } else if (result.error().no_solution) {
        out.failure = std::move(result.error().no_solution);
    } else {
        out.error = result.error().message;
    }
    return out;
}

} // namespace

TEST_CASE("packse install and compile scenarios resolve as uv expects", "[resolver][packse]") {
    const auto root = lockkit::testing::corpus_dir();
    if (!root || !std::filesystem::is_directory(*root / "packse-scenarios")) {
        WARN("skipped: ../shared corpus not found (set LOCKKIT_CORPUS)");
        return;
    }
    const auto pending = read_tsv(std::filesystem::path(LOCKKIT_SOURCE_ROOT) / "tests/unit/resolver/packse_pending.tsv");
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::recursive_directory_iterator(*root / "packse-scenarios"))
        if (e.path().extension() == ".toml") files.push_back(e.path());
    std::sort(files.begin(), files.end());

    const auto reports = read_reports(std::filesystem::path(LOCKKIT_SOURCE_ROOT) / "tests/unit/resolver/packse_reports.txt");
    int passed = 0, pending_count = 0, failed = 0, reports_matched = 0;
    std::vector<std::string> failures;
    std::vector<std::string> report_mismatches;
    for (const auto& file : files) {
        const Scenario s = load_scenario(file);
        if (s.kind != "install" && s.kind != "compile") continue;
        if (s.universal) continue;
        const Outcome o = run(s);
        std::string problem;
        if (!o.error.empty()) {
            problem = "error: " + o.error;
        } else if (o.satisfiable != s.satisfiable) {
            problem = std::string("expected ") + (s.satisfiable ? "a solution" : "no solution") + ", got " +
                      (o.satisfiable ? "a solution" : "no solution");
        } else {
            for (const auto& [name, version] : s.expected_packages) {
                auto it = o.packages.find(name);
                if (it == o.packages.end()) problem += name + " missing; ";
                else if (!(*pep440::Version::parse(it->second) == *pep440::Version::parse(version)))
                    problem += name + "==" + it->second + " instead of " + version + "; ";
            }
        }
        if (auto p = pending.find(s.name); p != pending.end()) {
            ++pending_count;
            INFO(s.name << " is pending (" << p->second << ")");
            continue;
        }
        if (problem.empty() && o.failure) {
            if (auto r = reports.find(s.name); r != reports.end()) {
                const std::string ours = render(*o.failure);
                if (ours == r->second) ++reports_matched;
                else report_mismatches.push_back(s.name + "\n--- uv:\n" + r->second + "\n--- ours:\n" + ours);
            }
        }
        if (problem.empty()) {
            ++passed;
        } else {
            ++failed;
            failures.push_back(s.name + ": " + problem);
        }
    }
    std::ostringstream summary;
    summary << passed << " passed, " << failed << " failed, " << pending_count << " pending; " << reports_matched
            << " failure reports identical to uv's";
    for (const auto& f : failures) summary << "\n  " << f;
    for (const auto& m : report_mismatches) summary << "\n=== " << m;
    INFO(summary.str());
    WARN(summary.str());
    CHECK(failures.empty());
    CHECK(report_mismatches.empty());
    CHECK(passed > 100);
    CHECK(reports_matched == static_cast<int>(reports.size()));
}

// ---- universal (lock) scenarios ------------------------------------------------------------

namespace {

/// The versions and fork count of uv's own lock for a lock scenario (the corpus's copy of uv's
/// snapshot, `uv-test-locks/lock_scenarios__<name>__0.uv.lock`).
struct LockedOutcome {
    bool found = false;
    std::set<std::pair<std::string, std::string>> packages;
    std::size_t forks = 1;
};

LockedOutcome read_locked(const std::filesystem::path& corpus, const std::string& scenario) {
    LockedOutcome out;
    std::string file = scenario;
    std::replace(file.begin(), file.end(), '-', '_');
    const auto path = corpus / "uv-test-locks" / ("lock_scenarios__" + file + "__0.uv.lock");
    if (!std::filesystem::exists(path)) return out;
    auto lock = lockfile::read_lock(path);
    REQUIRE(lock);
    out.found = true;
    if (lock->resolution_markers) out.forks = lock->resolution_markers->size();
    for (const auto& p : lock->packages) {
        if (p.id.name == "project" || !p.id.version) continue;
        out.packages.emplace(p.id.name, pep440::Version::parse(*p.id.version)->to_string());
    }
    return out;
}

} // namespace

TEST_CASE("packse lock scenarios pick uv's versions and forks", "[resolver][packse][lock]") {
    const auto root = lockkit::testing::corpus_dir();
    if (!root || !std::filesystem::is_directory(*root / "packse-scenarios")) {
        WARN("skipped: ../shared corpus not found (set LOCKKIT_CORPUS)");
        return;
    }
    const auto pending = read_tsv(std::filesystem::path(LOCKKIT_SOURCE_ROOT) / "tests/unit/resolver/packse_lock_pending.tsv");
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::recursive_directory_iterator(*root / "packse-scenarios"))
        if (e.path().extension() == ".toml") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    int passed = 0, pending_count = 0;
    std::vector<std::string> failures;
    for (const auto& file : files) {
        const Scenario s = load_scenario(file);
        if (!s.universal || s.kind != "lock") continue;
        if (pending.contains(s.name)) {
            ++pending_count;
            continue;
        }
        Manifest manifest;
        for (const auto& r : s.root_requires) manifest.requirements.push_back(*pep508::Requirement::parse(r));
        ResolverOptions options;
        if (s.resolution == "lowest") options.resolution = ResolutionMode::Lowest;
        if (s.resolution == "lowest-direct") options.resolution = ResolutionMode::LowestDirect;
        if (s.prereleases) options.prerelease = PrereleaseMode::Allow;
        for (const auto& m : s.required_environments) options.artifact_environments.push_back(*pep508::MarkerTree::parse(m));
        const pep440::Version interpreter = *pep440::Version::parse(full_python(s.python));
        const PythonRequirement python = PythonRequirement::from_requires_python(
            interpreter, RequiresPython::from_specifiers(*pep440::VersionSpecifiers::parse(s.root_requires_python)));
        ScenarioProvider provider(s, WheelTagJudge(python.target));
        const LockedOutcome expected = read_locked(*root, s.name);
        std::string problem;
        {
            auto result = resolve(manifest, options, ResolverEnvironment::universal(), python, provider);
            if (!result) {
                if (expected.found) problem = "no solution, uv locked one";
            } else if (!expected.found) {
                problem = "a solution, uv found none";
            } else {
                std::set<std::pair<std::string, std::string>> ours;
                for (const auto& p : result->packages) ours.emplace(p.name, p.version.to_string());
                if (ours != expected.packages) {
                    problem = "versions differ: ours";
                    for (const auto& [n, v] : ours) problem += " " + n + "==" + v;
                    problem += "; uv's";
                    for (const auto& [n, v] : expected.packages) problem += " " + n + "==" + v;
                }
                if (result->forks.size() != expected.forks)
                    problem += " forks: " + std::to_string(result->forks.size()) + " vs " + std::to_string(expected.forks);
            }
        }
        if (problem.empty()) ++passed;
        else failures.push_back(s.name + ": " + problem);
    }
    std::ostringstream summary;
    summary << passed << " passed, " << failures.size() << " failed, " << pending_count << " pending";
    for (const auto& f : failures) summary << "\n  " << f;
    WARN(summary.str());
    CHECK(failures.empty());
}

TEST_CASE("starting from uv's fork markers reproduces uv's versions", "[resolver][packse][lock]") {
    // uv reuses a lock's `resolution-markers` as the initial forks of the next resolution
    // (resolver-notes §2.2), and a second lock must reproduce the first: so resolving each forked
    // scenario from the fork markers of uv's own lock must give uv's versions again.
    const auto root = lockkit::testing::corpus_dir();
    if (!root || !std::filesystem::is_directory(*root / "packse-scenarios")) {
        WARN("skipped: ../shared corpus not found (set LOCKKIT_CORPUS)");
        return;
    }
    const auto pending = read_tsv(std::filesystem::path(LOCKKIT_SOURCE_ROOT) / "tests/unit/resolver/packse_lock_pending.tsv");
    int checked = 0;
    std::vector<std::string> failures;
    for (const auto& e : std::filesystem::recursive_directory_iterator(*root / "packse-scenarios")) {
        if (e.path().extension() != ".toml") continue;
        const Scenario s = load_scenario(e.path());
        if (!s.universal || s.kind != "lock" || pending.contains(s.name)) continue;
        std::string file = s.name;
        std::replace(file.begin(), file.end(), '-', '_');
        const auto path = *root / "uv-test-locks" / ("lock_scenarios__" + file + "__0.uv.lock");
        if (!std::filesystem::exists(path)) continue;
        auto lock = lockfile::read_lock(path);
        REQUIRE(lock);
        if (!lock->resolution_markers) continue;
        // The lock prints markers simplified under requires-python; complexify them back.
        const auto rp = RequiresPython::from_specifiers(*pep440::VersionSpecifiers::parse(s.root_requires_python));
        auto release = [](const Bound<pep440::Version>& b) {
            pep508::ReleaseBound r;
            if (b.is_unbounded()) return r;
            r.kind = b.is_included() ? pep508::ReleaseBound::Kind::Included : pep508::ReleaseBound::Kind::Excluded;
            r.release.assign(b.value.release().begin(), b.value.release().end());
            return r;
        };
        std::vector<pep508::MarkerTree> forks;
        for (const auto& m : *lock->resolution_markers)
            forks.push_back(pep508::MarkerTree::parse(m)->complexify_python_versions(release(rp.lower()), release(rp.upper())));
        Manifest manifest;
        for (const auto& r : s.root_requires) manifest.requirements.push_back(*pep508::Requirement::parse(r));
        ResolverOptions options;
        if (s.resolution == "lowest") options.resolution = ResolutionMode::Lowest;
        if (s.resolution == "lowest-direct") options.resolution = ResolutionMode::LowestDirect;
        for (const auto& m : s.required_environments) options.artifact_environments.push_back(*pep508::MarkerTree::parse(m));
        const PythonRequirement python =
            PythonRequirement::from_requires_python(*pep440::Version::parse(full_python(s.python)), rp);
        ScenarioProvider provider(s, WheelTagJudge(python.target));
        auto result = resolve(manifest, options, ResolverEnvironment::universal_with_forks(forks), python, provider);
        ++checked;
        if (!result) {
            failures.push_back(s.name + ": no solution");
            continue;
        }
        std::set<std::pair<std::string, std::string>> ours, theirs;
        for (const auto& p : result->packages) ours.emplace(p.name, p.version.to_string());
        for (const auto& p : lock->packages)
            if (p.id.name != "project" && p.id.version)
                theirs.emplace(p.id.name, pep440::Version::parse(*p.id.version)->to_string());
        if (ours != theirs) failures.push_back(s.name + ": versions differ");
        else if (result->forks.size() != forks.size()) failures.push_back(s.name + ": fork count differs");
    }
    std::ostringstream summary;
    summary << checked << " forked locks re-resolved from their fork markers";
    for (const auto& f : failures) summary << "\n  " << f;
    WARN(summary.str());
    CHECK(failures.empty());
    CHECK(checked > 10);
}
