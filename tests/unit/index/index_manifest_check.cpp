// Reads the index folders tests/fixtures/packse_index.py wrote and checks that
// lockkit's readers list exactly what the fixture says it wrote (its
// manifest.json): for every project, the file:// HTML page and the PEP 691
// JSON page give each file's name, version, kind, URL, sha256,
// requires-python, yank state and reason, `.metadata` hash, and (JSON) size,
// upload time and the PEP 700 versions; the find-links folder and the flat
// links page give every distribution file.
//
// Usage: index_manifest_check DIR...   (run by tests/conformance/test_local_index.py)
// Prints one line per mismatch and a summary; exit 0 when all agree, 1 if not, 2 on bad input.

#include "lockkit/index/html_page.hpp"
#include "lockkit/index/json_page.hpp"
#include "lockkit/index/local_index.hpp"
#include "lockkit/index/url.hpp"
#include "lockkit/util/atomic_file.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <map>
#include <string>

using namespace lockkit;
using nlohmann::json;

namespace {

std::size_t g_mismatches = 0;
std::size_t g_checked = 0;

void mismatch(const std::filesystem::path& dir, const std::string& what) {
    ++g_mismatches;
    std::printf("%s: %s\n", dir.filename().c_str(), what.c_str());
}

template <typename A, typename B>
void expect_equal(const std::filesystem::path& dir, const std::string& where, const char* field, const A& actual,
                  const B& expected) {
    if (!(actual == expected)) {
        mismatch(dir, where + ": " + field + " differs");
    }
}

/// Compares one reader's files with the manifest's records of a project.
void compare(const std::filesystem::path& dir, const std::string& reader, const index::ProjectFiles& page,
             const json& records, bool json_fields) {
    if (!page.skipped().empty()) {
        mismatch(dir, reader + ": skipped " + std::string(page.skipped()[0].filename) + ": " + page.skipped()[0].reason);
    }
    if (page.files().size() != records.size()) {
        mismatch(dir, reader + ": " + std::to_string(page.files().size()) + " files, manifest has " +
                          std::to_string(records.size()));
        return;
    }
    for (std::size_t i = 0; i < records.size(); ++i) {
        const auto& file = page.files()[i];
        const auto& record = records[i];
        const std::string where = reader + " " + record["filename"].get<std::string>();
        ++g_checked;
        expect_equal(dir, where, "filename", std::string(file.filename), record["filename"].get<std::string>());
        expect_equal(dir, where, "version", *file.version,
                     pep440::Version::parse(record["version"].get<std::string>()).value());
        expect_equal(dir, where, "kind", file.is_wheel(), record["kind"] == "wheel");
        expect_equal(dir, where, "url", std::string(file.url),
                     index::file_url((dir / "files" / record["filename"].get<std::string>()).string()));
        expect_equal(dir, where, "sha256", index::find_hash(file.hashes, index::HashAlgorithm::Sha256),
                     std::optional<std::string_view>(record["sha256"].get<std::string>()));
        if (record["requires_python"].is_null()) {
            expect_equal(dir, where, "requires-python", file.requires_python == nullptr, true);
        } else if (file.requires_python == nullptr || !file.requires_python->specifiers) {
            mismatch(dir, where + ": requires-python missing or unparsed");
        } else {
            expect_equal(dir, where, "requires-python", std::string(file.requires_python->text),
                         record["requires_python"].get<std::string>());
        }
        expect_equal(dir, where, "yanked", file.yanked.yanked, record["yanked"].get<bool>());
        if (record["yanked"].get<bool>()) {
            expect_equal(dir, where, "yank reason", std::string(file.yanked.reason),
                         record["yanked_reason"].get<std::string>());
        }
        if (record["core_metadata_sha256"].is_null()) {
            expect_equal(dir, where, "core-metadata", file.core_metadata.available, false);
        } else {
            expect_equal(dir, where, "core-metadata", file.core_metadata.available, true);
            expect_equal(dir, where, "core-metadata sha256",
                         index::find_hash(file.core_metadata.hashes, index::HashAlgorithm::Sha256),
                         std::optional<std::string_view>(record["core_metadata_sha256"].get<std::string>()));
        }
        if (json_fields) {
            expect_equal(dir, where, "size", file.size, std::optional<std::uint64_t>(record["size"].get<std::uint64_t>()));
            expect_equal(dir, where, "upload-time", file.upload_time_ms,
                         std::optional<std::int64_t>(record["upload_time_ms"].get<std::int64_t>()));
        }
    }
}

void check(const std::filesystem::path& dir) {
    const auto text = read_file(dir / "manifest.json");
    if (!text) {
        mismatch(dir, text.error());
        return;
    }
    const auto manifest = json::parse(*text);
    std::map<std::string, const json*> all_files;  // filename -> record, for the flat flavours
    for (const auto& [name, entry] : manifest["projects"].items()) {
        const auto& records = entry["files"];
        for (const auto& record : records) {
            all_files[record["filename"].get<std::string>()] = &record;
        }
        // file:// flavour: PEP 503 HTML.
        const auto html = index::read_local_project_page(dir / "simple", name);
        if (!html || !*html) {
            mismatch(dir, name + ": no HTML page" + (html ? "" : ": " + html.error().render()));
        } else {
            compare(dir, "html " + name, **html, records, false);
        }
        // PEP 691 JSON, as the server sends it, read from disk with its file:// URL.
        const auto json_path = dir / "json" / name / "index.json";
        const auto json_text = read_file(json_path);
        if (!json_text) {
            mismatch(dir, json_text.error());
            continue;
        }
        const auto page = index::parse_json_project_page(*json_text, index::file_url(json_path.string()), name);
        if (!page) {
            mismatch(dir, "json " + name + ": " + page.error().render());
            continue;
        }
        compare(dir, "json " + name, *page, records, true);
        std::vector<std::string> versions;
        for (const auto& v : entry["versions"]) {
            versions.push_back(v.get<std::string>());
        }
        std::sort(versions.begin(), versions.end());
        std::vector<std::string> listed(page->versions().begin(), page->versions().end());
        expect_equal(dir, "json " + name, "versions", listed, versions);
    }
    // --find-links folder and flat page: every distribution, named by its filename alone.
    const auto folder = index::list_find_links_directory(dir / "files");
    const auto links_text = read_file(dir / "links.html");
    const auto links = links_text ? index::parse_flat_html_page(*links_text, index::file_url((dir / "links.html").string()))
                                  : std::unexpected(Diagnostic{});
    for (const auto* flavour : {&folder, &links}) {
        const std::string reader = flavour == &folder ? "find-links folder" : "flat page";
        if (!*flavour) {
            mismatch(dir, reader + ": " + (*flavour).error().render());
            continue;
        }
        if ((*flavour)->files().size() != all_files.size()) {
            mismatch(dir, reader + ": " + std::to_string((*flavour)->files().size()) + " files, manifest has " +
                              std::to_string(all_files.size()));
            continue;
        }
        for (const auto& file : (*flavour)->files()) {
            const auto it = all_files.find(std::string(file.filename));
            if (it == all_files.end()) {
                mismatch(dir, reader + ": unexpected " + std::string(file.filename));
                continue;
            }
            const auto& record = *it->second;
            ++g_checked;
            expect_equal(dir, reader + " " + it->first, "version", *file.version,
                         pep440::Version::parse(record["version"].get<std::string>()).value());
            if (flavour == &links) {
                expect_equal(dir, reader + " " + it->first, "sha256",
                             index::find_hash(file.hashes, index::HashAlgorithm::Sha256),
                             std::optional<std::string_view>(record["sha256"].get<std::string>()));
            }
        }
    }
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: index_manifest_check DIR...\n");
        return 2;
    }
    for (int i = 1; i < argc; ++i) {
        check(std::filesystem::absolute(argv[i]).lexically_normal());
    }
    std::printf("%d index folders, %zu file listings checked, %zu mismatches\n", argc - 1, g_checked, g_mismatches);
    return g_mismatches == 0 ? 0 : 1;
}
