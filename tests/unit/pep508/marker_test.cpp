#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "lockkit/pep508/marker.hpp"

using lockkit::pep508::MarkerEnvironment;
using lockkit::pep508::MarkerTree;
using lockkit::pep508::ReleaseBound;

namespace {

MarkerTree m(const std::string& text) {
    auto parsed = MarkerTree::parse(text);
    INFO(text);
    REQUIRE(parsed.has_value());
    return *parsed;
}

std::string canon(const std::string& text) { return m(text).to_string(); }

MarkerEnvironment linux_cpython_312() {
    MarkerEnvironment env;
    env.implementation_name = "cpython";
    env.implementation_version = "3.12.1";
    env.os_name = "posix";
    env.platform_machine = "x86_64";
    env.platform_python_implementation = "CPython";
    env.platform_release = "6.1.0-18-amd64";
    env.platform_system = "Linux";
    env.platform_version = "#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)";
    env.python_full_version = "3.12.1";
    env.python_version = "3.12";
    env.sys_platform = "linux";
    return env;
}

#include "uv_simplification_cases.inc"

} // namespace

TEST_CASE("python_version becomes python_full_version ranges (uv-lock-format 5.3)", "[pep508][marker]") {
    CHECK(canon("python_version >= '3.9'") == "python_full_version >= '3.9'");
    CHECK(canon("python_version > '3.9'") == "python_full_version >= '3.10'");
    CHECK(canon("python_version <= '3.9'") == "python_full_version < '3.10'");
    CHECK(canon("python_version < '3.9'") == "python_full_version < '3.9'");
    CHECK(canon("python_version == '3.9'") == "python_full_version == '3.9.*'");
    CHECK(canon("python_version != '3.9'") == "python_full_version != '3.9.*'");
    // Bounds keep their digits; trailing zeros are trimmed.
    CHECK(canon("python_full_version >= '3.8.1'") == "python_full_version >= '3.8.1'");
    CHECK(canon("python_full_version >= '3.9.0'") == "python_full_version >= '3.9'");
    CHECK(canon("python_version > '3.9.1'") == "python_full_version >= '3.10'");
    CHECK(canon("python_version == '3.9.1'") == "python_version < '0'");
    CHECK(canon("python_version != '3.9.1'").empty());
    CHECK(canon("python_version ~= '3.9'") == "python_full_version >= '3.9' and python_full_version < '4'");
    CHECK(canon("python_full_version >= '3.13.0b1'") == "python_full_version >= '3.13'");
    CHECK(canon("python_full_version === '3.9'") == "python_full_version == '3.9'");
    // Inverted comparisons.
    CHECK(canon("'3.9' < python_version") == "python_full_version >= '3.10'");
    CHECK(canon("'3.9' <= python_full_version") == "python_full_version >= '3.9'");
}

TEST_CASE("constants print as uv prints them", "[pep508][marker]") {
    CHECK(MarkerTree::always_true().to_string().empty());
    CHECK_FALSE(MarkerTree::always_true().contents().has_value());
    CHECK(MarkerTree::always_false().to_string() == "python_version < '0'");
    CHECK(m("").is_true());
    CHECK(m("   ").is_true());
    CHECK(m("python_version < '0'").is_false());
    CHECK(m("sys_platform == 'linux' or sys_platform != 'linux'").is_true());
    CHECK(m("sys_platform == 'linux' and sys_platform != 'linux'").is_false());
    CHECK(m("os_name < 'posix'").is_false());  // strict string ordering is always false
    CHECK(canon("os_name <= 'posix'") == "os_name == 'posix'");
}

TEST_CASE("deprecated and platform_system names are normalised", "[pep508][marker]") {
    CHECK(canon("os.name == 'nt'") == "os_name == 'nt'");
    CHECK(canon("sys.platform == 'win32'") == "sys_platform == 'win32'");
    CHECK(canon("platform.version == '1'") == "platform_version == '1'");
    CHECK(canon("platform.machine == 'x86_64'") == "platform_machine == 'x86_64'");
    CHECK(canon("platform.python_implementation == 'CPython'") == "platform_python_implementation == 'CPython'");
    CHECK(canon("python_implementation == 'PyPy'") == "platform_python_implementation == 'PyPy'");
    CHECK(m("os.name == 'nt'") == m("os_name == 'nt'"));
    // uv maps one-to-one platform_system values onto sys_platform.
    CHECK(canon("platform_system == 'Windows'") == "sys_platform == 'win32'");
    CHECK(canon("platform_system != 'Darwin'") == "sys_platform != 'darwin'");
    CHECK(canon("platform_system == 'FreeBSD'") == "platform_system == 'FreeBSD'");
    // Known-incompatible pairs are false.
    CHECK(m("os_name == 'nt' and sys_platform == 'linux'").is_false());
    CHECK(m("platform_system == 'FreeBSD' and sys_platform == 'win32'").is_false());
    CHECK_FALSE(m("os_name == 'nt' and sys_platform == 'win32'").is_false());
}

TEST_CASE("'in' and 'not in' on strings", "[pep508][marker]") {
    CHECK(canon("'arm' in platform_version") == "'arm' in platform_version");
    CHECK(canon("'arm' not in platform_version") == "'arm' not in platform_version");
    CHECK(canon("\"x\" not in platform_release") == "'x' not in platform_release");
    CHECK(canon("platform_machine in 'x86_64 aarch64'") == "platform_machine in 'x86_64 aarch64'");
    CHECK(canon("platform_machine not in 'x86_64 aarch64'") == "platform_machine not in 'x86_64 aarch64'");
    CHECK(m("'arm' in platform_version").negate() == m("'arm' not in platform_version"));
    // Contains-tests sort by their variable: platform_version comes before sys_platform.
    CHECK(canon("sys_platform == 'linux' and 'arm' in platform_version") ==
          "'arm' in platform_version and sys_platform == 'linux'");
    CHECK(canon("'arm' in platform_version and python_full_version >= '3.9'") ==
          "python_full_version >= '3.9' and 'arm' in platform_version");
}

TEST_CASE("PEP 751 list markers and extras", "[pep508][marker]") {
    CHECK(canon("'cpu' in extras") == "'cpu' in extras");
    CHECK(canon("'Dev_Tools' not in dependency_groups") == "'dev-tools' not in dependency_groups");
    CHECK(canon("extra == 'Test_Extra'") == "extra == 'test-extra'");
    CHECK(canon("'test' == extra") == "extra == 'test'");
    CHECK(canon("extra == 'a' and 'b' in extras and 'c' in dependency_groups and sys_platform == 'linux'") ==
          "sys_platform == 'linux' and 'b' in extras and 'c' in dependency_groups and extra == 'a'");
    CHECK(m("extra == 'not valid!'").is_false());
}

TEST_CASE("and binds tighter than or; parentheses and quotes", "[pep508][marker]") {
    CHECK(m("os_name == 'a' or os_name == 'b' and sys_platform == 'c'") ==
          m("os_name == 'a' or (os_name == 'b' and sys_platform == 'c')"));
    CHECK(m("os_name == 'a' or os_name == 'b' and sys_platform == 'c'") !=
          m("(os_name == 'a' or os_name == 'b') and sys_platform == 'c'"));
    CHECK(canon("(sys_platform == 'linux' or sys_platform == 'darwin') and python_version >= '3.9'") ==
          "(python_full_version >= '3.9' and sys_platform == 'darwin') or (python_full_version >= '3.9' and sys_platform == 'linux')");
    CHECK(canon("sys_platform==\"linux\"") == "sys_platform == 'linux'");
    CHECK(canon("((sys_platform == 'linux'))") == "sys_platform == 'linux'");
    // uv's DNF is not minimal: the range node splits `extra == 'dev'` into one clause per segment.
    CHECK(canon("python_version >= '3.8' and python_version < '3.12' or extra == 'dev'") ==
          "(python_full_version >= '3.8' and python_full_version < '3.12') or (python_full_version < '3.8' and extra == 'dev') or (python_full_version >= '3.12' and extra == 'dev')");
}

TEST_CASE("uv's simplification expectations", "[pep508][marker]") {
    for (auto [input, expected] : k_uv_simplifications) {
        INFO(input);
        CHECK(canon(input) == expected);
    }
}

TEST_CASE("algebra: and, or, negate, disjointness, implication", "[pep508][marker]") {
    MarkerTree a = m("sys_platform == 'linux'");
    MarkerTree b = m("python_version >= '3.10'");
    CHECK(a.and_with(b) == m("python_version >= '3.10' and sys_platform == 'linux'"));
    CHECK(a.or_with(b).negate() == a.negate().and_with(b.negate()));
    CHECK(a.negate().negate() == a);
    CHECK(a.and_with(a.negate()).is_false());
    CHECK(a.or_with(a.negate()).is_true());
    CHECK(a.is_disjoint(m("sys_platform == 'win32'")));
    CHECK_FALSE(a.is_disjoint(b));
    CHECK(m("python_version >= '3.11'").implies(b).is_true());
    CHECK_FALSE(b.implies(m("python_version >= '3.11'")).is_true());
    CHECK(m("python_full_version >= '3.9' and python_full_version < '3.9'").is_false());
    CHECK(MarkerTree().is_true());
}

TEST_CASE("requires-python simplification and complexification", "[pep508][marker]") {
    ReleaseBound lower{ReleaseBound::Kind::Included, {3, 8}};
    ReleaseBound none{};
    MarkerTree x = m("python_full_version >= '3.8' and python_full_version < '3.12'");
    MarkerTree simple = x.simplify_python_versions(lower, none);
    CHECK(simple.to_string() == "python_full_version < '3.12'");
    CHECK(m("python_full_version >= '3.8'").simplify_python_versions(lower, none).is_true());
    CHECK(simple.complexify_python_versions(lower, none) == x);
    CHECK(MarkerTree().complexify_python_versions(lower, none).to_string() == "python_full_version >= '3.8'");
}

TEST_CASE("restrict, without_extras, only_extras, simplify_extras", "[pep508][marker]") {
    MarkerTree x = m("sys_platform == 'linux' and python_version < '3.11'");
    CHECK(x.restrict(m("sys_platform == 'linux'")).to_string() == "python_full_version < '3.11'");
    MarkerTree e = m("sys_platform == 'linux' and extra == 'dev'");
    CHECK(e.without_extras().to_string() == "sys_platform == 'linux'");
    CHECK(e.only_extras().to_string() == "extra == 'dev'");
    std::vector<std::string> dev{"dev"};
    CHECK(e.simplify_extras(dev).to_string() == "sys_platform == 'linux'");
    CHECK(e.evaluate_extras_only(dev));
    CHECK_FALSE(e.evaluate_extras_only({}));
    // uv's `evaluate_only_extras`: a platform test must hold on every branch.
    CHECK_FALSE(e.holds_with_only_extras(dev));
    CHECK(m("extra == 'dev' or extra == 'x'").holds_with_only_extras(dev));
    CHECK_FALSE(m("extra == 'dev' and extra != 'x'").holds_with_only_extras(std::vector<std::string>{"dev", "x"}));
    CHECK(m("extra != 'x'").holds_with_only_extras({}));
}

TEST_CASE("evaluation", "[pep508][marker]") {
    MarkerEnvironment env = linux_cpython_312();
    struct Row {
        const char* marker;
        bool expected;
    };
    const Row rows[] = {
        {"python_version >= '3.12'", true},
        {"python_version > '3.12'", false},
        {"python_version == '3.12'", true},
        {"python_full_version == '3.12.1'", true},
        {"python_full_version < '3.12.1'", false},
        {"python_full_version != '3.12.*'", false},
        {"implementation_version >= '3'", true},
        {"sys_platform == 'linux'", true},
        {"sys_platform == 'win32'", false},
        {"platform_system == 'Linux'", true},
        {"platform_system == 'Windows' or os_name == 'posix'", true},
        {"platform_machine in 'x86_64 aarch64'", true},
        {"platform_machine not in 'x86_64 aarch64'", false},
        {"'Debian' in platform_version", true},
        {"'arm' in platform_version", false},
        {"'arm' not in platform_version", true},
        {"platform_release >= '6'", true},
        {"implementation_name == 'cpython' and platform_python_implementation == 'CPython'", true},
        {"os.name == 'posix' and sys.platform == 'linux'", true},
        {"extra == 'dev'", false},
        {"python_version in '3.11 3.12'", true},
        {"python_version not in '3.11 3.12'", false},
        {"", true},
    };
    for (const Row& row : rows) {
        INFO(row.marker);
        CHECK(m(row.marker).evaluate(env) == row.expected);
    }
    std::vector<std::string> extras{"Dev"};
    std::vector<std::string> groups{"lint"};
    CHECK(m("extra == 'dev'").evaluate(env, extras));
    CHECK(m("extra != 'dev'").evaluate(env) );
    CHECK(m("'dev' in extras").evaluate(env, extras));
    CHECK(m("'lint' in dependency_groups").evaluate(env, {}, groups));
    CHECK_FALSE(m("'lint' not in dependency_groups").evaluate(env, {}, groups));

    // A pre-release interpreter sorts below its release.
    env.python_full_version = "3.13.0rc1";
    CHECK_FALSE(m("python_full_version >= '3.13'").evaluate(env));
    CHECK(m("python_full_version >= '3.12'").evaluate(env));
}

TEST_CASE("parse errors carry offsets", "[pep508][marker]") {
    auto err = [](const std::string& text) {
        auto r = MarkerTree::parse(text);
        INFO(text);
        REQUIRE_FALSE(r.has_value());
        return r.error();
    };
    auto e1 = err("os_name == sys_platform");
    CHECK(e1.message == "expected a quoted string after '=='");
    CHECK(e1.offset == 11);
    auto e2 = err("python_version >= ");
    CHECK(e2.message == "expected a quoted string after '>=', found end of input");
    CHECK(e2.offset == 18);
    auto e3 = err("pyhton_version >= '3.8'");
    CHECK(e3.message == "unknown marker variable 'pyhton_version'; did you mean 'python_version'?");
    CHECK(e3.offset == 0);
    auto e4 = err("sys_platform == 'linux' and platfrom_machine == 'x86_64'");
    CHECK(e4.message == "unknown marker variable 'platfrom_machine'; did you mean 'platform_machine'?");
    CHECK(e4.offset == 28);
    auto e5 = err("sys_platform == 'linux");
    CHECK(e5.offset == 16);
    auto e6 = err("(sys_platform == 'linux'");
    CHECK(e6.message == "expected ')' to close the '(' at offset 0, found end of input");
    CHECK(e6.offset == 24);
    auto e7 = err("sys_platform == 'linux' xor os_name == 'nt'");
    CHECK(e7.message == "unexpected 'xor', expected 'and', 'or' or end of input");
    CHECK(e7.offset == 24);
    auto e8 = err("python_version >= 'three'");
    CHECK(e8.message == "expected a PEP 440 version after '>=', found 'three'");
    CHECK(e8.offset == 18);
    auto e9 = err("sys_platform = 'linux'");
    CHECK(e9.offset == 13);
    CHECK(err("'a' == 'b'").offset == 7);
    CHECK(err("extras in 'x'").offset == 0);
    CHECK(err("extra > 'x'").offset == 8);
    CHECK(err("os_name ~= 'x'").offset == 11);
    CHECK(err("python_version >= '3.*'").offset == 18);
    CHECK(err("sys_platform not 'linux'").message == "expected 'in' after 'not'");
}
