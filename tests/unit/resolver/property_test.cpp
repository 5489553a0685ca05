// Properties of the resolver on seeded random registries (style.md "Properties, not only
// examples"; pubgrub's tests/proptest.rs does the same for its solver):
//   * the same input gives the same answer on repeated runs;
//   * every answer is a valid solution (each chosen version's requirements hold);
//   * a universal resolution finds a solution exactly when brute force over every assignment
//     does (PubGrub is complete), for registries small enough to enumerate;
//   * removing a dependency from a solvable registry cannot make it unsolvable.

#include "memory_provider.hpp"

#include <lockkit/resolver/resolver.hpp>

#include <catch2/catch.hpp>

#include <random>

using namespace lockkit;
using namespace lockkit::resolver;
using lockkit::resolver::testing::DepsProvider;
using lockkit::resolver::testing::Release;

namespace {

const std::vector<std::string> k_names = {"a", "b", "c", "d", "e"};
const std::vector<std::string> k_versions = {"1.0.0", "2.0.0", "3.0.0"};

struct RandomCase {
    std::map<std::string, std::vector<Release>> registry;
    std::vector<std::string> root;
};

std::string random_requirement(std::mt19937& rng, const std::string& exclude) {
    std::string name;
    do name = k_names[rng() % k_names.size()];
    while (name == exclude);
    const std::string v = k_versions[rng() % k_versions.size()];
    switch (rng() % 4) {
    case 0: return name;
    case 1: return name + ">=" + v;
    case 2: return name + "<" + v;
    default: return name + "==" + v;
    }
}

RandomCase random_case(std::uint32_t seed) {
    std::mt19937 rng(seed);
    RandomCase c;
    for (const auto& name : k_names) {
        if (rng() % 5 == 0) continue;  // some names do not exist
        for (const auto& v : k_versions) {
            if (rng() % 4 == 0) continue;
            Release r{v, {}, {}};
            const std::size_t deps = rng() % 3;
            for (std::size_t i = 0; i < deps; ++i) r.requires_dist.push_back(random_requirement(rng, name));
            c.registry[name].push_back(r);
        }
    }
    const std::size_t roots = 1 + rng() % 2;
    for (std::size_t i = 0; i < roots; ++i) c.root.push_back(random_requirement(rng, ""));
    return c;
}

std::optional<std::map<std::string, std::string>> solve(const RandomCase& c) {
    DepsProvider provider(c.registry);
    Manifest manifest;
    for (const auto& r : c.root) manifest.requirements.push_back(*pep508::Requirement::parse(r));
    const auto python = PythonRequirement::from_requires_python(
        *pep440::Version::parse("3.12.1"), RequiresPython::from_specifiers(*pep440::VersionSpecifiers::parse(">=3.12")));
    auto result = resolve(manifest, ResolverOptions{}, ResolverEnvironment::universal(), python, provider);
    if (!result) {
        REQUIRE(result.error().no_solution);  // a proof, not an error
        return std::nullopt;
    }
    REQUIRE(result->forks.size() == 1);
    std::map<std::string, std::string> out;
    for (const auto& p : result->packages) out[p.name] = p.version.to_string();
    return out;
}

bool satisfied(const std::string& requirement, const std::map<std::string, std::string>& chosen) {
    const auto r = *pep508::Requirement::parse(requirement);
    auto it = chosen.find(r.name);
    return it != chosen.end() && r.specifiers.contains(*pep440::Version::parse(it->second));
}

bool valid(const RandomCase& c, const std::map<std::string, std::string>& chosen) {
    for (const auto& r : c.root)
        if (!satisfied(r, chosen)) return false;
    for (const auto& [name, version] : chosen) {
        auto pkg = c.registry.find(name);
        if (pkg == c.registry.end()) return false;
        auto rel = std::find_if(pkg->second.begin(), pkg->second.end(), [&](const Release& r) { return r.version == version; });
        if (rel == pkg->second.end()) return false;
        for (const auto& d : rel->requires_dist)
            if (!satisfied(d, chosen)) return false;
    }
    return true;
}

/// Whether any assignment (each name absent or one of its versions) satisfies everything.
bool brute_force(const RandomCase& c) {
    std::vector<std::pair<std::string, std::vector<std::string>>> choices;
    for (const auto& [name, releases] : c.registry) {
        std::vector<std::string> vs{""};
        for (const auto& r : releases) vs.push_back(r.version);
        choices.emplace_back(name, vs);
    }
    std::map<std::string, std::string> chosen;
    std::function<bool(std::size_t)> search = [&](std::size_t i) {
        if (i == choices.size()) return valid(c, chosen);
        for (const auto& v : choices[i].second) {
            if (v.empty()) chosen.erase(choices[i].first);
            else chosen[choices[i].first] = v;
            if (search(i + 1)) return true;
        }
        chosen.erase(choices[i].first);
        return false;
    };
    return search(0);
}

} // namespace

TEST_CASE("random registries: deterministic, valid, complete", "[resolver][property]") {
    int solvable = 0;
    for (std::uint32_t seed = 1; seed <= 300; ++seed) {
        INFO("seed " << seed);
        const RandomCase c = random_case(seed);
        const auto first = solve(c);
        CHECK(solve(c) == first);
        if (first) {
            ++solvable;
            CHECK(valid(c, *first));
        }
        CHECK(first.has_value() == brute_force(c));
    }
    // The generator makes both kinds of case.
    CHECK(solvable > 50);
    CHECK(solvable < 290);
}

TEST_CASE("random registries: removing a dependency keeps a solvable case solvable", "[resolver][property]") {
    int checked = 0;
    for (std::uint32_t seed = 1000; seed < 1150; ++seed) {
        const RandomCase c = random_case(seed);
        if (!solve(c)) continue;
        for (const auto& [name, releases] : c.registry) {
            for (std::size_t r = 0; r < releases.size(); ++r) {
                for (std::size_t d = 0; d < releases[r].requires_dist.size(); ++d) {
                    RandomCase weaker = c;
                    auto& deps = weaker.registry[name][r].requires_dist;
                    deps.erase(deps.begin() + static_cast<std::ptrdiff_t>(d));
                    INFO("seed " << seed << ", " << name << " " << releases[r].version << " without "
                                 << releases[r].requires_dist[d]);
                    CHECK(solve(weaker).has_value());
                    ++checked;
                }
            }
        }
    }
    CHECK(checked > 100);
}
