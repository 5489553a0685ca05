// Data-driven: for every corpus lock that round-trips, scramble every list uv
// sorts (packages, dependency edges and their extras, optional and dev
// dependency tables, requirement lists and their groups, the manifest's
// lists, conflict sets, prerelease packages) and check that `canonicalize`
// puts back uv's bytes exactly. Two scrambles: a shuffle with a fixed seed, and
// a reversal (which always swaps entries that tie on everything but the
// marker, so uv's marker order is exercised on every such pair). Locks that
// cannot be restored are listed with the reason in non_restorable.tsv.

#include "../../corpus_dir.hpp"
#include "lockkit/lockfile/canonical.hpp"
#include "lockkit/lockfile/reader.hpp"
#include "lockkit/lockfile/writer.hpp"
#include "lockkit/util/atomic_file.hpp"

#include <catch2/catch.hpp>
#include <algorithm>
#include <fstream>
#include <map>
#include <random>
#include <sstream>

using namespace lockkit;
using namespace lockkit::lockfile;

namespace {

std::map<std::string, std::string> load_listed(const char* file) {
    std::map<std::string, std::string> out;
    std::ifstream in(std::string(LOCKKIT_SOURCE_ROOT) + "/tests/unit/lockfile/" + file);
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') {
            continue;
        }
        const auto tab = line.find('\t');
        out[line.substr(0, tab)] = tab == std::string::npos ? "" : line.substr(tab + 1);
    }
    return out;
}

/// Scrambles one list: shuffled with the shared generator, or reversed.
struct Scrambler {
    std::mt19937_64 rng;
    bool reverse = false;

    template <typename T>
    void operator()(std::vector<T>& v) {
        if (reverse) {
            std::reverse(v.begin(), v.end());
        } else {
            std::shuffle(v.begin(), v.end(), rng);
        }
    }
};

void scramble(Lock& lock, Scrambler& s) {
    s(lock.packages);
    for (Package& p : lock.packages) {
        auto edges = [&](std::vector<Dependency>& list) {
            s(list);
            for (Dependency& d : list) {
                s(d.extras);
            }
        };
        edges(p.dependencies);
        for (auto* tables : {&p.optional_dependencies, &p.dev_dependencies}) {
            s(*tables);
            for (auto& [name, list] : *tables) {
                edges(list);
            }
        }
        if (p.metadata.requires_dist) {
            s(*p.metadata.requires_dist);
        }
        if (p.metadata.requires_dev) {
            s(*p.metadata.requires_dev);
            for (auto& [name, list] : *p.metadata.requires_dev) {
                s(list);
            }
        }
    }
    Manifest& m = lock.manifest;
    s(m.members);
    s(m.requirements);
    s(m.constraints);
    s(m.build_constraints);
    s(m.overrides);
    s(m.excludes);
    s(m.dependency_groups);
    for (auto& [name, list] : m.dependency_groups) {
        s(list);
    }
    s(m.dependency_metadata);
    s(lock.options.prerelease_package);
    for (auto& set : lock.conflicts) {
        s(set);
    }
}

/// Adjacent entries of uv's lists that agree on every key before the marker:
/// the pairs only a marker comparison can order.
std::size_t marker_ties(const Lock& lock) {
    std::size_t n = 0;
    auto edges = [&](const std::vector<Dependency>& list) {
        for (std::size_t i = 1; i < list.size(); ++i) {
            n += list[i - 1].target == list[i].target && list[i - 1].extras == list[i].extras ? 1 : 0;
        }
    };
    const std::vector<std::string> none;
    auto requirements = [&](const std::vector<Requirement>& list) {
        for (std::size_t i = 1; i < list.size(); ++i) {
            const Requirement& a = list[i - 1];
            const Requirement& b = list[i];
            const bool tie = a.name == b.name && a.extras.value_or(none) == b.extras.value_or(none) &&
                             a.groups.value_or(none) == b.groups.value_or(none);
            n += tie ? 1 : 0;
        }
    };
    for (const Package& p : lock.packages) {
        edges(p.dependencies);
        for (const auto* tables : {&p.optional_dependencies, &p.dev_dependencies}) {
            for (const auto& [name, list] : *tables) {
                edges(list);
            }
        }
        if (p.metadata.requires_dist) {
            requirements(*p.metadata.requires_dist);
        }
        if (p.metadata.requires_dev) {
            for (const auto& [name, list] : *p.metadata.requires_dev) {
                requirements(list);
            }
        }
    }
    const Manifest& m = lock.manifest;
    for (const auto* list : {&m.requirements, &m.constraints, &m.build_constraints}) {
        requirements(*list);
    }
    for (const auto& [name, list] : m.dependency_groups) {
        requirements(list);
    }
    return n;
}

} // namespace

TEST_CASE("canonicalize restores uv's order of every scrambled list", "[lockfile][corpus]") {
    const auto root = testing::corpus_dir();
    if (!root) {
        LOCKKIT_SKIP(lockkit::testing::k_no_corpus);
    }
    // Locks that do not even read and write back unchanged are the round-trip
    // test's business ("differs", "rejected:..."); "fmt-differs" ones round-trip
    // and belong here.
    const auto not_roundtrip = load_listed("non_roundtrip.tsv");
    const auto not_restorable = load_listed("non_restorable.tsv");
    std::size_t restored = 0, listed = 0, changed = 0, ties = 0;
    for (const auto& file : testing::corpus_locks(*root)) {
        const std::string name = testing::corpus_name(*root, file);
        const auto listed_elsewhere = not_roundtrip.find(name);
        if (listed_elsewhere != not_roundtrip.end() && !listed_elsewhere->second.starts_with("fmt-differs")) {
            continue;
        }
        INFO(name);
        const auto text = read_file(file);
        REQUIRE(text.has_value());
        const auto original = parse_lock(*text, name);
        REQUIRE(original.has_value());
        ties += marker_ties(*original);
        bool all_restored = true;
        for (const bool reverse : {false, true}) {
            INFO((reverse ? "reversed" : "shuffled"));
            Lock lock = *original;
            Scrambler s{std::mt19937_64(20261122), reverse};
            scramble(lock, s);
            const std::string scrambled = write_lock(lock);
            changed += scrambled != *text ? 1 : 0;
            canonicalize(lock);
            const bool same = write_lock(lock) == *text;
            all_restored = all_restored && same;
            if (not_restorable.count(name) == 0) {
                CHECK(same);
            }
        }
        if (not_restorable.count(name) != 0) {
            INFO("listed in non_restorable.tsv (" << not_restorable.at(name) << ") but restored: remove it");
            CHECK_FALSE(all_restored);
            ++listed;
        } else if (all_restored) {
            ++restored;
        }
    }
    for (const auto& [name, reason] : not_restorable) {
        INFO("listed in non_restorable.tsv but not in the corpus: " << name);
        CHECK(std::filesystem::exists(*root / name));
    }
    // The scrambles must change the files, and marker ties must occur, or this test proves nothing.
    CHECK(changed > restored + listed);
    CHECK(ties > 100);
    WARN("restored: " << restored << " locks, " << listed << " listed; " << ties
                      << " adjacent pairs ordered only by their markers");
}
