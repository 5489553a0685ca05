// The artifact cache publishes only what the caller checked, under its hash,
// and never leaves temporary files behind.

#include "../../temp_tree.hpp"
#include "../../test_locks.hpp"

#include "lockkit/fetch/artifact_cache.hpp"
#include "lockkit/util/sha256.hpp"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <sys/stat.h>

using namespace lockkit::fetch;
using lockkit::testing::TempTree;
using lockkit::testing::TestLocks;

TEST_CASE("a published entry lives under its hash, fanned out by two digits", "[fetch][cache]") {
    TempTree dir;
    const TestLocks locks;
    const ArtifactCache cache(dir.root(), locks);
    const std::string bytes = "wheel bytes";
    const std::string hex = lockkit::sha256_hex(bytes);
    CHECK_FALSE(cache.find(hex));

    auto entry = cache.begin();
    REQUIRE(entry);
    REQUIRE(entry->write(bytes.data(), bytes.size()));
    auto lock = cache.lock_entry(hex, lockkit::fs::LockMode::Exclusive);
    REQUIRE(lock);
    auto published = cache.publish(std::move(*entry), hex, *lock);
    REQUIRE(published);
    CHECK(*published == dir.root() / "artifacts-v1" / "sha256" / hex.substr(0, 2) / hex);
    CHECK(dir.read(*published) == bytes);
    REQUIRE(cache.find(hex));
    CHECK(std::filesystem::is_empty(dir.root() / "tmp"));
    CHECK(std::filesystem::exists(dir.root() / "CACHEDIR.TAG"));
    // Readable like any downloaded file, not mkstemp's 0600.
    struct stat st {};
    REQUIRE(::stat(published->c_str(), &st) == 0);
    CHECK((st.st_mode & 0044) != 0);

    CHECK(cache.remove(hex));
    CHECK_FALSE(cache.find(hex));
}

TEST_CASE("an abandoned entry removes its temporary file", "[fetch][cache]") {
    TempTree dir;
    const TestLocks locks;
    const ArtifactCache cache(dir.root(), locks);
    {
        auto entry = cache.begin();
        REQUIRE(entry);
        REQUIRE(entry->write("partial", 7));
        CHECK(std::filesystem::exists(entry->path()));
    }
    CHECK(dir.count_files("tmp") == 0);
    CHECK_FALSE(std::filesystem::exists(dir.root() / "artifacts-v1"));
}

TEST_CASE("reset empties a pending entry for a retry", "[fetch][cache]") {
    TempTree dir;
    const TestLocks locks;
    const ArtifactCache cache(dir.root(), locks);
    auto entry = cache.begin();
    REQUIRE(entry);
    REQUIRE(entry->write("first attempt, cut short", 24));
    REQUIRE(entry->reset());
    REQUIRE(entry->write("second", 6));
    const auto hex = lockkit::sha256_hex("second");
    auto lock = cache.lock_entry(hex, lockkit::fs::LockMode::Exclusive);
    REQUIRE(lock);
    auto published = cache.publish(std::move(*entry), hex, *lock);
    REQUIRE(published);
    CHECK(dir.read(*published) == "second");
}

TEST_CASE("lookups reject what is not a SHA-256 digest", "[fetch][cache]") {
    TempTree dir;
    const TestLocks locks;
    const ArtifactCache cache(dir.root(), locks);
    CHECK_FALSE(is_sha256_hex("abc"));
    CHECK_FALSE(is_sha256_hex(std::string(64, 'A')));  // upper case is not how locks spell it
    CHECK(is_sha256_hex(std::string(64, 'a')));
    CHECK_FALSE(cache.find("../../etc/passwd"));
    auto entry = cache.begin();
    REQUIRE(entry);
    auto lock = cache.lock_entry(std::string(64, 'a'), lockkit::fs::LockMode::Exclusive);
    REQUIRE(lock);
    CHECK_FALSE(cache.publish(std::move(*entry), "../escape", *lock));
    CHECK_FALSE(cache.lock_entry("../escape", lockkit::fs::LockMode::Shared));
    CHECK(dir.count_files("") == 1);  // only CACHEDIR.TAG
}

TEST_CASE("the default root follows LOCKKIT_CACHE_DIR, then XDG_CACHE_HOME, then HOME", "[fetch][cache]") {
    const auto saved = [](const char* name) {
        const char* v = std::getenv(name);
        return v ? std::optional<std::string>(v) : std::nullopt;
    };
    const auto lockkit_dir = saved("LOCKKIT_CACHE_DIR");
    const auto xdg = saved("XDG_CACHE_HOME");
    const auto home = saved("HOME");
    ::setenv("LOCKKIT_CACHE_DIR", "/tmp/lk-cache", 1);
    ::setenv("XDG_CACHE_HOME", "/tmp/xdg", 1);
    ::setenv("HOME", "/tmp/home", 1);
    CHECK(ArtifactCache::default_root().value() == "/tmp/lk-cache");
    ::unsetenv("LOCKKIT_CACHE_DIR");
    CHECK(ArtifactCache::default_root().value() == "/tmp/xdg/lockkit");
    ::unsetenv("XDG_CACHE_HOME");
    CHECK(ArtifactCache::default_root().value() == "/tmp/home/.cache/lockkit");
    ::unsetenv("HOME");
    CHECK_FALSE(ArtifactCache::default_root());
    const auto restore = [](const char* name, const std::optional<std::string>& v) {
        if (v) {
            ::setenv(name, v->c_str(), 1);
        } else {
            ::unsetenv(name);
        }
    };
    restore("LOCKKIT_CACHE_DIR", lockkit_dir);
    restore("XDG_CACHE_HOME", xdg);
    restore("HOME", home);
}

TEST_CASE("publishing needs the entry's own exclusive lock", "[fetch][cache][lock]") {
    TempTree dir;
    const TestLocks locks;
    const ArtifactCache cache(dir.root(), locks);
    const std::string bytes = "wheel bytes";
    const std::string hex = lockkit::sha256_hex(bytes);
    const auto attempt = [&](const lockkit::fs::FileLock& lock) {
        auto entry = cache.begin();
        REQUIRE(entry);
        REQUIRE(entry->write(bytes.data(), bytes.size()));
        return cache.publish(std::move(*entry), hex, lock);
    };
    CHECK_FALSE(attempt(lockkit::fs::FileLock{}));
    {
        auto shared = cache.lock_entry(hex, lockkit::fs::LockMode::Shared);
        REQUIRE(shared);
        const auto refused = attempt(*shared);
        REQUIRE_FALSE(refused);
        CHECK(refused.error().find("without holding its exclusive lock") != std::string::npos);
    }
    {
        auto other = cache.lock_entry(std::string(64, 'b'), lockkit::fs::LockMode::Exclusive);
        REQUIRE(other);
        CHECK_FALSE(attempt(*other));
    }
    CHECK_FALSE(cache.find(hex));
    CHECK(dir.count_files("tmp") == 0);
    auto own = cache.lock_entry(hex, lockkit::fs::LockMode::Exclusive);
    REQUIRE(own);
    CHECK(attempt(*own));
    // The lock files are in the lock directory, not among the cache's files.
    CHECK(dir.count_files("") == 2);  // CACHEDIR.TAG and the entry
    CHECK(own->lock_file().parent_path() == locks.dir().path());
}

TEST_CASE("an entry locked for writing keeps readers and other writers out", "[fetch][cache][lock]") {
    TempTree dir;
    const TestLocks locks;
    const ArtifactCache cache(dir.root(), locks);
    const std::string hex(64, 'c');
    auto writer = cache.lock_entry(hex, lockkit::fs::LockMode::Exclusive);
    REQUIRE(writer);
    CHECK_FALSE(locks.dir().try_acquire(cache.entry_path(hex), lockkit::fs::LockMode::Shared));
    writer->release();
    auto reader1 = cache.lock_entry(hex, lockkit::fs::LockMode::Shared);
    auto reader2 = cache.lock_entry(hex, lockkit::fs::LockMode::Shared);
    CHECK(reader1);
    CHECK(reader2);
    CHECK_FALSE(locks.dir().try_acquire(cache.entry_path(hex), lockkit::fs::LockMode::Exclusive));
}
