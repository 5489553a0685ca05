// file:// indexes and --find-links folders (index-and-install-notes 1.8, 1.9).

#include "lockkit/index/local_index.hpp"
#include "lockkit/index/url.hpp"

#include "../../temp_tree.hpp"

#include <catch2/catch.hpp>

using namespace lockkit;
using namespace lockkit::index;

TEST_CASE("a file:// index has one HTML page per project", "[index][local]") {
    testing::TempTree tree;
    tree.write("simple/a/index.html", "<a href=\"../../files/a-1.0.tar.gz#sha256=00\" data-requires-python=\"&gt;=3.12\">a</a>");
    const auto found = read_local_project_page(tree.root() / "simple", "a");
    REQUIRE(found);
    REQUIRE(*found);
    const auto& files = (*found)->files();
    REQUIRE(files.size() == 1);
    CHECK(files[0].url == file_url((tree.root() / "files/a-1.0.tar.gz").string()));
    CHECK(files[0].requires_python->specifiers->to_string() == ">=3.12");
    // A project without a page is not on this index: no error, the search goes on.
    const auto missing = read_local_project_page(tree.root() / "simple", "b");
    REQUIRE(missing);
    CHECK_FALSE(*missing);
    tree.write("simple/c/index.html", "<a href=\"c-1.0.tar.gz");
    const auto broken = read_local_project_page(tree.root() / "simple", "c");
    REQUIRE_FALSE(broken);
    CHECK(broken.error().file == file_url((tree.root() / "simple/c/index.html").string()));
}

TEST_CASE("a find-links folder lists its distribution files only", "[index][local]") {
    testing::TempTree tree;
    tree.write("links/a-1.0-py3-none-any.whl", "w");
    tree.write("links/a-1.0.tar.gz", "s");
    tree.write("links/b c-2.0.tar.gz", "odd name");
    tree.write("links/README.md", "docs");
    tree.write("links/sub/c-1.0.tar.gz", "not searched");
    const auto listed = list_find_links_directory(tree.root() / "links");
    REQUIRE(listed);
    std::vector<std::string_view> names;
    for (const auto& file : listed->files()) {
        names.push_back(file.filename);
        CHECK(file.hashes.empty());
        CHECK(file.requires_python == nullptr);
        CHECK_FALSE(file.size);
        CHECK_FALSE(file.upload_time_ms);
    }
    CHECK(names == std::vector<std::string_view>{"a-1.0-py3-none-any.whl", "a-1.0.tar.gz"});
    CHECK(listed->files()[0].url == file_url((tree.root() / "links/a-1.0-py3-none-any.whl").string()));
    const auto missing = list_find_links_directory(tree.root() / "nope");
    REQUIRE_FALSE(missing);
    CHECK(missing.error().message.starts_with("cannot list the find-links folder: "));
}
