// Every uv-ecosystem project of ../shared/corpus is not stale: check_stale finds nothing
// except the known mismatches of tests/unit/pyproject/known_mismatches.tsv (project,
// member or "[manifest]", reason), whose findings are expected and tallied.

#include "../../corpus_dir.hpp"
#include "lockkit/lockfile/reader.hpp"
#include "lockkit/verify/staleness.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <set>
#include <sstream>

using namespace lockkit;

TEST_CASE("corpus: no uv-ecosystem project is stale", "[verify][stale][corpus]") {
    const auto root = lockkit::testing::corpus_dir();
    if (!root || !std::filesystem::is_directory(*root / "uv-ecosystem")) {
        LOCKKIT_SKIP(lockkit::testing::k_no_corpus);
    }
    std::set<std::pair<std::string, std::string>> known;
    std::ifstream in(std::string(LOCKKIT_SOURCE_ROOT) + "/tests/unit/pyproject/known_mismatches.tsv");
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line[0] == '#') {
            continue;
        }
        std::istringstream fields(line);
        std::string project, member;
        std::getline(fields, project, '\t');
        std::getline(fields, member, '\t');
        known.insert({project, member});
    }
    std::size_t projects = 0, known_findings = 0;
    std::vector<std::string> unexpected;
    for (const auto& e : std::filesystem::directory_iterator(*root / "uv-ecosystem")) {
        if (!std::filesystem::is_regular_file(e.path() / "uv.lock") ||
            !std::filesystem::is_regular_file(e.path() / "pyproject.toml")) {
            continue;
        }
        ++projects;
        const std::string project = e.path().filename().string();
        auto lock = lockfile::read_lock(e.path() / "uv.lock");
        REQUIRE(lock.has_value());
        auto findings = verify::check_stale(*lock, e.path());
        if (!findings) {
            unexpected.push_back(project + ": " + findings.error());
            continue;
        }
        for (const auto& f : *findings) {
            const std::string member = f.package.empty() ? "[manifest]" : f.package;
            if (known.contains({project, member})) {
                ++known_findings;
            } else {
                unexpected.push_back(project + " / " + member + ": " + f.message);
            }
        }
    }
    WARN("stale-lock over " << projects << " uv-ecosystem projects: " << unexpected.size() << " unexpected, "
                            << known_findings << " known (known_mismatches.tsv)");
    for (const auto& u : unexpected) {
        UNSCOPED_INFO(u);
    }
    CHECK(projects > 0);
    CHECK(unexpected.empty());
}
