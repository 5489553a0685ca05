// uv's own locks of its universal packse scenarios (../shared/corpus/uv-test-locks), rebuilt byte
// for byte: each scenario becomes the project uv's scenario tests write (a virtual project
// `project` 0.1.0 with the root requirements, requires-python and required-environments),
// lockkit locks it from an in-memory copy of uv's packse index, and the written lock must equal
// uv's snapshot. uv's test server serves files uv-test builds itself, so their hashes are taken
// from uv's lock (the resolver only copies index hashes into a lock, it never hashes registry
// files). Scenarios that cannot match yet are listed in lock_scenarios_pending.tsv with why.

#include "../../corpus_dir.hpp"
#include "../../temp_tree.hpp"
#include "../resolver/packse_scenario.hpp"

#include <lockkit/lockfile/canonical.hpp>
#include <lockkit/lockfile/reader.hpp>
#include <lockkit/lockfile/writer.hpp>
#include <lockkit/project/resolve_lock.hpp>
#include <lockkit/pyproject/workspace.hpp>
#include <lockkit/tags/wheel_filename.hpp>
#include <lockkit/tags/wheel_reach.hpp>
#include <lockkit/util/atomic_file.hpp>

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

using namespace lockkit;
using resolver::testing::Scenario;

namespace {

/// The scenario index with the hashes of uv's own files, and universal wheel-tag answers.
class HashedScenarioProvider : public resolver::testing::ScenarioProvider {
public:
    HashedScenarioProvider(const Scenario& s, std::map<std::string, std::string> hashes, resolver::RequiresPython rp)
        : ScenarioProvider(s, resolver::WheelTagJudge(rp)), m_hashes(std::move(hashes)) {}

    const resolver::PackageVersions& versions(const std::string& name) override {
        if (auto it = m_cache.find(name); it != m_cache.end()) return it->second;
        resolver::PackageVersions v = ScenarioProvider::versions(name);
        for (auto& index : v.indexes)
            for (auto& version : index.versions)
                for (auto& f : version.files)
                    if (auto h = m_hashes.find(f.filename); h != m_hashes.end()) f.hashes = {{"sha256", h->second}};
        return m_cache.emplace(name, std::move(v)).first->second;
    }

private:
    std::map<std::string, std::string> m_hashes;
    std::map<std::string, resolver::PackageVersions> m_cache;
};

std::string toml_literal_list(const std::vector<std::string>& items) {
    std::string out = "[\n";
    for (const auto& i : items) out += "  '''" + i + "''',\n";
    return out + "]";
}

/// The pyproject.toml uv's generated lock-scenario test writes.
std::string scenario_pyproject(const Scenario& s) {
    std::string text = "[project]\nname = \"project\"\nversion = \"0.1.0\"\ndependencies = " +
                       toml_literal_list(s.root_requires) + "\nrequires-python = \"" + s.root_requires_python + "\"\n";
    if (!s.required_environments.empty())
        text += "[tool.uv]\nrequired-environments = " + toml_literal_list(s.required_environments) + "\n";
    return text;
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

/// The first line where two texts differ, for the failure message.
std::string first_difference(const std::string& a, const std::string& b) {
    std::istringstream x(a), y(b);
    std::string la, lb;
    for (int line = 1;; ++line) {
        const bool ea = !std::getline(x, la), eb = !std::getline(y, lb);
        if (ea && eb) return "identical";
        if (ea || eb || la != lb)
            return "line " + std::to_string(line) + ":\n  uv:   " + (eb ? "<end>" : lb) + "\n  ours: " + (ea ? "<end>" : la);
    }
}

struct Outcome {
    std::optional<std::string> lock;  ///< the written lock
    std::string failure;
};

Outcome lock_scenario(const Scenario& s, const std::map<std::string, std::string>& hashes,
                      const std::vector<pep508::MarkerTree>& initial_forks = {},
                      const std::vector<resolver::Preference>& preferences = {}) {
    Outcome out;
    lockkit::testing::TempTree tree;
    tree.write("pyproject.toml", scenario_pyproject(s));
    auto ws = pyproject::discover_workspace(tree.root());
    if (!ws) {
        out.failure = ws.error().render();
        return out;
    }
    auto target = project::lock_target(*ws);
    if (!target) {
        out.failure = target.error().render();
        return out;
    }
    HashedScenarioProvider provider(s, hashes, target->requires_python);
    project::ResolutionSettings settings;
    settings.initial_forks = initial_forks;
    settings.preferences = preferences;
    settings.registry = [](const std::string& url) {
        project::RegistryLocation r;
        r.source.kind = lockfile::SourceKind::Registry;
        r.source.location = url;
        return r;
    };
    auto lock = project::resolve_lock(*target, settings, provider);
    if (!lock) {
        out.failure = lock.error().no_solution ? lock.error().no_solution->report() : lock.error().message;
        return out;
    }
    lockfile::canonicalize(*lock);
    out.lock = lockfile::write_lock(*lock);
    return out;
}

} // namespace

TEST_CASE("lockkit writes uv's own lock for every packse lock scenario", "[project][packse][lock]") {
    const auto root = lockkit::testing::corpus_dir();
    if (!root || !std::filesystem::is_directory(*root / "packse-scenarios")) LOCKKIT_SKIP(lockkit::testing::k_no_corpus);
    const auto pending =
        read_tsv(std::filesystem::path(LOCKKIT_SOURCE_ROOT) / "tests/unit/project/lock_scenarios_pending.tsv");
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::recursive_directory_iterator(*root / "packse-scenarios"))
        if (e.path().extension() == ".toml") files.push_back(e.path());
    std::sort(files.begin(), files.end());

    int identical = 0, stable = 0, pending_count = 0;
    std::vector<std::string> failures;
    for (const auto& file : files) {
        const Scenario s = resolver::testing::load_scenario(file);
        if (!s.universal || s.kind != "lock") continue;
        std::string name = s.name;
        std::replace(name.begin(), name.end(), '-', '_');
        const auto expected_path = *root / "uv-test-locks" / ("lock_scenarios__" + name + "__0.uv.lock");
        if (!std::filesystem::exists(expected_path)) continue;  // unsatisfiable: no lock to compare
        if (pending.contains(s.name)) {
            ++pending_count;
            continue;
        }
        const std::string expected = *lockkit::read_file(expected_path);
        auto uv_lock = lockfile::parse_lock(expected, expected_path.string());
        REQUIRE(uv_lock);
        std::map<std::string, std::string> hashes;
        for (const auto& p : uv_lock->packages) {
            auto add = [&](const lockfile::Artifact& a) {
                if (a.hash && a.hash->starts_with("sha256:")) hashes[a.filename()] = a.hash->substr(7);
            };
            if (p.sdist) add(*p.sdist);
            for (const auto& w : p.wheels) add(w);
        }
        const Outcome o = lock_scenario(s, hashes);
        if (!o.lock) {
            failures.push_back(s.name + ": no lock: " + o.failure);
            continue;
        }
        if (*o.lock != expected) {
            failures.push_back(s.name + ": " + first_difference(*o.lock, expected));
            continue;
        }
        ++identical;
        // Stability: locking again from the written lock's forks and versions changes nothing.
        auto ours = lockfile::parse_lock(*o.lock, "uv.lock");
        REQUIRE(ours);
        const auto rp = resolver::RequiresPython::from_specifiers(*pep440::VersionSpecifiers::parse(ours->requires_python));
        const auto [lo, hi] = rp.to_marker_tree().python_full_version_bounds();
        std::vector<pep508::MarkerTree> forks;
        if (ours->resolution_markers)
            for (const auto& m : *ours->resolution_markers)
                forks.push_back(pep508::MarkerTree::parse(m)->complexify_python_versions(lo, hi));
        std::vector<resolver::Preference> prefs;
        for (const auto& p : ours->packages) {
            if (!p.id.version || p.id.source.kind != lockfile::SourceKind::Registry) continue;
            auto v = *pep440::Version::parse(*p.id.version);
            if (p.resolution_markers.empty()) prefs.push_back({p.id.name, v, pep508::MarkerTree::always_true(), std::nullopt,
                                                               resolver::PreferenceSource::Lock});
            for (const auto& m : p.resolution_markers)
                prefs.push_back({p.id.name, v, pep508::MarkerTree::parse(m)->complexify_python_versions(lo, hi),
                                 std::nullopt, resolver::PreferenceSource::Lock});
        }
        const Outcome again = lock_scenario(s, hashes, forks, prefs);
        if (again.lock && *again.lock == expected) ++stable;
        else failures.push_back(s.name + ": not stable: " + (again.lock ? first_difference(*again.lock, expected) : again.failure));
    }
    std::ostringstream summary;
    summary << identical << " identical to uv's lock, " << stable << " stable, " << failures.size() << " failed, "
            << pending_count << " pending";
    for (const auto& f : failures) summary << "\n  " << f;
    WARN(summary.str());
    CHECK(failures.empty());
    CHECK(identical >= 30);
}
