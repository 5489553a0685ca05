// uv's order on markers (`MarkerTree::compare`). Every expected order here was
// written by uv 0.12.5: either a list uv sorted in a real lock of the shared
// corpus (file named), or the build constraints of the conformance project
// "marker-order" (tests/conformance/test_uv_conformance.py), which real uv
// locks on every conformance run and lockkit must then restore after reversal.

#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "lockkit/pep508/marker.hpp"

using lockkit::pep508::MarkerTree;
using lockkit::pep508::ReleaseBound;

namespace {

MarkerTree m(const std::string& text) {
    auto parsed = MarkerTree::parse(text);
    INFO(text);
    REQUIRE(parsed.has_value());
    return *parsed;
}

} // namespace

TEST_CASE("compare reproduces the order uv 0.12.5 gave the marker-order build constraints", "[pep508][marker][order]") {
    // The distinct markers of `[manifest] build-constraints`, in uv's order (the
    // requirements without a marker, which come first, are the always-true marker).
    const std::vector<std::string> uv_order = {
        "",
        "python_version < '0'",
        "implementation_version > '3.9'",
        "python_full_version < '0'",
        "python_full_version == '3.9.*'",
        "python_full_version >= '3.9.1' and python_full_version < '3.9.5'",
        "python_full_version != '3.10.*'",
        "python_full_version < '3.10'",
        "python_full_version >= '3.12'",
        "os_name == 'nt'",
        "(os_name != 'nt' and extra == 'b') or (os_name == 'nt' and extra == 'a') or (extra != 'a' and extra == 'b')",
        "platform_machine != 'arm64' and sys_platform == 'darwin'",
        "platform_machine == 'arm64' and sys_platform == 'darwin'",
        "sys_platform != 'linux'",
        "sys_platform == 'linux'",
        "python_full_version < '3.12' and sys_platform != 'linux'",
        "python_full_version >= '3.12' or sys_platform == 'linux'",
        "sys_platform == 'win32'",
        "platform_system == 'FreeBSD'",
        "platform_machine == 'aarch64' or platform_machine == 'x86_64'",
        "platform_release < '5' or platform_release >= '6'",
        "platform_release >= '5'",
        "platform_version < '2'",
        "python_full_version < '3.11' and implementation_name == 'cpython'",
        "os_name in 'posix nt'",
        "platform_machine in 'x86_64 aarch64'",
        "implementation_name not in 'pypy'",
        "'linux' in sys_platform",
        "'SMP' not in platform_version",
        "'x' in platform_version",
        "'x' in extras",
        "'dev' in dependency_groups",
        "'dev' not in dependency_groups",
        "extra == 'x'",
        "extra == 'x' or extra == 'y'",
        "extra != 'x'",
    };
    std::vector<MarkerTree> markers;
    for (const auto& text : uv_order) {
        markers.push_back(m(text));
    }
    for (std::size_t i = 0; i + 1 < markers.size(); ++i) {
        INFO(uv_order[i] << "  <  " << uv_order[i + 1]);
        CHECK(markers[i].compare(markers[i + 1]) == std::strong_ordering::less);
        CHECK(markers[i + 1].compare(markers[i]) == std::strong_ordering::greater);
    }
    // A total order: any shuffle sorts back to uv's sequence.
    std::vector<MarkerTree> shuffled = markers;
    std::shuffle(shuffled.begin(), shuffled.end(), std::mt19937(7));
    std::sort(shuffled.begin(), shuffled.end(), [](MarkerTree a, MarkerTree b) { return a.compare(b) < 0; });
    CHECK(shuffled == markers);
}

TEST_CASE("compare agrees with uv's order of requirement lists in the corpus", "[pep508][marker][order]") {
    // Pairs (first, second) of adjacent requirements on one package that differ
    // only in their marker, in the order uv wrote them.
    struct Pair {
        const char* first;
        const char* second;
        const char* where;
    };
    const Pair pairs[] = {
        // The child of a node is seen through the node's complement bit: `!=` and
        // `==` differ only in the sign of one handle.
        {"sys_platform != 'darwin'", "sys_platform == 'darwin'", "locks/NVIDIA-NeMo__RL__bae577f617, megatron-bridge"},
        {"platform_machine != 'x86_64'", "platform_machine == 'x86_64'",
         "locks/PrimeIntellect-ai__prime-rl__559b44772e"},
        {"extra == 'cpu'", "extra != 'cpu'", "uv-test-locks/lock__lock_multiple_sources_extra__0"},
        {"python_full_version <= '3.10'", "python_full_version > '3.10'",
         "uv-test-locks/lock__lock_python_version_marker_complement__0"},
        {"python_full_version < '3.12'", "python_full_version >= '3.12'", "uv-ecosystem/semantic-kernel"},
        // Root kinds in the declaration order of uv's `MarkerTreeKind` (version before
        // string), not in the diagram's variable order, and not in text order.
        {"python_full_version >= '3.11'", "sys_platform == 'darwin'",
         "uv-test-locks/lock__lock_exclude_unnecessary_python_forks__0"},
        {"python_full_version < '3.12'", "implementation_name == 'cpython'",
         "uv-test-locks/lock__lock_multiple_markers__0"},
        {"python_full_version < '3.11'", "extra == 'agents'", "locks/Future-House__paper-qa__d6be33aff2"},
        // Edges are compared range by range: the first edges differ in their child.
        {"python_full_version >= '3.10' and extra == 'bedrock'", "python_full_version < '3.10' and extra == 'bedrock'",
         "uv-ecosystem/openai-python"},
        {"sys_platform == 'darwin' and extra == 'cu118'", "sys_platform != 'darwin' and extra == 'cpu'",
         "uv-test-locks/lock__lock_pytorch_index_preferences__0"},
        {"implementation_name == 'pypy' and sys_platform == 'win32' and extra == 'd'",
         "(implementation_name != 'pypy' and extra == 'd') or (sys_platform != 'win32' and extra == 'd')",
         "uv-ecosystem/black"},
        {"python_full_version == '3.12.*' and platform_machine == 'x86_64' and sys_platform == 'linux' and "
         "extra == 'postgres'",
         "(python_full_version != '3.12.*' and platform_machine == 'aarch64' and extra == 'postgres') or "
         "(python_full_version != '3.12.*' and platform_machine == 'x86_64' and extra == 'postgres') or "
         "(platform_machine != 'aarch64' and platform_machine != 'x86_64' and extra == 'postgres') or "
         "(sys_platform != 'linux' and extra == 'postgres')",
         "locks/paperless-ngx__paperless-ngx__fc242bb570"},
        {"sys_platform == 'darwin' and extra == 'bop'", "extra == 'baz'",
         "uv-test-locks/lock__lock_recursive_extra__0"},
    };
    for (const Pair& p : pairs) {
        INFO(p.where << ": " << p.first << "  <  " << p.second);
        CHECK(m(p.first).compare(m(p.second)) == std::strong_ordering::less);
        CHECK(m(p.second).compare(m(p.first)) == std::strong_ordering::greater);
    }
}

TEST_CASE("compare is equal exactly for equivalent markers", "[pep508][marker][order]") {
    CHECK(m("python_version >= '3.9' and sys_platform == 'linux'").compare(
              m("sys_platform == 'linux' and python_full_version >= '3.9'")) == std::strong_ordering::equal);
    CHECK(m("platform_system == 'Windows'").compare(m("sys_platform == 'win32'")) == std::strong_ordering::equal);
    CHECK(MarkerTree::always_true().compare(MarkerTree::always_false()) == std::strong_ordering::less);
    CHECK(m("os_name == 'nt'").compare(m("os_name != 'nt'")) != std::strong_ordering::equal);
}

TEST_CASE("requires-python as a marker and its bounds", "[pep508][marker]") {
    using Kind = ReleaseBound::Kind;
    auto bounds = [](const char* specifiers) {
        auto marker = lockkit::pep508::requires_python_marker(specifiers);
        INFO(specifiers);
        REQUIRE(marker.has_value());
        return marker->python_full_version_bounds();
    };
    auto [lo, hi] = bounds(">=3.9");
    CHECK(lo.kind == Kind::Included);
    CHECK(lo.release == std::vector<std::uint64_t>{3, 9});
    CHECK(hi.kind == Kind::Unbounded);
    std::tie(lo, hi) = bounds(">=3.10, <3.13");
    CHECK(lo.release == std::vector<std::uint64_t>{3, 10});
    CHECK(hi.kind == Kind::Excluded);
    CHECK(hi.release == std::vector<std::uint64_t>{3, 13});
    // PEP 440: `==3.11.*` is [3.11, 3.12), `~=3.10` is [3.10, 4); a hole does not
    // move the bounding range.
    std::tie(lo, hi) = bounds("==3.11.*");
    CHECK(lo.release == std::vector<std::uint64_t>{3, 11});
    CHECK(hi.release == std::vector<std::uint64_t>{3, 12});
    std::tie(lo, hi) = bounds("~=3.10");
    CHECK(hi.kind == Kind::Excluded);
    CHECK(hi.release == std::vector<std::uint64_t>{4});
    std::tie(lo, hi) = bounds(">=3.8, !=3.9.1");
    CHECK(lo.release == std::vector<std::uint64_t>{3, 8});
    CHECK(hi.kind == Kind::Unbounded);
    // No specifiers: no bounds; not a specifier set: nothing.
    std::tie(lo, hi) = bounds("");
    CHECK(lo.kind == Kind::Unbounded);
    CHECK(hi.kind == Kind::Unbounded);
    CHECK_FALSE(lockkit::pep508::requires_python_marker(">=three").has_value());
    // A marker whose root tests something else has no python bounds.
    std::tie(lo, hi) = m("sys_platform == 'linux' and python_full_version >= '3.9'").python_full_version_bounds();
    CHECK(lo.kind == Kind::Unbounded);
}
