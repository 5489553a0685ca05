// Every marker uv 0.12.5 wrote into the corpus locks is canonical, so it must parse and print
// back byte for byte. Adding a lock to the corpus adds cases.

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "../../corpus_dir.hpp"
#include "lockkit/pep508/marker.hpp"

namespace fs = std::filesystem;
using lockkit::pep508::MarkerTree;

namespace {

std::vector<fs::path> lock_files(const fs::path& root) {
    std::vector<fs::path> out;
    if (fs::is_directory(root / "uv-test-locks"))
        for (const auto& e : fs::directory_iterator(root / "uv-test-locks"))
            if (e.path().extension() == ".lock") out.push_back(e.path());
    if (fs::is_directory(root / "uv-ecosystem"))
        for (const auto& e : fs::directory_iterator(root / "uv-ecosystem"))
            if (fs::is_regular_file(e.path() / "uv.lock")) out.push_back(e.path() / "uv.lock");
    std::sort(out.begin(), out.end());
    return out;
}

// Marker strings in uv.lock are TOML basic strings without escapes (uv never needs them).
std::vector<std::string> markers_in(const std::string& text) {
    std::vector<std::string> out;
    static const std::regex marker_re(R"(marker = "([^"\\]*)\")");
    for (std::sregex_iterator it(text.begin(), text.end(), marker_re), end; it != end; ++it) out.push_back((*it)[1]);
    static const std::regex block_re(R"(resolution-markers = \[([^\]]*)\])");
    static const std::regex item_re(R"re("([^"\\]*)")re");
    for (std::sregex_iterator it(text.begin(), text.end(), block_re), end; it != end; ++it) {
        std::string block = (*it)[1];
        for (std::sregex_iterator jt(block.begin(), block.end(), item_re); jt != end; ++jt) out.push_back((*jt)[1]);
    }
    return out;
}

} // namespace

TEST_CASE("corpus markers re-print byte-identically", "[pep508][marker][corpus]") {
    const auto corpus = lockkit::testing::corpus_dir();
    if (!corpus) {
        LOCKKIT_SKIP(lockkit::testing::k_no_corpus);
    }
    const fs::path root = *corpus;
    std::size_t total = 0, identical = 0, placeholders = 0;
    std::vector<std::string> failures;
    for (const fs::path& file : lock_files(root)) {
        std::ifstream in(file, std::ios::binary);
        std::stringstream buffer;
        buffer << in.rdbuf();
        for (const std::string& marker : markers_in(buffer.str())) {
            // uv's test snapshots redact some versions as `[X]`; that is not marker syntax.
            if (marker.find("[X]") != std::string::npos) {
                ++placeholders;
                continue;
            }
            ++total;
            auto parsed = MarkerTree::parse(marker);
            if (!parsed) {
                failures.push_back(file.filename().string() + ": parse error '" + parsed.error().message + "' in: " + marker);
                continue;
            }
            std::string printed = parsed->to_string();
            if (printed == marker) {
                ++identical;
            } else {
                failures.push_back(file.filename().string() + ":\n  in:  " + marker + "\n  out: " + printed);
            }
        }
    }
    std::cout << "corpus markers: " << identical << " of " << total << " re-print identically ("
              << placeholders << " with [X] placeholders skipped)\n";
    for (std::size_t i = 0; i < failures.size() && i < 20; ++i) UNSCOPED_INFO(failures[i]);
    CHECK(total > 0);
    CHECK(failures.empty());
}
