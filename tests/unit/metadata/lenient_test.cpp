// uv's repairs of common mistakes in published requirements and specifiers.
// Every case is one of uv's (uv-pypi-types/src/lenient_requirement.rs tests).

#include "lockkit/pep508/lenient.hpp"

#include <catch2/catch.hpp>

using namespace lockkit;

namespace {

std::string specifiers(std::string_view text) {
    const auto parsed = pep508::parse_lenient_specifiers(text);
    return parsed ? parsed->to_string() : "error: " + parsed.error().message;
}

std::string requirement(std::string_view text) {
    const auto parsed = pep508::parse_lenient_requirement(text);
    return parsed ? parsed->to_string() : "error: " + parsed.error().message;
}

std::string strict(std::string_view text) {
    return pep508::Requirement::parse(text).value().to_string();
}

} // namespace

TEST_CASE("lenient specifiers repair what uv repairs", "[metadata][lenient]") {
    CHECK(specifiers(">=7.2.0<8.0.0") == ">=7.2.0,<8.0.0");
    CHECK(specifiers("!=~5.0,>=4.12") == "!=5.0.*,>=4.12");
    CHECK(specifiers("!=~5,>=4.12") == "!=5.*,>=4.12");
    CHECK(specifiers(">=1.9.*") == ">=1.9");
    CHECK(specifiers(">=1.*") == ">=1");
    CHECK(specifiers(">= 3.5.*") == ">=3.5");
    CHECK(specifiers(">=2.7,!=3.0*,!=3.1*,!=3.2*") == ">=2.7,!=3.0.*,!=3.1.*,!=3.2.*");
    CHECK(specifiers(">=3.6,") == ">=3.6");
    CHECK(specifiers(">=3.6, ") == ">=3.6");
    CHECK(specifiers(">= '2.7'") == ">=2.7");
    CHECK(specifiers(">=\"3.6\"") == ">=3.6");
    CHECK(specifiers(">=2.7,!=3.0.*,!=3.1.*,<3.4.*") == ">=2.7,!=3.0.*,!=3.1.*,<3.4");
    CHECK(specifiers(">=9.0.0a1.0") == ">=9.0.0a1");
    CHECK(specifiers(">dev") == ">0.0.0.dev0");
    // Valid text is parsed as is; what no repair fixes keeps its own error.
    CHECK(specifiers(">=3.8") == ">=3.8");
    CHECK(specifiers("~=1").starts_with("error: "));
}

TEST_CASE("lenient requirements repair what uv repairs", "[metadata][lenient]") {
    CHECK(requirement("elasticsearch-dsl (>=7.2.0<8.0.0)") == strict("elasticsearch-dsl (>=7.2.0,<8.0.0)"));
    CHECK(requirement("jupyter-core (!=~5.0,>=4.12)") == strict("jupyter-core (!=5.0.*,>=4.12)"));
    CHECK(requirement("torch (>=1.9.*)") == strict("torch (>=1.9)"));
    CHECK(requirement("torch (>= 1.9.*)") == strict("torch (>=1.9)"));
    CHECK(requirement("pyzmq (>=2.7,!=3.0*,!=3.1*,!=3.2*)") == strict("pyzmq (>=2.7,!=3.0.*,!=3.1.*,!=3.2.*)"));
    CHECK(requirement("pyzmq >=3.6,") == strict("pyzmq >=3.6"));
    // Quotes in the marker are not stray.
    CHECK(requirement("foo >='1.0' ; python_version >= '3.8'") == strict("foo >=1.0 ; python_version >= '3.8'"));
    CHECK(requirement("foo ==").starts_with("error: "));
}
