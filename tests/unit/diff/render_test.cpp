// The renderers on constructed diffs: Markdown marker, sections, <details> and
// truncation; JSON keys of schema 1; text colour; textconv stability.

#include "lockkit/diff/lock_diff.hpp"
#include "lockkit/diff/render.hpp"
#include "lockkit/diff/textconv.hpp"
#include "lock_text.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace lockkit;
using lockkit::testing::lock_text;
using lockkit::testing::parse_or_fail;
using lockkit::testing::PkgSpec;

namespace {

/// A diff adding `n` direct packages and upgrading httpx, whose sub-dependency anyio is transitive.
diff::LockDiff sample(std::size_t n, bool swap_hash = false) {
    std::vector<PkgSpec> a_pkgs{{.name = "httpx", .version = "0.27.0", .deps = {"anyio"}}, {.name = "anyio", .version = "4.6.0"},
                                {.name = "six", .version = "1.16.0"}};
    std::vector<PkgSpec> b_pkgs{{.name = "httpx", .version = "0.28.0", .deps = {"anyio"}}, {.name = "anyio", .version = "4.7.0"},
                                {.name = "six", .version = "1.16.0", .hash = swap_hash ? "sha256:66" : "sha256:00"}};
    std::vector<std::string> roots{"httpx", "six"};
    for (std::size_t i = 0; i < n; ++i) {
        const std::string name = "pkg" + std::to_string(1000 + i);
        b_pkgs.push_back({.name = name, .version = "1.0.0"});
        roots.push_back(name);
    }
    return diff::diff_locks(parse_or_fail(lock_text({"httpx", "six"}, a_pkgs)), parse_or_fail(lock_text(roots, b_pkgs)));
}

std::size_t occurrences(const std::string& s, const std::string& what) {
    std::size_t n = 0;
    for (auto pos = s.find(what); pos != std::string::npos; pos = s.find(what, pos + 1)) ++n;
    return n;
}

} // namespace

TEST_CASE("markdown has the marker, a summary, direct and transitive sections", "[diff][render]") {
    const auto md = diff::render_markdown(sample(2));
    CHECK(md.rfind("<!-- lockkit:lock-diff -->\n", 0) == 0);
    CHECK(md.find("2 upgraded, 2 added") != std::string::npos);
    CHECK(md.find("#### Direct dependencies (3)") != std::string::npos);
    CHECK(md.find("| httpx | upgraded (minor) | `0.27.0` | `0.28.0` |") != std::string::npos);
    CHECK(md.find("#### Transitive dependencies (1)") != std::string::npos);
    CHECK(md.find("| anyio | upgraded (minor) | `4.6.0` | `4.7.0` | via httpx |") != std::string::npos);
    CHECK(md.find("<details>") == std::string::npos);
    CHECK(md.find("Security findings") == std::string::npos);
}

TEST_CASE("markdown folds long sections into details", "[diff][render]") {
    diff::RenderOptions o;
    o.details_threshold = 5;
    const auto md = diff::render_markdown(sample(10), o);
    CHECK(occurrences(md, "<details>") == 1);
    CHECK(occurrences(md, "</details>") == 1);
    CHECK(md.find("Show 11 changes") != std::string::npos);
}

TEST_CASE("markdown is truncated under the comment limit with a note", "[diff][render]") {
    diff::RenderOptions o;
    o.max_chars = 3000;
    o.details_threshold = 5;
    const auto full = diff::render_markdown(sample(200));
    REQUIRE(full.size() > 3000);
    const auto md = diff::render_markdown(sample(200), o);
    CHECK(md.size() <= 3000);
    CHECK(md.find("Output truncated") != std::string::npos);
    CHECK(md.rfind("<!-- lockkit:lock-diff -->", 0) == 0);
    CHECK(occurrences(md, "<details>") == occurrences(md, "</details>"));
    CHECK(diff::render_markdown(sample(200)).size() <= 65536);
}

TEST_CASE("markdown lists security findings in their own section", "[diff][render]") {
    const auto md = diff::render_markdown(sample(0, true));
    CHECK(md.find("#### :warning: Security findings") != std::string::npos);
    CHECK(md.find("`six-1.16.0-py3-none-any.whl` hash-changed (`sha256:00` -> `sha256:66`)") != std::string::npos);
}

TEST_CASE("json has schema_version 1 and the documented keys", "[diff][render]") {
    const auto j = nlohmann::json::parse(diff::render_json(sample(1, true)));
    CHECK(j["schema_version"] == 1);
    CHECK(j["summary"]["upgraded"] == 2);
    CHECK(j["summary"]["added"] == 1);
    CHECK(j["summary"]["security_findings"] == 1);
    CHECK(j["revision"].is_null());
    CHECK(j["lock_changes"].is_array());
    const auto& pkgs = j["packages"];
    REQUIRE(pkgs.is_array());
    bool saw_anyio = false;
    bool saw_six = false;
    for (const auto& p : pkgs) {
        for (const char* key : {"name", "change", "bump", "old_version", "new_version", "old_source", "new_source", "source_changed",
                                "relation", "via", "artifact_changes", "wheels_added", "wheels_removed", "became_sdist_only",
                                "resolution_markers", "dependencies_added", "dependencies_removed", "requirements_added",
                                "requirements_removed"}) {
            INFO(key);
            CHECK(p.contains(key));
        }
        if (p["name"] == "anyio") {
            saw_anyio = true;
            CHECK(p["change"] == "upgraded");
            CHECK(p["bump"] == "minor");
            CHECK(p["relation"] == "transitive");
            CHECK(p["via"] == nlohmann::json::array({"httpx"}));
            CHECK(p["old_source"] == "registry+https://pypi.org/simple");
        }
        if (p["name"] == "six") {
            saw_six = true;
            CHECK(p["change"] == "changed");
            REQUIRE(p["artifact_changes"].size() == 1);
            CHECK(p["artifact_changes"][0]["kind"] == "hash-changed");
            CHECK(p["artifact_changes"][0]["security"] == true);
        }
    }
    CHECK(saw_anyio);
    CHECK(saw_six);
}

TEST_CASE("text output is plain without colour and coloured on request", "[diff][render]") {
    const auto d = sample(1);
    const auto plain = diff::render_text(d);
    CHECK(plain.find('\x1b') == std::string::npos);
    CHECK(plain.find("^ httpx 0.27.0 -> 0.28.0 (minor)") != std::string::npos);
    CHECK(plain.find("^ anyio 4.6.0 -> 4.7.0 (minor) (via httpx)") != std::string::npos);
    CHECK(plain.find("+ pkg1000 1.0.0") != std::string::npos);
    diff::RenderOptions o;
    o.color = true;
    CHECK(diff::render_text(d, o).find("\x1b[") != std::string::npos);
    CHECK(diff::render_text(diff::LockDiff{}) == "uv.lock: no changes\n");
}

TEST_CASE("textconv prints one sorted line per package and shows file swaps", "[diff][textconv]") {
    const auto a = parse_or_fail(lock_text({"six"}, {{.name = "six", .version = "1.16.0"}}));
    const auto b = parse_or_fail(lock_text({"six"}, {{.name = "six", .version = "1.16.0", .hash = "sha256:99"}}));
    const auto ta = diff::render_textconv(a);
    const auto tb = diff::render_textconv(b);
    CHECK(ta.rfind("requires-python >=3.12\n", 0) == 0);
    CHECK(ta.find("\napp 0.1.0 editable+. deps=[six]\n") != std::string::npos);
    CHECK(ta.find("\nsix 1.16.0 registry+https://pypi.org/simple files=2 fp=") != std::string::npos);
    CHECK(occurrences(ta, "\n") == 3);
    CHECK(ta != tb);  // the hash swap changes six's line
    CHECK(ta.substr(0, ta.find("\nsix")) == tb.substr(0, tb.find("\nsix")));
    // upload-time carries no meaning and does not show.
    const auto c = parse_or_fail(lock_text({"six"}, {{.name = "six", .version = "1.16.0", .upload_time = "2024-01-01T00:00:00Z"}}));
    CHECK(diff::render_textconv(c) == ta);
}
