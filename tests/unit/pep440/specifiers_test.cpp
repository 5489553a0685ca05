// Tests for lockkit::pep440::VersionSpecifier(s). Cases come from PEP 440, from
// the test suite of uv's uv-pep440 crate and from pypa/packaging's
// test_specifiers.py (inputs and expected results only).

#include <lockkit/pep440/specifiers.hpp>

#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <utility>
#include <vector>

using lockkit::pep440::Operator;
using lockkit::pep440::Version;
using lockkit::pep440::VersionSpecifier;
using lockkit::pep440::VersionSpecifiers;

namespace {

Version ver(std::string_view s) {
    auto r = Version::parse(s);
    INFO("parsing version " << s);
    REQUIRE(r.has_value());
    return *r;
}

VersionSpecifier spec(std::string_view s) {
    auto r = VersionSpecifier::parse(s);
    INFO("parsing specifier " << s << ": " << (r ? std::string() : r.error().message));
    REQUIRE(r.has_value());
    return *r;
}

VersionSpecifiers specs(std::string_view s) {
    auto r = VersionSpecifiers::parse(s);
    INFO("parsing specifiers " << s << ": " << (r ? std::string() : r.error().message));
    REQUIRE(r.has_value());
    return *r;
}

} // namespace

TEST_CASE("specifier: == with and without wildcard on a post release", "[pep440][specifier]") {
    const Version x = ver("1.1.post1");
    CHECK_FALSE(spec("== 1.1").contains(x));
    CHECK(spec("== 1.1.post1").contains(x));
    CHECK(spec("== 1.1.*").contains(x));
}

TEST_CASE("specifier: ~= and ==.* table (packaging)", "[pep440][specifier]") {
    const std::vector<const char*> versions = {
        "1.0.dev456", "1.0a1",        "1.0a2.dev456", "1.0a12.dev456",        "1.0a12",        "1.0b1.dev456",
        "1.0b2",      "1.0b2.post345.dev456", "1.0b2.post345", "1.0b2-346", "1.0c1.dev456",  "1.0c1",
        "1.0rc2",     "1.0c3",        "1.0",          "1.0.post456.dev34",    "1.0.post456",   "1.1.dev1",
        "1.2+123abc", "1.2+123abc456", "1.2+abc",     "1.2+abc123",           "1.2+abc123def", "1.2+1234.abc",
        "1.2+123456", "1.2.r32+123456", "1.2.rev33+123456"};
    const std::vector<const char*> specifiers = {"== 1.*", "== 1.0.*", "== 1.1.*", "== 1.2.*", "== 2.*",
                                                 "~= 1.0", "~= 1.0b1", "~= 1.1",   "~= 1.2",   "~= 2.0"};
    constexpr bool T = true, F = false;
    const std::vector<std::vector<bool>> row_kinds = {
        {T, T, F, F, F, F, F, F, F, F},  // 1.0 pre-releases before 1.0b2
        {T, T, F, F, F, F, T, F, F, F},  // 1.0b2 .. 1.0c3
        {T, T, F, F, F, T, T, F, F, F},  // 1.0 and its post releases
        {T, F, T, F, F, T, T, F, F, F},  // 1.1.dev1
        {T, F, F, T, F, T, T, T, T, F},  // 1.2 locals and posts
    };
    std::vector<std::vector<bool>> expected;
    for (int i = 0; i < 6; ++i) expected.push_back(row_kinds[0]);
    for (int i = 0; i < 8; ++i) expected.push_back(row_kinds[1]);
    for (int i = 0; i < 3; ++i) expected.push_back(row_kinds[2]);
    expected.push_back(row_kinds[3]);
    for (int i = 0; i < 9; ++i) expected.push_back(row_kinds[4]);
    REQUIRE(expected.size() == versions.size());

    for (std::size_t i = 0; i < versions.size(); ++i) {
        for (std::size_t j = 0; j < specifiers.size(); ++j) {
            INFO(versions[i] << " in " << specifiers[j]);
            CHECK(spec(specifiers[j]).contains(ver(versions[i])) == expected[i][j]);
        }
    }
}

TEST_CASE("specifier: containment table, true cases", "[pep440][specifier]") {
    const std::pair<const char*, const char*> cases[] = {
        // ==
        {"2.0", "==2"},
        {"2.0", "==2.0"},
        {"2.0", "==2.0.0"},
        {"2.0+deadbeef", "==2"},
        {"2.0+deadbeef", "==2.0"},
        {"2.0+deadbeef", "==2.0.0"},
        {"2.0+deadbeef", "==2+deadbeef"},
        {"2.0+deadbeef", "==2.0+deadbeef"},
        {"2.0+deadbeef", "==2.0.0+deadbeef"},
        {"2.0+deadbeef.0", "==2.0.0+deadbeef.00"},
        // == with a prefix
        {"2.dev1", "==2.*"},
        {"2a1", "==2.*"},
        {"2a1.post1", "==2.*"},
        {"2b1", "==2.*"},
        {"2b1.dev1", "==2.*"},
        {"2c1", "==2.*"},
        {"2c1.post1.dev1", "==2.*"},
        {"2c1.post1.dev1", "==2.0.*"},
        {"2rc1", "==2.*"},
        {"2rc1", "==2.0.*"},
        {"2", "==2.*"},
        {"2", "==2.0.*"},
        {"2", "==0!2.*"},
        {"0!2", "==2.*"},
        {"2.0", "==2.*"},
        {"2.0.0", "==2.*"},
        {"2.1+local.version", "==2.1.*"},
        {"1.0", "==1.0.0.*"},
        {"1.0.0.0.0", "==1.0.0.*"},
        // !=
        {"2.1", "!=2"},
        {"2.1", "!=2.0"},
        {"2.0.1", "!=2"},
        {"2.0.1", "!=2.0"},
        {"2.0.1", "!=2.0.0"},
        {"2.0", "!=2.0+deadbeef"},
        // != with a prefix
        {"2.0", "!=3.*"},
        {"2.1", "!=2.0.*"},
        {"2", "!=2.1.*"},
        // >=
        {"2.0", ">=2"},
        {"2.0", ">=2.0"},
        {"2.0", ">=2.0.0"},
        {"2.0.post1", ">=2"},
        {"2.0.post1.dev1", ">=2"},
        {"3", ">=2"},
        // <=
        {"2.0", "<=2"},
        {"2.0", "<=2.0"},
        {"2.0", "<=2.0.0"},
        {"2.0.dev1", "<=2"},
        {"2.0a1", "<=2"},
        {"2.0a1.dev1", "<=2"},
        {"2.0b1", "<=2"},
        {"2.0b1.post1", "<=2"},
        {"2.0c1", "<=2"},
        {"2.0c1.post1.dev1", "<=2"},
        {"2.0rc1", "<=2"},
        {"1", "<=2"},
        // >
        {"3", ">2"},
        {"2.1", ">2.0"},
        {"2.0.1", ">2"},
        {"2.1.post1", ">2"},
        {"2.1+local.version", ">2"},
        {"1.7.1", ">1.7"},
        {"3.2.post0", ">3.1"},
        {"1.7.0.post3", ">1.7.post2"},
        {"1.0b1.post1", ">1.0b1.post0"},
        // <
        {"1", "<2"},
        {"2.0", "<2.1"},
        {"2.0.dev0", "<2.1"},
        {"3.0.dev0", "<3.1"},
        {"3.0", "<3.1"},
        {"3.1.dev0", "<3.1.dev1"},
        {"2.0b1", "<2.0rc1"},
        {"2.0.dev5", "<2.0rc1"},
        {"1.9rc1", "<2.0"},
        // ~=
        {"1", "~=1.0"},
        {"1.0.1", "~=1.0"},
        {"1.1", "~=1.0"},
        {"1.9999999", "~=1.0"},
        {"1.1", "~=1.0a1"},
        {"2022.01.01", "~=2022.01.01"},
        {"2.2", "~=2.2"},
        {"2.2.post3", "~=2.2"},
        {"2.9", "~=2.2"},
        {"1.4.5", "~=1.4.5"},
        {"1.4.9", "~=1.4.5"},
        {"1.4.5.0", "~=1.4.5.0"},
        {"1.4.5.9", "~=1.4.5.0"},
        // epochs
        {"2!1.0", "~=2!1.0"},
        {"2!1.0", "==2!1.*"},
        {"2!1.0", "==2!1.0"},
        {"2!1.0", "!=1.0"},
        {"1.0", "!=2!1.0"},
        {"1.0", "<=2!0.1"},
        {"2!1.0", ">=2.0"},
        {"1.0", "<2!0.1"},
        {"2!1.0", ">2.0"},
        // normalisation
        {"2.0.5", ">2.0dev"},
    };
    for (const auto& [version, specifier] : cases) {
        INFO(version << " in " << specifier);
        CHECK(spec(specifier).contains(ver(version)));
    }
}

TEST_CASE("specifier: containment table, false cases", "[pep440][specifier]") {
    const std::pair<const char*, const char*> cases[] = {
        // ==
        {"2.1", "==2"},
        {"2.1", "==2.0"},
        {"2.1", "==2.0.0"},
        {"2.0", "==2.0+deadbeef"},
        // == with a prefix
        {"2.0", "==3.*"},
        {"2.1", "==2.0.*"},
        {"2", "==2.1.*"},
        {"1.0.1", "==1.0.0.*"},
        // !=
        {"2.0", "!=2"},
        {"2.0", "!=2.0"},
        {"2.0", "!=2.0.0"},
        {"2.0+deadbeef", "!=2"},
        {"2.0+deadbeef", "!=2.0"},
        {"2.0+deadbeef", "!=2.0.0"},
        {"2.0+deadbeef", "!=2+deadbeef"},
        {"2.0+deadbeef", "!=2.0+deadbeef"},
        {"2.0+deadbeef", "!=2.0.0+deadbeef"},
        {"2.0+deadbeef.0", "!=2.0.0+deadbeef.00"},
        // != with a prefix
        {"2.dev1", "!=2.*"},
        {"2a1", "!=2.*"},
        {"2a1.post1", "!=2.*"},
        {"2b1", "!=2.*"},
        {"2b1.dev1", "!=2.*"},
        {"2c1", "!=2.*"},
        {"2c1.post1.dev1", "!=2.*"},
        {"2c1.post1.dev1", "!=2.0.*"},
        {"2rc1", "!=2.*"},
        {"2rc1", "!=2.0.*"},
        {"2", "!=2.*"},
        {"2", "!=2.0.*"},
        {"2.0", "!=2.*"},
        {"2.0.0", "!=2.*"},
        {"1.1.5", "!=1.1.*"},
        {"1.1+local", "!=1.1.*"},
        // >=
        {"2.0.dev1", ">=2"},
        {"2.0a1", ">=2"},
        {"2.0a1.dev1", ">=2"},
        {"2.0b1", ">=2"},
        {"2.0b1.post1", ">=2"},
        {"2.0c1", ">=2"},
        {"2.0c1.post1.dev1", ">=2"},
        {"2.0rc1", ">=2"},
        {"1", ">=2"},
        // <=
        {"2.0.post1", "<=2"},
        {"2.0.post1.dev1", "<=2"},
        {"3", "<=2"},
        // >
        {"1", ">2"},
        {"2.0.dev1", ">2"},
        {"2.0a1", ">2"},
        {"2.0a1.post1", ">2"},
        {"2.0b1", ">2"},
        {"2.0b1.dev1", ">2"},
        {"2.0c1", ">2"},
        {"2.0c1.post1.dev1", ">2"},
        {"2.0rc1", ">2"},
        {"2.0", ">2"},
        {"2.0.post1", ">2"},
        {"2.0.post1.dev1", ">2"},
        {"2.0+local.version", ">2"},
        {"1.7.0.post1", ">1.7"},
        // <
        {"2.0.dev1", "<2"},
        {"2.0a1", "<2"},
        {"2.0a1.post1", "<2"},
        {"2.0b1", "<2"},
        {"2.0b2.dev1", "<2"},
        {"2.0c1", "<2"},
        {"2.0c1.post1.dev1", "<2"},
        {"2.0rc1", "<2"},
        {"2.0", "<2"},
        {"2.post1", "<2"},
        {"2.post1.dev1", "<2"},
        {"3", "<2"},
        {"3.1.dev0", "<3.1"},
        {"3.1.dev1", "<3.1.dev1"},
        // ~=
        {"2.0", "~=1.0"},
        {"1.1.0", "~=1.0.0"},
        {"1.1.post1", "~=1.0.0"},
        {"2.1", "~=2.2"},
        {"3.0", "~=2.2"},
        {"2.2.dev1", "~=2.2"},
        {"1.5.0", "~=1.4.5"},
        {"1.4.4", "~=1.4.5"},
        {"1.4.6", "~=1.4.5.0"},
        {"1.0b1.dev456", "~=1.0b1"},
        // epochs
        {"1.0", "~=2!1.0"},
        {"2!1.0", "~=1.0"},
        {"2!1.0", "==1.0"},
        {"1.0", "==2!1.0"},
        {"2!1.0", "==1.*"},
        {"1.0", "==2!1.*"},
        {"2!1.0", "!=2!1.0"},
    };
    for (const auto& [version, specifier] : cases) {
        INFO(version << " not in " << specifier);
        CHECK_FALSE(spec(specifier).contains(ver(version)));
    }
}

TEST_CASE("specifier: local versions", "[pep440][specifier]") {
    const Version local = ver("1.0+local");
    CHECK(spec("==1.0").contains(local));
    CHECK(spec("==1.0.0").contains(local));
    CHECK(spec("==1.0+local").contains(local));
    CHECK(spec("==1.0+LOCAL").contains(local));
    CHECK_FALSE(spec("==1.0+other").contains(local));
    CHECK_FALSE(spec("==1.0+local").contains(ver("1.0")));
    CHECK_FALSE(spec("==1.0+local").contains(ver("1.0+local.1")));
    CHECK_FALSE(spec("!=1.0").contains(local));
    CHECK(spec("!=1.0+other").contains(local));
    CHECK(spec("<=1.0").contains(local));
    CHECK(spec(">=1.0").contains(local));
    CHECK_FALSE(spec(">1.0").contains(local));
    CHECK_FALSE(spec("<1.0").contains(local));
    CHECK(spec("<1.1").contains(local));
    CHECK(spec(">0.9").contains(local));
    CHECK(spec("~=1.0").contains(local));
    CHECK(spec("==1.*").contains(ver("1.5+local")));
    CHECK_FALSE(spec("===1.0").contains(local));
    CHECK(spec("===1.0+local").contains(local));
    CHECK(spec("<=1.0").contains(ver("1.0.0+a.b.c")));
    CHECK_FALSE(spec("<=1.0").contains(ver("1.0.post0+a")));
}

TEST_CASE("specifier: arbitrary equality", "[pep440][specifier]") {
    CHECK(spec("=== 1.2a1").contains(ver("1.2a1")));
    CHECK_FALSE(spec("=== 1.2a1").contains(ver("1.2a1+local")));
    CHECK_FALSE(spec("===1.0").contains(ver("1.0.0")));
    CHECK(spec("===1.0").contains(ver("1.0")));

    const VersionSpecifier foo = spec("===foo");
    CHECK(foo.op() == Operator::ExactEqual);
    CHECK(foo.arbitrary() == "foo");
    CHECK(foo.to_string() == "===foo");
    CHECK_FALSE(foo.contains(ver("1.0")));
    CHECK_FALSE(foo.contains(ver("0")));

    const VersionSpecifier exact = spec("=== 1.0ALPHA1");
    CHECK(exact.version() == ver("1.0a1"));
    CHECK(exact.arbitrary() == "1.0ALPHA1");
    CHECK(exact.to_string() == "===1.0a1");
    CHECK(exact.contains(ver("1.0a1")));
}

TEST_CASE("specifier: parsing and printing", "[pep440][specifier]") {
    struct Case {
        const char* text;
        Operator op;
        const char* version;
        const char* printed;
    };
    const Case cases[] = {
        {"==1.2.*", Operator::EqualStar, "1.2", "==1.2.*"},
        {">= 3.8", Operator::GreaterThanEqual, "3.8", ">=3.8"},
        {"~=2.2", Operator::TildeEqual, "2.2", "~=2.2"},
        {"==     1.1.*", Operator::EqualStar, "1.1", "==1.1.*"},
        {"!=     1.1.*", Operator::NotEqualStar, "1.1", "!=1.1.*"},
        {"  <  2  ", Operator::LessThan, "2", "<2"},
        {"<=1!2012.2", Operator::LessThanEqual, "1!2012.2", "<=1!2012.2"},
        {">1.0RC1", Operator::GreaterThan, "1.0rc1", ">1.0rc1"},
        {"!=1.0", Operator::NotEqual, "1.0", "!=1.0"},
        {"==1.0+Local-1", Operator::Equal, "1.0+local.1", "==1.0+local.1"},
        {"==2!5.6.*", Operator::EqualStar, "2!5.6", "==2!5.6.*"},
        {"~=1.0.0", Operator::TildeEqual, "1.0.0", "~=1.0.0"},
        {"\t==1.0\n", Operator::Equal, "1.0", "==1.0"},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        const VersionSpecifier s = spec(c.text);
        CHECK(s.op() == c.op);
        CHECK(s.version().to_string() == c.version);
        CHECK(s.to_string() == c.printed);
        CHECK(s.arbitrary().empty());
        std::ostringstream os;
        os << s;
        CHECK(os.str() == c.printed);
        // Printing round-trips.
        CHECK(spec(s.to_string()) == s);
    }
    CHECK(lockkit::pep440::operator_symbol(Operator::EqualStar) == "==");
    CHECK(lockkit::pep440::operator_symbol(Operator::ExactEqual) == "===");
    CHECK(lockkit::pep440::operator_symbol(Operator::TildeEqual) == "~=");

    // Specifier equality: the prefix length matters for wildcards only.
    CHECK(spec("==1.0") == spec("==1.0.0"));
    CHECK_FALSE(spec("==1.0.*") == spec("==1.0.0.*"));
    CHECK_FALSE(spec("==1.0") == spec(">=1.0"));
}

TEST_CASE("specifier: parse errors", "[pep440][specifier]") {
    // packaging's and uv's invalid specifiers.
    const char* invalid[] = {
        "2.0", "=>2.0", "==", "~=1.0+5", ">=1.0+deadbeef", "<=1.0+abc123", ">1.0+watwat", "<1.0+1.0", "~=1.0.*",
        ">=1.0.*", "<=1.0.*", ">1.0.*", "<1.0.*", "==1.0.*+5", "!=1.0.*+deadbeef", "==2.0a1.*", "!=2.0a1.*",
        "==2.0.post1.*", "!=2.0.post1.*", "==2.0.dev1.*", "!=2.0.dev1.*", "==1.0+5.*", "!=1.0+deadbeef.*",
        "==1.0.*.5", "~=1", "==1.0.dev1.*", "!=1.0.dev1.*", "blergh", "== 0.9.*.1", ">= 0.9.1.*", "", "   ",
        "==french toast", "==1.0+a+", "=", "<>1.0", "==1.0 1.1", "===", "~=1!2", "\xF0\x9F\x92\xA9"};
    for (const char* text : invalid) {
        INFO(text);
        CHECK_FALSE(VersionSpecifier::parse(text).has_value());
    }

    struct Case {
        const char* text;
        const char* message;
        std::size_t offset;
    };
    const Case cases[] = {
        {">=", "expected a version after '>='", 2},
        {"==  ", "expected a version after '=='", 4},
        {"~=1", "'~=' needs at least two release segments", 2},
        {"~= 2!1", "'~=' needs at least two release segments", 3},
        {">=1.0.*", "wildcard '.*' is only allowed with '==' and '!='", 5},
        {"~=1.0.*", "wildcard '.*' is only allowed with '==' and '!='", 5},
        {">=1.0+deadbeef", "local version labels are not allowed with '>='", 5},
        {"~=1.0+5", "local version labels are not allowed with '~='", 5},
        {"< 1.0+1.0", "local version labels are not allowed with '<'", 5},
        {"2.0", "expected a comparison operator such as '>=' or '==' before '2.0' (did you mean '==2.0'?)", 0},
        {"  blergh", "expected a comparison operator such as '>=' or '==' before 'blergh'", 2},
        {"=>2.0", "unknown operator '=>'", 0},
        {"== 1.0 junk", "unexpected 'junk' after the version specifier", 7},
        {"==french", "a version must start with a number", 2},
        {"==2.0a1.*", "wildcard '.*' may only follow the release segments", 7},
        {"== 0.9.*.1", "wildcard '.*' must come at the end of the version", 8},
        {"==1.0+5.*", "wildcard '.*' may only follow the release segments", 7},
        {"", "expected a version specifier", 0},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        auto r = VersionSpecifier::parse(c.text);
        REQUIRE_FALSE(r.has_value());
        CHECK_THAT(r.error().message, Catch::Contains(c.message));
        CHECK(r.error().offset == c.offset);
    }
}

TEST_CASE("specifier: from_version", "[pep440][specifier]") {
    auto s = VersionSpecifier::from_version(Operator::GreaterThanEqual, ver("1.2"));
    REQUIRE(s);
    CHECK(s->to_string() == ">=1.2");
    s = VersionSpecifier::from_version(Operator::EqualStar, ver("1.2"));
    REQUIRE(s);
    CHECK(s->to_string() == "==1.2.*");
    CHECK(s->contains(ver("1.2.7")));
    s = VersionSpecifier::from_version(Operator::ExactEqual, ver("1.2"));
    REQUIRE(s);
    CHECK(s->to_string() == "===1.2");
    CHECK_FALSE(VersionSpecifier::from_version(Operator::TildeEqual, ver("5")));
    CHECK_FALSE(VersionSpecifier::from_version(Operator::LessThan, ver("5+x")));
    CHECK_FALSE(VersionSpecifier::from_version(Operator::EqualStar, ver("5a1")));
    CHECK(VersionSpecifier::from_version(Operator::NotEqual, ver("5+x")));
}

TEST_CASE("specifiers: parsing sets", "[pep440][specifiers]") {
    CHECK(specs("").empty());
    CHECK(specs("   ").empty());
    CHECK(specs("").to_string().empty());
    CHECK(specs("").contains(ver("0.0.1a1")));

    const VersionSpecifiers a = specs(">=1.0, <2");
    REQUIRE(a.size() == 2);
    CHECK(a.items()[0].op() == Operator::GreaterThanEqual);
    CHECK(a.items()[1].op() == Operator::LessThan);
    CHECK(a.to_string() == ">=1.0,<2");
    CHECK(a.to_string(", ") == ">=1.0, <2");
    CHECK(a == specs(">=1.0,<2"));
    CHECK(a.contains(ver("1.5")));
    CHECK(a.contains(ver("1.0")));
    CHECK_FALSE(a.contains(ver("2.0")));
    CHECK_FALSE(a.contains(ver("2.0rc1")));
    CHECK_FALSE(a.contains(ver("0.9")));

    const VersionSpecifiers b = specs("~= 0.9, >= 1.0, != 1.3.4.*, < 2.0");
    REQUIRE(b.size() == 4);
    CHECK(b.items()[0].op() == Operator::TildeEqual);
    CHECK(b.items()[0].version() == Version::from_release({0, 9}));
    CHECK(b.items()[1].op() == Operator::GreaterThanEqual);
    CHECK(b.items()[1].version() == Version::from_release({1, 0}));
    CHECK(b.items()[2].op() == Operator::NotEqualStar);
    CHECK(b.items()[2].version() == Version::from_release({1, 3, 4}));
    CHECK(b.items()[3].op() == Operator::LessThan);
    CHECK(b.items()[3].version() == Version::from_release({2, 0}));
    CHECK(b.to_string() == "~=0.9,>=1.0,!=1.3.4.*,<2.0");

    std::ostringstream os;
    os << specs(" >=1 , <2 ");
    CHECK(os.str() == ">=1,<2");

    VersionSpecifiers built;
    built.push_back(spec(">=1"));
    built.push_back(spec("!=1.5"));
    CHECK(built.to_string() == ">=1,!=1.5");
    CHECK_FALSE(built.contains(ver("1.5.0")));
    CHECK(built.contains(ver("1.5.1")));
}

TEST_CASE("specifiers: sorting as uv writes them", "[pep440][specifiers]") {
    VersionSpecifiers a = specs("<2,>=1.25.2");
    a.sort();
    CHECK(a.to_string() == ">=1.25.2,<2");

    VersionSpecifiers b = specs(">=3.7, <      4.0, != 3.9.0");
    CHECK(b.to_string() == ">=3.7,<4.0,!=3.9.0");
    b.sort();
    CHECK(b.to_string(", ") == ">=3.7, !=3.9.0, <4.0");

    VersionSpecifiers c = specs(">=1.0, <=1.0, !=1.0, ==1.0");
    c.sort();
    CHECK(c.to_string() == "==1.0,!=1.0,<=1.0,>=1.0");

    VersionSpecifiers d = specs(">= 3.7");
    d.sort();
    CHECK(d.to_string() == ">=3.7");
}

TEST_CASE("specifiers: parse errors carry offsets into the whole text", "[pep440][specifiers]") {
    struct Case {
        const char* text;
        const char* message;
        std::size_t offset;
    };
    const Case cases[] = {
        {">=3.7, <4.0,>5.%", "unexpected '.%' after the version", 14},
        {">=1.2.3, 5.4.3, >=3.4.5", "expected a comparison operator", 9},
        {"~= 0.9, %= 1.0, != 1.3.4.*", "expected a comparison operator", 8},
        {">=1,,<2", "expected a version specifier after ','", 4},
        {">=1,", "expected a version specifier after ','", 4},
        {",>=1", "expected a version specifier before ','", 0},
        {">=1, ~=2", "'~=' needs at least two release segments", 7},
        {">=1, >=2.*", "wildcard '.*' is only allowed with '==' and '!='", 8},
        {"\xF0\x9F\x92\xA9", "expected a comparison operator", 0},
        {"== 0.9.*.1", "must come at the end", 8},
        {">= 0.9.1.*", "wildcard '.*' is only allowed with '==' and '!='", 8},
        {"blergh", "expected a comparison operator", 0},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        auto r = VersionSpecifiers::parse(c.text);
        REQUIRE_FALSE(r.has_value());
        CHECK_THAT(r.error().message, Catch::Contains(c.message));
        CHECK(r.error().offset == c.offset);
    }
}

TEST_CASE("<V.postN admits pre-releases of V but not of V.postN (uv 0.12)", "[specifier]") {
    // uv-pep440 version_ranges.rs `exclusive_post_release_ordering` (pypa/packaging#1140): the
    // earliest pre-release of a post release keeps its post part.
    struct Row {
        const char* spec;
        const char* version;
        bool in;
    };
    const Row rows[] = {
        {"<1.0.post1", "1.0.post1.dev0", false}, {"<1.0.post0", "1.0.post0.dev0", false},
        {"<1.0.post1", "1.0.dev0", true},        {"<1.0.post1", "1.0a1", true},
        {"<1.0.post0", "1.0rc2", true},          {"<1.0.post1", "1.0.post0.dev0", true},
        {"<1.0.post1", "1.0+local", true},       {"<1!1.0.post1", "1!1.0a1", true},
        {"<1!1.0.post1", "1!1.0.post1.dev0", false}, {"<1.0a1.post1", "1.0a1.post1.dev0", true},
        {"<1.0", "1.0a1", false},                {"<1.0", "1.0.dev0", false},
        {"<1.0", "0.9.dev0", true},
    };
    for (const auto& row : rows) {
        auto spec = VersionSpecifier::parse(row.spec);
        REQUIRE(spec);
        auto version = Version::parse(row.version);
        REQUIRE(version);
        INFO(row.spec << " vs " << row.version);
        CHECK(spec->contains(*version) == row.in);
    }
}
