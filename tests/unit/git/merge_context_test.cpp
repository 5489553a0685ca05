// blob_id: the id git gives a file's content (`git hash-object`), which the merge driver
// compares with the index's stages. Expected values from `git hash-object --stdin`.

#include "lockkit/git/merge_context.hpp"

#include <catch2/catch.hpp>

#include <string>

using lockkit::git::blob_id;

TEST_CASE("blob_id is git's object id of a blob", "[git][merge_context]") {
    CHECK(blob_id("") == "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
    CHECK(blob_id("hello\n") == "ce013625030ba8dba906f756967f9e9ca394464a");
    std::string bytes;
    for (int round = 0; round < 3; ++round) {
        for (int b = 0; b < 256; ++b) bytes += static_cast<char>(b);  // NULs and high bytes too
    }
    CHECK(blob_id(bytes) == "d88d75086be4e95d2edadda5a4361e3e64e8532f");
}
