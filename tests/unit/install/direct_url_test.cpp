#include "lockkit/install/direct_url.hpp"

#include <catch2/catch.hpp>

using namespace lockkit::install;
using lockkit::lockfile::Package;
using lockkit::lockfile::SourceKind;

TEST_CASE("direct_url.json is spelled as uv spells it", "[install][direct-url]") {
    Package p;
    p.id.name = "gamma";
    p.id.source = {SourceKind::Registry, "https://pypi.org/simple", std::nullopt};
    CHECK_FALSE(direct_url_for(p, "/proj"));
    p.id.source = {SourceKind::Path, "../wheels/gamma-2.0-py3-none-any.whl", std::nullopt};
    CHECK(*direct_url_for(p, "/work/proj") ==
          R"({"url":"file:///work/wheels/gamma-2.0-py3-none-any.whl","archive_info":{}})");
    p.id.source = {SourceKind::Url, "https://example.com/g-2.0-py3-none-any.whl#sha256=abc", "sub"};
    CHECK(*direct_url_for(p, "/work/proj") ==
          R"({"url":"https://example.com/g-2.0-py3-none-any.whl","archive_info":{},"subdirectory":"sub"})");
    p.id.source = {SourceKind::Editable, ".", std::nullopt};
    CHECK(*direct_url_for(p, "/work/proj") == R"({"url":"file:///work/proj","dir_info":{"editable":true}})");
    CHECK(file_url("/a b/ü#?.whl") == "file:///a%20b/%C3%BC%23%3F.whl");
}

TEST_CASE("an installed origin is compared with the lock's", "[install][direct-url]") {
    const std::string wanted = R"({"url":"file:///w/g.whl","archive_info":{}})";
    CHECK(same_origin(std::nullopt, std::nullopt));
    CHECK_FALSE(same_origin(std::nullopt, wanted));
    CHECK(same_origin(*parse_direct_url(R"({"archive_info": {"hash": "sha256=x"}, "url": "file:///w/g.whl"})"), wanted));
    CHECK_FALSE(same_origin(*parse_direct_url(R"({"url": "file:///elsewhere/g.whl", "archive_info": {}})"), wanted));
    CHECK_FALSE(same_origin(*parse_direct_url(R"({"url": "file:///w/g.whl", "archive_info": {}})"), std::nullopt));
}
