// The downloader through file:// URLs (no server needed): verified files are
// published under their hash, mismatches are not cached, a corrupted cache
// entry is re-fetched, and permanent errors are not retried. The network
// failure modes (500 then 200, truncation) are tested against a real HTTP
// server in tests/integration/test_lock_verify_download.py.

#include "../../temp_tree.hpp"
#include "../../test_locks.hpp"

#include "lockkit/fetch/downloader.hpp"
#include "lockkit/util/sha256.hpp"

#include <catch2/catch.hpp>
#include <future>

using namespace lockkit::fetch;
using lockkit::testing::TempTree;
using lockkit::testing::TestLocks;
using lockkit::sha256_hex;

namespace {

std::string file_url(const std::filesystem::path& path) {
    return "file://" + path.string();
}

DownloadOptions quick_options() {
    DownloadOptions options;
    options.connections = 3;
    options.retry.base_delay = std::chrono::milliseconds(1);
    return options;
}

} // namespace

TEST_CASE("verified downloads are cached and found again", "[fetch][download]") {
    TempTree dir;
    const auto served = dir.root() / "served";
    std::filesystem::create_directories(served);
    const std::string a = "first wheel", b = std::string(3 << 20, 'x');  // b spans several write chunks
    dir.write(served / "a.whl", a);
    dir.write(served / "b.whl", b);
    const TestLocks locks;
    const ArtifactCache cache(dir.root() / "cache", locks);
    const std::vector<DownloadRequest> requests = {
        {file_url(served / "a.whl"), sha256_hex(a), a.size()},
        {file_url(served / "b.whl"), sha256_hex(b), b.size()},
    };
    std::size_t last_finished = 0;
    auto options = quick_options();
    options.on_progress = [&](const DownloadProgress& p) {
        CHECK(p.total == 2);
        last_finished = p.finished;
    };
    const auto results = download_all(requests, cache, options);
    REQUIRE(results.size() == 2);
    for (std::size_t i = 0; i < 2; ++i) {
        CHECK(results[i].status == DownloadStatus::Verified);
        CHECK_FALSE(results[i].from_cache);
        CHECK(results[i].attempts == 1);
        CHECK(results[i].actual_sha256 == *requests[i].sha256);
    }
    CHECK(results[1].bytes == b.size());
    CHECK(last_finished == 2);
    CHECK(dir.read(cache.find(sha256_hex(b)).value()) == b);

    // Second run: no transfer, the cached copy is re-hashed and trusted.
    std::filesystem::remove_all(served);
    const auto again = download_all(requests, cache, quick_options());
    CHECK(again[0].status == DownloadStatus::Verified);
    CHECK(again[0].from_cache);
    CHECK(again[0].attempts == 0);
}

TEST_CASE("a hash or size mismatch is reported and nothing is cached", "[fetch][download]") {
    TempTree dir;
    dir.write("x.whl", "tampered bytes");
    const TestLocks locks;
    const ArtifactCache cache(dir.root() / "cache", locks);
    const std::string promised = sha256_hex("original bytes");

    const std::vector<DownloadRequest> by_hash = {{file_url(dir.root() / "x.whl"), promised, std::nullopt}};
    const auto hash_result = download_all(by_hash, cache, quick_options());
    CHECK(hash_result[0].status == DownloadStatus::HashMismatch);
    CHECK(hash_result[0].actual_sha256 == sha256_hex("tampered bytes"));

    // Fewer bytes than the lock records.
    const std::vector<DownloadRequest> short_file = {{file_url(dir.root() / "x.whl"), promised, 100}};
    CHECK(download_all(short_file, cache, quick_options())[0].status == DownloadStatus::SizeMismatch);
    // More bytes than promised: reading stops at the limit.
    const std::vector<DownloadRequest> long_file = {{file_url(dir.root() / "x.whl"), promised, 4}};
    const auto overflow = download_all(long_file, cache, quick_options());
    CHECK(overflow[0].status == DownloadStatus::SizeMismatch);
    CHECK(overflow[0].bytes <= 4);

    CHECK_FALSE(std::filesystem::exists(dir.root() / "cache" / "artifacts-v1"));
    CHECK(dir.count_files("cache/tmp") == 0);
}

TEST_CASE("a corrupted cache entry is replaced by a fresh download", "[fetch][download]") {
    TempTree dir;
    const std::string bytes = "the real wheel";
    dir.write("w.whl", bytes);
    const TestLocks locks;
    const ArtifactCache cache(dir.root() / "cache", locks);
    const std::vector<DownloadRequest> requests = {{file_url(dir.root() / "w.whl"), sha256_hex(bytes), bytes.size()}};
    REQUIRE(download_all(requests, cache, quick_options())[0].status == DownloadStatus::Verified);
    dir.write(cache.find(sha256_hex(bytes)).value(), "bit rot");

    const auto healed = download_all(requests, cache, quick_options());
    CHECK(healed[0].status == DownloadStatus::Verified);
    CHECK_FALSE(healed[0].from_cache);
    CHECK(dir.read(cache.find(sha256_hex(bytes)).value()) == bytes);
}

TEST_CASE("a missing file fails once, without retries", "[fetch][download]") {
    TempTree dir;
    const TestLocks locks;
    const ArtifactCache cache(dir.root() / "cache", locks);
    const std::vector<DownloadRequest> requests = {{file_url(dir.root() / "absent.whl"), std::string(64, 'a'), 1}};
    const auto result = download_all(requests, cache, quick_options());
    CHECK(result[0].status == DownloadStatus::Failed);
    CHECK(result[0].attempts == 1);
    CHECK_FALSE(result[0].error.empty());
    CHECK(dir.count_files("cache/tmp") == 0);
}

TEST_CASE("a request without a hash is cached under the hash it has", "[fetch][download]") {
    TempTree dir;
    dir.write("n.whl", "no hash recorded");
    const TestLocks locks;
    const ArtifactCache cache(dir.root() / "cache", locks);
    const std::vector<DownloadRequest> requests = {{file_url(dir.root() / "n.whl"), std::nullopt, std::nullopt}};
    const auto result = download_all(requests, cache, quick_options());
    CHECK(result[0].status == DownloadStatus::Unverified);
    CHECK(cache.find(sha256_hex("no hash recorded")));
}

TEST_CASE("credentials never reach messages", "[fetch][download]") {
    CHECK(redact_url("https://user:secret@example.org/simple/x.whl") == "https://example.org/simple/x.whl");
    CHECK(redact_url("https://token@example.org/a") == "https://example.org/a");
    CHECK(redact_url("https://example.org/a@b") == "https://example.org/a@b");  // '@' in the path stays
    CHECK(redact_url("file:///tmp/x.whl") == "file:///tmp/x.whl");
}

TEST_CASE("a download waits for another publishing the same file, then takes it from the cache",
          "[fetch][download][lock]") {
    TempTree dir;
    const TestLocks locks;
    const ArtifactCache cache(dir.root() / "cache", locks);
    const std::string bytes = "shared wheel";
    const std::string hex = sha256_hex(bytes);
    dir.write("w.whl", bytes);
    const std::vector<DownloadRequest> requests = {{file_url(dir.root() / "w.whl"), hex, bytes.size()}};

    // Another downloader holds the entry while it fetches.
    auto other = cache.lock_entry(hex, lockkit::fs::LockMode::Exclusive);
    REQUIRE(other);
    auto waiting = std::async(std::launch::async, [&] { return download_all(requests, cache, quick_options()); });
    CHECK(waiting.wait_for(std::chrono::milliseconds(200)) == std::future_status::timeout);
    // It publishes and lets go; the source disappears, so a second transfer would fail.
    auto entry = cache.begin();
    REQUIRE(entry);
    REQUIRE(entry->write(bytes.data(), bytes.size()));
    REQUIRE(cache.publish(std::move(*entry), hex, *other));
    std::filesystem::remove(dir.root() / "w.whl");
    other->release();

    const auto results = waiting.get();
    REQUIRE(results.size() == 1);
    CHECK(results[0].status == DownloadStatus::Verified);
    CHECK(results[0].from_cache);
}
