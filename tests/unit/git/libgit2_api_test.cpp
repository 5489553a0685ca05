// libgit2(): loaded on first use, every function resolved, one table per
// process however many threads ask at once. The programs do not link libgit2,
// so this is also the check that the configured soname loads.

#include "lockkit/git/libgit2_api.hpp"

#include <catch2/catch.hpp>

#include <future>
#include <string>
#include <vector>

using lockkit::git::Libgit2Api;
using lockkit::git::libgit2;

TEST_CASE("libgit2 loads and resolves every function") {
    auto api = libgit2();
    INFO((api ? std::string() : api.error()));
    REQUIRE(api);
    // A table is only returned when every symbol resolved; call a few.
    const Libgit2Api& g = **api;
    REQUIRE(g.libgit2_init() >= 1);
    git_oid zero{};
    char hex[GIT_OID_HEXSZ + 1];
    CHECK(std::string(g.oid_tostr(hex, sizeof hex, &zero)) == std::string(GIT_OID_HEXSZ, '0'));
    CHECK(g.libgit2_shutdown() >= 0);
}

TEST_CASE("libgit2 is loaded once, even when threads race for it") {
    std::vector<std::future<const Libgit2Api*>> pending;
    for (int i = 0; i < 8; ++i) {
        pending.push_back(std::async(std::launch::async, [] { return libgit2().value_or(nullptr); }));
    }
    const Libgit2Api* expected = libgit2().value_or(nullptr);
    REQUIRE(expected != nullptr);
    for (auto& p : pending) {
        CHECK(p.get() == expected);
    }
}

TEST_CASE("a failed lookup reports libgit2's own message through the table") {
    auto api = libgit2();
    REQUIRE(api);
    const Libgit2Api& g = **api;
    REQUIRE(g.libgit2_init() >= 1);
    git_repository* repo = nullptr;
    CHECK(g.repository_open_ext(&repo, "/nonexistent/lockkit-test", GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr) != 0);
    CHECK(repo == nullptr);
    const git_error* e = g.error_last();
    REQUIRE(e != nullptr);
    CHECK(std::string(e->message).find("lockkit-test") != std::string::npos);
    g.libgit2_shutdown();
}
