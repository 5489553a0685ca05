// The wheel tag judge's memo (src/resolver/wheel_tags.cpp): remembering verdicts per tag text
// and validity per name-version must give every filename the verdict a full parse gives it.

#include <lockkit/resolver/wheel_tags.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace lockkit;
using namespace lockkit::resolver;

namespace {

WheelTagJudge universal_judge() {
    return WheelTagJudge(RequiresPython::from_specifiers(*pep440::VersionSpecifiers::parse(">=3.12")));
}

} // namespace

TEST_CASE("wheel tag judge: a remembered verdict is the verdict of a fresh parse", "[resolver][wheel_tags]") {
    // Each later filename shares tag text or name-version with an earlier one, so its answer
    // comes from the memo where one applies.
    const std::vector<std::string> filenames = {
        "foo-1.0-cp312-cp312-manylinux_2_17_x86_64.whl",
        "foo-1.0-cp312-cp312-manylinux_2_17_x86_64.whl",   // the same again
        "bar-2.0-cp312-cp312-manylinux_2_17_x86_64.whl",   // known tags, new head
        "f!o-1.0-cp312-cp312-manylinux_2_17_x86_64.whl",   // invalid name, known tags
        "foo-1.x!-cp312-cp312-manylinux_2_17_x86_64.whl",  // invalid version, known tags
        "foo-1.0-x1-cp312-cp312-manylinux_2_17_x86_64.whl",  // build tag not starting with a digit
        "foo-1.0-1abc-cp312-cp312-manylinux_2_17_x86_64.whl",  // a valid build tag
        "foo-1.0-cp311-cp311-manylinux_2_17_x86_64.whl",   // below requires-python
        "baz-3.0-cp311-cp311-manylinux_2_17_x86_64.whl",
        "foo-1.0-cp3+2-none-any.whl",                      // invalid tag characters
        "qux-1.0-cp3+2-none-any.whl",
        "foo-1.0-py3-none-any.whl",
        "foo-1.0-abi3.whl",                                // too few fields
        "foo-1.0.tar.gz",                                  // not a wheel
    };
    WheelTagJudge memo = universal_judge();
    for (const auto& filename : filenames) {
        INFO(filename);
        WheelTagJudge fresh = universal_judge();
        const WheelTagVerdict expected = fresh.judge(filename);
        const WheelTagVerdict got = memo.judge(filename);
        CHECK(got.compatible == expected.compatible);
        CHECK(got.priority == expected.priority);
        CHECK(got.reason == expected.reason);
    }
    // The cases above mean what their comments say.
    WheelTagJudge judge = universal_judge();
    CHECK(judge.judge("foo-1.0-cp312-cp312-manylinux_2_17_x86_64.whl").compatible);
    CHECK(judge.judge("f!o-1.0-cp312-cp312-manylinux_2_17_x86_64.whl").reason == TagIncompatibility::Invalid);
    CHECK_FALSE(judge.judge("f!o-1.0-cp312-cp312-manylinux_2_17_x86_64.whl").compatible);
    CHECK(judge.judge("foo-1.0-cp311-cp311-manylinux_2_17_x86_64.whl").reason == TagIncompatibility::AbiPythonVersion);
    CHECK(judge.judge("foo-1.0-x1-cp312-cp312-manylinux_2_17_x86_64.whl").reason == TagIncompatibility::Invalid);
    CHECK(judge.judge("foo-1.0-1abc-cp312-cp312-manylinux_2_17_x86_64.whl").compatible);
}
