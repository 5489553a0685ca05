// URL text handling. The resolution cases are RFC 3986 section 5.4.1 ("normal
// examples") and 5.4.2 ("abnormal examples"), base http://a/b/c/d;p?q.

#include "lockkit/index/media_type.hpp"
#include "lockkit/index/url.hpp"

#include <catch2/catch.hpp>

using namespace lockkit::index;

TEST_CASE("relative references resolve as RFC 3986 section 5.4 says", "[index][url]") {
    const std::string base = "http://a/b/c/d;p?q";
    const std::pair<const char*, const char*> cases[] = {
        {"g:h", "g:h"},
        {"g", "http://a/b/c/g"},
        {"./g", "http://a/b/c/g"},
        {"g/", "http://a/b/c/g/"},
        {"/g", "http://a/g"},
        {"//g", "http://g"},
        {"?y", "http://a/b/c/d;p?y"},
        {"g?y", "http://a/b/c/g?y"},
        {"#s", "http://a/b/c/d;p?q#s"},
        {"g#s", "http://a/b/c/g#s"},
        {"g?y#s", "http://a/b/c/g?y#s"},
        {";x", "http://a/b/c/;x"},
        {"g;x", "http://a/b/c/g;x"},
        {"", "http://a/b/c/d;p?q"},
        {".", "http://a/b/c/"},
        {"./", "http://a/b/c/"},
        {"..", "http://a/b/"},
        {"../", "http://a/b/"},
        {"../g", "http://a/b/g"},
        {"../..", "http://a/"},
        {"../../", "http://a/"},
        {"../../g", "http://a/g"},
        // 5.4.2
        {"../../../g", "http://a/g"},
        {"../../../../g", "http://a/g"},
        {"/./g", "http://a/g"},
        {"/../g", "http://a/g"},
        {"g.", "http://a/b/c/g."},
        {".g", "http://a/b/c/.g"},
        {"g..", "http://a/b/c/g.."},
        {"..g", "http://a/b/c/..g"},
        {"./../g", "http://a/b/g"},
        {"./g/.", "http://a/b/c/g/"},
        {"g/./h", "http://a/b/c/g/h"},
        {"g/../h", "http://a/b/c/h"},
        {"g;x=1/./y", "http://a/b/c/g;x=1/y"},
        {"g;x=1/../y", "http://a/b/c/y"},
    };
    for (const auto& [reference, expected] : cases) {
        INFO(reference);
        CHECK(resolve_url(base, reference) == expected);
    }
}

TEST_CASE("index pages resolve against their own URL", "[index][url]") {
    // packse's layout: the page is /simple-html/a/ and files are two levels up.
    CHECK(resolve_url("http://127.0.0.1:3141/simple-html/a/", "../../files/a-1.0.0.tar.gz") ==
          "http://127.0.0.1:3141/files/a-1.0.0.tar.gz");
    CHECK(resolve_url("file:///srv/index/a/index.html", "../files/a-1.0.tar.gz") == "file:///srv/index/files/a-1.0.tar.gz");
    CHECK(resolve_url("https://download.pytorch.org/whl/jinja2/", "cpu/torchtext-0.17.0%2Bcpu-cp39-cp39-win_amd64.whl") ==
          "https://download.pytorch.org/whl/jinja2/cpu/torchtext-0.17.0%2Bcpu-cp39-cp39-win_amd64.whl");
    CHECK(resolve_url("https://x/simple/a/", "https://files/y.whl") == "https://files/y.whl");
    CHECK(has_scheme("file:///x"));
    CHECK_FALSE(has_scheme("/x:y"));
    CHECK_FALSE(has_scheme("a-1.0.tar.gz"));
}

TEST_CASE("percent and HTML decoding", "[index][url]") {
    CHECK(percent_decode("torch-2.5.1%2Bcpu-cp312-cp312-linux_x86_64.whl") == "torch-2.5.1+cpu-cp312-cp312-linux_x86_64.whl");
    CHECK(percent_decode("100%") == "100%");
    CHECK(percent_decode("%zz") == "%zz");
    CHECK(html_unescape("&gt;=3.8,&lt;4") == ">=3.8,<4");
    CHECK(html_unescape("a &amp; b &quot;c&quot; &#39;d&#x27; &apos;") == "a & b \"c\" 'd' '");
    CHECK(html_unescape("Jinja2-3.1.2&#43;233fca715f49") == "Jinja2-3.1.2+233fca715f49");
    CHECK(html_unescape("&unknown; & alone") == "&unknown; & alone");
    CHECK(html_unescape("caf&#xe9;") == "caf\xc3\xa9");
    CHECK(file_url("/tmp/a b/c#d.whl") == "file:///tmp/a%20b/c%23d.whl");
    CHECK(percent_encode_path("/x/a+b=c") == "/x/a+b=c");
}

TEST_CASE("content types choose the reader, as uv negotiates", "[index][media]") {
    CHECK(simple_accept_header() == "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, "
                                    "text/html;q=0.01");
    CHECK(page_format("application/vnd.pypi.simple.v1+json") == PageFormat::Json);
    CHECK(page_format("application/vnd.pypi.simple.v1+html") == PageFormat::Html);
    CHECK(page_format("text/html; charset=utf-8") == PageFormat::Html);
    CHECK(page_format("").error() == "the index sent no content type");
    CHECK(page_format("text/plain").error() == "the index sent an unsupported media type `text/plain`");
}
