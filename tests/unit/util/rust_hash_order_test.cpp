// Rust hash-table iteration order (src/util/rust_hash_order.cpp), against orders uv 0.12.5
// wrote in `[options.exclude-newer-package]` (a table deserialized key by key into an empty
// map, then collected into a map with room for all of it).

#include "lockkit/util/rust_hash_order.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace lockkit;

namespace {

struct NameHash {
    std::uint64_t operator()(const std::string& s) const { return fx_hash_str(s); }
};

std::vector<std::string> uv_table_order(const std::vector<std::string>& document) {
    RustHashOrder<std::string, NameHash> read;
    for (const auto& name : document) read.insert(name);
    RustHashOrder<std::string, NameHash> collected;
    collected.extend(read.values());
    return collected.values();
}

} // namespace

TEST_CASE("keys come out where uv's FxHashMap puts them", "[util][rust_hash_order]") {
    // 5 keys: one 8-bucket table.
    CHECK(uv_table_order({"zeta", "alpha", "mid", "beta", "gamma"}) ==
          std::vector<std::string>{"zeta", "mid", "gamma", "alpha", "beta"});
    // 12 keys: growth from 4 to 16 buckets while read, colliding keys.
    CHECK(uv_table_order({"foo", "attrs", "f", "exceptiongroup", "bar", "iniconfig", "black", "h", "flask", "c", "y",
                          "requests"}) ==
          std::vector<std::string>{"exceptiongroup", "foo", "f", "iniconfig", "bar", "c", "h", "black", "flask", "y",
                                   "attrs", "requests"});
}

TEST_CASE("tables past one 16-bucket group probe group by group", "[util][rust_hash_order]") {
    // 29 keys: 64 buckets.
    const std::vector<std::string> document{
        "e", "idna", "scipy", "typing-extensions", "urllib3", "h", "setuptools", "bar", "pytest", "pyyaml",
        "b", "iniconfig", "tomli", "f", "z", "django", "attrs", "a", "g", "packaging",
        "wheel", "pip", "d", "zope-interface", "baz", "matplotlib", "requests", "charset-normalizer", "six"};
    CHECK(uv_table_order(document) ==
          std::vector<std::string>{"setuptools", "pyyaml", "f", "django", "scipy", "z", "zope-interface", "d", "b",
                                   "typing-extensions", "pip", "tomli", "h", "wheel", "requests", "baz", "urllib3",
                                   "pytest", "g", "charset-normalizer", "idna", "matplotlib", "a", "bar", "iniconfig",
                                   "packaging", "e", "six", "attrs"});
}

TEST_CASE("a key inserted twice keeps its first place", "[util][rust_hash_order]") {
    RustHashOrder<std::string, NameHash> t;
    for (const char* name : {"zeta", "alpha", "zeta", "mid"}) t.insert(name);
    CHECK(t.values().size() == 3);
    CHECK(t.contains("zeta"));
    t.insert_vacant("alpha");
    CHECK(t.values().size() == 3);
}
