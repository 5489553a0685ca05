// PEP 691 JSON project pages (with PEP 592, 700 and 714 fields). The field
// rules are the specs' and uv's (uv-pypi-types `simple_json.rs`, the
// `PypiFile` visitor); the error cases are index-and-install-notes section 8.

#include "lockkit/index/json_page.hpp"

#include <catch2/catch.hpp>

using namespace lockkit;
using namespace lockkit::index;

namespace {

const char* const k_url = "https://example.org/simple/a/";

ProjectFiles parse(std::string_view text, std::string_view project = "a") {
    auto page = parse_json_project_page(text, k_url, project);
    if (!page) {
        FAIL(page.error().render());
    }
    return std::move(*page);
}

std::string error_of(std::string_view text) {
    const auto page = parse_json_project_page(text, k_url, "a");
    return page ? "<parsed>" : page.error().render();
}

} // namespace

TEST_CASE("a PEP 691 page gives every field of every file", "[index][json]") {
    const auto page = parse(R"({
  "meta": {"api-version": "1.1", "_last-serial": 12},
  "name": "a",
  "versions": ["1.0", "2.0", "3.0"],
  "files": [
    {"filename": "a-2.0-py3-none-any.whl", "url": "../../files/a-2.0-py3-none-any.whl",
     "hashes": {"sha256": "aa", "md5": "bb", "sha1": "cc"}, "requires-python": "&gt;=3.8",
     "size": 1234, "upload-time": "2024-03-24T00:00:00.000000Z", "yanked": "broken build",
     "core-metadata": {"sha256": "dd"}, "dist-info-metadata": false, "zstd": {"url": "x"}},
    {"filename": "a-1.0.tar.gz", "url": "https://files.example.org/a-1.0.tar.gz", "hashes": {},
     "requires-python": null, "yanked": false, "dist-info-metadata": true, "upload-time": null, "size": null},
    {"filename": "a-1.0-py3-none-any.whl", "url": "/f/a-1.0-py3-none-any.whl", "hashes": {"sha256": "ee"},
     "requires-python": ">=3.8", "yanked": true, "data-dist-info-metadata": {"sha256": "ff"}}
  ]
})");
    CHECK(page.api_version() == "1.1");
    CHECK(std::vector<std::string_view>(page.versions().begin(), page.versions().end()) ==
          std::vector<std::string_view>{"1.0", "2.0", "3.0"});
    REQUIRE(page.files().size() == 3);
    // Sorted by filename, whatever the server's order.
    const auto& wheel1 = page.files()[0];
    const auto& sdist = page.files()[1];
    const auto& wheel2 = page.files()[2];
    CHECK(wheel1.filename == "a-1.0-py3-none-any.whl");
    CHECK(sdist.filename == "a-1.0.tar.gz");
    CHECK(wheel2.filename == "a-2.0-py3-none-any.whl");

    CHECK(wheel2.is_wheel());
    CHECK(*wheel2.version == *pep440::Version::parse("2.0"));
    CHECK(wheel2.url == "https://example.org/files/a-2.0-py3-none-any.whl");
    CHECK(wheel2.hashes.size() == 2);  // sha1 is not one of uv's algorithms
    CHECK(find_hash(wheel2.hashes, HashAlgorithm::Sha256) == "aa");
    CHECK(find_hash(wheel2.hashes, HashAlgorithm::Md5) == "bb");
    // uv.lock records the largest (algorithm, digest): sha256 beats md5 (resolver-notes 4.11).
    CHECK(lock_hash(wheel2.hashes)->algorithm == HashAlgorithm::Sha256);
    CHECK_FALSE(lock_hash(sdist.hashes));
    REQUIRE(wheel2.requires_python);
    CHECK(wheel2.requires_python->text == "&gt;=3.8");  // JSON values are not HTML-escaped: kept as written
    CHECK_FALSE(wheel2.requires_python->specifiers);
    CHECK(wheel2.size == 1234u);
    CHECK(wheel2.upload_time_ms == 1711238400000);
    CHECK(wheel2.yanked.yanked);
    CHECK(wheel2.yanked.reason == "broken build");
    CHECK(wheel2.core_metadata.available);  // `core-metadata` came first and wins over `dist-info-metadata`
    CHECK(find_hash(wheel2.core_metadata.hashes, HashAlgorithm::Sha256) == "dd");

    CHECK_FALSE(sdist.is_wheel());
    CHECK(sdist.url == "https://files.example.org/a-1.0.tar.gz");
    CHECK(sdist.hashes.empty());
    CHECK(sdist.requires_python == nullptr);
    CHECK_FALSE(sdist.yanked.yanked);
    CHECK(sdist.core_metadata.available);
    CHECK_FALSE(sdist.size);
    CHECK_FALSE(sdist.upload_time_ms);

    CHECK(wheel1.url == "https://example.org/f/a-1.0-py3-none-any.whl");
    CHECK(wheel1.yanked.yanked);
    CHECK(wheel1.yanked.reason.empty());
    REQUIRE(wheel1.requires_python);
    CHECK(wheel1.requires_python->specifiers->to_string() == ">=3.8");
    CHECK(find_hash(wheel1.core_metadata.hashes, HashAlgorithm::Sha256) == "ff");
}

TEST_CASE("requires-python values are parsed once, with uv's repairs", "[index][json]") {
    const auto page = parse(R"({"files": [
      {"filename": "a-1.0.tar.gz", "url": "a-1.0.tar.gz", "hashes": {}, "requires-python": ">=3.6,"},
      {"filename": "a-1.1.tar.gz", "url": "a-1.1.tar.gz", "hashes": {}, "requires-python": ">=3.6,"},
      {"filename": "a-1.2.tar.gz", "url": "a-1.2.tar.gz", "hashes": {}, "requires-python": ">=3.x"}]})");
    REQUIRE(page.files().size() == 3);
    CHECK(page.files()[0].requires_python == page.files()[1].requires_python);  // one interned value
    CHECK(page.files()[0].requires_python->specifiers->to_string() == ">=3.6");
    CHECK_FALSE(page.files()[2].requires_python->specifiers);
    CHECK_FALSE(page.files()[2].requires_python->error.empty());
    CHECK(page.files()[0].url == "https://example.org/simple/a/a-1.0.tar.gz");
}

TEST_CASE("entries that are not distributions are skipped with a reason", "[index][json]") {
    const auto page = parse(R"({"files": [
      {"filename": "a-1.0.tar.gz", "url": "u", "hashes": {}},
      {"filename": "a-1.0.win32.exe", "url": "u", "hashes": {}},
      {"filename": "b-1.0.tar.gz", "url": "u", "hashes": {}},
      {"filename": "a-1.0-py3-none-any.whl.metadata", "url": "u", "hashes": {}}]})");
    CHECK(page.files().size() == 1);
    REQUIRE(page.skipped().size() == 3);
    CHECK(page.skipped()[0].filename == "a-1.0.win32.exe");
    CHECK(page.skipped()[1].reason.find("Name doesn't start with package name a") != std::string::npos);
}

TEST_CASE("escapes in JSON strings are decoded", "[index][json]") {
    const auto page =
        parse(R"({"files": [{"filename": "a-1.0\u002Bcpu.tar.gz", "url": "https:\/\/x\/a-1.0%2Bcpu.tar.gz",
                   "hashes": {"sha256": "00"}, "yanked": "caf\u00e9 \ud83d\ude00 \"q\""}]})");
    REQUIRE(page.files().size() == 1);
    CHECK(page.files()[0].filename == "a-1.0+cpu.tar.gz");
    CHECK(page.files()[0].url == "https://x/a-1.0%2Bcpu.tar.gz");
    CHECK(page.files()[0].yanked.reason == "caf\xc3\xa9 \xf0\x9f\x98\x80 \"q\"");
}

TEST_CASE("missing required fields and malformed JSON are located errors", "[index][json]") {
    CHECK(error_of(R"({"files": [{"url": "u", "hashes": {}}]})") ==
          "error: https://example.org/simple/a/:1:12: invalid PEP 691 project page: a file has no `filename`\n"
          " 1 | {\"files\": [{\"url\": \"u\", \"hashes\": {}}]}\n"
          "   |            ^\n");
    CHECK(error_of(R"({"files": [{"filename": "a-1.0.tar.gz", "hashes": {}}]})").find("a file has no `url`") !=
          std::string::npos);
    CHECK(error_of(R"({"files": [{"filename": "a-1.0.tar.gz", "url": "u"}]})").find("a file has no `hashes`") !=
          std::string::npos);
    CHECK(error_of(R"({"meta": {}})").find("the page has no `files` list") != std::string::npos);
    CHECK(error_of("").find("expected a JSON object (a PEP 691 project page), found the end of the text") !=
          std::string::npos);
    CHECK(error_of("<html>").find(":1:1: invalid PEP 691 project page: expected a JSON object") != std::string::npos);
    CHECK(error_of("{\"files\": [\n  {\"filename\": \"a-1.0.tar.gz\",}\n]}").find(":2:31: invalid PEP 691 project page: "
                                                                                "expected a member name in quotes") !=
          std::string::npos);
    CHECK(error_of(R"({"files": [})").find("expected `{`, found `}`") != std::string::npos);
    CHECK(error_of(R"({"files": [], "x": "never closed)").find("a string is not closed") != std::string::npos);
    CHECK(error_of("{\"files\": [], \"x\": \"tab\there\"}").find("a control character (byte 9)") != std::string::npos);
    CHECK(error_of(R"({"files": [], "x": "\q"})").find("an unknown escape `\\q`") != std::string::npos);
    CHECK(error_of(R"({"files": [], "x": "\ud800"})").find("a lone surrogate") != std::string::npos);
    CHECK(error_of(R"({"files": []} trailing)").find("unexpected text after the JSON document") != std::string::npos);
    CHECK(error_of(R"({"files": [], "x": 01})").find("expected `,` or `}`, found `1`") != std::string::npos);
    CHECK(error_of(R"({"files": [], "x": tru})").find("expected a JSON value") != std::string::npos);
    const auto file = [](std::string_view field) {
        return error_of(std::string(R"({"files": [{"filename": "a-1.0.tar.gz", "url": "u", "hashes": {}, )") +
                        std::string(field) + "}]}");
    };
    CHECK(file(R"("size": -1)").find("expected a whole number of at least 0, found a negative number") !=
          std::string::npos);
    CHECK(file(R"("size": 1.5)").find("expected a whole number, found a fraction or exponent") != std::string::npos);
    CHECK(file(R"("size": 99999999999999999999)").find("a number too large for 64 bits") != std::string::npos);
    CHECK(file(R"("upload-time": "yesterday")").find("`upload-time` `yesterday` is not an RFC 3339 timestamp") !=
          std::string::npos);
    CHECK(file(R"("yanked": 1)").find("expected `true` or `false`, found `1`") != std::string::npos);
    CHECK(file(R"("hashes": {"sha256": 1})").find("expected a hash digest in quotes") != std::string::npos);
}

TEST_CASE("the lock's hash is the largest (algorithm, digest)", "[index][hash]") {
    HashDigests hashes;
    hashes.push_back({HashAlgorithm::Sha512, "aa"});
    hashes.push_back({HashAlgorithm::Blake2b, "00"});
    hashes.push_back({HashAlgorithm::Sha256, "ff"});
    CHECK(lock_hash(hashes)->algorithm == HashAlgorithm::Blake2b);
    CHECK(hash_algorithm_name(lock_hash(hashes)->algorithm) == "blake2b");
    CHECK(parse_hash_algorithm("sha1") == std::nullopt);
}
