// Fuzz-style robustness of lock-diff: mutated corpus diff pairs (both sides, hostile
// values in valid TOML as well as broken bytes) must diff and render in every format,
// or be refused with a located error: never an exception, an abort or a hang. lock-diff
// runs on the content of untrusted pull requests. Deterministic (a fixed seed).

#include "../../corpus_dir.hpp"
#include "../../lock_mutator.hpp"
#include "lockkit/diff/lock_diff.hpp"
#include "lockkit/diff/render.hpp"
#include "lockkit/diff/textconv.hpp"
#include "lockkit/lockfile/reader.hpp"
#include "lockkit/util/atomic_file.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <nlohmann/json.hpp>

using namespace lockkit;

namespace {

/// Far above what any case takes (milliseconds): only a hang or a blow-up trips it.
constexpr auto k_case_budget = std::chrono::seconds(20);

void diff_and_render(const std::string& before, const std::string& after, const std::string& name) {
    const auto started = std::chrono::steady_clock::now();
    auto a = lockfile::parse_lock(before, name + "/before");
    auto b = lockfile::parse_lock(after, name + "/after");
    for (const auto* side : {&a, &b}) {
        if (!*side) {
            CHECK((*side).error().line >= 1);
            CHECK_FALSE((*side).error().render().empty());
        }
    }
    if (a && b) {
        const auto d = diff::diff_locks(*a, *b);
        diff::RenderOptions options;
        options.title = name;
        CHECK_NOTHROW(diff::render_text(d, options));
        CHECK_NOTHROW(diff::render_markdown(d, options));
        CHECK_NOTHROW(nlohmann::json::parse(diff::render_json(d)));
        CHECK_NOTHROW(diff::render_textconv(*b));
    }
    CHECK(std::chrono::steady_clock::now() - started < k_case_budget);
}

} // namespace

TEST_CASE("mutated diff pairs diff, render or fail cleanly", "[diff][fuzz]") {
    const auto root = testing::corpus_dir();
    if (!root || !std::filesystem::is_directory(*root / "diffs")) {
        LOCKKIT_SKIP(testing::k_no_corpus);
    }
    std::mt19937_64 rng(20261205);
    testing::LockMutator mutate(rng);
    std::size_t cases = 0, diffed = 0;
    for (const auto& e : std::filesystem::directory_iterator(*root / "diffs")) {
        auto before = read_file(e.path() / "before.uv.lock");
        auto after = read_file(e.path() / "after.uv.lock");
        if (!before || !after || before->size() > 450000) {
            continue;
        }
        const std::string name = e.path().filename().string();
        INFO(name);
        for (int k = 0; k < 6; ++k) {
            const std::string a = k % 3 == 0 ? mutate.values(*before) : *before;
            const std::string b = k % 3 == 2 ? mutate.bytes(*after) : mutate.values(*after);
            diff_and_render(a, b, name);
            diffed += lockfile::parse_lock(b, name).has_value() ? 1 : 0;
            ++cases;
        }
    }
    REQUIRE(cases > 0);
    CHECK(diffed > cases / 4);  // most mutations still read: the diff itself was exercised
}

TEST_CASE("hostile wheel tags and versions in valid locks diff without failing", "[diff][fuzz]") {
    // The crash of a Python tag longer than any integer, and its neighbours, without the corpus.
    const std::string base = "version = 1\nrevision = 3\nrequires-python = \">=3.12\"\n\n[[package]]\nname = \"numpy\"\n"
                             "version = \"VERSION\"\nsource = { registry = \"https://pypi.org/simple\" }\nwheels = [\n"
                             "    { url = \"https://example.org/numpy-VERSION-TAG-TAG-manylinux_2_17_x86_64.whl\", hash = "
                             "\"sha256:0000000000000000000000000000000000000000000000000000000000000000\" },\n]\n";
    auto lock_with = [&](std::string version, std::string tag) {
        std::string text = base;
        for (std::size_t at; (at = text.find("VERSION")) != std::string::npos;) text.replace(at, 7, version);
        for (std::size_t at; (at = text.find("TAG")) != std::string::npos;) text.replace(at, 3, tag);
        return text;
    };
    for (const char* tag : {"cp99999999999999999999999", "cp", "99999999999999999999999", "cp0", "py3", "x"}) {
        for (const char* version : {"1.0", "99999999999999999999999999", "1.0.post99999999999999999999999"}) {
            diff_and_render(lock_with("1.0", "cp312"), lock_with(version, tag), std::string(tag) + "/" + version);
        }
    }
}
