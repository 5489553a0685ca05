#include <catch2/catch.hpp>

#include "lockkit/pep508/package_name.hpp"

using namespace lockkit::pep508;

TEST_CASE("normalize_name follows PEP 503", "[pep508][name]") {
    CHECK(normalize_name("friendly-bard") == "friendly-bard");
    CHECK(normalize_name("Friendly-Bard") == "friendly-bard");
    CHECK(normalize_name("FRIENDLY-BARD") == "friendly-bard");
    CHECK(normalize_name("friendly.bard") == "friendly-bard");
    CHECK(normalize_name("friendly_bard") == "friendly-bard");
    CHECK(normalize_name("friendly--bard") == "friendly-bard");
    CHECK(normalize_name("FrIeNdLy-._.-bArD") == "friendly-bard");
    CHECK(normalize_name("zope.interface") == "zope-interface");
}

TEST_CASE("name validity and normal form", "[pep508][name]") {
    CHECK(is_valid_name("a"));
    CHECK(is_valid_name("Django"));
    CHECK(is_valid_name("zope.interface"));
    CHECK(is_valid_name("a_b-c.d9"));
    CHECK_FALSE(is_valid_name(""));
    CHECK_FALSE(is_valid_name("-a"));
    CHECK_FALSE(is_valid_name("a-"));
    CHECK_FALSE(is_valid_name("a b"));
    CHECK_FALSE(is_valid_name("ä"));
    CHECK(is_normalized_name("friendly-bard"));
    CHECK_FALSE(is_normalized_name("Friendly-Bard"));
    CHECK_FALSE(is_normalized_name("friendly_bard"));
    CHECK_FALSE(is_normalized_name("friendly--bard"));
    CHECK(validate_and_normalize_name("Dev_Tools") == std::optional<std::string>("dev-tools"));
    CHECK_FALSE(validate_and_normalize_name("dev tools").has_value());
}
