#include "lockkit/install/record.hpp"

#include <catch2/catch.hpp>

using namespace lockkit::install;

TEST_CASE("RECORD is written sorted and quoted as uv writes it", "[install][record]") {
    std::vector<RecordEntry> rows = {
        {"pkg/b.py", "sha256=B", 2, 0},
        {"pkg-1.0.dist-info/RECORD", "", std::nullopt, 0},
        {"../../../bin/tool", "sha256=T", 7, 0},
        {"pkg/odd,name \"x\".py", "sha256=Q", 1, 0},
        {"pkg/a.py", "sha256=A", 1, 0},
    };
    CHECK(format_record(rows) == "../../../bin/tool,sha256=T,7\n"
                                 "pkg-1.0.dist-info/RECORD,,\n"
                                 "pkg/a.py,sha256=A,1\n"
                                 "pkg/b.py,sha256=B,2\n"
                                 "\"pkg/odd,name \"\"x\"\".py\",sha256=Q,1\n");
    // What we write reads back the same.
    const auto parsed = parse_record(format_record(rows));
    REQUIRE(parsed);
    REQUIRE(parsed->size() == 5);
    CHECK((*parsed)[4].path == "pkg/odd,name \"x\".py");
    CHECK((*parsed)[1].hash.empty());
    CHECK_FALSE((*parsed)[1].size);
}

TEST_CASE("RECORD hashes are urlsafe base64 without padding", "[install][record]") {
    // sha256("") = e3b0c442..., as pip and uv spell it
    CHECK(record_hash_of("") == "sha256=47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU");
    CHECK(record_hash_of("uv") == "sha256=5hhM4Q4mYTT9z6QB6PGpUAW81PGNFrYrdXMj4oM_6ak");
}
