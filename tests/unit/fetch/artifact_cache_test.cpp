// The artifact cache publishes only what the caller checked, under its hash,
// and never leaves temporary files behind.

#include "../../temp_tree.hpp"

#include "lockkit/fetch/artifact_cache.hpp"
#include "lockkit/util/sha256.hpp"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <sys/stat.h>

using namespace lockkit::fetch;
using lockkit::testing::TempTree;

TEST_CASE("a published entry lives under its hash, fanned out by two digits", "[fetch][cache]") {
    TempTree dir;
    const ArtifactCache cache(dir.root());
    const std::string bytes = "wheel bytes";
    const std::string hex = lockkit::sha256_hex(bytes);
    CHECK_FALSE(cache.find(hex));

    auto entry = cache.begin();
    REQUIRE(entry);
    REQUIRE(entry->write(bytes.data(), bytes.size()));
    auto published = cache.publish(std::move(*entry), hex);
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
    const ArtifactCache cache(dir.root());
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
    const ArtifactCache cache(dir.root());
    auto entry = cache.begin();
    REQUIRE(entry);
    REQUIRE(entry->write("first attempt, cut short", 24));
    REQUIRE(entry->reset());
    REQUIRE(entry->write("second", 6));
    const auto hex = lockkit::sha256_hex("second");
    auto published = cache.publish(std::move(*entry), hex);
    REQUIRE(published);
    CHECK(dir.read(*published) == "second");
}

TEST_CASE("lookups reject what is not a SHA-256 digest", "[fetch][cache]") {
    TempTree dir;
    const ArtifactCache cache(dir.root());
    CHECK_FALSE(is_sha256_hex("abc"));
    CHECK_FALSE(is_sha256_hex(std::string(64, 'A')));  // upper case is not how locks spell it
    CHECK(is_sha256_hex(std::string(64, 'a')));
    CHECK_FALSE(cache.find("../../etc/passwd"));
    auto entry = cache.begin();
    REQUIRE(entry);
    CHECK_FALSE(cache.publish(std::move(*entry), "../escape"));
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
