// `canonicalize` on entries that tie on everything but their marker. The
// corpus tests (corpus_shuffle_test.cpp) and the conformance tests check the
// order against locks real uv wrote; these cover what no uv-written lock shows.

#include "lockkit/lockfile/canonical.hpp"
#include "lockkit/lockfile/reader.hpp"
#include "lockkit/lockfile/writer.hpp"

#include <catch2/catch.hpp>
#include <string>

using namespace lockkit::lockfile;

namespace {

/// A lock whose package `app` has two edges to `dep` that differ only in their marker.
std::string lock_with_edges(const std::string& resolution_markers, const std::string& first,
                            const std::string& second) {
    auto edge = [](const std::string& marker) { return "    { name = \"dep\", marker = \"" + marker + "\" },\n"; };
    return "version = 1\nrevision = 3\nrequires-python = \">=3.9\"\n" + resolution_markers +
           "\n[[package]]\nname = \"app\"\nversion = \"0.1.0\"\nsource = { virtual = \".\" }\ndependencies = [\n" +
           edge(first) + edge(second) +
           "]\n\n[[package]]\nname = \"dep\"\nversion = \"1.0\"\nsource = { registry = \"https://pypi.org/simple\" }\n";
}

std::string canonical(const std::string& text) {
    auto lock = parse_lock(text, "uv.lock");
    REQUIRE(lock.has_value());
    canonicalize(*lock);
    return write_lock(*lock);
}

} // namespace

// uv never writes two edges to one target with the same extras from a
// resolution (it merges them), so no real lock shows this order; it follows from
// uv's source: `Ord for Dependency` (uv-resolver lock/mod.rs, derived) compares
// `simplified_marker` after the target and extras, and on reading
// (`TryFrom<LockWire> for Lock`, `DependencyWire::unwire`) that marker is the
// written one and-ed with the union of the fork markers, simplified under
// requires-python.
TEST_CASE("tied edges sort by their marker and-ed with the resolution's environment", "[lockfile][canonical]") {
    const std::string darwin = "sys_platform == 'darwin'";
    const std::string old_python = "python_full_version < '3.11'";

    // Without fork markers the environment is everything: a version root sorts
    // before a string root.
    const std::string plain = lock_with_edges("", old_python, darwin);
    CHECK(canonical(plain) == plain);
    CHECK(canonical(lock_with_edges("", darwin, old_python)) == plain);

    // Forks on darwin and linux: both markers become sys_platform nodes; on the
    // `darwin` edge the always-true leaf (darwin edge) precedes the version node.
    const std::string forks = "resolution-markers = [\n    \"" + darwin + "\",\n    \"sys_platform == 'linux'\",\n]\n";
    const std::string forked = lock_with_edges(forks, darwin, old_python);
    CHECK(canonical(forked) == forked);
    CHECK(canonical(lock_with_edges(forks, old_python, darwin)) == forked);
}

TEST_CASE("a marker that does not parse leaves a tie in input order", "[lockfile][canonical]") {
    // The reader keeps marker text verbatim, so a hand-edited lock can hold one
    // that does not parse; `canonicalize` never fails: such ties keep their order.
    const std::string a = lock_with_edges("", "sys_platform == 'linux'", "not a marker ==");
    const std::string b = lock_with_edges("", "not a marker ==", "sys_platform == 'linux'");
    CHECK(canonical(a) == a);
    CHECK(canonical(b) == b);
}
