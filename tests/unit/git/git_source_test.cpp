// Git sources through libgit2 (git_source.hpp) from repositories the test
// makes with the git program, reached through file:// URLs: branches, tags,
// revisions full and abbreviated, the default branch, subdirectories,
// checkouts by commit that are reused, and offline use of the cache.

#include "../../temp_tree.hpp"

#include "lockkit/git/git_source.hpp"
#include "lockkit/util/subprocess.hpp"

#include <catch2/catch.hpp>

using namespace lockkit;
using namespace lockkit::git;
using lockkit::testing::TempTree;

namespace {

std::string git(const std::filesystem::path& repo, std::vector<std::string> args) {
    std::vector<std::string> argv = {"git", "-C", repo.string(), "-c", "user.name=t", "-c", "user.email=t@example.org",
                                     "-c", "commit.gpgsign=false"};
    argv.insert(argv.end(), args.begin(), args.end());
    auto r = run_process(argv, ProcessOptions{true});
    REQUIRE(r);
    INFO(r->err);
    REQUIRE(r->exit_code == 0);
    std::string out = r->out;
    while (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
}

struct Repository {
    TempTree tree;
    std::filesystem::path path = tree.root() / "repo";
    std::string first, second, feature;
    std::string url = "file://" + path.string();

    Repository() {
        std::filesystem::create_directories(path);
        git(path, {"init", "-q", "-b", "main"});
        tree.write("repo/pkg/pyproject.toml", "[project]\nname = 'demo'\nversion = '1.0'\n");
        git(path, {"add", "."});
        git(path, {"commit", "-qm", "one"});
        first = git(path, {"rev-parse", "HEAD"});
        git(path, {"tag", "v1"});
        tree.write("repo/pkg/pyproject.toml", "[project]\nname = 'demo'\nversion = '2.0'\n");
        git(path, {"commit", "-qam", "two"});
        second = git(path, {"rev-parse", "HEAD"});
        git(path, {"checkout", "-qb", "feature"});
        tree.write("repo/other.txt", "x");
        git(path, {"add", "."});
        git(path, {"commit", "-qm", "three"});
        feature = git(path, {"rev-parse", "HEAD"});
        git(path, {"checkout", "-q", "main"});
    }
};

GitSource source(const Repository& repo, GitReference::Kind kind, std::string name = "") {
    return GitSource{repo.url, GitReference{kind, std::move(name)}, std::string("pkg")};
}

} // namespace

TEST_CASE("branches, tags and revisions resolve to full commits and check out", "[git][source]") {
    Repository repo;
    TempTree cache;
    const GitFetchOptions options{cache.root()};
    const std::vector<std::pair<GitSource, std::string>> cases = {
        {source(repo, GitReference::Kind::Default), repo.second},
        {source(repo, GitReference::Kind::Branch, "feature"), repo.feature},
        {source(repo, GitReference::Kind::Tag, "v1"), repo.first},
        {source(repo, GitReference::Kind::Rev, repo.first), repo.first},
        {source(repo, GitReference::Kind::Rev, repo.feature.substr(0, 9)), repo.feature},
        {source(repo, GitReference::Kind::Rev, "feature"), repo.feature},
    };
    for (const auto& [src, commit] : cases) {
        auto checkout = fetch_git_source(src, options);
        REQUIRE(checkout);
        CHECK(checkout->commit == commit);
        CHECK(checkout->root.filename() == commit);
        CHECK(checkout->directory == checkout->root / "pkg");
        CHECK(std::filesystem::is_regular_file(checkout->directory / "pyproject.toml"));
    }
    const auto v1 = fetch_git_source(source(repo, GitReference::Kind::Tag, "v1"), options);
    CHECK(cache.read(v1->directory / "pyproject.toml").find("version = '1.0'") != std::string::npos);
    // One database for the repository, however it is spelled.
    CHECK(git_repository_key(repo.url) == git_repository_key(repo.url + ".git/"));
    std::size_t databases = 0;
    for (const auto& e : std::filesystem::directory_iterator(cache.root() / "git-v1" / "db")) databases += e.is_directory();
    CHECK(databases == 1);
}

TEST_CASE("a full commit already fetched needs no fetch; offline uses the cache", "[git][source]") {
    Repository repo;
    TempTree cache;
    REQUIRE(fetch_git_source(source(repo, GitReference::Kind::Branch, "main"), GitFetchOptions{cache.root()}));
    // The repository goes away: what the cache holds still answers.
    std::filesystem::rename(repo.path, repo.tree.root() / "gone");
    auto by_commit = fetch_git_source(source(repo, GitReference::Kind::Rev, repo.second), GitFetchOptions{cache.root()});
    REQUIRE(by_commit);
    CHECK(by_commit->commit == repo.second);
    auto offline = fetch_git_source(source(repo, GitReference::Kind::Branch, "main"), GitFetchOptions{cache.root(), true});
    REQUIRE(offline);
    CHECK(offline->commit == repo.second);
    auto missing = fetch_git_source(source(repo, GitReference::Kind::Branch, "feature"), GitFetchOptions{cache.root(), true});
    REQUIRE_FALSE(missing);
    CHECK_THAT(missing.error(), Catch::Contains("branch `feature`") && Catch::Contains("offline"));
    auto online_gone = fetch_git_source(source(repo, GitReference::Kind::Branch, "feature"), GitFetchOptions{cache.root()});
    REQUIRE_FALSE(online_gone);
    CHECK_THAT(online_gone.error(), Catch::Contains("cannot fetch"));
}

TEST_CASE("bad references and subdirectories are clear errors", "[git][source]") {
    Repository repo;
    TempTree cache;
    const GitFetchOptions options{cache.root()};
    auto no_branch = fetch_git_source(source(repo, GitReference::Kind::Branch, "nope"), options);
    REQUIRE_FALSE(no_branch);
    CHECK_THAT(no_branch.error(), Catch::Contains("branch `nope`"));
    auto sub = source(repo, GitReference::Kind::Default);
    sub.subdirectory = "missing";
    CHECK_THAT(fetch_git_source(sub, options).error(), Catch::Contains("has no subdirectory `missing`"));
    sub.subdirectory = "../..";
    CHECK_THAT(fetch_git_source(sub, options).error(), Catch::Contains("leaves the repository"));
    auto credentials = GitSource{"https://user:s3cr3t@127.0.0.1:9/repo.git", {}, {}};
    auto refused = fetch_git_source(credentials, options);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().find("s3cr3t") == std::string::npos);
}
