// The one definition of a lock's roots (lockfile/roots.hpp) that the merge,
// lock-verify, the install selection and lock-diff share.

#include "lockkit/lockfile/reader.hpp"
#include "lockkit/lockfile/roots.hpp"

#include <catch2/catch.hpp>

using namespace lockkit::lockfile;

namespace {

Lock lock_of(const std::string& body) {
    auto l = parse_lock("version = 1\nrevision = 3\nrequires-python = \">=3.12\"\n" + body, "t.lock");
    if (!l) FAIL(l.error().render());
    return *l;
}

std::string registry(const std::string& name, const std::string& deps = "") {
    return "\n[[package]]\nname = \"" + name + "\"\nversion = \"1.0\"\nsource = { registry = \"https://pypi.org/simple\" }\n" +
           deps;
}

std::string tree(const std::string& name, const std::string& kind, const std::string& path, const std::string& deps = "") {
    return "\n[[package]]\nname = \"" + name + "\"\nversion = \"0.1.0\"\nsource = { " + kind + " = \"" + path + "\" }\n" + deps;
}

std::string deps(std::initializer_list<const char*> names) {
    std::string out = "dependencies = [\n";
    for (const char* n : names) out += std::string("    { name = \"") + n + "\" },\n";
    return out + "]\n";
}

} // namespace

TEST_CASE("a single project: the source tree at '.'; a path dependency is reached, not a root", "[lockfile][roots]") {
    const auto lock = lock_of(tree("app", "editable", ".", deps({"a", "lib"})) + registry("a") +
                              tree("lib", "directory", "../lib") + tree("orphan", "directory", "../orphan") +
                              registry("z"));
    const auto roots = lock_roots(lock);
    REQUIRE(roots.member_names == std::vector<std::string>{"app"});
    const auto reached = reachable_packages(lock, roots);
    REQUIRE(reached);
    std::vector<std::string> unreached;
    for (std::size_t i = 0; i < lock.packages.size(); ++i) {
        if (!(*reached)[i]) unreached.push_back(lock.packages[i].id.name);
    }
    CHECK(unreached == std::vector<std::string>{"orphan", "z"});
}

TEST_CASE("a workspace: the members list names the roots", "[lockfile][roots]") {
    const auto lock = lock_of(tree("a-member", "editable", "packages/a", deps({"x"})) +
                              tree("b-member", "editable", "packages/b") + tree("root", "virtual", ".") + registry("x") +
                              "\n[manifest]\nmembers = [\n    \"a-member\",\n    \"b-member\",\n]\n");
    const auto roots = lock_roots(lock);
    CHECK(roots.member_names == std::vector<std::string>{"a-member", "b-member"});
    const auto reached = reachable_packages(lock, roots);
    REQUIRE(reached);
    CHECK((*reached)[static_cast<std::size_t>(lock.find(lock.packages[3].id))]);  // x
}

TEST_CASE("a script or project-less root: [manifest] requirements and groups, by name", "[lockfile][roots]") {
    auto lock = lock_of(registry("a", deps({"b"})) + registry("b") + registry("c") + registry("d"));
    Requirement r;
    r.name = "a";
    lock.manifest.requirements.push_back(r);
    Requirement g;
    g.name = "d";
    lock.manifest.dependency_groups.emplace_back("dev", std::vector<Requirement>{g});
    const auto roots = lock_roots(lock);
    CHECK(roots.members.empty());
    CHECK(roots.manifest_names == std::vector<std::string>{"a", "d"});
    const auto reached = reachable_packages(lock, roots);
    REQUIRE(reached);
    CHECK(*reached == std::vector<bool>{true, true, false, true});
}

TEST_CASE("no members list and no project at '.': the source trees nothing depends on", "[lockfile][roots]") {
    const auto lock = lock_of(tree("one", "editable", "one", deps({"two"})) + tree("two", "editable", "two"));
    CHECK(lock_roots(lock).member_names == std::vector<std::string>{"one"});
    CHECK_FALSE(reachable_packages(lock_of(registry("a")), lock_roots(lock_of(registry("a")))));
}
