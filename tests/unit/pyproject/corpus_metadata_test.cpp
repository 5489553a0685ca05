// Data-driven acceptance: for every project in ../shared/corpus/uv-ecosystem, discover the
// workspace, lower every member's [package.metadata] and the [manifest], and compare them
// with the uv.lock uv 0.12.5 wrote, as sets. Known mismatches, with their reason, are listed
// in known_mismatches.tsv beside this file; any other mismatch fails.

#include "../../corpus_dir.hpp"
#include "lockkit/lockfile/reader.hpp"
#include "lockkit/pyproject/compare.hpp"
#include "lockkit/pyproject/lowering.hpp"
#include "lockkit/pyproject/workspace.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

using namespace lockkit;
using namespace lockkit::pyproject;

namespace {

std::map<std::pair<std::string, std::string>, std::string> load_known() {
    std::map<std::pair<std::string, std::string>, std::string> out;
    std::ifstream in(std::string(LOCKKIT_SOURCE_ROOT) + "/tests/unit/pyproject/known_mismatches.tsv");
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') {
            continue;
        }
        std::istringstream fields(line);
        std::string project, member, reason;
        std::getline(fields, project, '\t');
        std::getline(fields, member, '\t');
        std::getline(fields, reason);
        out[{project, member}] = reason;
    }
    return out;
}

const lockfile::Package* find_member_package(const lockfile::Lock& lock, const std::string& name) {
    for (const auto& p : lock.packages) {
        if (p.id.name == name && p.id.source.is_source_tree()) {
            return &p;
        }
    }
    return nullptr;
}

} // namespace

TEST_CASE("corpus: lowered metadata matches uv.lock [package.metadata]", "[pyproject][corpus]") {
    const auto root = lockkit::testing::corpus_dir();
    if (!root || !std::filesystem::is_directory(*root / "uv-ecosystem")) {
        LOCKKIT_SKIP(lockkit::testing::k_no_corpus);
    }
    const auto known = load_known();
    std::set<std::pair<std::string, std::string>> seen_known;
    std::vector<std::filesystem::path> projects;
    for (const auto& e : std::filesystem::directory_iterator(*root / "uv-ecosystem")) {
        if (std::filesystem::is_regular_file(e.path() / "pyproject.toml") &&
            std::filesystem::is_regular_file(e.path() / "uv.lock")) {
            projects.push_back(e.path());
        }
    }
    std::sort(projects.begin(), projects.end());
    REQUIRE(!projects.empty());

    std::size_t total_matched = 0, total_mismatched = 0, total_known = 0;
    std::string tally;
    std::vector<std::string> unlisted;
    for (const auto& dir : projects) {
        const std::string project = dir.filename().string();
        std::size_t matched = 0, mismatched = 0;
        auto report = [&](const std::string& member, const std::string& reason) {
            ++mismatched;
            const std::string line = project + " / " + member + ": " + reason;
            if (auto it = known.find({project, member}); it != known.end()) {
                seen_known.insert({project, member});
                ++total_known;
                tally += "  known mismatch: " + line + "\n";
            } else {
                unlisted.push_back(line);
            }
        };

        auto lock = lockfile::read_lock(dir / "uv.lock");
        REQUIRE(lock.has_value());
        auto ws = discover_workspace(dir);
        if (!ws) {
            report("[workspace]", ws.error().render());
            tally += project + ": 0 matched, " + std::to_string(mismatched) + " mismatched\n";
            total_mismatched += mismatched;
            continue;
        }
        for (const auto& member : ws->members) {
            const lockfile::Package* pkg = find_member_package(*lock, member.name);
            if (pkg == nullptr) {
                report(member.name, "no source-tree package `" + member.name + "` in uv.lock");
                continue;
            }
            auto md = lower_metadata(*ws, member);
            if (!md) {
                report(member.name, md.error().message);
                continue;
            }
            if (auto diff = metadata_difference(*md, pkg->metadata)) {
                report(member.name, *diff);
            } else {
                ++matched;
            }
        }
        auto mf = lower_manifest(*ws);
        if (!mf) {
            report("[manifest]", mf.error().message);
        } else {
            const auto& lm = lock->manifest;
            std::string why;
            if (std::set<std::string>(mf->members.begin(), mf->members.end()) !=
                std::set<std::string>(lm.members.begin(), lm.members.end())) {
                why = "members differ (" + std::to_string(mf->members.size()) + " declared, " +
                      std::to_string(lm.members.size()) + " locked)";
            } else if (auto d = requirement_difference(mf->constraints, lm.constraints)) {
                why = "constraints: " + *d;
            } else if (auto d2 = requirement_difference(mf->build_constraints, lm.build_constraints)) {
                why = "build-constraints: " + *d2;
            } else {
                std::vector<lockfile::Requirement> ov, lov;
                for (const auto& e : mf->overrides) {
                    if (e.requirement) {
                        ov.push_back(*e.requirement);
                    }
                }
                for (const auto& e : lm.overrides) {
                    if (e.requirement) {
                        lov.push_back(*e.requirement);
                    }
                }
                if (auto d3 = requirement_difference(ov, lov)) {
                    why = "overrides: " + *d3;
                } else {
                    lockfile::PackageMetadata a, b;
                    a.requires_dev = mf->dependency_groups;
                    b.requires_dev = lm.dependency_groups;
                    if (auto d4 = metadata_difference(a, b)) {
                        why = "dependency-groups: " + *d4;
                    }
                }
            }
            if (why.empty()) {
                ++matched;
            } else {
                report("[manifest]", why);
            }
        }
        total_matched += matched;
        total_mismatched += mismatched;
        tally += project + ": " + std::to_string(matched) + " matched, " + std::to_string(mismatched) +
                 " mismatched\n";
    }
    WARN("pyproject lowering vs uv.lock (" << projects.size() << " projects): " << total_matched << " matched, "
                                           << total_mismatched << " mismatched (" << total_known
                                           << " known)\n"
                                           << tally);
    for (const auto& [key, reason] : known) {
        if (!seen_known.contains(key)) {
            WARN("known_mismatches.tsv lists " << key.first << " / " << key.second
                                               << ", which now matches; remove the line");
        }
    }
    for (const auto& u : unlisted) {
        UNSCOPED_INFO("unlisted mismatch: " << u);
    }
    CHECK(unlisted.empty());
}
