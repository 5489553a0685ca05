// The conflict-marker pass on small graphs (src/resolver/conflict_markers.hpp). The rules are
// uv's (`ConflictMarker::from_conflicts`, `UniversalMarker::imbibe`, `simplify_conflict_markers`
// in uv-resolver 0.12.5); whole locks are compared with real uv in
// tests/conformance/test_lock_resolve_projects.py.

#include "../../../src/resolver/conflict_markers.hpp"

#include <catch2/catch.hpp>

using namespace lockkit;
using namespace lockkit::resolver;
using pep508::MarkerTree;

namespace {

MarkerTree m(const char* text) { return *MarkerTree::parse(text); }

ConflictItem extra(const char* package, const char* name) { return ConflictItem{package, std::string(name), std::nullopt}; }
ConflictItem group(const char* package, const char* name) { return ConflictItem{package, std::nullopt, std::string(name)}; }

GraphNode node(const char* name, std::optional<std::string> extra = std::nullopt,
               std::optional<std::string> group = std::nullopt) {
    static const ResolvedPackage package{};
    GraphNode n;
    n.name = name;
    n.extra = std::move(extra);
    n.group = std::move(group);
    n.package = &package;
    return n;
}

} // namespace

TEST_CASE("the conflict world forbids every pair of a set", "[resolver][conflicts]") {
    CHECK(detail::conflict_world({}).is_true());
    const std::vector<ConflictSet> sets{{extra("proj", "old"), extra("proj", "new")}};
    const MarkerTree world = detail::conflict_world(sets);
    CHECK(world == m("extra != 'extra-4-proj-old' or extra != 'extra-4-proj-new'"));
    // Imbibing: the marker may hold wherever the world is impossible.
    const MarkerTree edge = m("extra == 'extra-4-proj-old'");
    CHECK(detail::imbibe(edge, world) == world.negate().or_with(edge));
    CHECK(detail::imbibe(edge, MarkerTree::always_true()) == edge);
}

TEST_CASE("an extra's edges lose the pseudo-extras its activation decides", "[resolver][conflicts]") {
    const std::vector<ConflictSet> sets{{extra("proj", "old"), extra("proj", "new")}};
    // root -> proj -> proj[old] -> idna, root -> proj[old]
    std::vector<GraphNode> nodes{GraphNode{}, node("proj"), node("proj", "old"), node("idna")};
    const MarkerTree world = detail::conflict_world(sets);
    const MarkerTree fork = m("extra == 'extra-4-proj-old' and extra != 'extra-4-proj-new'");
    std::vector<GraphEdge> edges{
        {0, 1, detail::imbibe(MarkerTree::always_true(), world)},
        {1, 2, detail::imbibe(m("extra == 'extra-4-proj-old'"), world)},
        {2, 3, detail::imbibe(fork, world)},
    };
    detail::simplify_conflict_markers(sets, nodes, edges);
    // Every path to proj[old] activates `old` (and so excludes `new`): the edge holds there.
    CHECK(edges[2].marker.is_true());
    // From proj, no item is active: nothing to assume, the marker stays as imbibed.
    CHECK(edges[1].marker == detail::imbibe(m("extra == 'extra-4-proj-old'"), world));
    // Without conflicts the pass changes nothing.
    std::vector<GraphEdge> plain{{2, 3, fork}};
    detail::simplify_conflict_markers({}, nodes, plain);
    CHECK(plain[0].marker == fork);
}

TEST_CASE("edges to two variants of one package are left alone", "[resolver][conflicts]") {
    const std::vector<ConflictSet> sets{{group("proj", "a"), group("proj", "b")}};
    std::vector<GraphNode> nodes{GraphNode{}, node("proj", std::nullopt, "a"), node("lib"), node("lib", "x")};
    const MarkerTree marker = m("extra == 'group-4-proj-a'");
    std::vector<GraphEdge> edges{{0, 1, MarkerTree::always_true()}, {1, 2, marker}, {1, 3, marker}};
    detail::simplify_conflict_markers(sets, nodes, edges);
    CHECK(edges[1].marker == marker);
    CHECK(edges[2].marker == marker);
}
