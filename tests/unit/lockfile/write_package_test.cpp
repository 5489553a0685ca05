// write_package: one package's block printed in the context of its whole lock (lock-merge
// assembles conflict markers from such blocks of different locks).

#include "lockkit/lockfile/reader.hpp"
#include "lockkit/lockfile/writer.hpp"

#include <catch2/catch.hpp>

TEST_CASE("one package's block names versions where its whole lock needs them", "[lockfile][writer]") {
    // A uv-written lock (ipython at two versions, as fastmcp's lock has it): the block of the
    // package that depends on both must keep each edge's version and source, or the text it
    // goes into (lock-merge's conflict markers) reads as ambiguous.
    const std::string text = R"(version = 1
revision = 3
requires-python = ">=3.10"

[[package]]
name = "app"
version = "1.0"
source = { registry = "https://pypi.org/simple" }
dependencies = [
    { name = "ipython", version = "8.37.0", source = { registry = "https://pypi.org/simple" }, marker = "python_full_version < '3.11'" },
    { name = "ipython", version = "9.3.0", source = { registry = "https://pypi.org/simple" }, marker = "python_full_version >= '3.11'" },
    { name = "rich" },
]

[[package]]
name = "ipython"
version = "8.37.0"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "ipython"
version = "9.3.0"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "rich"
version = "14.0.0"
source = { registry = "https://pypi.org/simple" }
)";
    auto lock = lockkit::lockfile::parse_lock(text, "uv.lock");
    REQUIRE(lock);
    REQUIRE(lockkit::lockfile::write_lock(*lock) == text);
    const std::string block = lockkit::lockfile::write_package(*lock, lock->packages[0]);
    const auto start = text.find("[[package]]");
    CHECK(block == text.substr(start, text.find("\n[[package]]\nname = \"ipython\"") - start));
}
