// Failure reports beyond uv's packse scenarios (packse_scenarios_test.cpp holds those): proofs
// far deeper than any real resolution produces, which must be explained without exhausting the
// stack.

#include <lockkit/resolver/no_solution.hpp>

#include <catch2/catch.hpp>

#include <sstream>

using namespace lockkit;
using namespace lockkit::resolver;

namespace {

/// The proof that `you require p0`, `p0 depends on p1`, …, `p(n-1) depends on p(n)`, and that
/// no version of p(n) exists, is unsatisfiable: a chain of n+1 conclusions, one per level.
NoSolution chain_failure(std::size_t n) {
    NoSolution failure;
    failure.python = PythonRequirement::from_interpreter(*pep440::Version::parse("3.12.9"));
    failure.packages.push_back(ResolverPackage::root());
    for (std::size_t i = 0; i <= n; ++i) failure.packages.push_back(ResolverPackage::package("p" + std::to_string(i)));
    auto id = [](std::size_t i) { return static_cast<PackageId>(i + 1); };  // p(i); the root is 0
    auto& nodes = failure.tree.nodes;
    auto add = [&](DerivationNode node) {
        nodes.push_back(std::move(node));
        return nodes.size() - 1;
    };
    auto depends = [&](PackageId from, PackageId to) {
        DerivationNode d;
        d.kind = IncompatibilityKind::FromDependency;
        d.package = from;
        d.dependency = to;
        d.package_set = VersionRange::full();
        d.dependency_set = VersionRange::full();
        d.terms = {{from, Term::positive(VersionRange::full())}, {to, Term::negative(VersionRange::full())}};
        return add(std::move(d));
    };
    auto concluded = [&](PackageId about, std::size_t cause1, std::size_t cause2) {
        DerivationNode c;
        c.kind = IncompatibilityKind::Derived;
        c.terms = {{about, Term::positive(VersionRange::full())}};
        c.cause1 = cause1;
        c.cause2 = cause2;
        return add(std::move(c));
    };
    DerivationNode missing;
    missing.kind = IncompatibilityKind::NoVersions;
    missing.package = id(n);
    missing.package_set = VersionRange::full();
    missing.terms = {{id(n), Term::positive(VersionRange::full())}};
    std::size_t below = add(std::move(missing));
    for (std::size_t i = n; i-- > 0;) below = concluded(id(i), below, depends(id(i), id(i + 1)));
    failure.tree.root = concluded(0, below, depends(0, id(0)));
    return failure;
}

} // namespace

TEST_CASE("a proof thousands of levels deep is explained without deep recursion", "[resolver][report]") {
    // 50,000 levels: far beyond what recursion over the tree survives with an 8 MiB stack.
    const std::size_t depth = 50000;
    const FailureReport report = chain_failure(depth).explain();
    std::vector<std::string> lines;
    std::istringstream in(report.explanation);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    REQUIRE(lines.size() > depth / 2);
    CHECK(lines.front() == "Because there are no versions of p50000 and all versions of p49999 depend on p50000, we can "
                           "conclude that all versions of p49999 cannot be used.");
    CHECK(lines.back() == "And because all versions of p0 depend on p1 and you require p0, we can conclude that your "
                          "requirements are unsatisfiable.");
    // Every link of the chain is stated once, every line after the first continues the last.
    std::size_t links = 0;
    for (std::size_t at = 0; (at = report.explanation.find(" depend on ", at)) != std::string::npos; ++at) ++links;
    CHECK(links == depth);
    CHECK(std::all_of(lines.begin() + 1, lines.end(), [](const std::string& l) { return l.starts_with("And because "); }));
    CHECK(report.hints.empty());
    CHECK(report.header == "No solution found when resolving dependencies:");
}
