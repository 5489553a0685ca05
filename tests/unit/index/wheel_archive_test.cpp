// A wheel's METADATA out of its zip (zip_directory, wheel_archive): from
// memory, from disk, by ranges and from a stream, on real layouts (stored and
// deflated members, data descriptors, a comment after the end record) and on
// zips that lie (a directory that points elsewhere, a wrong CRC or size, an
// end record pointing past the file), which must fail with a message saying
// which promise broke.

#include "../../temp_tree.hpp"
#include "../../zip_builder.hpp"

#include "lockkit/index/wheel_archive.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <catch2/catch.hpp>

using namespace lockkit;
using namespace lockkit::index;
using lockkit::testing::make_test_wheel;
using lockkit::testing::ZipBuilder;

namespace {

const std::string k_metadata = "Metadata-Version: 2.3\nName: demo-pkg\nVersion: 1.0\nRequires-Dist: requests>=2\n\nA long description\n";

std::string read_stream(const std::string& wheel, std::size_t chunk, std::size_t* consumed = nullptr) {
    WheelStreamReader reader("demo-pkg");
    std::size_t fed = 0;
    for (std::size_t i = 0; i < wheel.size(); i += chunk) {
        fed = std::min(wheel.size(), i + chunk);
        if (!reader.feed(std::string_view(wheel).substr(i, chunk))) break;
    }
    if (consumed != nullptr) *consumed = fed;
    auto result = reader.finish();
    return result ? *result : "error: " + result.error().message;
}

} // namespace

TEST_CASE("METADATA comes out of a wheel in memory, on disk, by ranges and from a stream", "[index][zip]") {
    const std::string wheel = make_test_wheel("demo_pkg", "1.0", k_metadata);
    auto from_memory = read_wheel_metadata(wheel, "demo-pkg");
    REQUIRE(from_memory);
    CHECK(*from_memory == k_metadata);

    lockkit::testing::TempTree tree;
    tree.write("demo_pkg-1.0-py3-none-any.whl", wheel);
    auto from_disk = read_wheel_metadata_file(tree.root() / "demo_pkg-1.0-py3-none-any.whl", "demo-pkg");
    REQUIRE(from_disk);
    CHECK(*from_disk == k_metadata);

    // Ranges: the tail (the whole small file) is enough, one read.
    int reads = 0;
    const ReadRange read = [&](std::uint64_t offset, std::uint64_t length) -> std::expected<std::string, WheelReadError> {
        ++reads;
        return wheel.substr(offset, length);
    };
    auto by_ranges = read_wheel_metadata(wheel.size(), read, "demo-pkg");
    REQUIRE(by_ranges);
    CHECK(*by_ranges == k_metadata);
    CHECK(reads == 1);

    // A stream stops once METADATA is in (before WHEEL and RECORD and the directory).
    std::size_t consumed = 0;
    CHECK(read_stream(wheel, 7, &consumed) == k_metadata);
    CHECK(consumed < wheel.size());
    CHECK(read_stream(wheel, 100000) == k_metadata);
}

TEST_CASE("a large wheel is read with a few ranges, not whole", "[index][zip]") {
    ZipBuilder zip;
    zip.add({"big/data.bin", std::string(200000, 'x') + std::string(200000, 'y'), false, false});
    zip.add({"demo_pkg-1.0.dist-info/METADATA", k_metadata, true, false});
    for (int i = 0; i < 400; ++i) zip.add({"big/file" + std::to_string(i) + ".py", "pass\n", false, false});
    const std::string wheel = zip.build();
    std::uint64_t bytes_read = 0;
    int reads = 0;
    const ReadRange read = [&](std::uint64_t offset, std::uint64_t length) -> std::expected<std::string, WheelReadError> {
        ++reads;
        bytes_read += length;
        return wheel.substr(offset, length);
    };
    auto text = read_wheel_metadata(wheel.size(), read, "demo-pkg");
    REQUIRE(text);
    CHECK(*text == k_metadata);
    CHECK(reads == 3);  // tail, the rest of the directory, METADATA
    CHECK(bytes_read < wheel.size() / 5);
}

TEST_CASE("a data descriptor before METADATA makes the stream reader use the directory", "[index][zip]") {
    const std::string wheel = make_test_wheel("demo_pkg", "1.0", k_metadata, true);
    CHECK(read_stream(wheel, 13) == k_metadata);
    CHECK(*read_wheel_metadata(wheel, "demo-pkg") == k_metadata);
}

TEST_CASE("a comment after the end record is skipped", "[index][zip]") {
    std::string wheel = make_test_wheel("demo_pkg", "1.0", k_metadata);
    const std::string comment(300, 'c');
    wheel[wheel.size() - 2] = static_cast<char>(comment.size() & 0xff);
    wheel[wheel.size() - 1] = static_cast<char>(comment.size() >> 8);
    wheel += comment;
    CHECK(*read_wheel_metadata(wheel, "demo-pkg") == k_metadata);
}

/// The member `name` of a zip as libarchive's seeking zip reader finds it (through the central
/// directory and, for ZIP64, its end record and extra fields): an independent check of the fixture.
std::optional<std::string> libarchive_member(const std::string& zip_bytes, const std::string& name) {
    archive* a = archive_read_new();
    archive_read_support_format_zip_seekable(a);
    std::optional<std::string> found;
    if (archive_read_open_memory(a, zip_bytes.data(), zip_bytes.size()) == ARCHIVE_OK) {
        archive_entry* entry = nullptr;
        while (archive_read_next_header(a, &entry) == ARCHIVE_OK) {
            if (name != archive_entry_pathname(entry)) continue;
            std::string content(static_cast<std::size_t>(archive_entry_size(entry)), '\0');
            if (archive_read_data(a, content.data(), content.size()) == static_cast<la_ssize_t>(content.size())) found = content;
            break;
        }
    }
    archive_read_free(a);
    return found;
}

TEST_CASE("ZIP64 wheels: end records and extra fields, from memory, disk, ranges and a stream", "[index][zip]") {
    for (bool descriptor : {false, true}) {
        DYNAMIC_SECTION("data descriptor " << descriptor) {
            const std::string wheel = make_test_wheel("demo_pkg", "1.0", k_metadata, descriptor, true);
            REQUIRE(libarchive_member(wheel, "demo_pkg-1.0.dist-info/METADATA") == k_metadata);
            CHECK(*read_wheel_metadata(wheel, "demo-pkg") == k_metadata);
            lockkit::testing::TempTree tree;
            tree.write("w.whl", wheel);
            CHECK(*read_wheel_metadata_file(tree.root() / "w.whl", "demo-pkg") == k_metadata);
            CHECK(read_stream(wheel, 7) == k_metadata);
            const ReadRange read = [&](std::uint64_t offset, std::uint64_t length) -> std::expected<std::string, WheelReadError> {
                return wheel.substr(offset, length);
            };
            CHECK(*read_wheel_metadata(wheel.size(), read, "demo-pkg") == k_metadata);
        }
    }
    SECTION("a comment pushes the end records out of the first tail read") {
        ZipBuilder zip;
        zip.zip64 = true;
        zip.add({"big/data.bin", std::string(100000, 'x'), false, false});
        zip.add({"demo_pkg-1.0.dist-info/METADATA", k_metadata, true, false});
        zip.comment = std::string(40000, 'c');
        const std::string wheel = zip.build();
        // libarchive's seeking reader looks for the end record only near the end of the file, so
        // it checks the same zip without its comment.
        std::string uncommented = wheel.substr(0, zip.end_record() + 22);
        uncommented[uncommented.size() - 2] = uncommented[uncommented.size() - 1] = '\0';
        REQUIRE(libarchive_member(uncommented, "demo_pkg-1.0.dist-info/METADATA") == k_metadata);
        std::vector<std::pair<std::uint64_t, std::uint64_t>> reads;
        const ReadRange read = [&](std::uint64_t offset, std::uint64_t length) -> std::expected<std::string, WheelReadError> {
            reads.emplace_back(offset, length);
            return wheel.substr(offset, length);
        };
        CHECK(*read_wheel_metadata(wheel.size(), read, "demo-pkg") == k_metadata);
        REQUIRE(reads.size() >= 2);
        CHECK(reads[1].first <= zip.zip64_end_record());  // the second tail reaches the ZIP64 end record
    }
}

TEST_CASE("ZIP64 records that lie are refused", "[index][zip]") {
    ZipBuilder zip;
    zip.zip64 = true;
    zip.add({"demo_pkg/__init__.py", "x = 1\n", true, false});
    zip.add({"demo_pkg-1.0.dist-info/METADATA", k_metadata, true, false});
    const std::string good = zip.build();
    const auto locator = zip.end_record() - 20;
    const auto check = [](const std::string& bytes, const std::string& expected) {
        auto result = read_wheel_metadata(bytes, "demo-pkg");
        REQUIRE_FALSE(result);
        CHECK_THAT(result.error().message, Catch::Contains(expected));
    };
    SECTION("the locator points past the file") {
        std::string bad = good;
        ZipBuilder::poke32(bad, locator + 8, static_cast<std::uint32_t>(good.size() + 100));
        check(bad, "the ZIP64 end record lies outside the file");
    }
    SECTION("the locator points at no ZIP64 end record") {
        std::string bad = good;
        ZipBuilder::poke32(bad, locator + 8, 0);
        check(bad, "no ZIP64 end record where the locator points");
    }
    SECTION("no locator before an end record that asks for one") {
        std::string bad = good;
        ZipBuilder::poke32(bad, locator, 0x12345678);
        check(bad, "there is no ZIP64 locator");
    }
    SECTION("the ZIP64 end record places the directory past itself") {
        std::string bad = good;
        ZipBuilder::poke32(bad, zip.zip64_end_record() + 48, static_cast<std::uint32_t>(zip.zip64_end_record() + 8));
        check(bad, "does not end before its end record");
    }
    SECTION("a directory entry's ZIP64 field is shorter than its 0xffffffff fields need") {
        std::string bad = good;
        const auto entry = zip.layout()[1].directory_entry;
        const std::size_t name_length = std::string("demo_pkg-1.0.dist-info/METADATA").size();
        bad[entry + 46 + name_length + 2] = 8;  // the extra field's length: one value of three
        check(bad, "too short");
    }
}

TEST_CASE("zips that lie are refused with the promise they broke", "[index][zip]") {
    ZipBuilder zip;
    zip.add({"demo_pkg/__init__.py", "x = 1\n", true, false});
    zip.add({"demo_pkg-1.0.dist-info/METADATA", k_metadata, true, false});
    const std::string good = zip.build();
    const auto metadata_entry = zip.layout()[1].directory_entry;
    const auto check = [](const std::string& bytes, const std::string& expected) {
        auto result = read_wheel_metadata(bytes, "demo-pkg");
        REQUIRE_FALSE(result);
        CHECK_FALSE(result.error().source_failed);
        CHECK_THAT(result.error().message, Catch::Contains(expected));
    };
    SECTION("the directory points at the wrong member") {
        std::string bad = good;
        ZipBuilder::poke32(bad, metadata_entry + 42, static_cast<std::uint32_t>(zip.layout()[0].local_header));
        check(bad, "names `demo_pkg/__init__.py`, the central directory `demo_pkg-1.0.dist-info/METADATA`");
    }
    SECTION("the directory points at no header") {
        std::string bad = good;
        ZipBuilder::poke32(bad, metadata_entry + 42, 1);
        check(bad, "no local file header where the central directory places");
    }
    SECTION("the directory places a member beyond itself") {
        std::string bad = good;
        ZipBuilder::poke32(bad, metadata_entry + 42, 0x7fffffff);
        check(bad, "beyond the start of the directory");
    }
    SECTION("a wrong CRC") {
        std::string bad = good;
        ZipBuilder::poke32(bad, metadata_entry + 16, 0x12345678);
        check(bad, "bad CRC-32");
    }
    SECTION("a wrong uncompressed size") {
        std::string bad = good;
        ZipBuilder::poke32(bad, metadata_entry + 24, static_cast<std::uint32_t>(k_metadata.size() + 1));
        check(bad, "the central directory says");
    }
    SECTION("an end record pointing past the file") {
        std::string bad = good;
        ZipBuilder::poke32(bad, zip.end_record() + 16, static_cast<std::uint32_t>(good.size() + 10));
        check(bad, "does not end before its end record");
    }
    SECTION("more entries than the directory can hold") {
        std::string bad = good;
        bad[zip.end_record() + 10] = 100;
        check(bad, "claims 100 entries");
    }
    SECTION("not a zip at all") {
        check(std::string(5000, 'z'), "not a zip file");
    }
    SECTION("a METADATA that unpacks to gigabytes is refused before it is") {
        std::string bad = good;
        ZipBuilder::poke32(bad, metadata_entry + 24, 0xf0000000);
        check(bad, "more than the 67108864 allowed");
    }
}

TEST_CASE("the METADATA member is chosen as uv chooses it", "[index][zip]") {
    auto entries = [](std::vector<std::string> names) {
        std::vector<ZipEntry> out;
        for (auto& n : names) out.push_back(ZipEntry{n});
        return out;
    };
    auto one = entries({"a/b.py", "Demo.Pkg-1.0.dist-info/METADATA", "x/y.dist-info/METADATA/z"});
    auto found = find_metadata_entry(one, "demo-pkg");
    REQUIRE(found);
    CHECK((*found)->name == "Demo.Pkg-1.0.dist-info/METADATA");
    CHECK_THAT(find_metadata_entry(entries({"a/METADATA"}), "demo-pkg").error(), Catch::Contains("no .dist-info/METADATA"));
    CHECK_THAT(find_metadata_entry(entries({"a-1.dist-info/METADATA", "b-1.dist-info/METADATA"}), "a").error(),
               Catch::Contains("several .dist-info folders"));
    CHECK_THAT(find_metadata_entry(entries({"other-1.0.dist-info/METADATA"}), "demo-pkg").error(),
               Catch::Contains("does not start with the package name `demo-pkg`"));
}

TEST_CASE("a ranged read that the source cannot serve is reported as the source's failure", "[index][zip]") {
    const std::string wheel = make_test_wheel("demo_pkg", "1.0", k_metadata);
    const ReadRange refuse = [](std::uint64_t, std::uint64_t) -> std::expected<std::string, WheelReadError> {
        return std::unexpected(WheelReadError{"no ranges here", true});
    };
    auto result = read_wheel_metadata(wheel.size(), refuse, "demo-pkg");
    REQUIRE_FALSE(result);
    CHECK(result.error().source_failed);
}

TEST_CASE("crc32 is the zip polynomial", "[index][zip]") {
    CHECK(crc32("") == 0);
    CHECK(crc32("123456789") == 0xCBF43926u);
}
