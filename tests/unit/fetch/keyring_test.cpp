// The `keyring` command as a password lookup (fetch/keyring.hpp), with a fake
// `keyring` script first in PATH that logs its arguments.

#include "../../temp_tree.hpp"

#include "lockkit/fetch/keyring.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>

using namespace lockkit::fetch;
using lockkit::testing::TempTree;

namespace {

/// Puts `dir` first in PATH for the lifetime of the object.
class PathPrefix {
public:
    explicit PathPrefix(const std::filesystem::path& dir) {
        const char* old = std::getenv("PATH");
        m_old = old != nullptr ? old : "";
        ::setenv("PATH", (dir.string() + ":" + m_old).c_str(), 1);
    }
    ~PathPrefix() { ::setenv("PATH", m_old.c_str(), 1); }

private:
    std::string m_old;
};

} // namespace

TEST_CASE("keyring get <service> <username>: the password without its line end", "[fetch][keyring]") {
    TempTree tree;
    const auto log = tree.root() / "calls.log";
    tree.write("bin/keyring", "#!/bin/sh\n"
                              "echo \"$@\" >> '" + log.string() + "'\n"
                              // Input must be /dev/null: a keyring that prompts gets EOF at once, not our terminal.
                              "if read -r line; then echo 'stdin was not empty' >&2; exit 3; fi\n"
                              "if [ \"$1 $2 $3\" = 'get https://idx.example/simple alice' ]; then printf 'pa ss \\n'; exit 0; fi\n"
                              "if [ \"$3\" = empty ]; then exit 0; fi\n"
                              "exit 1\n");
    std::filesystem::permissions(tree.root() / "bin/keyring", std::filesystem::perms::owner_all);
    PathPrefix path(tree.root() / "bin");
    const auto keyring = subprocess_keyring();
    CHECK(keyring("https://idx.example/simple", "alice") == std::optional<std::string>("pa ss"));
    CHECK_FALSE(keyring("https://idx.example/simple", "bob"));
    CHECK(keyring("idx.example", "empty") == std::optional<std::string>(""));
    CHECK(tree.read("calls.log") ==
          "get https://idx.example/simple alice\nget https://idx.example/simple bob\nget idx.example empty\n");
}

TEST_CASE("no keyring in PATH: no password, no error", "[fetch][keyring]") {
    TempTree tree;
    tree.mkdir("empty");
    const char* old = std::getenv("PATH");
    const std::string saved = old != nullptr ? old : "";
    ::setenv("PATH", (tree.root() / "empty").c_str(), 1);
    const auto answer = subprocess_keyring()("https://idx.example/simple", "alice");
    ::setenv("PATH", saved.c_str(), 1);
    CHECK_FALSE(answer);
}
