// The PubGrub core (SolverState) on large synthetic registries, without uv's driver, indexes or
// metadata: what the core itself costs. Each case is a registry of a few hundred packages whose
// dependency ranges shift every few versions (so dependency clauses merge, and conflicts force
// backjumps); a small driver decides packages with the fewest matching versions first, takes the
// highest matching version, and claims each version's dependencies for the whole gap up to its
// neighbours, as uv does.
//
// Usage: solver_bench [--runs N] [--cases K] [--seed S]
// Prints, per run, the wall time and what was solved; count instructions with
//   valgrind --tool=callgrind build/bench/solver_bench --runs 1

#include <lockkit/resolver/solver_state.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <random>
#include <string>
#include <vector>

using namespace lockkit;
using namespace lockkit::resolver;
using Clock = std::chrono::steady_clock;

namespace {

struct Release {
    pep440::Version version;
    std::vector<Dependency> dependencies;
};

struct Registry {
    std::vector<std::vector<Release>> packages;  ///< by package id (0 = root), ascending versions
};

VersionRange between(const std::vector<Release>& releases, std::size_t lo, std::size_t hi) {
    // [releases[lo], releases[hi]) over the versions of the dependency, open-ended at the top.
    using B = Bound<pep440::Version>;
    const B start = lo == 0 ? B::unbounded() : B::included(releases[lo].version);
    const B end = hi >= releases.size() ? B::unbounded() : B::excluded(releases[hi].version);
    return VersionRange(VersionRanges::from_bounds(start, end));
}

Registry make_registry(std::mt19937& rng, std::size_t package_count) {
    Registry reg;
    reg.packages.resize(package_count + 1);
    for (std::size_t p = 1; p <= package_count; ++p) {
        const std::size_t versions = 4 + rng() % 22;
        for (std::size_t v = 0; v < versions; ++v) {
            const std::uint64_t major = 1 + v / 5, minor = v % 5;
            reg.packages[p].push_back({pep440::Version::from_release({major, minor}), {}});
        }
    }
    // Dependencies point at later packages. A package keeps the same dependency list for a run
    // of versions, then moves its ranges, which is what real registries look like.
    for (std::size_t p = 1; p <= package_count; ++p) {
        auto& releases = reg.packages[p];
        std::vector<Dependency> plan;
        for (std::size_t v = 0; v < releases.size(); ++v) {
            if (v == 0 || rng() % 4 == 0) {
                plan.clear();
                const std::size_t count = p + 1 <= package_count ? rng() % 4 : 0;
                for (std::size_t d = 0; d < count; ++d) {
                    const std::size_t span = std::min<std::size_t>(package_count - p, 25);
                    const PackageId dep = static_cast<PackageId>(p + 1 + rng() % span);
                    if (std::any_of(plan.begin(), plan.end(), [&](const Dependency& x) { return x.package == dep; }))
                        continue;
                    const auto& target = reg.packages[dep];
                    const std::size_t lo = rng() % target.size();
                    const std::size_t hi = lo + 1 + rng() % (target.size() - lo + 2);
                    plan.push_back({dep, between(target, lo, hi)});
                }
            }
            releases[v].dependencies = plan;
        }
    }
    // The root depends on the first packages, any version.
    reg.packages[0].push_back({pep440::Version::from_release({0}), {}});
    for (PackageId p = 1; p <= std::min<std::size_t>(package_count, 12); ++p)
        reg.packages[0][0].dependencies.push_back({p, VersionRange::full()});
    return reg;
}

struct Outcome {
    bool solved = false;
    std::size_t decided = 0;
    std::size_t steps = 0;
    std::size_t conflicts = 0;  ///< conflict-resolution steps
};

Outcome solve(const Registry& reg) {
    SolverState state(0, reg.packages[0][0].version);
    std::vector<std::vector<bool>> added(reg.packages.size());
    for (std::size_t p = 0; p < reg.packages.size(); ++p) added[p].assign(reg.packages[p].size(), false);
    Outcome out;
    PackageId next = 0;
    for (;;) {
        ++out.steps;
        auto propagated = state.unit_propagation(next);
        if (!propagated) return out;
        out.conflicts += propagated->size();
        auto picked = state.partial_solution().pick_highest_priority_package([&](PackageId p, const VersionRange& r) {
            std::uint64_t count = 0;
            for (const auto& rel : reg.packages[p]) count += r.contains(rel.version) ? 1 : 0;
            return Priority{count == 0 ? ~std::uint64_t{0} : 0, ~count};
        });
        if (!picked) {
            out.solved = true;
            out.decided = state.partial_solution().extract_solution().size();
            return out;
        }
        next = *picked;
        const VersionRange range = state.partial_solution().term_intersection(next)->set();
        const auto& releases = reg.packages[next];
        std::size_t chosen = releases.size();
        for (std::size_t i = releases.size(); i-- > 0;)
            if (range.contains(releases[i].version)) {
                chosen = i;
                break;
            }
        if (chosen == releases.size()) {
            state.add_incompatibility(Incompatibility::no_versions(next, Term::positive(range)));
            continue;
        }
        const pep440::Version& version = releases[chosen].version;
        if (added[next][chosen]) {
            state.partial_solution().add_decision(next, version);
            continue;
        }
        added[next][chosen] = true;
        // The dependencies hold for the whole gap between the neighbouring versions.
        using B = Bound<pep440::Version>;
        const B start = chosen == 0 ? B::unbounded() : B::excluded(releases[chosen - 1].version);
        const B end = chosen + 1 == releases.size() ? B::unbounded() : B::excluded(releases[chosen + 1].version);
        const VersionRange gap(VersionRanges::from_bounds(start, end));
        state.add_package_version_dependencies(next, version, gap, releases[chosen].dependencies);
    }
}

} // namespace

int main(int argc, char** argv) {
    int runs = 3;
    int cases = 200;
    unsigned seed = 2026;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--runs") == 0) runs = std::atoi(argv[i + 1]);
        else if (std::strcmp(argv[i], "--cases") == 0) cases = std::atoi(argv[i + 1]);
        else if (std::strcmp(argv[i], "--seed") == 0) seed = static_cast<unsigned>(std::atoi(argv[i + 1]));
        else {
            std::fprintf(stderr, "usage: resolver_bench [--runs N] [--cases K] [--seed S]\n");
            return 2;
        }
    }
    std::mt19937 rng(seed);
    std::vector<Registry> registries;
    for (int c = 0; c < cases; ++c) registries.push_back(make_registry(rng, 300));
    double best = 1e30;
    for (int r = 0; r < runs; ++r) {
        std::size_t solved = 0, decided = 0, steps = 0, conflicts = 0;
        const auto t0 = Clock::now();
        for (const auto& reg : registries) {
            const Outcome o = solve(reg);
            solved += o.solved ? 1 : 0;
            decided += o.decided;
            steps += o.steps;
            conflicts += o.conflicts;
        }
        const double s = std::chrono::duration<double>(Clock::now() - t0).count();
        best = std::min(best, s);
        std::printf("run %d: %.3f s, %zu/%d solvable, %zu packages decided, %zu steps, %zu conflict steps\n", r + 1, s,
                    solved, cases, decided, steps, conflicts);
    }
    std::printf("best: %.3f s\n", best);
    return 0;
}
