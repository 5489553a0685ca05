// The PubGrub core against pubgrub-rs's documented examples (its tests/examples.rs, which
// follow the walkthroughs of PubGrub's solver.md) and against a brute-force solver on random
// registries.

#include "toy_solver.hpp"

#include <catch2/catch.hpp>

#include <functional>
#include <random>

using namespace lockkit::resolver;
using namespace lockkit::resolver::testing;

namespace {
std::map<std::string, std::string> as_strings(const ToyResult& r) {
    std::map<std::string, std::string> out;
    for (const auto& [k, v] : r.solution) out[k] = v.to_string();
    return out;
}
} // namespace

TEST_CASE("no conflict", "[solver][examples]") {
    ToyRegistry reg;
    reg.add("root", "1.0.0", {{"foo", ">=1.0.0,<2.0.0"}});
    reg.add("foo", "1.0.0", {{"bar", ">=1.0.0,<2.0.0"}});
    reg.add("bar", "1.0.0");
    reg.add("bar", "2.0.0");
    const auto r = toy_solve(reg, "root", "1.0.0");
    REQUIRE_FALSE(r.failure);
    CHECK(as_strings(r) == std::map<std::string, std::string>{{"root", "1.0.0"}, {"foo", "1.0.0"}, {"bar", "1.0.0"}});
}

TEST_CASE("avoiding conflict during decision making", "[solver][examples]") {
    ToyRegistry reg;
    reg.add("root", "1.0.0", {{"foo", ">=1.0.0,<2.0.0"}, {"bar", ">=1.0.0,<2.0.0"}});
    reg.add("foo", "1.1.0", {{"bar", ">=2.0.0,<3.0.0"}});
    reg.add("foo", "1.0.0");
    reg.add("bar", "1.0.0");
    reg.add("bar", "1.1.0");
    reg.add("bar", "2.0.0");
    const auto r = toy_solve(reg, "root", "1.0.0");
    REQUIRE_FALSE(r.failure);
    CHECK(as_strings(r) == std::map<std::string, std::string>{{"root", "1.0.0"}, {"foo", "1.0.0"}, {"bar", "1.1.0"}});
}

TEST_CASE("performing conflict resolution", "[solver][examples]") {
    ToyRegistry reg;
    reg.add("root", "1.0.0", {{"foo", ">=1.0.0"}});
    reg.add("foo", "2.0.0", {{"bar", ">=1.0.0,<2.0.0"}});
    reg.add("foo", "1.0.0");
    reg.add("bar", "1.0.0", {{"foo", ">=1.0.0,<2.0.0"}});
    const auto r = toy_solve(reg, "root", "1.0.0");
    REQUIRE_FALSE(r.failure);
    CHECK(as_strings(r) == std::map<std::string, std::string>{{"root", "1.0.0"}, {"foo", "1.0.0"}});
}

TEST_CASE("conflict resolution with a partial satisfier", "[solver][examples]") {
    ToyRegistry reg;
    reg.add("root", "1.0.0", {{"foo", ">=1.0.0,<2.0.0"}, {"target", ">=2.0.0,<3.0.0"}});
    reg.add("foo", "1.1.0", {{"left", ">=1.0.0,<2.0.0"}, {"right", ">=1.0.0,<2.0.0"}});
    reg.add("foo", "1.0.0");
    reg.add("left", "1.0.0", {{"shared", ">=1.0.0"}});
    reg.add("right", "1.0.0", {{"shared", "<2.0.0"}});
    reg.add("shared", "2.0.0");
    reg.add("shared", "1.0.0", {{"target", ">=1.0.0,<2.0.0"}});
    reg.add("target", "2.0.0");
    reg.add("target", "1.0.0");
    const auto r = toy_solve(reg, "root", "1.0.0");
    REQUIRE_FALSE(r.failure);
    CHECK(as_strings(r) ==
          std::map<std::string, std::string>{{"root", "1.0.0"}, {"foo", "1.0.0"}, {"target", "2.0.0"}});
}

TEST_CASE("double choices", "[solver][examples]") {
    ToyRegistry reg;
    reg.add("a", "0", {{"b", ""}, {"c", ""}});
    reg.add("b", "0", {{"d", "==0"}});
    reg.add("b", "1", {{"d", "==1"}});
    reg.add("c", "0");
    reg.add("c", "1", {{"d", "==2"}});
    reg.add("d", "0");
    const auto r = toy_solve(reg, "a", "0");
    REQUIRE_FALSE(r.failure);
    CHECK(as_strings(r) == std::map<std::string, std::string>{{"a", "0"}, {"b", "0"}, {"c", "0"}, {"d", "0"}});
}

TEST_CASE("linear and branching error reporting examples are unsatisfiable", "[solver][examples]") {
    {   // solver.md "Linear error reporting"
        ToyRegistry reg;
        reg.add("root", "1.0.0", {{"foo", ">=1.0.0,<2.0.0"}, {"baz", ">=1.0.0,<2.0.0"}});
        reg.add("foo", "1.0.0", {{"bar", ">=2.0.0,<3.0.0"}});
        reg.add("bar", "2.0.0", {{"baz", ">=3.0.0,<4.0.0"}});
        reg.add("baz", "1.0.0");
        reg.add("baz", "3.0.0");
        const auto r = toy_solve(reg, "root", "1.0.0");
        REQUIRE(r.failure);
        const auto& top = r.failure->top();
        CHECK(top.kind == IncompatibilityKind::Derived);
        REQUIRE(top.terms.size() == 1);
        CHECK(r.names[top.terms[0].first] == "root");
    }
    {   // solver.md "Branching error reporting"
        ToyRegistry reg;
        reg.add("root", "1.0.0", {{"foo", ">=1.0.0,<2.0.0"}});
        reg.add("foo", "1.0.0", {{"a", ">=1.0.0,<2.0.0"}, {"b", ">=1.0.0,<2.0.0"}});
        reg.add("foo", "1.1.0", {{"x", ">=1.0.0,<2.0.0"}, {"y", ">=1.0.0,<2.0.0"}});
        reg.add("a", "1.0.0", {{"b", ">=2.0.0,<3.0.0"}});
        reg.add("b", "1.0.0");
        reg.add("b", "2.0.0");
        reg.add("x", "1.0.0", {{"y", ">=2.0.0,<3.0.0"}});
        reg.add("y", "1.0.0");
        reg.add("y", "2.0.0");
        const auto r = toy_solve(reg, "root", "1.0.0");
        REQUIRE(r.failure);
        // The proof mentions every package of both branches.
        std::set<std::string> seen;
        for (auto p : r.failure->packages()) seen.insert(r.names[p]);
        CHECK(seen == std::set<std::string>{"root", "foo", "a", "b", "x", "y"});
    }
}

TEST_CASE("backtrack_package undoes a decision, and treats the first undecided package as decided next",
          "[solver]") {
    // docs/resolver-core.md, "Deciding a version". The root depends on a (1) and b (2); propagation
    // reads the root's clauses newest first, so b gets its derivation, and its place in the
    // package order, before a.
    const Version one = *Version::parse("1");
    SolverState state(0, one);
    REQUIRE(state.unit_propagation(0));
    REQUIRE(state.partial_solution().pick_highest_priority_package([](PackageId, const VersionRange&) {
        return Priority{};
    }) == PackageId{0});
    const std::vector<Dependency> deps = {{1, VersionRange::full()}, {2, VersionRange::full()}};
    CHECK_FALSE(state.add_package_version_dependencies(0, one, VersionRange::singleton(one), deps));
    REQUIRE(state.unit_propagation(0));
    REQUIRE(state.partial_solution().current_decision_level() == 1);

    CHECK_FALSE(state.backtrack_package(1));  // undecided, not first
    CHECK_FALSE(state.partial_solution().has_backtracked());
    const auto first = state.backtrack_package(2);  // undecided, first: goes back to level 1
    REQUIRE(first);
    CHECK(*first == 0);
    CHECK(state.partial_solution().has_backtracked());
    CHECK(state.partial_solution().current_decision_level() == 1);
    CHECK(state.partial_solution().term_intersection(1) != nullptr);

    state.partial_solution().add_decision(1, one);
    REQUIRE(state.partial_solution().decision(1) != nullptr);
    const auto undone = state.backtrack_package(1);
    REQUIRE(undone);
    CHECK(*undone == 1);
    CHECK(state.partial_solution().decision(1) == nullptr);
    CHECK(state.partial_solution().current_decision_level() == 1);
}

TEST_CASE("prioritized_packages: the undecided packages with a positive term last assigned at this level, "
          "in package order", "[solver]") {
    // The contract partial_solution.hpp states; the driver looks ahead at these after each
    // propagation. Derivations add the negation of the cause's term.
    const Version one = *Version::parse("1");
    const Version two = *Version::parse("2");
    const Term not_any = Term::negative(VersionRange::full());           // derives "any version"
    const Term not_two = Term::negative(VersionRange::singleton(two));   // derives "exactly 2"
    const Term only_one = Term::positive(VersionRange::singleton(one));  // derives "not 1"
    PartialSolution ps;
    auto ids = [&] {
        std::vector<PackageId> out;
        for (const auto& [id, range] : ps.prioritized_packages()) out.push_back(id);
        return out;
    };
    ps.add_derivation(1, 0, not_any);
    ps.add_derivation(2, 0, not_any);
    ps.add_derivation(3, 0, only_one);  // negative: not a candidate
    CHECK(ids() == std::vector<PackageId>{1, 2});

    ps.add_decision(1, one);  // level 1
    CHECK(ids().empty());     // nothing assigned at level 1 but the decision
    ps.add_derivation(4, 0, not_any);
    ps.add_derivation(2, 0, not_two);
    CHECK(ids() == std::vector<PackageId>{2, 4});  // package order: 2 was placed before 4
    const auto with_two = ps.prioritized_packages();
    REQUIRE(with_two.size() == 2);
    CHECK(*with_two[0].second == VersionRange::singleton(two));

    ps.backtrack(0);
    CHECK(ids() == std::vector<PackageId>{1, 2});  // 4 is gone, 1 is undecided again
}

TEST_CASE("confusing with lots of holes: merged dependency clauses", "[solver][examples]") {
    // pubgrub-rs examples.rs `confusing_with_lots_of_holes`: the five "foo N depends on bar"
    // clauses merge into one clause over foo 1..5.
    ToyRegistry reg;
    reg.add("root", "1", {{"foo", ""}, {"baz", ""}});
    for (int i = 1; i < 6; ++i) reg.add("foo", std::to_string(i), {{"bar", ""}});
    reg.add("baz", "1");
    const auto r = toy_solve(reg, "root", "1");
    REQUIRE(r.failure);
    const DerivationTree& tree = *r.failure;
    // Somewhere in the proof: foo ==1 | ==2 | ==3 | ==4 | ==5 depends on bar.
    bool found = false;
    for (const auto& n : tree.nodes) {
        if (n.kind != IncompatibilityKind::FromDependency) continue;
        if (r.names[n.package] == "foo" && r.names[n.dependency] == "bar")
            found = n.package_set.to_string() == "==1 | ==2 | ==3 | ==4 | ==5";
    }
    CHECK(found);
}

// ---- randomised comparison against brute force ----------------------------------------

namespace {

struct RandomCase {
    ToyRegistry registry;
    std::vector<std::string> names;
};

RandomCase random_case(std::mt19937& rng) {
    RandomCase c;
    std::uniform_int_distribution<int> npk(2, 5), nver(1, 4), ndep(0, 3), coin(0, 9);
    const int n = npk(rng);
    for (int i = 0; i < n; ++i) c.names.push_back(std::string(1, char('a' + i)));
    auto random_spec = [&]() -> std::string {
        const int lo = 1 + int(rng() % 4), hi = lo + int(rng() % 3);
        switch (rng() % 5) {
        case 0: return "";
        case 1: return ">=" + std::to_string(lo);
        case 2: return "<" + std::to_string(hi);
        case 3: return "==" + std::to_string(lo);
        default: return ">=" + std::to_string(lo) + ",<" + std::to_string(hi + 1);
        }
    };
    c.registry.add("root", "0");
    for (int d = ndep(rng) + 1; d > 0; --d)
        c.registry.packages["root"].begin()->second.emplace_back(
            c.names[rng() % c.names.size()],
            VersionRange::from_specifiers(*lockkit::pep440::VersionSpecifiers::parse(random_spec())));
    for (const auto& name : c.names) {
        for (int v = 1; v <= nver(rng); ++v) {
            if (coin(rng) == 0) continue;  // holes in the version list
            auto& deps = c.registry.packages[name][*Version::parse(std::to_string(v))];
            for (int d = ndep(rng); d > 0; --d) {
                const std::string& dep = c.names[rng() % c.names.size()];
                if (dep == name) continue;
                deps.emplace_back(dep, VersionRange::from_specifiers(*lockkit::pep440::VersionSpecifiers::parse(random_spec())));
            }
        }
    }
    return c;
}

bool valid(const ToyRegistry& reg, const std::map<std::string, Version>& solution) {
    if (!solution.contains("root")) return false;
    for (const auto& [name, version] : solution) {
        auto pit = reg.packages.find(name);
        if (pit == reg.packages.end()) return false;
        auto vit = pit->second.find(version);
        if (vit == pit->second.end()) return false;
        for (const auto& [dep, range] : vit->second) {
            auto s = solution.find(dep);
            if (s == solution.end() || !range.contains(s->second)) return false;
        }
    }
    return true;
}

bool brute_force_has_solution(const ToyRegistry& reg) {
    std::vector<std::string> names;
    std::vector<std::vector<std::optional<Version>>> choices;
    for (const auto& [name, versions] : reg.packages) {
        names.push_back(name);
        std::vector<std::optional<Version>> opts;
        if (name != "root") opts.push_back(std::nullopt);
        for (const auto& [v, d] : versions) opts.push_back(v);
        choices.push_back(std::move(opts));
    }
    std::map<std::string, Version> sol;
    std::function<bool(std::size_t)> rec = [&](std::size_t i) -> bool {
        if (i == names.size()) return valid(reg, sol);
        for (const auto& o : choices[i]) {
            if (o) sol[names[i]] = *o;
            else sol.erase(names[i]);
            if (rec(i + 1)) return true;
        }
        sol.erase(names[i]);
        return false;
    };
    return rec(0);
}

} // namespace

TEST_CASE("solutions are valid and failures are real, on random registries", "[solver][property]") {
    std::mt19937 rng(7);
    int sat = 0, unsat = 0;
    for (int iter = 0; iter < 1500; ++iter) {
        const RandomCase c = random_case(rng);
        const ToyResult r = toy_solve(c.registry, "root", "0");
        const bool exists = brute_force_has_solution(c.registry);
        INFO("case " << iter);
        if (r.failure) {
            ++unsat;
            CHECK_FALSE(exists);
        } else {
            ++sat;
            CHECK(valid(c.registry, r.solution));
        }
        // Same answer on a repeated run.
        const ToyResult again = toy_solve(c.registry, "root", "0");
        CHECK(again.failure.has_value() == r.failure.has_value());
        CHECK(again.solution == r.solution);
    }
    // Both outcomes must be exercised for the property to mean anything.
    CHECK(sat > 100);
    CHECK(unsat > 100);
}

TEST_CASE("incompatibility arena: copies share what they inherit and keep apart what they add",
          "[solver][arena]") {
    // Forks copy their solver state: each copy must keep numbering on from the shared part and
    // see only its own additions, across chunk boundaries (chunks hold 256), with references
    // taken before an addition still valid after it.
    const auto item = [](PackageId p) {
        return Incompatibility::no_versions(p, Term::positive(VersionRange::singleton(*lockkit::pep440::Version::parse("1"))));
    };
    IncompatibilityArena parent;
    for (PackageId p = 0; p < 300; ++p) CHECK(parent.add(item(p)) == p);
    const Incompatibility& before = parent[299];
    IncompatibilityArena child = parent;
    for (PackageId p = 0; p < 300; ++p) {
        CHECK(child.add(item(1000 + p)) == 300 + p);
        CHECK(parent.add(item(2000 + p)) == 300 + p);
    }
    IncompatibilityArena grandchild = child;
    CHECK(grandchild.add(item(3000)) == 600);
    CHECK(child.add(item(4000)) == 600);
    CHECK(before.package() == 299);
    REQUIRE(parent.size() == 600);
    REQUIRE(child.size() == 601);
    REQUIRE(grandchild.size() == 601);
    for (PackageId i = 0; i < 300; ++i) {
        CHECK(parent[i].package() == i);
        CHECK(child[i].package() == i);
        CHECK(parent[300 + i].package() == 2000 + i);
        CHECK(child[300 + i].package() == 1000 + i);
        CHECK(grandchild[300 + i].package() == 1000 + i);
    }
    CHECK(child[600].package() == 4000);
    CHECK(grandchild[600].package() == 3000);
}
