// PEP 440 version sets: the sentinel versions, the specifier -> interval table of uv
// (uv-pep440 `version_ranges.rs`), the canonical form (uv-resolver `pubgrub/range.rs`) and the
// interval algebra (version-ranges). Expectations come from those crates' own tests (named in
// each test) and from PEP 440; none were produced by running this code.

#include <lockkit/resolver/version_range.hpp>

#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

using lockkit::pep440::Version;
using lockkit::pep440::VersionSpecifier;
using lockkit::pep440::VersionSpecifiers;
using namespace lockkit::resolver;

namespace {

Version v(const std::string& s) {
    auto r = Version::parse(s);
    REQUIRE(r);
    return *r;
}

VersionRanges encoded(const std::string& specifiers) {
    auto r = VersionSpecifiers::parse(specifiers);
    REQUIRE(r);
    return ranges_from_specifiers(*r);
}

VersionRange range(const std::string& specifiers) {
    auto r = VersionSpecifiers::parse(specifiers);
    REQUIRE(r);
    return VersionRange::from_specifiers(*r);
}

VersionRanges canonical(const std::string& specifiers) {
    auto e = encoded(specifiers);
    return canonicalize_version_ranges(e).value_or(e);
}

} // namespace

// ---- sentinel versions (uv-pep440 version.rs tests `min_version`, `max_version`,
// ---- `local_sentinel_version`) -------------------------------------------------------------

TEST_CASE("the min sentinel sorts before every other 1.0 variant", "[version][sentinel]") {
    const Version less = Version::from_release({1, 0}).with_min();
    CHECK(less.is_min_sentinel());
    CHECK(less.is_small());
    for (const char* s : {"1.dev0", "1.0.dev456", "1.0a1", "1.0a2.dev456", "1.0a12.dev456", "1.0a12", "1.0b1.dev456",
                          "1.0b2", "1.0b2.post345.dev456", "1.0b2.post345", "1.0rc1.dev456", "1.0rc1", "1.0",
                          "1.0+abc.5", "1.0+abc.7", "1.0+5", "1.0.post456.dev34", "1.0.post456", "1.0.15",
                          "1.1.dev1"}) {
        INFO(s);
        CHECK(less < v(s));
    }
    CHECK(v("0.9.9") < less);
    CHECK(v("0.9.9+local") < less);
    CHECK_FALSE(less.is_prerelease());
}

TEST_CASE("the max sentinel sorts after every other 1.0 variant", "[version][sentinel]") {
    const Version greater = Version::from_release({1, 0}).with_max();
    CHECK(greater.is_max_sentinel());
    CHECK(greater.is_small());
    for (const char* s : {"1.dev0", "1.0.dev456", "1.0a1", "1.0a2.dev456", "1.0a12.dev456", "1.0a12", "1.0b1.dev456",
                          "1.0b2", "1.0b2.post345.dev456", "1.0b2.post345", "1.0rc1.dev456", "1.0rc1", "1.0",
                          "1.0+abc.5", "1.0+abc.7", "1.0+5", "1.0.post456.dev34", "1.0.post456"}) {
        INFO(s);
        CHECK(v(s) < greater);
    }
    CHECK(greater < v("1.0.1.dev0"));
    CHECK(greater < v("1.1"));

    const Version a1max = v("1.0a1").with_max();
    CHECK_FALSE(a1max.is_small());
    for (const char* s : {"1.0a1", "1.0a1+local", "1.0a1.post1"}) CHECK(v(s) < a1max);
    for (const char* s : {"1.0b1", "1.0b1+local", "1.0b1.post1", "1.0"}) CHECK(a1max < v(s));
}

TEST_CASE("the +max local sentinel sits between the locals of V and V.post0", "[version][sentinel]") {
    const Version sentinel = Version::from_release({1, 0}).with_local_max();
    CHECK(sentinel.is_small());
    CHECK(sentinel.has_local());
    CHECK(sentinel.has_local_max());
    for (const char* s : {"1.0.post0", "1.1"}) CHECK(sentinel < v(s));
    for (const char* s : {"1.0", "1.0.a0", "1.0+local"}) CHECK(v(s) < sentinel);
    // uv prints the sentinel as a bare '+' and without_local() removes it.
    CHECK(sentinel.to_string() == "1.0+");
    CHECK(sentinel.without_local() == v("1.0"));
    CHECK_FALSE(sentinel.without_local().has_local());
}

TEST_CASE("sentinels have one representation: small and full forms agree", "[version][sentinel]") {
    // A release too long for the small form takes the full path; both must order and hash alike.
    const Version small_min = Version::from_release({1, 0}).with_min();
    const Version full_min = Version::from_release({1, 0, 0, 0, 0}).with_min();
    CHECK(small_min.is_small());
    CHECK_FALSE(full_min.is_small());
    CHECK(small_min == full_min);
    CHECK(small_min.hash() == full_min.hash());
    const Version small_max = Version::from_release({2}).with_local_max();
    const Version full_max = Version::from_release({2, 0, 0, 0, 0, 0}).with_local_max();
    CHECK(small_max == full_max);
    CHECK(small_max.hash() == full_max.hash());
    CHECK(v("1.0.post3").with_local_max() < v("1.0.post4.dev0"));
    CHECK(v("1.0.post3+zzz") < v("1.0.post3").with_local_max());
    CHECK(v("1.0.dev2").with_local_max() < v("1.0.dev3"));
    // Min and max on the same release are distinct and ordered.
    CHECK(small_min < Version::from_release({1, 0}).with_max());
    CHECK(!(small_min == v("1.0")));
    CHECK(small_min.to_string() == "1.0");  // uv prints no suffix for min and max
}

TEST_CASE("only_release_trimmed discards non-release segments", "[version]") {
    // uv-pep440 version.rs `only_release_trimmed_discards_non_release_segments`.
    for (const char* s : {"1.2a1", "1.2.post1", "1!1.2", "1.2+local", "1.2.dev1"})
        CHECK(only_release_trimmed(v(s)) == Version::from_release({1, 2}));
    CHECK(only_release_trimmed(Version::from_release({1, 2}).with_min()) == Version::from_release({1, 2}));
    CHECK(only_release_trimmed(Version::from_release({1, 2, 0})).to_string() == "1.2");
    CHECK(only_release_trimmed(Version::from_release({0, 0})).to_string() == "0");
}

// ---- the specifier table (resolver-notes §1.4; uv-pep440 `impl From<VersionSpecifier>`) ----

TEST_CASE("every row of the specifier table has uv's encoding", "[ranges][pep440]") {
    // Display strings are version-ranges' (sentinels print as uv prints them: min and max
    // silently, +max as a bare '+'), e.g. uv-resolver range.rs test
    // `diagnostic_ranges_hide_local_version_sentinels`: "==1.0" -> ">=1.0, <1.0+".
    CHECK(encoded("==1.0").to_string() == ">=1.0, <1.0+");
    CHECK(encoded("<=1.0").to_string() == "<=1.0+");
    CHECK(encoded("==1.2+cpu").to_string() == "==1.2+cpu");
    CHECK(encoded("===1.2").to_string() == "==1.2");
    CHECK(encoded(">=1.2").to_string() == ">=1.2");
    CHECK(encoded("!=1.2").to_string() == "<1.2 | >=1.2+");
    CHECK(encoded(">1.2.post1").to_string() == ">1.2.post1+");
    CHECK(encoded(">1.2.dev3").to_string() == ">=1.2.dev4");
    CHECK(encoded("<1.2.post2").to_string() == "<1.2.post2.dev0");
    CHECK(encoded("<1.2a1").to_string() == "<1.2a1");
    CHECK(encoded("~=1.4.5").to_string() == ">=1.4.5, <1.5.dev0");
    CHECK(encoded("==1.4.*").to_string() == ">=1.4.dev0, <1.5.dev0");
    CHECK(encoded("!=1.4.*").to_string() == "<1.4.dev0 | >=1.5.dev0");
    CHECK(encoded("~=2.2").to_string() == ">=2.2, <3.dev0");

    // The sentinel bounds themselves.
    const auto lt = encoded("<1.2");
    REQUIRE(lt.segments().size() == 1);
    CHECK(lt.segments()[0].second.value.is_min_sentinel());
    const auto gt = encoded(">1.2");
    REQUIRE(gt.segments().size() == 1);
    CHECK(gt.segments()[0].first.is_excluded());
    CHECK(gt.segments()[0].first.value.is_max_sentinel());
    const auto gt_pre = encoded(">1.2a1");
    CHECK(gt_pre.segments()[0].first.value.is_max_sentinel());
    CHECK(gt_pre.segments()[0].first.value.pre().has_value());
}

TEST_CASE("membership of every row follows PEP 440 as uv reads it", "[ranges][pep440]") {
    struct Row {
        const char* spec;
        const char* version;
        bool in;
    };
    // PEP 440 "Version matching", "Exclusive ordered comparison", "Compatible release" and
    // resolver-notes §1.4/§4.9/§4.10.
    const Row rows[] = {
        {"==1.2", "1.2", true},          {"==1.2", "1.2.0", true},        {"==1.2", "1.2+cpu", true},
        {"==1.2", "1.2.post1", false},   {"==1.2", "1.2a1", false},       {"==1.2+cpu", "1.2+cpu", true},
        {"==1.2+cpu", "1.2", false},     {"==1.2+cpu", "1.2+cu118", false}, {"===1.2", "1.2", true},
        {"===1.2", "1.2+x", false},      {"!=1.2", "1.2+cpu", false},     {"!=1.2", "1.2.post1", true},
        {"!=1.2.*", "1.2.5", false},     {"!=1.2.*", "1.3", true},        {">=1.2", "1.2", true},
        {">=1.2", "1.2a1", false},       {">=1.2", "1.2+x", true},        {"<=1.2", "1.2+x", true},
        {"<=1.2", "1.2.post0", false},   {">1.2", "1.2.post1", false},    {">1.2", "1.2+x", false},
        {">1.2", "1.2.1.dev0", true},    {">1.2.post1", "1.2.post1+local", false},
        {">1.2.post1", "1.2.post2.dev0", true}, {">1.2.post1", "1.2.post2", true},
        {">1.2.dev0", "1.2.dev0", false}, {">1.2.dev0", "1.2.dev1", true}, {">1.2.dev0", "1.2a1", true},
        {"<1.2", "1.2a1", false},        {"<1.2", "1.2.dev0", false},     {"<1.2", "1.1.post3", true},
        {"<1.2", "1.1+x", true},         {"<1.2.post2", "1.2.post2.dev1", false}, {"<1.2.post2", "1.2a1", true},
        {"<1.2.post2", "1.2.post1", true}, {"<1.2a2", "1.2a1", true},     {"<1.2a2", "1.2.dev0", true},
        {"<1.2a2", "1.2a2", false},      {"~=1.4.5", "1.4.5", true},      {"~=1.4.5", "1.4.9", true},
        {"~=1.4.5", "1.5.dev0", false},  {"~=1.4.5", "1.5a1", false},     {"~=1.4.5", "1.4.4", false},
        {"==1.4.*", "1.4.dev0", true},   {"==1.4.*", "1.4.99+x", true},   {"==1.4.*", "1.5.dev0", false},
        {"==1.4.*", "1.3.99", false},
    };
    for (const auto& row : rows) {
        INFO(row.spec << " vs " << row.version);
        CHECK(encoded(row.spec).contains(v(row.version)) == row.in);
    }
}

TEST_CASE("exclusive post-release ordering", "[ranges][pep440]") {
    // uv-pep440 version_ranges.rs `exclusive_post_release_ordering` (pypa/packaging#1140).
    struct Row {
        const char* spec;
        const char* version;
        bool in;
    };
    const Row rows[] = {
        {"<1.0.post1", "1.0.post1.dev0", false}, {"<1.0.post0", "1.0.post0.dev0", false},
        {"<1.0.post1", "1.0.dev0", true},        {"<1.0.post1", "1.0a1", true},
        {"<1.0.post1", "1.0rc1", true},          {"<1.0.post0", "1.0.dev0", true},
        {"<1.0.post0", "1.0a1", true},           {"<1.0.post0", "1.0b1", true},
        {"<1.0.post0", "1.0rc2", true},          {"<1.0.post1", "1.0.post0.dev0", true},
        {"<1.0.post2", "1.0.post1.dev0", true},  {"<1.0.post10", "1.0.post9.dev0", true},
        {"<1.0.post1", "1.0", true},             {"<1.0.post1", "1.0.post0", true},
        {"<1.0.post1", "0.9", true},             {"<1.0.post0", "1.0", true},
        {"<1.0.post10", "1.0.post9", true},      {"<1.0.post1", "1.0+local", true},
        {"<1.0.post1", "1.0.post0+local", true}, {"<1.0.post1", "0.9.dev0", true},
        {"<1.0.post1", "1.0.post1", false},      {"<1.0.post1", "1.1", false},
        {"<1!1.0.post1", "1!1.0a1", true},       {"<1!1.0.post1", "1!1.0.post1.dev0", false},
        {"<1.0a1.post1", "1.0a1.post1.dev0", true}, {">1.0.post0", "1.0.post0+local", false},
        {">1.0.post0", "1.0.post1.dev0", true},  {">1.0.post0", "1.0.post1.dev1", true},
    };
    for (const auto& row : rows) {
        INFO(row.spec << " vs " << row.version);
        CHECK(encoded(row.spec).contains(v(row.version)) == row.in);
    }
}

TEST_CASE("compound <V.postN cases", "[ranges][pep440]") {
    // uv-pep440 version_ranges.rs `less_than_post_release_intersections`.
    struct Row {
        const char* specs;
        const char* version;
        bool in;
    };
    const Row rows[] = {
        {"==1.0.dev0,<1.0.post1", "1.0.dev0", true},
        {"==1.0a1,<1.0.post0", "1.0a1", true},
        {"==1.0.post0.dev0,<1.0.post1", "1.0.post0.dev0", true},
        {">=1.0,<1.0.post1", "1.0", true},
        {">=1.0,<1.0.post1", "1.0.post0", true},
        {">=1.0,<1.0.post1", "1.0.dev0", false},
        {">=1.0.dev0,<1.0.post1", "1.0.dev0", true},
        {">=1.0.dev0,<1.0.post1", "1.0a1", true},
        {">=1.0.dev0,<1.0.post1", "1.0.post0.dev0", true},
        {">=1.0.dev0,<1.0.post1,!=1.0,!=1.0.post0", "1.0.dev0", true},
        {">=1.0.dev0,<1.0.post1,!=1.0,!=1.0.post0", "1.0.post0.dev0", true},
    };
    for (const auto& row : rows) {
        INFO(row.specs << " vs " << row.version);
        CHECK(encoded(row.specs).contains(v(row.version)) == row.in);
    }
}

TEST_CASE("<V is monotonic and agrees with the specifier", "[ranges][pep440]") {
    // uv-pep440 version_ranges.rs `less_than_ordering_is_monotonic` (pypa/packaging#1144),
    // plus the cross-check that the range and the specifier agree on every version.
    std::vector<Version> versions;
    for (const char* s : {"0.dev0", "0", "0.1", "1.0.dev0", "1.0.dev1", "1.0a0.dev0", "1.0a0", "1.0a1.dev0", "1.0a1",
                          "1.0a1.post0.dev0", "1.0a1.post0", "1.0a2", "1.0b1", "1.0rc1", "1.0", "1.0.post0.dev0",
                          "1.0.post0", "1.0.post1.dev0", "1.0.post1", "1.1", "2.0", "1!0.dev0", "1!0", "1!1.0a1",
                          "1!1.0", "1!1.0.post0.dev0", "1!1.0.post0"})
        versions.push_back(v(s));
    for (const Version& specified : versions) {
        std::string text = specified.to_string();
        text.insert(text.begin(), '<');
        auto spec = VersionSpecifier::parse(text);
        REQUIRE(spec);
        const VersionRanges r = ranges_from_specifier(*spec);
        for (const Version& accepted : versions) {
            INFO("<" << specified << " accepted " << accepted);
            CHECK(r.contains(accepted) == spec->contains(accepted));
            for (const Version& lower : versions) {
                if (!(lower < accepted)) continue;
                if (r.contains(accepted)) CHECK(r.contains(lower));
            }
        }
    }
}

TEST_CASE("<V excludes pre-releases of a final V but not of a pre-release V", "[ranges][pep440]") {
    // uv-pep440 version_ranges.rs `less_than_final_release` and `less_than_pre_release`.
    const auto final_range = encoded("<0.12.0");
    CHECK(final_range.contains(v("0.11.0")));
    CHECK_FALSE(final_range.contains(v("0.12.0a1")));
    CHECK_FALSE(final_range.contains(v("0.12.0.dev0")));
    CHECK_FALSE(final_range.contains(v("0.12.0")));
    CHECK_FALSE(final_range.contains(v("0.12.0.post1")));
    const auto pre_range = encoded("<0.12.0b1");
    CHECK(pre_range.contains(v("0.12.0a1")));
    CHECK(pre_range.contains(v("0.12.0.dev0")));
    CHECK_FALSE(pre_range.contains(v("0.12.0b1")));
    CHECK_FALSE(pre_range.contains(v("0.12.0")));
}

TEST_CASE("ranges agree with VersionSpecifier::contains on a grid", "[ranges][pep440]") {
    // Both implement the same PEP 440 rules, with one divergence that uv has too: for `>V`
    // with V a pre- or dev release, uv's `VersionSpecifier::contains` rejects post releases of
    // V's release (1.0.post0 for `>1.0a1`) while its range, (1.0a1.max, inf), admits them. The
    // resolver uses the range; that pair is skipped here.
    const char* specs[] = {"==1.0",  "==1.0+cpu", "!=1.0",     "!=1.0.*",  ">=1.0",   "<=1.0",   ">1.0",
                           ">1.0a1", ">1.0.post1", ">1.0.dev1", "<1.0",    "<1.0a1",  "<1.0.post1", "~=1.0",
                           "~=1.0.1", "==1.*",     "==1.0.*",   "!=1.0+cpu", ">=1.0a1", "<=1.0.post1", "===1.0"};
    const char* versions[] = {"0.9",       "1.0.dev0",  "1.0a1.dev1", "1.0a1",      "1.0a1.post1", "1.0a2",
                              "1.0",       "1.0+cpu",   "1.0+cu118",  "1.0.post0",  "1.0.post1",   "1.0.post1+x",
                              "1.0.post2.dev0", "1.0.1.dev0", "1.0.1",   "1.1",        "2.0.dev0",    "2.0",
                              "1!0.1"};
    for (const char* s : specs) {
        auto spec = VersionSpecifier::parse(s);
        REQUIRE(spec);
        const auto r = ranges_from_specifier(*spec);
        for (const char* ver : versions) {
            const Version candidate = v(ver);
            const bool known_divergence = spec->op() == lockkit::pep440::Operator::GreaterThan &&
                                          spec->version().is_prerelease() && candidate.is_postrelease() &&
                                          only_release_trimmed(candidate) == only_release_trimmed(spec->version());
            if (known_divergence) continue;
            INFO(s << " vs " << ver);
            CHECK(r.contains(candidate) == spec->contains(candidate));
        }
    }
}

TEST_CASE("release-only ranges for Requires-Python", "[ranges][pep440]") {
    // uv-pep440 `release_specifiers_to_ranges`: `>=3.13` admits 3.13.0b1 because only the
    // release segments are compared.
    auto specs = VersionSpecifiers::parse(">=3.13");
    REQUIRE(specs);
    CHECK(release_ranges_from_specifiers(*specs).contains(v("3.13.0")));
    CHECK(release_ranges_from_specifiers(*specs).to_string() == ">=3.13");
    auto star = VersionSpecifiers::parse("==3.12.*");
    REQUIRE(star);
    CHECK(release_ranges_from_specifiers(*star).to_string() == ">=3.12, <3.13");
    auto tilde = VersionSpecifiers::parse("~=3.10.0");
    REQUIRE(tilde);
    CHECK(release_ranges_from_specifiers(*tilde).to_string() == ">=3.10.0, <3.11");
    auto trimmed = VersionSpecifier::parse(">=3.10.0");
    REQUIRE(trimmed);
    CHECK(release_range_from_specifier(*trimmed, true).to_string() == ">=3.10");
    CHECK(release_range_from_specifier(*trimmed, false).to_string() == ">=3.10.0");
}

// ---- canonical form (uv-pep440 and uv-resolver range.rs tests) ---------------------------

TEST_CASE("known PEP 440 successor boundaries canonicalize", "[ranges][canonical]") {
    // uv-pep440 `canonicalizes_known_pep440_successor_boundaries`.
    CHECK(canonical(">1.0a1") == canonical(">=1.0a2.dev0"));
    CHECK(canonical(">1.0.post0") == canonical(">=1.0.post1.dev0"));
    CHECK(canonical("<=1.0") == canonical("<1.0.post0.dev0"));
    CHECK(canonical("==1.0") == canonical(">=1.0,<1.0.post0.dev0"));
    CHECK(canonical(">=0.dev0") == VersionRanges::full());
    CHECK(canonical("<0.dev0") == VersionRanges::empty());
    CHECK(canonical("<1.0") == canonical("<1.0.dev0"));
}

TEST_CASE("canonicalization preserves real-version membership", "[ranges][canonical]") {
    // uv-pep440 `canonicalization_preserves_real_version_membership` and
    // `canonicalization_preserves_pep440_floor_membership`.
    const char* versions[] = {"0.dev0", "0a0.dev0", "0.9", "1.0.dev0", "1.0a1.dev0", "1.0a1", "1.0a2.dev0",
                              "1.0",    "1.0+local", "1.0.post0.dev0", "1.0.post1.dev0", "2.0"};
    for (const char* s : {"==1.0", "!=1.0", "<1.0", "<=1.0", ">1.0a1", ">1.0.post0"}) {
        const auto r = encoded(s);
        const auto c = canonicalize_version_ranges(r);
        REQUIRE(c.has_value());
        for (const char* ver : versions) {
            INFO(s << " vs " << ver);
            CHECK(r.contains(v(ver)) == c->contains(v(ver)));
        }
    }
    for (const char* s : {"==0.dev0", "!=0.dev0", ">=0a0.dev0", "<0a0.dev0"}) {
        const auto r = encoded(s);
        const auto c = canonicalize_version_ranges(r).value_or(r);
        for (const char* ver : {"0.dev0", "0a0.dev0"}) {
            INFO(s << " vs " << ver);
            CHECK(r.contains(v(ver)) == c.contains(v(ver)));
        }
    }
}

TEST_CASE("ranges without sentinels are left alone", "[ranges][canonical]") {
    // uv-pep440 `skips_ranges_without_internal_sentinels`.
    CHECK_FALSE(canonicalize_version_ranges(VersionRanges::singleton(v("1.0"))).has_value());
    CHECK_FALSE(canonicalize_version_ranges(encoded("<1.0.post1")).has_value());
}

TEST_CASE("equivalent spellings are one VersionRange", "[ranges][canonical]") {
    // uv-resolver range.rs `equivalent_pep440_ranges_have_canonical_identity` and
    // `canonical_identity_preserves_original_bounds`.
    for (auto [l, r] : {std::pair{">1.0a1", ">=1.0a2.dev0"}, {"<=1.0", "<1.0.post0.dev0"},
                        {"==1.0", ">=1.0,<1.0.post0.dev0"}}) {
        INFO(l << " vs " << r);
        CHECK(range(l) == range(r));
        CHECK(range(l).hash() == range(r).hash());
        CHECK(range(l).subset_of(range(r)));
        CHECK(range(r).subset_of(range(l)));
    }
    const auto le = range("<=1.0");
    CHECK(le.encoded() == encoded("<=1.0"));
    CHECK(le.to_string() == "<=1.0+");
    CHECK_FALSE(le.encoded() == le.canonical());
}

TEST_CASE("sentinels are hidden for messages", "[ranges][canonical]") {
    // uv-resolver range.rs `diagnostic_ranges_hide_local_version_sentinels`.
    CHECK(range("==1.0").without_local_version_sentinels().to_string() == "==1.0");
    CHECK(range("<=1.0").without_local_version_sentinels().to_string() == "<=1.0");
}

TEST_CASE("==V pins are singleton constraints", "[ranges][canonical]") {
    // uv-resolver range.rs `public_version_equality_is_a_singleton_constraint`.
    CHECK(range("==1.0").is_singleton_constraint());
    CHECK(VersionRange::singleton(v("1.0+local")).is_singleton_constraint());
    CHECK_FALSE(range(">=1.0").is_singleton_constraint());
    CHECK(range("!=1.0").complement().is_singleton_constraint());
    CHECK(VersionRange::singleton(v("1.0")).is_singleton_constraint());
}

TEST_CASE("set algebra keeps the canonical form equal to a fresh canonicalization", "[ranges][canonical]") {
    // uv-resolver range.rs `range_algebra_preserves_canonical_identity`.
    std::vector<VersionRange> ranges;
    for (const char* s : {"==0.dev0", "!=0.dev0", "<=1.0", "<1.0.post0.dev0", "<1.0", "<1.0.dev0", ">1.0a1",
                          ">=1.0a2.dev0", "==1.0", ">=2.0b1,<3", ">=3.5,<4"})
        ranges.push_back(range(s));
    auto check = [](const VersionRange& r) {
        const auto fresh = canonicalize_version_ranges(r.encoded()).value_or(r.encoded());
        CHECK(r.canonical() == fresh);
    };
    for (const auto& l : ranges) {
        check(l.complement());
        for (const auto& r : ranges) {
            check(l.intersection(r));
            check(l.union_with(r));
            check(l.difference(r));
            CHECK(l.difference(r) == l.intersection(r.complement()));
            CHECK(l.difference(r).encoded() == l.intersection(r.complement()).encoded());
        }
    }
}

TEST_CASE("widening and narrowing against known versions keep canonical identity", "[ranges][canonical]") {
    // uv-resolver range.rs `known_version_projection_preserves_canonical_identity` and
    // `pep440_floor_is_not_logically_empty`.
    const std::vector<Version> known = {v("0.dev0"), v("1.0"), v("2.0")};
    CHECK(range("<=1.0").widen_versions(known) == range("<1.0.post0.dev0").widen_versions(known));
    CHECK(range("<=1.0").narrow_versions(known) == range("<1.0.post0.dev0").narrow_versions(known));
    CHECK(range("<0.dev0").widen_versions(known) == VersionRange::empty());
    CHECK(range("<0.dev0").narrow_versions(known) == VersionRange::empty());
    const auto floor = range("==0.dev0");
    CHECK(floor.contains(v("0.dev0")));
    CHECK_FALSE(floor.is_disjoint(VersionRange::singleton(v("0.dev0"))));
    CHECK_FALSE(floor == VersionRange::empty());
}

TEST_CASE("a version widens to the gap between its known neighbours", "[ranges][widen]") {
    // uv-resolver resolver/mod.rs `widens_a_version_to_its_gap`.
    const std::vector<Version> known = {v("1.0"), v("2.0"), v("3.0")};
    CHECK(VersionRange::singleton(v("2.0")).widen_versions(known).to_string() == ">1.0, <3.0");
    CHECK(VersionRange::singleton(v("1.0")).widen_versions(known).to_string() == "<2.0");
    CHECK(VersionRange::singleton(v("3.0")).widen_versions(known).to_string() == ">2.0");
}

// ---- the interval algebra (version-ranges tests, over integers) ---------------------------

namespace {
using IntRanges = Ranges<int>;
using IB = Bound<int>;

IntRanges random_ranges(std::mt19937& rng) {
    // Unions of up to four random intervals over a small universe, so edge cases are common.
    std::uniform_int_distribution<int> count(0, 4), val(0, 12), kind(0, 2);
    std::vector<IntRanges::Segment> segs;
    for (int i = count(rng); i > 0; --i) {
        auto bound = [&]() {
            int k = kind(rng);
            if (k == 0) return IB::unbounded();
            return k == 1 ? IB::included(val(rng)) : IB::excluded(val(rng));
        };
        segs.push_back({bound(), bound()});
    }
    return IntRanges::from_segments(std::move(segs));
}

// Membership probes at and between the integers (x2 scaling keeps probes integral).
bool has(const IntRanges& r, int probe2) {
    if (probe2 % 2 == 0) return r.contains(probe2 / 2);
    // A point strictly between n and n+1: inside a segment iff the segment spans the gap.
    const int n = (probe2 - 1) / 2;
    for (const auto& [s, e] : r.segments()) {
        const bool after_start = s.is_unbounded() || s.value <= n;
        const bool before_end = e.is_unbounded() || e.value >= n + 1;
        if (after_start && before_end) return true;
    }
    return false;
}
} // namespace

TEST_CASE("interval algebra laws hold on random sets", "[ranges][property]") {
    // The properties of version-ranges' proptests: complement, union, intersection,
    // difference, disjointness, subset and relation agree with membership everywhere.
    std::mt19937 rng(20240611);
    for (int iter = 0; iter < 3000; ++iter) {
        const IntRanges a = random_ranges(rng);
        const IntRanges b = random_ranges(rng);
        const IntRanges c = random_ranges(rng);
        CHECK(a.complement().complement() == a);
        CHECK(a.intersection(b) == b.intersection(a));
        CHECK(a.union_with(b) == b.union_with(a));
        CHECK(a.intersection(b).intersection(c) == a.intersection(b.intersection(c)));
        CHECK(a.intersection(a.complement()).is_empty());
        CHECK(a.union_with(a.complement()) == IntRanges::full());
        CHECK(a.difference(b) == a.intersection(b.complement()));
        CHECK(a.is_disjoint(b) == a.intersection(b).is_empty());
        CHECK(a.subset_of(b) == (a.intersection(b) == a));
        const auto rel = a.relation(b);
        CHECK((rel == SetRelation::Subset) == a.subset_of(b));
        if (rel != SetRelation::Subset) CHECK((rel == SetRelation::Disjoint) == a.is_disjoint(b));
        bool agrees = true;
        for (int p = -2; p <= 28; ++p) {
            agrees = agrees && (has(a.complement(), p) == !has(a, p));
            agrees = agrees && (has(a.union_with(b), p) == (has(a, p) || has(b, p)));
            agrees = agrees && (has(a.intersection(b), p) == (has(a, p) && has(b, p)));
        }
        CHECK(agrees);
        // widen/narrow/simplify agree with the original on the given versions.
        std::vector<int> known;
        for (int x = 0; x <= 12; ++x)
            if (rng() % 3 == 0) known.push_back(x);
        const auto widened = a.widen_versions(known);
        const auto narrowed = a.narrow_versions(known);
        const auto simplified = a.simplify(known);
        for (int x : known) {
            CHECK(widened.contains(x) == a.contains(x));
            CHECK(narrowed.contains(x) == a.contains(x));
            CHECK(simplified.contains(x) == a.contains(x));
        }
        CHECK(a.subset_of(widened));
        CHECK(narrowed.subset_of(a));
    }
}

TEST_CASE("widen and narrow as version-ranges documents them", "[ranges][widen]") {
    // version-ranges `widen_versions_extends_to_neighboring_versions` and
    // `narrow_versions_shrinks_to_contained_versions`.
    const std::vector<int> known = {1, 2, 3, 5, 9};
    CHECK(IntRanges::singleton(3).widen_versions(known) == IntRanges::from_bounds(IB::excluded(2), IB::excluded(5)));
    CHECK(IntRanges::singleton(9).widen_versions(known) == IntRanges::strictly_higher_than(5));
    CHECK(IntRanges::singleton(2).union_with(IntRanges::singleton(3)).widen_versions(known) ==
          IntRanges::from_bounds(IB::excluded(1), IB::excluded(5)));
    CHECK(IntRanges::singleton(1).union_with(IntRanges::singleton(3)).widen_versions(known) ==
          IntRanges::strictly_lower_than(2).union_with(IntRanges::from_bounds(IB::excluded(2), IB::excluded(5))));
    CHECK(IntRanges::from_bounds(IB::excluded(2), IB::excluded(5)).narrow_versions(known) == IntRanges::singleton(3));
    CHECK(IntRanges::strictly_higher_than(2).narrow_versions(known) == IntRanges::higher_than(3));
    CHECK(IntRanges::full().narrow_versions(known) == IntRanges::full());
    const auto gap = IntRanges::from_bounds(IB::excluded(5), IB::excluded(9));
    CHECK(gap.narrow_versions(known) == gap);
}

TEST_CASE("display follows version-ranges", "[ranges]") {
    CHECK(IntRanges::empty().to_string() == "∅");
    CHECK(IntRanges::full().to_string() == "*");
    CHECK(IntRanges::singleton(3).to_string() == "==3");
    CHECK(IntRanges::between(1, 3).to_string() == ">=1, <3");
    CHECK(IntRanges::strictly_lower_than(1).union_with(IntRanges::higher_than(4)).to_string() == "<1 | >=4");
}

TEST_CASE("equal versions spelled differently: the spelling uv keeps", "[ranges]") {
    // PEP 440 equality ignores trailing zeros, messages do not. Where both operands cut at the
    // same place, version-ranges (the crate uv 0.12.5 runs) keeps the spellings tabled in
    // docs/resolver-core.md; these expectations were checked against a translation of its
    // union and intersection on 30,000 random pairs of spelled sets.
    using B = Bound<Version>;
    auto from = [](B lo, B hi) { return VersionRanges::from_bounds(std::move(lo), std::move(hi)); };
    // Starts: a union keeps the left operand's, an intersection or difference the right one's.
    const auto left = VersionRanges::higher_than(v("1.0"));
    const auto right = VersionRanges::higher_than(v("1"));
    CHECK(left.union_with(right).to_string() == ">=1.0");
    CHECK(right.union_with(left).to_string() == ">=1");
    CHECK(left.intersection(right).to_string() == ">=1");
    CHECK(right.intersection(left).to_string() == ">=1.0");
    CHECK(VersionRanges::strictly_lower_than(v("3")).difference(VersionRanges::strictly_lower_than(v("1.0"))).to_string() ==
          ">=1.0, <3");
    // Ends of an intersection or a difference: the left operand's.
    const auto a = from(B::included(v("1.0")), B::excluded(v("2.0")));
    const auto b = from(B::included(v("1")), B::excluded(v("2")));
    CHECK(a.intersection(b).to_string() == ">=1, <2.0");
    CHECK(b.intersection(a).to_string() == ">=1.0, <2");
    CHECK(a.difference(VersionRanges::higher_than(v("2"))).to_string() == ">=1.0, <2.0");
    // Ends of a union: inclusive from the interval that started first, exclusive from the one
    // that started last (the right operand when both started together).
    const auto early_incl = from(B::included(v("0.5")), B::included(v("2.0")));
    const auto late_incl = from(B::included(v("1")), B::included(v("2")));
    CHECK(early_incl.union_with(late_incl).to_string() == ">=0.5, <=2.0");
    CHECK(late_incl.union_with(early_incl).to_string() == ">=0.5, <=2.0");
    const auto early_excl = from(B::included(v("0.5")), B::excluded(v("2.0")));
    const auto late_excl = from(B::included(v("1")), B::excluded(v("2")));
    CHECK(early_excl.union_with(late_excl).to_string() == ">=0.5, <2");
    CHECK(late_excl.union_with(early_excl).to_string() == ">=0.5, <2");
    CHECK(a.union_with(b).to_string() == ">=1.0, <2");
    CHECK(b.union_with(a).to_string() == ">=1, <2.0");
}
