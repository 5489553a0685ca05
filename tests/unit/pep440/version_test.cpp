// Tests for lockkit::pep440::Version. Cases come from PEP 440, from the test
// suite of uv's uv-pep440 crate and from pypa/packaging's test_version.py
// (inputs and expected results only).

#include <lockkit/pep440/version.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <sstream>
#include <string>
#include <tuple>
#include <unordered_set>
#include <vector>

using lockkit::pep440::LocalSegment;
using lockkit::pep440::Version;
using PreKind = Version::PreKind;

namespace {

Version v(std::string_view s) {
    auto r = Version::parse(s);
    INFO("parsing " << s << ": " << (r ? std::string() : r.error().message));
    REQUIRE(r.has_value());
    return *r;
}

std::vector<std::uint64_t> rel(const Version& x) { return {x.release().begin(), x.release().end()}; }

std::vector<LocalSegment> loc(const Version& x) { return {x.local().begin(), x.local().end()}; }

constexpr std::uint64_t u64max = std::numeric_limits<std::uint64_t>::max();

} // namespace

TEST_CASE("version: structured parse of packaging's valid versions", "[pep440][version]") {
    struct Case {
        const char* text;
        std::uint64_t epoch;
        std::vector<std::uint64_t> release;
        std::optional<Version::Pre> pre;
        std::optional<std::uint64_t> post;
        std::optional<std::uint64_t> dev;
        std::vector<LocalSegment> local;
    };
    using P = Version::Pre;
    const std::vector<Case> cases = {
        {"1.0.dev456", 0, {1, 0}, {}, {}, 456, {}},
        {"1.0a1", 0, {1, 0}, P{PreKind::Alpha, 1}, {}, {}, {}},
        {"1.0a2.dev456", 0, {1, 0}, P{PreKind::Alpha, 2}, {}, 456, {}},
        {"1.0a12.dev456", 0, {1, 0}, P{PreKind::Alpha, 12}, {}, 456, {}},
        {"1.0a12", 0, {1, 0}, P{PreKind::Alpha, 12}, {}, {}, {}},
        {"1.0b1.dev456", 0, {1, 0}, P{PreKind::Beta, 1}, {}, 456, {}},
        {"1.0b2", 0, {1, 0}, P{PreKind::Beta, 2}, {}, {}, {}},
        {"1.0b2.post345.dev456", 0, {1, 0}, P{PreKind::Beta, 2}, 345, 456, {}},
        {"1.0b2.post345", 0, {1, 0}, P{PreKind::Beta, 2}, 345, {}, {}},
        {"1.0b2-346", 0, {1, 0}, P{PreKind::Beta, 2}, 346, {}, {}},
        {"1.0c1.dev456", 0, {1, 0}, P{PreKind::Rc, 1}, {}, 456, {}},
        {"1.0c1", 0, {1, 0}, P{PreKind::Rc, 1}, {}, {}, {}},
        {"1.0rc2", 0, {1, 0}, P{PreKind::Rc, 2}, {}, {}, {}},
        {"1.0c3", 0, {1, 0}, P{PreKind::Rc, 3}, {}, {}, {}},
        {"1.0", 0, {1, 0}, {}, {}, {}, {}},
        {"1.0.post456.dev34", 0, {1, 0}, {}, 456, 34, {}},
        {"1.0.post456", 0, {1, 0}, {}, 456, {}, {}},
        {"1.1.dev1", 0, {1, 1}, {}, {}, 1, {}},
        {"1.2+123abc", 0, {1, 2}, {}, {}, {}, {std::string("123abc")}},
        {"1.2+123abc456", 0, {1, 2}, {}, {}, {}, {std::string("123abc456")}},
        {"1.2+abc", 0, {1, 2}, {}, {}, {}, {std::string("abc")}},
        {"1.2+abc123", 0, {1, 2}, {}, {}, {}, {std::string("abc123")}},
        {"1.2+abc123def", 0, {1, 2}, {}, {}, {}, {std::string("abc123def")}},
        {"1.2+1234.abc", 0, {1, 2}, {}, {}, {}, {std::uint64_t{1234}, std::string("abc")}},
        {"1.2+123456", 0, {1, 2}, {}, {}, {}, {std::uint64_t{123456}}},
        {"1.2.r32+123456", 0, {1, 2}, {}, 32, {}, {std::uint64_t{123456}}},
        {"1.2.rev33+123456", 0, {1, 2}, {}, 33, {}, {std::uint64_t{123456}}},
        {"1!1.0.dev456", 1, {1, 0}, {}, {}, 456, {}},
        {"1!1.0a1", 1, {1, 0}, P{PreKind::Alpha, 1}, {}, {}, {}},
        {"1!1.0b2.post345.dev456", 1, {1, 0}, P{PreKind::Beta, 2}, 345, 456, {}},
        {"1!1.0b2-346", 1, {1, 0}, P{PreKind::Beta, 2}, 346, {}, {}},
        {"1!1.0c3", 1, {1, 0}, P{PreKind::Rc, 3}, {}, {}, {}},
        {"1!1.0", 1, {1, 0}, {}, {}, {}, {}},
        {"1!1.2+1234.abc", 1, {1, 2}, {}, {}, {}, {std::uint64_t{1234}, std::string("abc")}},
        {"1!1.2.rev33+123456", 1, {1, 2}, {}, 33, {}, {std::uint64_t{123456}}},
        {"98765!1.2.rev33+123456", 98765, {1, 2}, {}, 33, {}, {std::uint64_t{123456}}},
        // uv's hand-written parser cases
        {"5", 0, {5}, {}, {}, {}, {}},
        {"5.6", 0, {5, 6}, {}, {}, {}, {}},
        {"5.6.7", 0, {5, 6, 7}, {}, {}, {}, {}},
        {"512.623.734", 0, {512, 623, 734}, {}, {}, {}, {}},
        {"1.2.3.4", 0, {1, 2, 3, 4}, {}, {}, {}, {}},
        {"1.2.3.4.5", 0, {1, 2, 3, 4, 5}, {}, {}, {}, {}},
        {"4!5", 4, {5}, {}, {}, {}, {}},
        {"4!5.6", 4, {5, 6}, {}, {}, {}, {}},
        {"5a1", 0, {5}, P{PreKind::Alpha, 1}, {}, {}, {}},
        {"5alpha1", 0, {5}, P{PreKind::Alpha, 1}, {}, {}, {}},
        {"5b1", 0, {5}, P{PreKind::Beta, 1}, {}, {}, {}},
        {"5beta1", 0, {5}, P{PreKind::Beta, 1}, {}, {}, {}},
        {"5rc1", 0, {5}, P{PreKind::Rc, 1}, {}, {}, {}},
        {"5c1", 0, {5}, P{PreKind::Rc, 1}, {}, {}, {}},
        {"5preview1", 0, {5}, P{PreKind::Rc, 1}, {}, {}, {}},
        {"5pre1", 0, {5}, P{PreKind::Rc, 1}, {}, {}, {}},
        {"5.6.7pre1", 0, {5, 6, 7}, P{PreKind::Rc, 1}, {}, {}, {}},
        {"5alpha789", 0, {5}, P{PreKind::Alpha, 789}, {}, {}, {}},
        {"5.alpha789", 0, {5}, P{PreKind::Alpha, 789}, {}, {}, {}},
        {"5-alpha789", 0, {5}, P{PreKind::Alpha, 789}, {}, {}, {}},
        {"5_alpha789", 0, {5}, P{PreKind::Alpha, 789}, {}, {}, {}},
        {"5alpha.789", 0, {5}, P{PreKind::Alpha, 789}, {}, {}, {}},
        {"5alpha-789", 0, {5}, P{PreKind::Alpha, 789}, {}, {}, {}},
        {"5alpha_789", 0, {5}, P{PreKind::Alpha, 789}, {}, {}, {}},
        {"5ALPHA789", 0, {5}, P{PreKind::Alpha, 789}, {}, {}, {}},
        {"5aLpHa789", 0, {5}, P{PreKind::Alpha, 789}, {}, {}, {}},
        {"5alpha", 0, {5}, P{PreKind::Alpha, 0}, {}, {}, {}},
        {"5post2", 0, {5}, {}, 2, {}, {}},
        {"5rev2", 0, {5}, {}, 2, {}, {}},
        {"5r2", 0, {5}, {}, 2, {}, {}},
        {"5.post2", 0, {5}, {}, 2, {}, {}},
        {"5-post2", 0, {5}, {}, 2, {}, {}},
        {"5_post2", 0, {5}, {}, 2, {}, {}},
        {"5.post.2", 0, {5}, {}, 2, {}, {}},
        {"5.post-2", 0, {5}, {}, 2, {}, {}},
        {"5.post_2", 0, {5}, {}, 2, {}, {}},
        {"5.6.7.post_2", 0, {5, 6, 7}, {}, 2, {}, {}},
        {"5-2", 0, {5}, {}, 2, {}, {}},
        {"5.6.7-2", 0, {5, 6, 7}, {}, 2, {}, {}},
        {"5POST2", 0, {5}, {}, 2, {}, {}},
        {"5PoSt2", 0, {5}, {}, 2, {}, {}},
        {"5post", 0, {5}, {}, 0, {}, {}},
        {"5dev2", 0, {5}, {}, {}, 2, {}},
        {"5.dev2", 0, {5}, {}, {}, 2, {}},
        {"5-dev2", 0, {5}, {}, {}, 2, {}},
        {"5_dev2", 0, {5}, {}, {}, 2, {}},
        {"5.dev.2", 0, {5}, {}, {}, 2, {}},
        {"5.dev-2", 0, {5}, {}, {}, 2, {}},
        {"5.dev_2", 0, {5}, {}, {}, 2, {}},
        {"5.6.7.dev_2", 0, {5, 6, 7}, {}, {}, 2, {}},
        {"5DEV2", 0, {5}, {}, {}, 2, {}},
        {"5dEv2", 0, {5}, {}, {}, 2, {}},
        {"5DeV2", 0, {5}, {}, {}, 2, {}},
        {"5dev", 0, {5}, {}, {}, 0, {}},
        {"5+2", 0, {5}, {}, {}, {}, {std::uint64_t{2}}},
        {"5+a", 0, {5}, {}, {}, {}, {std::string("a")}},
        {"5+abc.123", 0, {5}, {}, {}, {}, {std::string("abc"), std::uint64_t{123}}},
        {"5+123.abc", 0, {5}, {}, {}, {}, {std::uint64_t{123}, std::string("abc")}},
        {"5+18446744073709551615.abc", 0, {5}, {}, {}, {}, {u64max, std::string("abc")}},
        {"5+18446744073709551616.abc",
         0,
         {5},
         {},
         {},
         {},
         {std::string("18446744073709551616"), std::string("abc")}},
        {"5+ABC.123", 0, {5}, {}, {}, {}, {std::string("abc"), std::uint64_t{123}}},
        {"5+ABC-123.4_5_xyz-MNO",
         0,
         {5},
         {},
         {},
         {},
         {std::string("abc"), std::uint64_t{123}, std::uint64_t{4}, std::uint64_t{5}, std::string("xyz"),
          std::string("mno")}},
        {"5.6.7+abc-00123", 0, {5, 6, 7}, {}, {}, {}, {std::string("abc"), std::uint64_t{123}}},
        {"5.6.7+abc-foo00123", 0, {5, 6, 7}, {}, {}, {}, {std::string("abc"), std::string("foo00123")}},
        {"5.6.7+abc-00123a", 0, {5, 6, 7}, {}, {}, {}, {std::string("abc"), std::string("00123a")}},
        {"5a2post3", 0, {5}, P{PreKind::Alpha, 2}, 3, {}, {}},
        {"5.a-2_post-3", 0, {5}, P{PreKind::Alpha, 2}, 3, {}, {}},
        {"5a2-3", 0, {5}, P{PreKind::Alpha, 2}, 3, {}, {}},
        {"v5", 0, {5}, {}, {}, {}, {}},
        {"V5", 0, {5}, {}, {}, {}, {}},
        {"v5.6.7", 0, {5, 6, 7}, {}, {}, {}, {}},
        {"  v5  ", 0, {5}, {}, {}, {}, {}},
        {"  5  ", 0, {5}, {}, {}, {}, {}},
        {"  5.6.7+abc.123.xyz  ",
         0,
         {5, 6, 7},
         {},
         {},
         {},
         {std::string("abc"), std::uint64_t{123}, std::string("xyz")}},
        {"  \n5\n \t", 0, {5}, {}, {}, {}, {}},
        {"18446744073709551615", 0, {u64max}, {}, {}, {}, {}},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        const Version x = v(c.text);
        CHECK(x.epoch() == c.epoch);
        CHECK(rel(x) == c.release);
        CHECK(x.pre() == c.pre);
        CHECK(x.post() == c.post);
        CHECK(x.dev() == c.dev);
        CHECK(loc(x) == c.local);
        CHECK(x.has_local() == !c.local.empty());
        CHECK(x == Version::from_parts(c.epoch, c.release, c.pre, c.post, c.dev, c.local));
        // Re-parsing the normal form gives the same version and the same text.
        const Version again = v(x.to_string());
        CHECK(again == x);
        CHECK(again.to_string() == x.to_string());
    }
}

TEST_CASE("version: invalid versions are rejected", "[pep440][version]") {
    const char* bad[] = {
        // packaging
        "1.0+a+", "1.0++", "1.0+_foobar", "1.0+foo&asd", "1.0+1+1", "french toast", "==french toast",
        // uv's parser
        "", "a", "v 5", "V 5", "x 5", "18446744073709551616", "5!", "5.6./", "5.6.-alpha2",
        "1.2.3a18446744073709551616", "5+", "5+ ", "5+abc.", "5+abc-", "5+abc_", "5+abc. ", "5.6-", "1.min0",
        "0.9.1.*", "blergh", "1.0.post1.*", "*", "2!*", "1.0_1", "1.0a1rc1", "1..0", ".1", "1.0 1", "   ", "1.0.",
        "v", "1!2!3", "1.0+", "1.0alphabet"};
    for (const char* text : bad) {
        INFO(text);
        CHECK_FALSE(Version::parse(text).has_value());
    }
}

TEST_CASE("version: error messages and offsets", "[pep440][version]") {
    struct Case {
        const char* text;
        const char* message_part;
        std::size_t offset;
    };
    const Case cases[] = {
        {"", "expected a version", 0},
        {"  ", "expected a version", 2},
        {"blergh", "must start with a number", 0},
        {"  french toast", "must start with a number, found 'french'", 2},
        {"v", "expected a version number after 'v'", 1},
        {"5!", "expected a release number after the epoch '!'", 2},
        {"18446744073709551616", "too large", 0},
        {"1.2.3a18446744073709551616", "'18446744073709551616' is too large", 6},
        {"5.6./", "unexpected './' after the version", 3},
        {"5.6-", "unexpected '-' after the version", 3},
        {"5+", "expected a local version label after '+'", 2},
        {"5+abc.", "expected a local version segment after '.'", 6},
        {"5+abc-", "expected a local version segment after '-'", 6},
        {"1.0+_foobar", "expected a local version label after '+'", 4},
        {"0.9.1.*", "wildcard '.*' is not allowed in a version", 5},
        {" 1.0 x", "unexpected ' x' after the version", 4},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        auto r = Version::parse(c.text);
        REQUIRE_FALSE(r.has_value());
        CHECK_THAT(r.error().message, Catch::Contains(c.message_part));
        CHECK(r.error().offset == c.offset);
    }
}

TEST_CASE("version: normalisation table", "[pep440][version]") {
    const std::pair<const char*, const char*> cases[] = {
        // brief
        {"1.0RC1", "1.0rc1"},
        {"v1.0", "1.0"},
        {"1.0-1", "1.0.post1"},
        {"1.0.dev", "1.0.dev0"},
        {"1!2.0", "1!2.0"},
        // dev release spellings
        {"1.0dev", "1.0.dev0"},
        {"1.0dev1", "1.0.dev1"},
        {"1.0-dev", "1.0.dev0"},
        {"1.0-dev1", "1.0.dev1"},
        {"1.0DEV", "1.0.dev0"},
        {"1.0.DEV", "1.0.dev0"},
        {"1.0DEV1", "1.0.dev1"},
        {"1.0.DEV1", "1.0.dev1"},
        {"1.0-DEV", "1.0.dev0"},
        {"1.0-DEV1", "1.0.dev1"},
        // alpha
        {"1.0a", "1.0a0"},
        {"1.0.a", "1.0a0"},
        {"1.0.a1", "1.0a1"},
        {"1.0-a", "1.0a0"},
        {"1.0-a1", "1.0a1"},
        {"1.0alpha", "1.0a0"},
        {"1.0.alpha", "1.0a0"},
        {"1.0.alpha1", "1.0a1"},
        {"1.0-alpha", "1.0a0"},
        {"1.0-alpha1", "1.0a1"},
        {"1.0A", "1.0a0"},
        {"1.0.A", "1.0a0"},
        {"1.0.A1", "1.0a1"},
        {"1.0-A", "1.0a0"},
        {"1.0-A1", "1.0a1"},
        {"1.0ALPHA", "1.0a0"},
        {"1.0.ALPHA", "1.0a0"},
        {"1.0.ALPHA1", "1.0a1"},
        {"1.0-ALPHA", "1.0a0"},
        {"1.0-ALPHA1", "1.0a1"},
        // beta
        {"1.0b", "1.0b0"},
        {"1.0.b", "1.0b0"},
        {"1.0.b1", "1.0b1"},
        {"1.0-b", "1.0b0"},
        {"1.0-b1", "1.0b1"},
        {"1.0beta", "1.0b0"},
        {"1.0.beta", "1.0b0"},
        {"1.0.beta1", "1.0b1"},
        {"1.0-beta", "1.0b0"},
        {"1.0-beta1", "1.0b1"},
        {"1.0B", "1.0b0"},
        {"1.0.B", "1.0b0"},
        {"1.0.B1", "1.0b1"},
        {"1.0-B", "1.0b0"},
        {"1.0-B1", "1.0b1"},
        {"1.0BETA", "1.0b0"},
        {"1.0.BETA", "1.0b0"},
        {"1.0.BETA1", "1.0b1"},
        {"1.0-BETA", "1.0b0"},
        {"1.0-BETA1", "1.0b1"},
        // release candidate
        {"1.0c", "1.0rc0"},
        {"1.0.c", "1.0rc0"},
        {"1.0.c1", "1.0rc1"},
        {"1.0-c", "1.0rc0"},
        {"1.0-c1", "1.0rc1"},
        {"1.0rc", "1.0rc0"},
        {"1.0.rc", "1.0rc0"},
        {"1.0.rc1", "1.0rc1"},
        {"1.0-rc", "1.0rc0"},
        {"1.0-rc1", "1.0rc1"},
        {"1.0C", "1.0rc0"},
        {"1.0.C", "1.0rc0"},
        {"1.0.C1", "1.0rc1"},
        {"1.0-C", "1.0rc0"},
        {"1.0-C1", "1.0rc1"},
        {"1.0RC", "1.0rc0"},
        {"1.0.RC", "1.0rc0"},
        {"1.0.RC1", "1.0rc1"},
        {"1.0-RC", "1.0rc0"},
        {"1.0-RC1", "1.0rc1"},
        {"1.0pre", "1.0rc0"},
        {"1.0preview2", "1.0rc2"},
        {"1.0-PREVIEW.3", "1.0rc3"},
        // post release
        {"1.0post", "1.0.post0"},
        {"1.0.post", "1.0.post0"},
        {"1.0post1", "1.0.post1"},
        {"1.0-post", "1.0.post0"},
        {"1.0-post1", "1.0.post1"},
        {"1.0POST", "1.0.post0"},
        {"1.0.POST", "1.0.post0"},
        {"1.0POST1", "1.0.post1"},
        {"1.0r", "1.0.post0"},
        {"1.0rev", "1.0.post0"},
        {"1.0.POST1", "1.0.post1"},
        {"1.0.r1", "1.0.post1"},
        {"1.0.rev1", "1.0.post1"},
        {"1.0-POST", "1.0.post0"},
        {"1.0-POST1", "1.0.post1"},
        {"1.0-5", "1.0.post5"},
        {"1.0-r5", "1.0.post5"},
        {"1.0-rev5", "1.0.post5"},
        // local
        {"1.0+AbC", "1.0+abc"},
        {"1.0+ubuntu-1", "1.0+ubuntu.1"},
        {"1.0+ubuntu_01", "1.0+ubuntu.1"},
        // integers
        {"1.01", "1.1"},
        {"1.0a05", "1.0a5"},
        {"1.0b07", "1.0b7"},
        {"1.0c056", "1.0rc56"},
        {"1.0rc09", "1.0rc9"},
        {"1.0.post000", "1.0.post0"},
        {"1.1.dev09000", "1.1.dev9000"},
        {"00!1.2", "1.2"},
        {"0100!0.0", "100!0.0"},
        // other
        {"v1.0", "1.0"},
        {"   v1.0\t\n", "1.0"},
        {"1.0.0", "1.0.0"},
        {"1", "1"},
        {"2024.01.05", "2024.1.5"},
        {"1.0A1.POST2.DEV3+LOCAL.7", "1.0a1.post2.dev3+local.7"},
    };
    for (const auto& [input, normal] : cases) {
        INFO(input << " -> " << normal);
        const Version a = v(input);
        CHECK(a.to_string() == normal);
        CHECK(a == v(normal));
        std::ostringstream os;
        os << a;
        CHECK(os.str() == normal);
    }
}

TEST_CASE("version: already-normal versions print unchanged (packaging)", "[pep440][version]") {
    const char* cases[] = {
        "1.0.dev456", "1.0a1", "1.0a2.dev456", "1.0a12.dev456", "1.0a12", "1.0b1.dev456", "1.0b2",
        "1.0b2.post345.dev456", "1.0b2.post345", "1.0rc1.dev456", "1.0rc1", "1.0", "1.0.post456.dev34",
        "1.0.post456", "1.0.1", "1.0.3+7", "1.0.5+9.5", "1.2+1234.abc", "1.2+123456", "1.2+123abc",
        "1.2+123abc456", "1.2+abc", "1.2+abc123", "1.2+abc123def", "1.1.dev1", "7!1.0.dev456", "7!1.0a1",
        "7!1.0a2.dev456", "7!1.0a12.dev456", "7!1.0a12", "7!1.0b1.dev456", "7!1.0b2", "7!1.0b2.post345.dev456",
        "7!1.0b2.post345", "7!1.0rc1.dev456", "7!1.0rc1", "7!1.0", "7!1.0.post456.dev34", "7!1.0.post456",
        "7!1.0.1", "7!1.0.2", "7!1.0.3+7", "7!1.0.4+8.0", "7!1.0.5+9.5", "7!1.1.dev1"};
    for (const char* text : cases) {
        INFO(text);
        CHECK(v(text).to_string() == text);
    }
    CHECK(v("0!1.0.2").to_string() == "1.0.2");
    CHECK(v("0!1.0.4+8.0").to_string() == "1.0.4+8.0");
}

TEST_CASE("version: release segment count is preserved but insignificant", "[pep440][version]") {
    CHECK(v("1.0").to_string() == "1.0");
    CHECK(v("1.0.0").to_string() == "1.0.0");
    CHECK(v("1").to_string() == "1");
    CHECK(v("1") == v("1.0"));
    CHECK(v("1.0") == v("1.0.0"));
    CHECK(v("1.0.0") == v("1.0.0.0.0.0.0"));
    CHECK(v("1.0a1") == v("1.0.0.0.0.0a1"));
    CHECK(v("1.0+abc") == v("1.0.0+abc"));
    CHECK(v("1.0.0.0.0.0.0").release().size() == 7);
    CHECK((v("1.0") <=> v("1.0.0")) == std::strong_ordering::equal);
    CHECK(v("1.0.0.0.0.1") > v("1"));
    CHECK(v("1.0.dev0") < v("1.0.0.0.0.0"));
    CHECK(Version::from_release({1, 0}).to_string() == "1.0");
    CHECK(Version::from_release({}).to_string() == "0");
    CHECK(Version().to_string() == "0");
    CHECK(Version() == Version::from_release({0, 0, 0}));
}

TEST_CASE("version: PEP 440 total order of a sorted list", "[pep440][version]") {
    // PEP 440's summary of permitted suffixes and relative ordering (as used by uv).
    const std::vector<const char*> pep = {
        "1.dev0",         "1.0.dev456",    "1.0a1",        "1.0a2.dev456",         "1.0a12.dev456",
        "1.0a12",         "1.0b1.dev456",  "1.0b2",        "1.0b2.post345.dev456", "1.0b2.post345",
        "1.0rc1.dev456",  "1.0rc1",        "1.0",          "1.0+abc.5",            "1.0+abc.7",
        "1.0+5",          "1.0.post456.dev34", "1.0.post456", "1.0.15",            "1.1.dev1"};
    // packaging's list (with an epoch block appended).
    const std::vector<const char*> packaging = {
        "1.0.dev456",   "1.0a1",           "1.0a2.dev456",     "1.0a12.dev456",    "1.0a12",
        "1.0b1.dev456", "1.0b2",           "1.0b2.post345.dev456", "1.0b2.post345", "1.0b2-346",
        "1.0c1.dev456", "1.0c1",           "1.0rc2",           "1.0c3",            "1.0",
        "1.0.post456.dev34", "1.0.post456", "1.1.dev1",        "1.2+123abc",       "1.2+123abc456",
        "1.2+abc",      "1.2+abc123",      "1.2+abc123def",    "1.2+1234.abc",     "1.2+123456",
        "1.2.r32+123456", "1.2.rev33+123456", "1!1.0.dev456",  "1!1.0a1",          "1!1.0a2.dev456",
        "1!1.0a12.dev456", "1!1.0a12",     "1!1.0b1.dev456",   "1!1.0b2",          "1!1.0b2.post345.dev456",
        "1!1.0b2.post345", "1!1.0b2-346",  "1!1.0c1.dev456",   "1!1.0c1",          "1!1.0rc2",
        "1!1.0c3",      "1!1.0",           "1!1.0.post456.dev34", "1!1.0.post456", "1!1.1.dev1",
        "1!1.2+123abc", "1!1.2+123abc456", "1!1.2+abc",        "1!1.2+abc123",     "1!1.2+abc123def",
        "1!1.2+1234.abc", "1!1.2+123456",  "1!1.2.r32+123456", "1!1.2.rev33+123456", "98765!1.2.rev33+123456"};
    // Local segment ordering details and post/dev interleaving.
    const std::vector<const char*> extra = {
        "0.9",         "1.0a1.post1.dev1", "1.0a1.post1", "1.0a1.post2.dev0", "1.0a1.post2", "1.0b1",
        "1.0",         "1.0+a",            "1.0+a.0",     "1.0+a.1",          "1.0+b",       "1.0+z.a",
        "1.0+z.1",     "1.0+0",            "1.0+0.a",     "1.0+0.0",          "1.0+1",       "1.0+2",
        "1.0+10",      "1.0+18446744073709551615", "1.0.post0.dev0", "1.0.post0", "1.0.post1.dev0",
        "1.0.post1.dev1", "1.0.post1",     "1.0.post1+x", "1.0.post2",        "1.0.1.dev0",  "1.0.1",
        "1.1",         "2.0.dev0",         "2.0",         "10.0",             "65535",       "65536",
        "18446744073709551615", "1!0.dev0", "1!0"};
    for (const auto* list : {&pep, &packaging, &extra}) {
        std::vector<Version> vs;
        for (const char* s : *list) vs.push_back(v(s));
        for (std::size_t i = 0; i < vs.size(); ++i) {
            for (std::size_t j = 0; j < vs.size(); ++j) {
                INFO((*list)[i] << " vs " << (*list)[j]);
                const auto expected = i <=> j;
                CHECK((vs[i] <=> vs[j]) == expected);
                CHECK((vs[i] == vs[j]) == (i == j));
                CHECK((vs[i] < vs[j]) == (i < j));
                CHECK((vs[i] >= vs[j]) == (i >= j));
            }
        }
        // Sorting a shuffled copy gives the list back.
        std::vector<Version> shuffled(vs.rbegin(), vs.rend());
        std::rotate(shuffled.begin(), shuffled.begin() + static_cast<std::ptrdiff_t>(shuffled.size() / 3),
                    shuffled.end());
        std::sort(shuffled.begin(), shuffled.end());
        for (std::size_t i = 0; i < vs.size(); ++i) CHECK(shuffled[i].to_string() == vs[i].to_string());
    }
}

TEST_CASE("version: accessors and predicates", "[pep440][version]") {
    const Version a = v("2!1.2.3rc4.post5.dev6+Ubuntu-7");
    CHECK(a.epoch() == 2);
    CHECK(rel(a) == std::vector<std::uint64_t>{1, 2, 3});
    REQUIRE(a.pre().has_value());
    CHECK(a.pre()->kind == PreKind::Rc);
    CHECK(a.pre()->number == 4);
    CHECK(a.post() == std::optional<std::uint64_t>(5));
    CHECK(a.dev() == std::optional<std::uint64_t>(6));
    CHECK(a.has_local());
    CHECK(a.local_string() == "ubuntu.7");
    CHECK(a.is_prerelease());
    CHECK(a.is_postrelease());
    CHECK(a.without_local().to_string() == "2!1.2.3rc4.post5.dev6");
    CHECK_FALSE(a.without_local().has_local());
    CHECK(a.base_version().to_string() == "2!1.2.3");

    CHECK(v("1.0.dev1").is_prerelease());
    CHECK(v("1.0a1").is_prerelease());
    CHECK(v("1.0.post1.dev1").is_prerelease());
    CHECK_FALSE(v("1.0").is_prerelease());
    CHECK_FALSE(v("1.0.post1").is_prerelease());
    CHECK_FALSE(v("1.0+local").is_prerelease());
    CHECK(v("1.0.post1").is_postrelease());
    CHECK_FALSE(v("1.0").is_postrelease());
    CHECK_FALSE(v("1.0").has_local());
    CHECK(v("1.0").local_string().empty());
    CHECK(v("1.0").local().empty());
    CHECK(v("1.0").without_local().to_string() == "1.0");

    // Builders.
    const Version b = Version::from_release({1, 2});
    CHECK(b.with_epoch(3).to_string() == "3!1.2");
    CHECK(b.with_pre(Version::Pre{PreKind::Beta, 2}).to_string() == "1.2b2");
    CHECK(b.with_post(7).to_string() == "1.2.post7");
    CHECK(b.with_dev(0).to_string() == "1.2.dev0");
    CHECK(b.with_local({std::string("ABC"), std::uint64_t{4}}).to_string() == "1.2+abc.4");
    CHECK(b.with_dev(0).with_post(1).with_pre(Version::Pre{PreKind::Alpha, 1}).to_string() == "1.2a1.post1.dev0");
    CHECK(a.with_local({}).to_string() == "2!1.2.3rc4.post5.dev6");
    CHECK(a.with_epoch(0).without_local().with_pre(std::nullopt).with_post(std::nullopt).with_dev(std::nullopt) ==
          Version::from_release({1, 2, 3}));
}

namespace {

// An independent, obviously-correct ordering key (tuples and vectors) to check
// both representations against.
struct RefKey {
    std::uint64_t epoch;
    std::vector<std::uint64_t> release;  // trailing zeros removed
    int phase;                           // 0 dev-only, 1 a, 2 b, 3 rc, 4 final
    std::uint64_t pre_number;
    int has_post;
    std::uint64_t post;
    int no_dev;
    std::uint64_t dev;
    std::vector<std::tuple<int, std::uint64_t, std::string>> local;  // numbers (1) after strings (0)

    auto tie() const { return std::tie(epoch, release, phase, pre_number, has_post, post, no_dev, dev, local); }
};

RefKey ref_key(std::uint64_t epoch, std::vector<std::uint64_t> release, std::optional<Version::Pre> pre,
               std::optional<std::uint64_t> post, std::optional<std::uint64_t> dev,
               const std::vector<LocalSegment>& local) {
    while (!release.empty() && release.back() == 0) release.pop_back();
    RefKey k{epoch, release, 4, 0, post ? 1 : 0, post.value_or(0), dev ? 0 : 1, dev.value_or(0), {}};
    if (pre) {
        k.phase = 1 + static_cast<int>(pre->kind);
        k.pre_number = pre->number;
    } else if (dev && !post) {
        k.phase = 0;
    }
    for (const auto& seg : local) {
        if (auto* n = std::get_if<std::uint64_t>(&seg))
            k.local.emplace_back(1, *n, "");
        else
            k.local.emplace_back(0, 0, std::get<std::string>(seg));
    }
    return k;
}

struct Sample {
    Version version;
    RefKey key;
    bool expect_small;
};

} // namespace

TEST_CASE("version: small and full forms order consistently across the packing limits", "[pep440][version]") {
    using P = Version::Pre;
    const std::uint64_t big = 131072;  // first suffix number that does not pack
    const std::vector<std::vector<std::uint64_t>> releases = {
        {0},          {1},           {65535},          {65536},          {1, 1023},        {1, 1024},
        {1, 2, 1023}, {1, 2, 1024},  {1, 2, 3, 255},   {1, 2, 3, 256},   {1, 2, 3, 4, 0},  {1, 2, 3, 4, 5},
        {65535, 1023, 1023, 255},    {65536, 0},       {1, 0, 0, 0, 0, 0}, {u64max},       {1, 2},
        {1, 2, 0},    {1, 2, 0, 0, 0}, {4294967296, 7}, {1, 1}};
    struct Suffix {
        std::optional<P> pre;
        std::optional<std::uint64_t> post;
        std::optional<std::uint64_t> dev;
    };
    const std::vector<Suffix> suffixes = {
        {},
        {{}, {}, 0},
        {{}, {}, big - 1},
        {{}, {}, big},
        {P{PreKind::Alpha, 0}, {}, {}},
        {P{PreKind::Alpha, big - 1}, {}, {}},
        {P{PreKind::Alpha, big}, {}, {}},
        {P{PreKind::Beta, 5}, {}, {}},
        {P{PreKind::Rc, big - 1}, {}, {}},
        {P{PreKind::Rc, big}, {}, {}},
        {{}, 0, {}},
        {{}, big - 1, {}},
        {{}, big, {}},
        {{}, u64max, {}},
        {P{PreKind::Alpha, 1}, 2, {}},
        {{}, 1, 2},
        {P{PreKind::Alpha, 1}, {}, 1},
        {P{PreKind::Rc, 1}, 1, 1},
        {{}, {}, u64max},
    };
    const std::vector<std::vector<LocalSegment>> locals = {
        {}, {std::uint64_t{1}}, {std::string("abc")}, {std::string("abc"), std::uint64_t{0}}};

    std::vector<Sample> samples;
    for (std::uint64_t epoch : {std::uint64_t{0}, std::uint64_t{1}}) {
        for (const auto& r : releases) {
            for (const auto& s : suffixes) {
                for (const auto& l : locals) {
                    bool fits = epoch == 0 && l.empty() && r.size() <= 4;
                    const std::uint64_t limits[] = {65535, 1023, 1023, 255};
                    for (std::size_t i = 0; fits && i < r.size(); ++i) fits = r[i] <= limits[i];
                    const int n_suffix = int(s.pre.has_value()) + int(s.post.has_value()) + int(s.dev.has_value());
                    const std::uint64_t num = s.pre ? s.pre->number : s.post ? *s.post : s.dev.value_or(0);
                    fits = fits && n_suffix <= 1 && num < big;
                    samples.push_back({Version::from_parts(epoch, r, s.pre, s.post, s.dev, l),
                                       ref_key(epoch, r, s.pre, s.post, s.dev, l), fits});
                }
            }
        }
    }

    std::size_t n_small = 0;
    for (const auto& s : samples) {
        INFO(s.version.to_string());
        CHECK(s.version.is_small() == s.expect_small);
        n_small += s.version.is_small() ? 1 : 0;
        // Round trip through text keeps the representation and the value.
        const Version again = v(s.version.to_string());
        CHECK(again == s.version);
        CHECK(again.is_small() == s.version.is_small());
        CHECK(again.to_string() == s.version.to_string());
    }
    CHECK(n_small > 50);
    CHECK(n_small < samples.size());

    std::size_t mismatches = 0;
    for (const auto& a : samples) {
        for (const auto& b : samples) {
            const auto expected = a.key.tie() <=> b.key.tie();
            const auto got = a.version <=> b.version;
            const bool eq = a.version == b.version;
            const bool hash_ok = !eq || a.version.hash() == b.version.hash();
            if (got != expected || eq != (expected == 0) || !hash_ok) {
                if (++mismatches <= 10)
                    FAIL_CHECK(a.version.to_string() << (a.version.is_small() ? " [small]" : " [full]") << " vs "
                                                     << b.version.to_string()
                                                     << (b.version.is_small() ? " [small]" : " [full]"));
            }
        }
    }
    CHECK(mismatches == 0);
}

TEST_CASE("version: values straddling the packing limits", "[pep440][version]") {
    CHECK(v("65535.1023.1023.255").is_small());
    CHECK_FALSE(v("65536").is_small());
    CHECK_FALSE(v("1.1024").is_small());
    CHECK_FALSE(v("1.1.1024").is_small());
    CHECK_FALSE(v("1.1.1.256").is_small());
    CHECK_FALSE(v("1.1.1.1.1").is_small());
    CHECK(v("1.0a131071").is_small());
    CHECK_FALSE(v("1.0a131072").is_small());
    CHECK(v("1.0.post131071").is_small());
    CHECK_FALSE(v("1.0.post131072").is_small());
    CHECK(v("1.0.dev131071").is_small());
    CHECK_FALSE(v("1.0.dev131072").is_small());
    CHECK_FALSE(v("1!1.0").is_small());
    CHECK_FALSE(v("1.0+local").is_small());
    CHECK_FALSE(v("1.0a1.dev1").is_small());
    CHECK_FALSE(v("1.0.post1.dev1").is_small());
    CHECK(v("2024.10.3").is_small());
    CHECK(v("0!1.0").is_small());

    // Ordering right at the seams, mixing small and full operands.
    CHECK(v("65535") < v("65536"));
    CHECK(v("65535.1023.1023.255") < v("65535.1023.1023.256"));
    CHECK(v("65535.1023.1023.255") < v("65535.1023.1023.255.1"));
    CHECK(v("65535.1023.1023.255.0") == v("65535.1023.1023.255"));
    CHECK(v("1.1023") < v("1.1024"));
    CHECK(v("1.1024") < v("2"));
    CHECK(v("1.0a131071") < v("1.0a131072"));
    CHECK(v("1.0a131072") < v("1.0b0"));
    CHECK(v("1.0.dev131072") < v("1.0a0"));
    CHECK(v("1.0.post131072") < v("1.0.1"));
    CHECK(v("1.0.post131071") < v("1.0.post131072"));
    CHECK(v("1.0") < v("1.0+local"));
    CHECK(v("1.0+local") < v("1.0.post0"));
    CHECK(v("1.0.1.0.0") == v("1.0.1"));
    CHECK(v("1.0.1.0.0").hash() == v("1.0.1").hash());
    CHECK(v("0!1.0.1.0.0").hash() == v("1.0.1.0").hash());
    CHECK(v("99!0") > v("18446744073709551615"));
}

TEST_CASE("version: hashing and use as a key", "[pep440][version]") {
    std::unordered_set<Version> set;
    for (const char* s : {"1.0", "1.0.0", "1", "1.0.0.0.0.0", "1.0+a", "1.0+A", "1.0a1", "1.0alpha1", "1!1.0"})
        set.insert(v(s));
    CHECK(set.size() == 4);  // 1.0 | 1.0+a | 1.0a1 | 1!1.0
    CHECK(set.count(v("1.0.0.0")) == 1);
    CHECK(set.count(v("1.0+a.0")) == 0);
    CHECK(std::hash<Version>{}(v("1.2.3")) == v("1.2.3.0").hash());
}

TEST_CASE("version: patterns with a trailing wildcard", "[pep440][version]") {
    auto p = lockkit::pep440::parse_version_pattern("5.*");
    REQUIRE(p);
    CHECK(p->wildcard);
    CHECK(p->version.to_string() == "5");
    p = lockkit::pep440::parse_version_pattern("2!5.6.*");
    REQUIRE(p);
    CHECK(p->wildcard);
    CHECK(p->version.to_string() == "2!5.6");
    p = lockkit::pep440::parse_version_pattern("1.2.3");
    REQUIRE(p);
    CHECK_FALSE(p->wildcard);
    for (const char* bad : {"1.2.*.4.*", "1.0-dev1.*", "1.0a1.*", "1.0.post1.*", "1.0+lolwat.*", "*", "2!*", "1.*.1",
                            "1.0.*+5"}) {
        INFO(bad);
        CHECK_FALSE(lockkit::pep440::parse_version_pattern(bad).has_value());
    }
    auto err = lockkit::pep440::parse_version_pattern("1.0a1.*");
    REQUIRE_FALSE(err);
    CHECK_THAT(err.error().message, Catch::Contains("may only follow the release segments"));
    CHECK(err.error().offset == 5);
    err = lockkit::pep440::parse_version_pattern("1.*.1");
    REQUIRE_FALSE(err);
    CHECK_THAT(err.error().message, Catch::Contains("must come at the end"));
}
