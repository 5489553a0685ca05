// Probing real interpreters: the ones pyenv installed on this machine
// (~/.pyenv/versions/*, or $LOCKKIT_TEST_PYTHONS, colon-separated) and the
// system python3. What they say is checked against the interpreter's own
// `packaging` (pip's vendored copy): its marker environment and, where that
// copy knows PEP 600, its `sys_tags()` list in full and in order.

#include "lockkit/interpreter/probe.hpp"
#include "lockkit/util/subprocess.hpp"

#include "../../skip.hpp"
#include "../../temp_tree.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>
#include <sys/stat.h>
#include <thread>

using namespace lockkit;
using namespace lockkit::interpreter;

namespace {

std::vector<std::filesystem::path> test_pythons() {
    std::vector<std::filesystem::path> out;
    if (const char* list = std::getenv("LOCKKIT_TEST_PYTHONS"); list != nullptr && *list != '\0') {
        std::string_view rest = list;
        while (!rest.empty()) {
            const auto colon = rest.find(':');
            out.emplace_back(std::string(rest.substr(0, colon)));
            rest = colon == std::string_view::npos ? std::string_view() : rest.substr(colon + 1);
        }
        return out;
    }
    if (const char* home = std::getenv("HOME")) {
        std::error_code ec;
        for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(home) / ".pyenv/versions", ec)) {
            const auto python = entry.path() / "bin" / "python3";
            if (std::filesystem::exists(python)) {
                out.push_back(python);
            }
        }
    }
    std::sort(out.begin(), out.end());
    if (std::filesystem::exists("/usr/bin/python3")) {
        out.emplace_back("/usr/bin/python3");
    }
    return out;
}

/// What the interpreter's own `packaging` says, or null when it has none.
nlohmann::json packaging_view(const std::filesystem::path& python) {
    // pip's vendored copy first: an installed `packaging` may be newer than uv's view (packaging 26
    // lists linux_<arch> before the manylinux tags; uv 0.12.5 lists it last, as packaging 21-24 do).
    const char* script = R"(
import importlib, json
packaging = None
for name in ("pip._vendor.packaging", "packaging"):
    try:
        packaging = importlib.import_module(name)
        markers = importlib.import_module(name + ".markers")
        break
    except ImportError:
        packaging = None
if packaging is None:
    print("null")
    raise SystemExit
try:
    sys_tags = [str(t) for t in importlib.import_module(packaging.__name__ + ".tags").sys_tags()]
except ImportError:
    sys_tags = None  # packaging before 19
version = getattr(packaging, "__version__", None) or packaging.__about__.__version__
print(json.dumps({"version": version, "tags": sys_tags, "markers": markers.default_environment()}))
)";
    const auto result = run_process({python.string(), "-I", "-c", script}, ProcessOptions{true});
    if (!result || result->exit_code != 0) {
        return nullptr;
    }
    return nlohmann::json::parse(result->out, nullptr, false);
}

bool knows_pep600(const std::string& packaging_version) {
    // packaging 20.9 brought manylinux_2_X tags (PEP 600).
    const auto dot = packaging_version.find('.');
    const int major = std::atoi(packaging_version.substr(0, dot).c_str());
    const int minor = std::atoi(packaging_version.substr(dot + 1).c_str());
    return major > 20 || (major == 20 && minor >= 9);
}

} // namespace

TEST_CASE("each Python on this machine describes itself as its own packaging does", "[interpreter][probe]") {
    const auto pythons = test_pythons();
    if (pythons.empty()) {
        LOCKKIT_SKIP("no Python interpreters found (set LOCKKIT_TEST_PYTHONS)");
    }
    std::size_t compared_tags = 0;
    for (const auto& python : pythons) {
        INFO(python.string());
        const auto outcome = probe_interpreter(python);
        if (!outcome) {
            // Only interpreters too old for the probe may fail, and then with the hint.
            INFO(outcome.error());
            CHECK(outcome.error().find("hint: lockkit needs Python 3.6 or later") != std::string::npos);
            continue;
        }
        const auto& info = outcome->info;
        const auto view = packaging_view(python);
        if (view.is_null() || view.is_discarded()) {
            WARN("no packaging module in " + python.string() + ": compared nothing");
            continue;
        }
        const auto& env = view["markers"];
        CHECK(info.markers.implementation_name == env["implementation_name"]);
        CHECK(info.markers.implementation_version == env["implementation_version"]);
        CHECK(info.markers.os_name == env["os_name"]);
        CHECK(info.markers.platform_machine == env["platform_machine"]);
        CHECK(info.markers.platform_python_implementation == env["platform_python_implementation"]);
        CHECK(info.markers.platform_release == env["platform_release"]);
        CHECK(info.markers.platform_system == env["platform_system"]);
        CHECK(info.markers.platform_version == env["platform_version"]);
        CHECK(info.markers.python_full_version == env["python_full_version"]);
        CHECK(info.markers.python_version == env["python_version"]);
        CHECK(info.markers.sys_platform == env["sys_platform"]);

        const std::string version = view["version"];
        if (view["tags"].is_null() || !knows_pep600(version) || info.gil_disabled) {
            // Old packaging has no manylinux_2_X; free-threaded tags differ across packaging versions.
            continue;
        }
        const auto ours = info.supported_tags();
        REQUIRE(ours);
        std::vector<std::string> expected = view["tags"];
        std::vector<std::string> actual;
        for (const auto& tag : ours->tags()) {
            actual.push_back(tag.to_string());
        }
        // packaging before 22 leaves out `<interpreter>-none-any` (cp312-none-any); uv lists it
        // (its own snapshots, checked in supported_tags_test), so only that one entry is forgiven.
        const std::string interpreter_any = actual.empty() ? "" : actual.front().substr(0, actual.front().find('-')) +
                                                                      "-none-any";
        if (std::find(expected.begin(), expected.end(), interpreter_any) == expected.end()) {
            std::erase(actual, interpreter_any);
        }
        INFO("packaging " << version);
        // Name the first difference rather than printing 600 tags.
        std::size_t i = 0;
        while (i < actual.size() && i < expected.size() && actual[i] == expected[i]) {
            ++i;
        }
        INFO("first difference at " << i << ": ours " << (i < actual.size() ? actual[i] : "<end>") << ", packaging "
                                    << (i < expected.size() ? expected[i] : "<end>"));
        CHECK(actual.size() == expected.size());
        CHECK(i == actual.size());
        ++compared_tags;
    }
    CHECK(compared_tags > 0);
}

TEST_CASE("answers are cached by interpreter path, size and modification time", "[interpreter][probe]") {
    const auto pythons = test_pythons();
    std::optional<std::filesystem::path> real;
    for (const auto& python : pythons) {
        if (probe_interpreter(python)) {
            real = python;
            break;
        }
    }
    if (!real) {
        LOCKKIT_SKIP("no Python 3.6+ found");
    }
    testing::TempTree tree;
    const InterpreterCache cache(tree.root() / "cache");
    // Our own copy of the interpreter's link, so its modification time is ours to change.
    const auto link = tree.root() / "bin" / "python";
    std::filesystem::create_directories(link.parent_path());
    std::filesystem::create_symlink(std::filesystem::canonical(*real), link);

    const auto first = probe_interpreter(link, &cache);
    REQUIRE(first);
    CHECK_FALSE(first->from_cache);
    CHECK(tree.count_files("cache/interpreter-v1") == 1);
    const auto second = probe_interpreter(link, &cache);
    REQUIRE(second);
    CHECK(second->from_cache);
    CHECK(second->info.markers.python_full_version == first->info.markers.python_full_version);
    CHECK(second->info.executable == first->info.executable);

    // A damaged entry is a miss and is rewritten.
    const auto stamp = InterpreterStamp::of(link).value();
    std::ofstream(cache.entry_path(stamp)) << "{not json";
    CHECK_FALSE(probe_interpreter(link, &cache)->from_cache);
    CHECK(probe_interpreter(link, &cache)->from_cache);

    // Another interpreter at the same path (a different stamp) misses.
    auto changed = stamp;
    changed.mtime_ns += 1;
    CHECK_FALSE(cache.find(changed));
    changed = stamp;
    changed.size += 1;
    CHECK_FALSE(cache.find(changed));
    CHECK(cache.find(stamp));
}

TEST_CASE("a launcher that runs another interpreter is not cached", "[interpreter][probe]") {
    const auto pythons = test_pythons();
    std::optional<std::filesystem::path> real;
    for (const auto& python : pythons) {
        if (probe_interpreter(python)) {
            real = python;
            break;
        }
    }
    if (!real) {
        LOCKKIT_SKIP("no Python 3.6+ found");
    }
    testing::TempTree tree;
    const InterpreterCache cache(tree.root() / "cache");
    tree.write("shim/python", "#!/bin/sh\nexec '" + std::filesystem::canonical(*real).string() + "' \"$@\"\n");
    ::chmod((tree.root() / "shim/python").c_str(), 0755);
    const auto probed = probe_interpreter(tree.root() / "shim/python", &cache);
    REQUIRE(probed);
    CHECK_FALSE(probed->from_cache);
    CHECK(tree.count_files("cache") == 0);
}

TEST_CASE("interpreters that cannot answer get a clear error", "[interpreter][probe]") {
    testing::TempTree tree;
    const auto missing = probe_interpreter(tree.root() / "no-such-python");
    REQUIRE_FALSE(missing);
    CHECK(missing.error() == "cannot query the Python interpreter `" + (tree.root() / "no-such-python").string() +
                                 "`: it does not exist or cannot be run");

    tree.write("bin/broken", "#!/bin/sh\necho 'Fatal Python error: init_fs_encoding' >&2\nexit 1\n");
    ::chmod((tree.root() / "bin/broken").c_str(), 0755);
    const auto broken = probe_interpreter(tree.root() / "bin/broken");
    REQUIRE_FALSE(broken);
    CHECK(broken.error().find("it exited with status 1: Fatal Python error: init_fs_encoding") != std::string::npos);

    tree.write("bin/chatty", "#!/bin/sh\necho 'hello'\n");
    ::chmod((tree.root() / "bin/chatty").c_str(), 0755);
    CHECK(probe_interpreter(tree.root() / "bin/chatty").error().find("the answer is not a JSON object") !=
          std::string::npos);

    if (const char* home = std::getenv("HOME")) {
        const auto python2 = std::filesystem::path(home) / ".pyenv/versions/2.7.18/bin/python";
        if (std::filesystem::exists(python2)) {
            const auto old = probe_interpreter(python2);
            REQUIRE_FALSE(old);
            CHECK(old.error().find("Unknown option: -I") != std::string::npos);
            CHECK(old.error().find("hint: lockkit needs Python 3.6 or later") != std::string::npos);
        }
    }
}
