// --artifacts: files named in the lock are hashed and compared; a changed file
// is a hash-mismatch with expected and actual hashes.

#include "lock_texts.hpp"
#include "lockkit/verify/artifact_check.hpp"
#include "lockkit/util/sha256.hpp"

#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace lockkit;
using namespace lockkit::verify;
using namespace lockkit::verify::testing;

namespace {

std::filesystem::path make_temp_dir() {
    auto dir = std::filesystem::temp_directory_path() / ("lockkit-verify-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

void write(const std::filesystem::path& path, std::string_view bytes) {
    std::ofstream(path, std::ios::binary) << bytes;
}

} // namespace

TEST_CASE("sha256 of known inputs", "[verify][hash]") {
    CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("--artifacts hashes the files the lock names", "[verify][hash]") {
    const auto dir = make_temp_dir();
    const std::string wheel_bytes = "pretend wheel";
    const std::string sdist_bytes = "pretend sdist";
    write(dir / "idna-3.6-py3-none-any.whl", wheel_bytes);
    write(dir / "idna-3.6.tar.gz", sdist_bytes);
    write(dir / "unrelated-1.0-py3-none-any.whl", "ignored");
    CHECK(sha256_file(dir / "idna-3.6.tar.gz").value() == sha256_hex(sdist_bytes));

    std::string text = replace(k_clean_lock, "sha256:c05567e9c24a6b9faaa835c4821bad0590fbb9d5779e7caa6e1cc4978e7eb24f",
                               "sha256:" + sha256_hex(wheel_bytes));
    text = replace(text, "sha256:9ecdbbd083b06798ae1e86adcbfe8ab1479cf864e4ee30fe4e46a003d12491ca",
                   "sha256:" + sha256_hex(sdist_bytes));
    const auto lock = parse(text);

    SECTION("matching files are clean") {
        const auto result = check_artifacts(lock, dir, 2);
        REQUIRE(result);
        CHECK(result->checked == 2);
        CHECK(result->findings.empty());
    }
    SECTION("a changed file is a mismatch with expected and actual") {
        write(dir / "idna-3.6.tar.gz", "tampered sdist");
        const auto result = check_artifacts(lock, dir);
        REQUIRE(result);
        CHECK(result->checked == 2);
        REQUIRE(result->findings.size() == 1);
        const Finding& f = result->findings[0];
        CHECK(f.rule == rule::hash_mismatch);
        CHECK(f.package == "idna");
        CHECK_THAT(f.message, Catch::Contains(sha256_hex("tampered sdist")) && Catch::Contains(sha256_hex(sdist_bytes)));
    }
    SECTION("a missing folder is an error value") {
        CHECK_FALSE(check_artifacts(lock, dir / "nope"));
    }
    std::filesystem::remove_all(dir);
}
