// Classification of version moves.

#include "lockkit/diff/version_bump.hpp"

#include <catch2/catch.hpp>

using lockkit::diff::BumpKind;
using lockkit::diff::classify_bump;

TEST_CASE("release segments classify major, minor, patch", "[diff][bump]") {
    CHECK(classify_bump("46.0.7", "48.0.1") == BumpKind::Major);
    CHECK(classify_bump("1.2.3", "1.3.0") == BumpKind::Minor);
    CHECK(classify_bump("1.2.3", "1.2.4") == BumpKind::Patch);
    CHECK(classify_bump("1.2.3.4", "1.2.3.5") == BumpKind::Patch);
    CHECK(classify_bump("1.2", "1.2.1") == BumpKind::Patch);
    CHECK(classify_bump("1!1.0", "2!1.0") == BumpKind::Major);
}

TEST_CASE("suffixes classify pre-release, post and local", "[diff][bump]") {
    CHECK(classify_bump("2.0.0rc1", "2.0.0") == BumpKind::PreRelease);
    CHECK(classify_bump("8.3.dev0", "8.3.0") == BumpKind::PreRelease);
    CHECK(classify_bump("4.6.2", "4.6.2.post1") == BumpKind::Post);
    CHECK(classify_bump("2.5.0+cpu", "2.5.0+cu121") == BumpKind::Local);
}

TEST_CASE("equal versions under PEP 440 are no bump", "[diff][bump]") {
    CHECK(classify_bump("1.0", "1.0.0") == BumpKind::None);
    CHECK(classify_bump("not a version", "not a version") == BumpKind::None);
    CHECK(classify_bump("not a version", "other") == BumpKind::Other);
}
