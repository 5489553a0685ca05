// Where each package of a lock is reached (lockfile/reach_markers.hpp), checked against what uv
// itself wrote: a package's `resolution-markers` are the forks that meet its reachability.

#include "../../corpus_dir.hpp"
#include "lockkit/lockfile/reach_markers.hpp"
#include "lockkit/lockfile/reader.hpp"
#include "lockkit/util/atomic_file.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

using namespace lockkit;
using lockkit::pep508::MarkerTree;

namespace {

lockfile::Lock lock_of(const std::string& body, const std::string& requires_python = ">=3.11") {
    auto l = lockfile::parse_lock("version = 1\nrevision = 3\nrequires-python = \"" + requires_python + "\"\n" + body,
                                  "t.lock");
    if (!l) FAIL(l.error().render());
    return *l;
}

MarkerTree marker(const std::string& text) {
    auto m = MarkerTree::parse(text);
    REQUIRE(m);
    return *m;
}

const std::string k_registry = "source = { registry = \"https://pypi.org/simple\" }\n";

} // namespace

TEST_CASE("reach: edge markers and along a path, or across paths, with requires-python added back",
          "[lockfile][reach]") {
    // As uv 0.12.5 writes it: app needs foo on Linux and bar everywhere; bar needs foo on
    // Windows. foo's own edge to winonly is restricted under foo's reach, so it reads "always".
    const auto lock = lock_of(
        "\n[[package]]\nname = \"app\"\nversion = \"0.1.0\"\nsource = { virtual = \".\" }\n"
        "dependencies = [\n    { name = \"bar\" },\n    { name = \"foo\", marker = \"sys_platform == 'linux'\" },\n]\n"
        "\n[[package]]\nname = \"bar\"\nversion = \"1.0\"\n" + k_registry +
        "dependencies = [\n    { name = \"foo\", marker = \"sys_platform == 'win32'\" },\n]\n"
        "\n[[package]]\nname = \"foo\"\nversion = \"1.0\"\n" + k_registry +
        "dependencies = [\n    { name = \"winonly\", marker = \"sys_platform == 'win32'\" },\n]\n"
        "\n[[package]]\nname = \"winonly\"\nversion = \"1.0\"\n" + k_registry);
    const auto found = lockfile::lock_reach(lock);
    REQUIRE(found);
    const auto* reach = &found->packages;
    const MarkerTree rp = marker("python_full_version >= '3.11'");
    CHECK((*reach)[0] == rp);
    CHECK((*reach)[1] == rp);
    CHECK((*reach)[2] == rp.and_with(marker("sys_platform == 'linux' or sys_platform == 'win32'")));
    CHECK((*reach)[3] == rp.and_with(marker("sys_platform == 'win32'")));
}

TEST_CASE("reach: a registry package's extra counts only where an edge asks for it", "[lockfile][reach]") {
    const auto lock = lock_of(
        "\n[[package]]\nname = \"app\"\nversion = \"0.1.0\"\nsource = { virtual = \".\" }\n"
        "dependencies = [\n    { name = \"foo\" },\n    { name = \"foo\", extra = [\"ext\"], marker = \"os_name == 'nt'\" },\n]\n"
        "\n[package.optional-dependencies]\nlocal = [\n    { name = \"baz\" },\n]\n"
        "\n[[package]]\nname = \"bar\"\nversion = \"1.0\"\n" + k_registry +
        "\n[[package]]\nname = \"baz\"\nversion = \"1.0\"\n" + k_registry +
        "\n[[package]]\nname = \"foo\"\nversion = \"1.0\"\n" + k_registry +
        "\n[package.optional-dependencies]\next = [\n    { name = \"bar\" },\n]\n");
    const auto found = lockfile::lock_reach(lock);
    REQUIRE(found);
    const auto* reach = &found->packages;
    const MarkerTree rp = marker("python_full_version >= '3.11'");
    CHECK((*reach)[1] == rp.and_with(marker("os_name == 'nt'")));  // bar, through foo[ext]
    CHECK((*reach)[2] == rp);                                       // baz: the member's own extra
    CHECK((*reach)[3] == rp);
    CHECK(found->extras[3].at("ext") == rp.and_with(marker("os_name == 'nt'")));
    CHECK(found->extras[0].at("local") == rp);
}

TEST_CASE("reach agrees with the package resolution-markers uv wrote in the corpus", "[lockfile][reach][corpus]") {
    const auto root = testing::corpus_dir();
    if (!root) {
        LOCKKIT_SKIP(lockkit::testing::k_no_corpus);
    }
    std::size_t checked = 0;
    for (const auto& file : testing::corpus_all_locks(*root)) {
        const auto text = read_file(file);
        REQUIRE(text.has_value());
        auto lock = lockfile::parse_lock(*text, file.string());
        // Conflict pseudo-extras are left out of the reach, so those locks' forks cannot be compared.
        // Older writers (before revision 3) computed package forks differently; those are left out.
        if (!lock || lock->revision < 3 || !lock->conflicts.empty() || !lock->resolution_markers) continue;
        // Wheel-variant markers (`variant_properties`) are not PEP 508: such a lock is left out.
        if (std::any_of(lock->resolution_markers->begin(), lock->resolution_markers->end(),
                        [](const std::string& m) { return !MarkerTree::parse(m); }))
            continue;
        const auto found = lockfile::lock_reach(*lock);
        if (!found) continue;
        const auto* reach = &found->packages;
        INFO(testing::corpus_name(*root, file));
        const auto rp = pep508::requires_python_marker(lock->requires_python);
        REQUIRE(rp);
        for (std::size_t i = 0; i < lock->packages.size(); ++i) {
            const auto& p = lock->packages[i];
            INFO(p.id.name << " " << p.id.version.value_or(""));
            CHECK_FALSE((*reach)[i].is_false());  // uv drops what nothing reaches
            if (p.resolution_markers.empty()) continue;
            std::set<std::string> meeting;
            for (const auto& fork : *lock->resolution_markers)
                if (!MarkerTree::parse(fork)->and_with(*rp).is_disjoint((*reach)[i])) meeting.insert(fork);
            CHECK(meeting == std::set<std::string>(p.resolution_markers.begin(), p.resolution_markers.end()));
            ++checked;
        }
    }
    CHECK(checked > 500);
}
