// Project pages in and out of the cache (page_codec): every field of every
// file survives, views point into the adopted buffer, and damaged bytes decode
// to nothing rather than to views outside the buffer.

#include "lockkit/index/html_page.hpp"
#include "lockkit/index/json_page.hpp"
#include "lockkit/index/page_codec.hpp"

#include <catch2/catch.hpp>

#include <cstring>
#include <thread>

using namespace lockkit;
using namespace lockkit::index;

namespace {

const char* k_page = R"({"meta": {"api-version": "1.1"}, "name": "a", "versions": ["1.0", "2.0", "3.0"],
 "files": [
  {"filename": "a-1.0.tar.gz", "url": "../../files/a-1.0.tar.gz", "hashes": {"sha256": "aa", "md5": "bb"},
   "requires-python": ">=3.8", "size": 10, "upload-time": "2024-03-24T00:00:01.5Z", "yanked": "broken"},
  {"filename": "a-2.0-py3-none-any.whl", "url": "https://files.example.org/x/a-2.0-py3-none-any.whl",
   "hashes": {"sha256": "cc"}, "requires-python": ">=3.8", "core-metadata": {"sha256": "dd"}, "yanked": false},
  {"filename": "a-3.0-py3-none-any.whl", "url": "https://other.example.org/dl?file=a-3.0-py3-none-any.whl",
   "hashes": {}, "requires-python": null, "core-metadata": false},
  {"filename": "a-4.0.exe", "url": "https://files.example.org/a-4.0.exe", "hashes": {}}
 ]})";

std::optional<ProjectFiles> roundtrip(const ProjectFiles& page) {
    const std::string bytes = encode_project_files(page);
    std::unique_ptr<char[]> buffer(new char[bytes.size() + 8]);
    std::memcpy(buffer.get() + 8, bytes.data(), bytes.size());  // a payload need not be aligned
    const std::string_view payload(buffer.get() + 8, bytes.size());
    return decode_project_files(std::shared_ptr<const char>(buffer.release(), std::default_delete<const char[]>()), payload);
}

void check_same_file(const IndexFile& x, const IndexFile& y) {
    CHECK(x.filename == y.filename);
    CHECK(x.name == y.name);
    CHECK(*x.version == *y.version);
    CHECK(x.version->to_string() == y.version->to_string());
    CHECK(x.kind == y.kind);
    CHECK(x.url == y.url);
    CHECK(x.hashes == y.hashes);
    CHECK((x.requires_python == nullptr) == (y.requires_python == nullptr));
    if (x.requires_python != nullptr && y.requires_python != nullptr) {
        CHECK(x.requires_python->text == y.requires_python->text);
        CHECK(x.requires_python->specifiers.has_value() == y.requires_python->specifiers.has_value());
    }
    CHECK(x.yanked.yanked == y.yanked.yanked);
    CHECK(x.yanked.reason == y.yanked.reason);
    CHECK(x.size == y.size);
    CHECK(x.upload_time_ms == y.upload_time_ms);
    CHECK(x.core_metadata.available == y.core_metadata.available);
    CHECK(x.core_metadata.stated == y.core_metadata.stated);
    CHECK(x.core_metadata.hashes == y.core_metadata.hashes);
}

/// `b` is read file by file first (as resolution reads a decoded page), then whole.
void check_same(const ProjectFiles& a, const ProjectFiles& b) {
    CHECK(a.project() == b.project());
    CHECK(a.api_version() == b.api_version());
    REQUIRE(a.file_count() == b.file_count());
    for (std::size_t i = 0; i < a.file_count(); ++i) {
        const IndexFile y = b.file(i);
        check_same_file(a.files()[i], y);
        const FileSummary summary = b.file_summary(i);
        CHECK(summary.version == y.version);
        CHECK(summary.requires_python == y.requires_python);
        CHECK(summary.upload_time_ms == y.upload_time_ms);
    }
    REQUIRE(a.files().size() == b.files().size());
    for (std::size_t i = 0; i < a.files().size(); ++i) check_same_file(a.files()[i], b.files()[i]);
    REQUIRE(a.skipped().size() == b.skipped().size());
    for (std::size_t i = 0; i < a.skipped().size(); ++i) {
        CHECK(a.skipped()[i].filename == b.skipped()[i].filename);
        CHECK(a.skipped()[i].reason == b.skipped()[i].reason);
    }
    REQUIRE(a.versions().size() == b.versions().size());
    for (std::size_t i = 0; i < a.versions().size(); ++i) CHECK(a.versions()[i] == b.versions()[i]);
}

} // namespace

TEST_CASE("a JSON page comes back from its encoding unchanged", "[index][codec]") {
    auto parsed = parse_json_project_page(k_page, "https://pypi.example.org/simple/a/", "a");
    REQUIRE(parsed);
    auto page = std::make_unique<ProjectFiles>(std::move(*parsed));
    REQUIRE(page->files().size() == 3);
    CHECK(page->files()[1].core_metadata.stated);
    CHECK(page->files()[2].core_metadata.stated);
    CHECK_FALSE(page->files()[2].core_metadata.available);
    CHECK_FALSE(page->files()[0].core_metadata.stated);
    auto back = roundtrip(*page);
    REQUIRE(back);
    check_same(*page, *back);
    // The copy outlives the original: its views point into its own buffer.
    page.reset();
    CHECK(back->files()[0].url == "https://pypi.example.org/files/a-1.0.tar.gz");
    CHECK(back->files()[0].yanked.reason == "broken");
}

TEST_CASE("a flat page of several projects comes back unchanged", "[index][codec]") {
    auto page = parse_flat_html_page(
        "<a href='a-1.0-py3-none-any.whl#sha256=ab' data-requires-python='&gt;=3.9'>x</a>"
        "<a href='b_c-2.0.tar.gz'>y</a><a href='python-dateutil-2.8.2.tar.gz'>z</a>",
        "https://example.org/links/");
    REQUIRE(page);
    auto back = roundtrip(*page);
    REQUIRE(back);
    check_same(*page, *back);
    CHECK(back->files()[1].name == "b-c");
}

TEST_CASE("damaged encodings decode to nothing", "[index][codec]") {
    auto page = parse_json_project_page(k_page, "https://pypi.example.org/simple/a/", "a");
    REQUIRE(page);
    const std::string bytes = encode_project_files(*page);
    auto decode = [](std::string bytes) {
        std::unique_ptr<char[]> buffer(new char[bytes.size() + 1]);
        std::memcpy(buffer.get(), bytes.data(), bytes.size());
        const std::string_view payload(buffer.get(), bytes.size());
        auto page =
            decode_project_files(std::shared_ptr<const char>(buffer.release(), std::default_delete<const char[]>()), payload);
        if (!page) return false;
        // What decodes is whole: every file reads without leaving the buffer.
        std::size_t text = 0;
        for (std::size_t i = 0; i < page->file_count(); ++i) {
            const IndexFile file = page->file(i);
            text += file.filename.size() + file.url.size() + file.yanked.reason.size();
            for (const auto& digest : file.hashes) text += digest.hex.size();
            for (const auto& digest : file.core_metadata.hashes) text += digest.hex.size();
            text += page->file_summary(i).version->to_string().size();
        }
        return text > 0;
    };
    CHECK(decode(bytes));
    CHECK_FALSE(decode(bytes.substr(0, bytes.size() - 1)));     // truncated
    CHECK_FALSE(decode(bytes + "x"));                           // padded
    CHECK_FALSE(decode(""));
    std::string other_version = bytes;
    other_version[4] = 9;                                       // another format version
    CHECK_FALSE(decode(other_version));
    // Every single-byte change in the header and tables either decodes to a page or
    // to nothing, never crashes (the text block is free-form).
    const std::size_t tables = bytes.size() - 600;
    for (std::size_t i = 0; i < std::min<std::size_t>(tables, 400); ++i) {
        std::string damaged = bytes;
        damaged[i] = static_cast<char>(damaged[i] ^ 0x5a);
        (void)decode(damaged);
    }
}

TEST_CASE("a file's full filename is parsed on demand", "[index][codec]") {
    auto page = parse_json_project_page(k_page, "https://pypi.example.org/simple/a/", "a");
    REQUIRE(page);
    auto dist = page->files()[1].dist();
    REQUIRE(dist);
    REQUIRE(dist->is_wheel());
    CHECK(dist->wheel()->tag_text() == "py3-none-any");
    CHECK(page->files()[0].dist()->sdist()->extension == tags::SourceDistExtension::TarGz);
    // Files of one version share one Version.
    CHECK(page->file_versions().size() == 3);
    const auto& groups = page->version_groups();
    REQUIRE(groups.versions.size() == 3);
    CHECK(groups.versions[0]->to_string() == "1.0");
    const auto first = groups.files_of(0);
    CHECK(std::vector<std::uint32_t>(first.begin(), first.end()) == std::vector<std::uint32_t>{0});
    CHECK(groups.versions[2]->to_string() == "3.0");
}

namespace {

// Where page_codec.cpp's fixed layout keeps what the cases below damage: the header's
// table counts and text size, and the first file record (64 bytes) right after the header.
constexpr std::size_t k_header_hashes = 16, k_header_names = 20, k_header_text_size = 56, k_header_size = 64;
constexpr std::size_t k_file_url = 8, k_file_name = 24, k_file_hashes_first = 36, k_file_hashes_count = 44;

template <typename T>
T peek(const std::string& bytes, std::size_t at) {
    T out;
    std::memcpy(&out, bytes.data() + at, sizeof out);
    return out;
}

template <typename T>
void poke(std::string& bytes, std::size_t at, T value) {
    std::memcpy(bytes.data() + at, &value, sizeof value);
}

std::optional<ProjectFiles> decode_bytes(const std::string& bytes) {
    std::unique_ptr<char[]> buffer(new char[bytes.size() + 1]);
    std::memcpy(buffer.get(), bytes.data(), bytes.size());
    const std::string_view payload(buffer.get(), bytes.size());
    return decode_project_files(std::shared_ptr<const char>(buffer.release(), std::default_delete<const char[]>()), payload);
}

std::string encoded_page() {
    auto page = parse_json_project_page(k_page, "https://pypi.example.org/simple/a/", "a");
    REQUIRE(page);
    return encode_project_files(*page);
}

} // namespace

TEST_CASE("a damaged cache entry whose record points outside its tables decodes to nothing", "[index][codec]") {
    const std::string bytes = encoded_page();
    const std::size_t file0 = k_header_size;
    const auto text_size = peek<std::uint64_t>(bytes, k_header_text_size);
    REQUIRE(peek<std::uint8_t>(bytes, file0 + k_file_hashes_count) == 2);  // a-1.0.tar.gz: sha256 and md5

    SECTION("the control: the first file's URL made empty, at the end of the text, still decodes") {
        std::string edited = bytes;
        poke<std::uint32_t>(edited, file0 + k_file_url, static_cast<std::uint32_t>(text_size));
        poke<std::uint32_t>(edited, file0 + k_file_url + 4, 0);
        const auto page = decode_bytes(edited);
        REQUIRE(page);
        CHECK(page->file(0).url.empty());
        CHECK(page->file(0).filename == "a-1.0.tar.gz");
    }
    SECTION("a file's URL running past the text") {
        std::string damaged = bytes;
        poke<std::uint32_t>(damaged, file0 + k_file_url, static_cast<std::uint32_t>(text_size));
        poke<std::uint32_t>(damaged, file0 + k_file_url + 4, 1);
        CHECK_FALSE(decode_bytes(damaged));
    }
    SECTION("a file's hashes running past the hash table") {
        std::string damaged = bytes;
        const auto hashes = peek<std::uint32_t>(bytes, k_header_hashes);
        poke<std::uint32_t>(damaged, file0 + k_file_hashes_first, hashes - 1);  // 2 hashes from the last one
        CHECK_FALSE(decode_bytes(damaged));
        poke<std::uint32_t>(damaged, file0 + k_file_hashes_first, 0xffffffffu);  // would wrap in 32 bits
        CHECK_FALSE(decode_bytes(damaged));
    }
    SECTION("a file's name index out of range") {
        std::string damaged = bytes;
        poke<std::uint32_t>(damaged, file0 + k_file_name, peek<std::uint32_t>(bytes, k_header_names));
        CHECK_FALSE(decode_bytes(damaged));
    }
}

TEST_CASE("files() of a cached page decodes once, from two threads at once and after a move", "[index][codec]") {
    const auto page = decode_bytes(encoded_page());
    REQUIRE(page);
    REQUIRE(page->file_count() == 3);
    std::span<const IndexFile> seen[2];
    std::thread first([&] { seen[0] = page->files(); });
    std::thread second([&] { seen[1] = page->files(); });
    first.join();
    second.join();
    // Both threads got the one decoded list.
    CHECK(seen[0].data() == seen[1].data());
    REQUIRE(seen[0].size() == 3);
    CHECK(seen[0][0].filename == "a-1.0.tar.gz");
    CHECK(seen[0][2].filename == "a-3.0-py3-none-any.whl");

    // A page moved before and after decoding keeps its files.
    ProjectFiles fresh = std::move(*decode_bytes(encoded_page()));
    ProjectFiles moved = std::move(fresh);
    REQUIRE(moved.files().size() == 3);
    CHECK(moved.files()[1].filename == "a-2.0-py3-none-any.whl");
    CHECK(moved.files()[1].hashes.size() == 1);
    ProjectFiles target("other");
    target = std::move(moved);
    REQUIRE(target.files().size() == 3);
    CHECK(target.files()[0].url == "https://pypi.example.org/files/a-1.0.tar.gz");
    CHECK(target.file(2).filename == "a-3.0-py3-none-any.whl");
}
