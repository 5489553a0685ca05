// The specifier range memo gives what a fresh `VersionRange::from_specifiers` gives, spelling
// included: uv prints a range from the specifier as written (`==1.0.0` gives `>=1.0.0,
// <1.0.0+`, `==1.0` gives `>=1.0, <1.0+`), and equal versions must not share an entry.

#include "../../../src/resolver/specifier_range_memo.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace lockkit;
using lockkit::resolver::VersionRange;

namespace {
pep440::VersionSpecifiers specs(const std::string& text) { return *pep440::VersionSpecifiers::parse(text); }
} // namespace

TEST_CASE("specifier range memo: the fresh range, spelling kept") {
    resolver::detail::SpecifierRangeMemo memo;
    const char* texts[] = {"==1.0",     "==1.0.0", "==1.0.*",  "==1.0.0.*", ">=1,<2", ">=1.0,<2.0", "~=1.4",
                           "~=1.4.0",   "!=1.0",   "!=1.0.0",  "===1.0",   "===foo", "",       ">1.0",
                           ">1.0.post1", "<2.0a1", "==1.0+cpu", "==1.0+CPU", ">=0.dev0"};
    for (int round = 0; round < 2; ++round) {  // the second round reads remembered entries
        for (const char* text : texts) {
            INFO(text);
            const auto s = specs(text);
            const VersionRange fresh = VersionRange::from_specifiers(s);
            const VersionRange& remembered = memo.of(s);
            CHECK(remembered == fresh);
            CHECK(remembered.to_string() == fresh.to_string());
            CHECK(remembered.encoded() == fresh.encoded());
        }
    }
    CHECK(memo.of(specs("==1.0")).to_string() == ">=1.0, <1.0+");
    CHECK(memo.of(specs("==1.0.0")).to_string() == ">=1.0.0, <1.0.0+");
}
