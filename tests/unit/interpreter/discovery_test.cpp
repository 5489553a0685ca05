#include "lockkit/interpreter/discovery.hpp"

#include "temp_tree.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <map>
#include <sys/stat.h>

using namespace lockkit::interpreter;
namespace fs = std::filesystem;

namespace {

/// A folder tree of fake interpreters whose "probe" answers come from a table, so the
/// search order can be checked without running Pythons.
class FakeMachine {
public:
    void add(const std::string& rel, std::string version, std::string implementation = "cpython") {
        m_tree.write(rel, "#!/bin/sh\n");
        ::chmod((m_tree.root() / rel).c_str(), 0755);
        m_versions[(m_tree.root() / rel).string()] = {std::move(version), std::move(implementation)};
    }
    void add_broken(const std::string& rel) {
        m_tree.write(rel, "#!/bin/sh\n");
        ::chmod((m_tree.root() / rel).c_str(), 0755);
    }
    fs::path at(const std::string& rel) const { return m_tree.root() / rel; }

    DiscoveryRequest request(std::string text, std::string requires_python = {}) {
        DiscoveryRequest r;
        r.request = *PythonRequest::parse(text);
        r.requires_python = std::move(requires_python);
        r.places.path = {at("usr/bin"), at("shims")};
        r.places.installs = {{"pyenv", at("pyenv/versions"), ""}};
        r.concurrent_probes = 1;  // the counts below are those of probing one after another
        r.probe = [this](const fs::path& p) -> std::expected<ProbeOutcome, std::string> {
            ++probes;
            const auto it = m_versions.find(p.string());
            if (it == m_versions.end()) {
                return std::unexpected("cannot query the Python interpreter `" + p.string() + "`: it exited with status 127");
            }
            ProbeOutcome out;
            unsigned a = 0, b = 0, c = 0;
            std::sscanf(it->second.first.c_str(), "%u.%u.%u", &a, &b, &c);
            out.info.python_major = a;
            out.info.python_minor = b;
            out.info.python_micro = c;
            out.info.implementation = it->second.second;
            out.info.markers.python_full_version = it->second.first;
            out.info.executable = p.string();
            return out;
        };
        return r;
    }
    std::atomic<int> probes = 0;

private:
    lockkit::testing::TempTree m_tree;
    std::map<std::string, std::pair<std::string, std::string>> m_versions;
};

} // namespace

TEST_CASE("discovery takes the first fitting interpreter in PATH order, then version managers") {
    FakeMachine m;
    m.add("usr/bin/python3", "3.11.2");
    m.add("usr/bin/python3.13", "3.13.1");
    m.add_broken("shims/python3.12");  // a pyenv shim with no active 3.12
    m.add("pyenv/versions/3.12.1/bin/python3", "3.12.1");
    m.add("pyenv/versions/3.10.13/bin/python3", "3.10.13");

    SECTION("no request: the first python3 in PATH") {
        auto found = find_interpreter(m.request(""));
        REQUIRE(found);
        CHECK(found->path == m.at("usr/bin/python3"));
    }
    SECTION("a minor version: the name python3.11/3.13 rules candidates out before probing") {
        m.probes = 0;
        auto found = find_interpreter(m.request("3.12"));
        REQUIRE(found);
        CHECK(found->path == m.at("pyenv/versions/3.12.1/bin/python3"));
        CHECK(found->info.python_micro == 1);
        // python3 (3.11.2) and the shim were probed and rejected; python3.13 never was.
        CHECK(m.probes == 3);
        REQUIRE(found->rejected.size() == 3);
        CHECK(found->rejected[0].rejection.find("it is Python 3.11.2, not 3.12") == 0);
        CHECK(found->rejected[1].path == m.at("usr/bin/python3.13"));
        CHECK(found->rejected[1].rejection == "its name says Python 3.13, not Python 3.12");
        CHECK(found->rejected[2].rejection.find("exited with status 127") != std::string::npos);
    }
    SECTION("requires-python alone: python3 in PATH is too old, python3.13 fits") {
        auto found = find_interpreter(m.request("", ">=3.12"));
        REQUIRE(found);
        CHECK(found->path == m.at("usr/bin/python3.13"));
    }
    SECTION("nothing fits: every candidate is listed with its reason") {
        auto found = find_interpreter(m.request("3.9"));
        REQUIRE_FALSE(found);
        const std::string message = found.error().render();
        CHECK(message.find("no Python interpreter found for Python 3.9 (from --python); looked at:") == 0);
        CHECK(message.find("usr/bin/python3 (PATH): it is Python 3.11.2, not 3.9") != std::string::npos);
        CHECK(message.find("pyenv/versions/3.12.1/bin/python3 (pyenv): its name says Python 3.12.1") != std::string::npos);
        CHECK(message.find("hint: lockkit downloads no interpreters") != std::string::npos);
    }
    SECTION("a file request probes that file only") {
        auto r = m.request(m.at("pyenv/versions/3.10.13").string(), ">=3.11");
        auto found = find_interpreter(r);
        REQUIRE_FALSE(found);
        REQUIRE(found.error().candidates.size() == 1);
        CHECK(found.error().candidates[0].path == m.at("pyenv/versions/3.10.13/bin/python3"));
        CHECK(found.error().candidates[0].rejection ==
              "Python 3.10.13 is outside the project's requires-python `>=3.11`");
    }
}

TEST_CASE("discovery skips, unprobed, names below requires-python's lower bound") {
    FakeMachine m;
    m.add("usr/bin/python3", "3.11.2");
    m.add_broken("shims/python3.13");  // pyenv shims of inactive versions: probing them fails
    m.add_broken("shims/python3.11");
    m.add_broken("shims/python3.10");
    m.add("pyenv/versions/3.12.1/bin/python3", "3.12.1");
    m.add("pyenv/versions/3.11.7/bin/python3", "3.11.7");

    SECTION("a lower bound: only names that could fit are probed") {
        auto found = find_interpreter(m.request("", ">=3.12.0"));
        REQUIRE(found);
        CHECK(found->path == m.at("pyenv/versions/3.12.1/bin/python3"));
        // python3 (no version in its name), the 3.13 shim and 3.12.1 were probed; 3.11 and 3.10 were not.
        CHECK(m.probes == 3);
        REQUIRE(found->rejected.size() == 4);
        CHECK(found->rejected[0].rejection == "Python 3.11.2 is outside the project's requires-python `>=3.12.0`");
        CHECK(found->rejected[1].rejection.find("exited with status 127") != std::string::npos);
        CHECK(found->rejected[2].path == m.at("shims/python3.11"));
        CHECK(found->rejected[2].rejection == "its name says Python 3.11, outside the project's requires-python `>=3.12.0`");
        CHECK(found->rejected[3].path == m.at("shims/python3.10"));
    }
    SECTION("a bound inside a minor series leaves that series to the probe") {
        auto found = find_interpreter(m.request("", ">=3.11.5"));
        REQUIRE(found);
        CHECK(found->path == m.at("pyenv/versions/3.12.1/bin/python3"));
        CHECK(m.probes == 4);  // python3, the 3.13 and 3.11 shims (3.11.5 and later would fit), 3.12.1
        REQUIRE(found->rejected.size() == 4);
        CHECK(found->rejected[2].path == m.at("shims/python3.11"));
        CHECK(found->rejected[2].rejection.find("exited with status 127") != std::string::npos);
        CHECK(found->rejected[3].rejection.find("its name says Python 3.10, outside") == 0);
    }
    SECTION("a full version in a folder name is that release; nothing fits: each reason is listed") {
        auto found = find_interpreter(m.request("", ">=3.12.2"));
        REQUIRE_FALSE(found);
        CHECK(m.probes == 2);  // python3 and the 3.13 shim
        const std::string message = found.error().render();
        CHECK(message.find("pyenv/versions/3.12.1/bin/python3 (pyenv): its name says Python 3.12.1, outside the "
                           "project's requires-python `>=3.12.2`") != std::string::npos);
        CHECK(message.find("pyenv/versions/3.11.7/bin/python3 (pyenv): its name says Python 3.11.7") != std::string::npos);
    }
    SECTION("upper bounds and exact versions are left to the probe") {
        auto found = find_interpreter(m.request("", "<3.12"));
        REQUIRE(found);
        CHECK(found->path == m.at("usr/bin/python3"));
        m.probes = 0;
        auto none = find_interpreter(m.request("", "==3.10.*"));
        REQUIRE_FALSE(none);
        CHECK(m.probes == 6);  // every candidate
    }
}

TEST_CASE("discovery probes several candidates at once and still chooses as one after another") {
    FakeMachine m;
    m.add("usr/bin/python3", "3.11.2");
    m.add_broken("shims/python3.13");
    m.add_broken("shims/python3.12");
    m.add_broken("shims/python3.11");
    m.add("pyenv/versions/3.13.0/bin/python3", "3.13.0", "pypy");
    m.add("pyenv/versions/3.12.1/bin/python3", "3.12.1");
    m.add("pyenv/versions/3.11.7/bin/python3", "3.11.7");
    m.add("pyenv/versions/3.10.13/bin/python3", "3.10.13");
    const auto render = [](const std::vector<Candidate>& candidates) {
        std::string out;
        for (const auto& c : candidates) out += c.path.string() + ": " + c.rejection + "\n";
        return out;
    };
    for (const auto& [request, requires_python] : std::vector<std::pair<std::string, std::string>>{
             {"", ""}, {"", ">=3.12"}, {"cpython", ">=3.12"}, {"3.11", ""}, {"3.10", ">=3.10"}, {"3.9", ""},
             {"", ">=3.14"}}) {
        CAPTURE(request, requires_python);
        auto one_by_one = find_interpreter(m.request(request, requires_python));
        for (unsigned concurrent : {2u, 3u, 8u}) {
            CAPTURE(concurrent);
            auto r = m.request(request, requires_python);
            r.concurrent_probes = concurrent;
            auto at_once = find_interpreter(r);
            REQUIRE(at_once.has_value() == one_by_one.has_value());
            if (one_by_one) {
                CHECK(at_once->path == one_by_one->path);
                CHECK(at_once->info.python_micro == one_by_one->info.python_micro);
                CHECK(render(at_once->rejected) == render(one_by_one->rejected));
            } else {
                CHECK(at_once.error().render() == one_by_one.error().render());
            }
        }
    }
}
