// PEP 503 HTML project pages and flat pages. Cases follow uv's html.rs tests
// (parse_base, parse_escaped_fragment, parse_encoded_fragment,
// parse_quoted_filepath, parse_query_string, parse_unknown_fragment,
// parse_unknown_hash, parse_file_requires_python_trailing_comma,
// parse_core_metadata, parse_simple_html_case_insensitively) and
// index-and-install-notes section 8 (item 1).

#include "lockkit/index/html_page.hpp"

#include <catch2/catch.hpp>

using namespace lockkit;
using namespace lockkit::index;

namespace {

const char* const k_base = "https://download.pytorch.org/whl/jinja2/";

ProjectFiles parse(std::string_view body, std::string_view project = "jinja2") {
    const std::string text = "<!DOCTYPE html>\n<html>\n<body>\n<h1>Links for jinja2</h1>\n" + std::string(body) +
                             "\n</body>\n</html>\n<!--TIMESTAMP 1703347410-->\n";
    auto page = parse_html_project_page(text, k_base, project);
    if (!page) {
        FAIL(page.error().render());
    }
    return std::move(*page);
}

std::string error_of(std::string_view text) {
    const auto page = parse_html_project_page(text, k_base, "jinja2");
    return page ? "<parsed>" : page.error().render();
}

const std::string k_sha = "6088930bfe239f0e6710546ab9c19c9ef35e29792895fed6e6e31a023a182a61";

} // namespace

TEST_CASE("anchors give filename, URL and hash", "[index][html]") {
    const auto page = parse("<a href=\"/whl/Jinja2-3.1.2-py3-none-any.whl#sha256=" + k_sha +
                            "\">Jinja2-3.1.2-py3-none-any.whl</a><br/>");
    REQUIRE(page.files().size() == 1);
    const auto& file = page.files()[0];
    CHECK(file.filename == "Jinja2-3.1.2-py3-none-any.whl");
    CHECK(file.name == "jinja2");
    CHECK(file.url == "https://download.pytorch.org/whl/Jinja2-3.1.2-py3-none-any.whl");
    CHECK(find_hash(file.hashes, HashAlgorithm::Sha256) == k_sha);
    CHECK(file.requires_python == nullptr);
    CHECK_FALSE(file.yanked.yanked);
    CHECK_FALSE(file.core_metadata.available);
}

TEST_CASE("a base element before the links moves their base; one after does not", "[index][html]") {
    const auto text = "<html><head><base href=\"https://index.python.org/\"></head><body>"
                      "<a href=\"/whl/Jinja2-3.1.2-py3-none-any.whl\">x</a><a href=\"sub/Jinja2-3.1.3-py3-none-any.whl\">y</a>"
                      "</body></html>";
    const auto page = parse_html_project_page(text, k_base, "jinja2").value();
    CHECK(page.files()[0].url == "https://index.python.org/whl/Jinja2-3.1.2-py3-none-any.whl");
    CHECK(page.files()[1].url == "https://index.python.org/sub/Jinja2-3.1.3-py3-none-any.whl");
    const auto late = parse_html_project_page("<a href=\"Jinja2-3.1.2-py3-none-any.whl\">x</a>"
                                              "<base href=\"https://elsewhere/\">",
                                              k_base, "jinja2")
                          .value();
    CHECK(late.files()[0].url == "https://download.pytorch.org/whl/jinja2/Jinja2-3.1.2-py3-none-any.whl");
}

TEST_CASE("escaped, encoded and quoted hrefs", "[index][html]") {
    const auto escaped = parse("<a href=\"/whl/Jinja2-3.1.2&#43;233fca715f49-py3-none-any.whl#sha256=" + k_sha + "\">x</a>");
    CHECK(escaped.files()[0].filename == "Jinja2-3.1.2+233fca715f49-py3-none-any.whl");
    const auto encoded = parse("<a href=\"/whl/Jinja2-3.1.2-py3-none-any.whl#sha256%3D" + k_sha + "\">x</a>");
    CHECK(find_hash(encoded.files()[0].hashes, HashAlgorithm::Sha256) == k_sha);
    const auto quoted = parse("<a href=\"cpu/torchtext-0.17.0%2Bcpu-cp39-cp39-win_amd64.whl\">x</a>", "torchtext");
    CHECK(quoted.files()[0].filename == "torchtext-0.17.0+cpu-cp39-cp39-win_amd64.whl");
    CHECK(quoted.files()[0].url ==
          "https://download.pytorch.org/whl/jinja2/cpu/torchtext-0.17.0%2Bcpu-cp39-cp39-win_amd64.whl");
    const auto query = parse("<a href=\"/whl/Jinja2-3.1.2-py3-none-any.whl?project=legacy\">x</a>");
    CHECK(query.files()[0].filename == "Jinja2-3.1.2-py3-none-any.whl");
    CHECK(query.files()[0].url == "https://download.pytorch.org/whl/Jinja2-3.1.2-py3-none-any.whl?project=legacy");
}

TEST_CASE("fragments: hashes, ignored fragments, unsupported algorithms", "[index][html]") {
    CHECK(parse("<a href=\"/whl/Jinja2-3.1.2-py3-none-any.whl#main\">x</a>").files()[0].hashes.empty());
    CHECK(parse("<a href=\"/whl/Jinja2-3.1.2-py3-none-any.whl#\">x</a>").files()[0].hashes.empty());
    CHECK(find_hash(parse("<a href=\"/whl/Jinja2-3.1.2-py3-none-any.whl#md5=abc\">x</a>").files()[0].hashes,
                    HashAlgorithm::Md5) == "abc");
    // pip's `#egg=` hint is ignored here (uv 0.12.5 stops on it; see html_page.hpp).
    CHECK(parse("<a href=\"/whl/Jinja2-3.1.2-py3-none-any.whl#egg=jinja2\">x</a>").files()[0].hashes.empty());
    CHECK(error_of("<a href=\"/whl/Jinja2-3.1.2-py3-none-any.whl#blake2=" + k_sha + "\">x</a>")
              .starts_with("error: https://download.pytorch.org/whl/jinja2/:1:1: invalid HTML index page: unsupported "
                           "hash algorithm `blake2` in a link"));
    CHECK(error_of("<p>\n<a href=\"/whl/Jinja2-3.1.2-py3-none-any.whl#sha1=00\">x</a>").find(":2:1: ") != std::string::npos);
}

TEST_CASE("data attributes: requires-python, yanked, core metadata, size, upload time", "[index][html]") {
    const auto page = parse(
        "<a href=\"/whl/Jinja2-3.1.2-py3-none-any.whl\" data-requires-python=\"&gt;=3.8,\" data-yanked>a</a>\n"
        "<a href=\"/whl/Jinja2-3.1.3-py3-none-any.whl\" data-requires-python=\"&gt;=3.7, &lt;4\" "
        "data-yanked=\"bad &amp; old\" data-core-metadata=\"true\">b</a>\n"
        "<a href=\"/whl/Jinja2-3.1.4-py3-none-any.whl\" data-dist-info-metadata=\"false\" data-yanked=\"\">c</a>\n"
        "<a href=\"/whl/Jinja2-3.1.5-py3-none-any.whl\" data-core-metadata=\"sha256=beef\" data-size=\"42\" "
        "data-upload-time=\"2024-03-24T00:00:00Z\">d</a>\n"
        "<a href=\"/whl/Jinja2-3.1.6-py3-none-any.whl\" data-core-metadata=\"true\" data-dist-info-metadata=\"false\" "
        "data-size=\"big\" data-upload-time=\"soon\">e</a>\n"
        "<a href=\"/whl/Jinja2-3.1.7-py3-none-any.whl\" data-dist-info-metadata=\"true\" data-core-metadata=\"maybe\">f</a>\n");
    REQUIRE(page.files().size() == 6);
    const auto& f = page.files();
    CHECK(f[0].requires_python->specifiers->to_string() == ">=3.8");  // trailing comma repaired, as uv does
    CHECK(f[0].yanked.yanked);
    CHECK(f[0].yanked.reason.empty());
    CHECK(f[1].requires_python->specifiers->to_string() == ">=3.7,<4");
    CHECK(f[1].yanked.reason == "bad & old");
    CHECK(f[1].core_metadata.available);
    CHECK_FALSE(f[2].core_metadata.available);
    CHECK(f[2].yanked.yanked);  // an empty value still means yanked
    CHECK(f[3].core_metadata.available);
    CHECK(find_hash(f[3].core_metadata.hashes, HashAlgorithm::Sha256) == "beef");
    CHECK(f[3].size == 42u);
    CHECK(f[3].upload_time_ms == 1711238400000);
    CHECK(f[4].core_metadata.available);  // data-core-metadata wins over data-dist-info-metadata
    CHECK_FALSE(f[4].size);               // not standardised: dropped when it does not parse
    CHECK_FALSE(f[4].upload_time_ms);
    CHECK_FALSE(f[5].core_metadata.available);  // unreadable value: absent (uv warns)
}

TEST_CASE("tag and attribute names compare case-insensitively", "[index][html]") {
    const auto page = parse("<A HREF='/whl/Jinja2-3.1.2-py3-none-any.whl' DATA-REQUIRES-PYTHON='&gt;=3.8' "
                            "Data-Yanked=reason>x</A>");
    REQUIRE(page.files().size() == 1);
    CHECK(page.files()[0].requires_python->specifiers->to_string() == ">=3.8");
    CHECK(page.files()[0].yanked.reason == "reason");
}

TEST_CASE("anchors without a file and comments are not files", "[index][html]") {
    const auto page = parse("<a>no href</a><a href=\"\">empty</a><a name=\"x\">anchor</a>"
                            "<!-- <a href=\"/whl/Jinja2-9.9-py3-none-any.whl\">commented out</a> -->"
                            "<script>document.write('<a href=\"/whl/Jinja2-8.8-py3-none-any.whl\">')</script>"
                            "<a href=\"/whl/notes.txt\">notes</a><a href=\"/whl/Jinja2-3.1.2-py3-none-any.whl\">ok</a>");
    REQUIRE(page.files().size() == 1);
    REQUIRE(page.skipped().size() == 1);
    CHECK(page.skipped()[0].filename == "notes.txt");
}

TEST_CASE("PEP 629 repository version is kept", "[index][html]") {
    const auto page = parse_html_project_page(
        "<html><head><meta name=\"pypi:repository-version\" content=\"1.1\"></head><body></body></html>", k_base,
        "jinja2");
    CHECK(page.value().api_version() == "1.1");
}

TEST_CASE("text that is not HTML gets a located error", "[index][html]") {
    CHECK(error_of("<html>\n<a href=\"x.whl\"") ==
          "error: https://download.pytorch.org/whl/jinja2/:2:1: invalid HTML index page: the tag `<a` is never closed "
          "with `>`\n 2 | <a href=\"x.whl\"\n   | ^\n");
    CHECK(error_of("<a href=\"x.whl>text</a>").find(":1:9: invalid HTML index page: the value of `href` is never closed "
                                                    "with `\"`") != std::string::npos);
    CHECK(error_of("<!-- never closed").find(":1:1: invalid HTML index page: a comment `<!--` is never closed") !=
          std::string::npos);
    CHECK(error_of("<!DOCTYPE html").find("a tag is never closed") != std::string::npos);
    // A bare `<` in text is text.
    CHECK(error_of("1 < 2 <a href=\"Jinja2-3.1.2-py3-none-any.whl\">x</a>") == "<parsed>");
}

TEST_CASE("flat pages list files of any project", "[index][html][flat]") {
    const auto page = parse_flat_html_page("<a href=\"./b-2.0-py3-none-any.whl\">b</a>\n"
                                           "<a href=\"python-dateutil-2.8.2.tar.gz#sha256=00\">d</a>\n"
                                           "<a href=\"a_pkg-1.0.tar.gz\">a</a>\n"
                                           "<a href=\"index.html\">up</a>\n",
                                           "file:///srv/links/index.html")
                          .value();
    REQUIRE(page.files().size() == 3);
    CHECK(page.files()[0].name == "a-pkg");
    CHECK(page.files()[1].name == "b");
    CHECK(page.files()[1].url == "file:///srv/links/b-2.0-py3-none-any.whl");
    // Without a project name an sdist's version is after the last dash.
    CHECK(page.files()[2].name == "python-dateutil");
    CHECK(*page.files()[2].version == *pep440::Version::parse("2.8.2"));
    CHECK(page.skipped().size() == 1);
}

TEST_CASE("equal versions of different projects on a flat page keep their own spelling", "[index][html][flat]") {
    const auto page = parse_flat_html_page("<a href=\"attrs-23.2.0.tar.gz\">a</a>\n"
                                           "<a href=\"packaging-23.2.tar.gz\">p</a>\n"
                                           "<a href=\"packaging-23.2.0-py3-none-any.whl\">p</a>\n",
                                           "file:///srv/links/index.html")
                          .value();
    REQUIRE(page.files().size() == 3);
    CHECK(page.files()[0].version->to_string() == "23.2.0");
    // Within one project, the first spelling seen stands for both (as uv's version map keeps it).
    CHECK(page.files()[1].version == page.files()[2].version);
    CHECK(page.files()[0].version != page.files()[1].version);
}
