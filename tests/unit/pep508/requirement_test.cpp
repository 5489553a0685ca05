#include <catch2/catch.hpp>

#include "lockkit/pep508/requirement.hpp"

using lockkit::pep508::MarkerTree;
using lockkit::pep508::Requirement;

namespace {

Requirement r(const std::string& text) {
    auto parsed = Requirement::parse(text);
    INFO(text << (parsed ? "" : " -> " + parsed.error().message));
    REQUIRE(parsed.has_value());
    return *parsed;
}

} // namespace

TEST_CASE("PEP 508 examples", "[pep508][requirement]") {
    CHECK(r("A").to_string() == "a");
    CHECK(r("A.B-C_D").name == "a-b-c-d");
    CHECK(r("aa").to_string() == "aa");
    CHECK(r("name").to_string() == "name");
    CHECK(r("name<=1").to_string() == "name<=1");
    CHECK(r("name>=3").to_string() == "name>=3");
    CHECK(r("name>=3,").to_string() == "name>=3");
    CHECK(r("name>=3,<2").to_string() == "name<2,>=3");
    CHECK(r("name@http://foo.com").url == std::optional<std::string>("http://foo.com"));
    CHECK(r("name [fred,bar] @ http://foo.com ; python_version=='2.7'").to_string() ==
          "name[fred,bar] @ http://foo.com ; python_full_version == '2.7.*'");
    CHECK(r("name[quux, strange];python_version<'2.7' and platform_version=='2'").to_string() ==
          "name[quux,strange] ; python_full_version < '2.7' and platform_version == '2'");
    CHECK(r("name; os_name=='a' or os_name=='b'").to_string() == "name ; os_name == 'a' or os_name == 'b'");
    CHECK(r("name; os_name=='a' and os_name=='b' or os_name=='c'").to_string() == "name ; os_name == 'c'");
    CHECK(r("name; os_name=='a' and (os_name=='b' or os_name=='c')").marker.is_false());
}

TEST_CASE("requirement fields", "[pep508][requirement]") {
    Requirement req = r("requests [security,tests] >= 2.8.1, == 2.8.* ; python_version < \"2.7\"");
    CHECK(req.name == "requests");
    CHECK(req.extras == std::vector<std::string>{"security", "tests"});
    CHECK(req.specifiers.size() == 2);
    CHECK_FALSE(req.url.has_value());
    CHECK(req.marker == *MarkerTree::parse("python_full_version < '2.7'"));
    CHECK(req.to_string() == "requests[security,tests]==2.8.*,>=2.8.1 ; python_full_version < '2.7'");

    Requirement paren = r("numpy (>=1.19, <2.0)");
    CHECK(paren.specifiers.size() == 2);
    CHECK(paren.to_string() == "numpy>=1.19,<2.0");

    Requirement url = r("pip @ https://github.com/pypa/pip/archive/1.3.1.zip#sha1=da9234ee9982d4bbb3c72346a6de940a148ea686 ; sys_platform == 'linux'");
    CHECK(url.url == std::optional<std::string>(
                         "https://github.com/pypa/pip/archive/1.3.1.zip#sha1=da9234ee9982d4bbb3c72346a6de940a148ea686"));
    CHECK(url.marker.to_string() == "sys_platform == 'linux'");

    CHECK(r("Black[D]").extras == std::vector<std::string>{"d"});
    CHECK(r("anyio[trio]; extra == 'test'").to_string() == "anyio[trio] ; extra == 'test'");
    CHECK(r("black ; python_version >= '3.8' # comment").marker.to_string() == "python_full_version >= '3.8'");
    CHECK(r("  spaced  ").name == "spaced");
}

TEST_CASE("requirement errors", "[pep508][requirement]") {
    auto err = [](const std::string& text) {
        auto parsed = Requirement::parse(text);
        INFO(text);
        REQUIRE_FALSE(parsed.has_value());
        return parsed.error();
    };
    CHECK(err("").offset == 0);
    CHECK(err("_name").offset == 0);
    CHECK(err("name[bar").offset == 4);
    CHECK(err("name[bar baz]").offset == 9);
    CHECK(err("name (>=1.0").offset == 5);
    CHECK(err("name >=1.0 ; os_name = 'x'").offset == 21);
    CHECK(err("name @ ").message == "expected a URL after '@'");
    CHECK(err("name $").offset == 5);
    auto marker_error = err("name ; pyhton_version > '3'");
    CHECK(marker_error.offset == 7);
    CHECK(marker_error.message.find("did you mean 'python_version'") != std::string::npos);
}
