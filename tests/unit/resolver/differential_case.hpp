#pragma once
// TEMPORARY: random registries for the differential test of the solver core (removed with
// old_core/). A case is a small registry with uv's features: proxies tied to a base package,
// unavailable versions (custom incompatibilities), Python-like dependencies that no version
// satisfies, empty dependency ranges, equal versions spelled differently, and driver choices
// (backtracking a package, copying the state as a fork does) drawn from a seeded generator.

#include <lockkit/resolver/version_range.hpp>

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace lockkit::resolver::difftest {

using pep440::Version;

struct CaseDependency {
    std::uint32_t package;
    VersionRange versions;
};

struct CaseRelease {
    Version version;
    std::vector<CaseDependency> dependencies;
    bool unavailable = false;      ///< a custom incompatibility instead of dependencies
    bool needs_python = false;     ///< depends on the Python-like package, which nothing satisfies
};

struct CasePackage {
    std::vector<CaseRelease> releases;  ///< ascending
    std::optional<std::uint32_t> base;  ///< a proxy's base package
};

struct Case {
    std::vector<CasePackage> packages;  ///< 0 is the root; the last one is the Python-like package
    std::uint32_t python = 0;
    std::uint64_t seed = 0;
};

inline std::string spell(std::mt19937_64& rng, int major) {
    switch (rng() % 3) {
    case 0: return std::to_string(major);
    case 1: return std::to_string(major) + ".0";
    default: return std::to_string(major) + ".0.0";
    }
}

inline VersionRange random_range(std::mt19937_64& rng) {
    const int lo = 1 + int(rng() % 5), hi = lo + int(rng() % 3);
    std::string spec;
    switch (rng() % 9) {
    case 0: spec = ""; break;
    case 1: spec = ">=" + spell(rng, lo); break;
    case 2: spec = "<" + spell(rng, hi); break;
    case 3: spec = "==" + spell(rng, lo); break;
    case 4: spec = "!=" + spell(rng, lo); break;
    case 5: spec = ">" + spell(rng, lo); break;
    case 6: spec = "<=" + spell(rng, hi); break;
    case 7: spec = ">=" + spell(rng, hi + 1) + ",<" + spell(rng, lo); break;  // empty
    default: spec = ">=" + spell(rng, lo) + ",<" + spell(rng, hi + 1); break;
    }
    return VersionRange::from_specifiers(*pep440::VersionSpecifiers::parse(spec));
}

/// A small registry (`large` false: up to 9 packages of up to 6 versions) or a larger one (up to
/// 30 packages of up to 12 versions whose dependency lists stay the same over runs of versions,
/// so clauses merge and conflicts reach further back).
inline Case random_case(std::uint64_t seed, bool large = false) {
    std::mt19937_64 rng(seed);
    Case c;
    c.seed = seed;
    const std::uint32_t n = large ? 10 + std::uint32_t(rng() % 21) : 2 + std::uint32_t(rng() % 8);
    const int versions = large ? 12 : 6;
    c.packages.resize(n + 2);
    c.python = n + 1;
    // The root.
    c.packages[0].releases.push_back({*Version::parse("0"), {}});
    for (int d = 1 + int(rng() % (large ? 5 : 3)); d > 0; --d)
        c.packages[0].releases[0].dependencies.push_back({1 + std::uint32_t(rng() % n), random_range(rng)});
    for (std::uint32_t p = 1; p <= n; ++p) {
        // Some packages are proxies of an earlier one: same versions, each depending on its base.
        if (p > 1 && rng() % 5 == 0) c.packages[p].base = 1 + std::uint32_t(rng() % (p - 1));
        std::vector<CaseDependency> plan;
        for (int v = 1; v <= versions; ++v) {
            if (rng() % 3 == 0) continue;
            CaseRelease r{*Version::parse(spell(rng, v)), {}};
            r.unavailable = rng() % 11 == 0;
            r.needs_python = rng() % 13 == 0;
            if (!large || plan.empty() || rng() % 3 == 0) {
                plan.clear();
                for (int d = int(rng() % 4); d > 0; --d) {
                    const std::uint32_t dep = 1 + std::uint32_t(rng() % n);
                    if (dep == p) continue;
                    plan.push_back({dep, random_range(rng)});
                }
            }
            r.dependencies = plan;
            c.packages[p].releases.push_back(std::move(r));
        }
    }
    for (std::uint32_t p = 1; p <= n; ++p) {
        if (!c.packages[p].base) continue;
        const std::uint32_t base = *c.packages[p].base;
        if (c.packages[base].base) {  // proxies of proxies are not a thing
            c.packages[p].base.reset();
            continue;
        }
        c.packages[p].releases.clear();
        for (const CaseRelease& b : c.packages[base].releases) {
            CaseRelease r;
            r.version = b.version;
            r.dependencies.push_back(CaseDependency{base, VersionRange::singleton(b.version)});
            const std::uint32_t extra = 1 + std::uint32_t(rng() % n);
            if (rng() % 2 == 0 && extra != p) r.dependencies.push_back(CaseDependency{extra, random_range(rng)});
            c.packages[p].releases.push_back(std::move(r));
        }
    }
    return c;
}

} // namespace lockkit::resolver::difftest
