// In-process throughput of reading simple-API project pages: lockkit's PEP 691
// JSON reader and PEP 503 HTML reader (files, URLs, hashes, requires-python,
// parsed filenames: everything a resolver gets), beside nlohmann's DOM parser
// and its SAX parser with a handler that does nothing, as the floor a general
// JSON library sets.
//
// Usage: simple_page_bench DIR [ROUNDS]
//   DIR holds <project>.json (Accept: application/vnd.pypi.simple.v1+json) and
//   <project>.html pages, as bench/simple_page_bench.sh fetches them.
// Prints a Markdown table of MB/s (best of ROUNDS, default 30) on stdout.

#include "lockkit/index/html_page.hpp"
#include "lockkit/index/json_page.hpp"
#include "lockkit/util/atomic_file.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <string>

namespace {

struct NullSax : nlohmann::json_sax<nlohmann::json> {
    bool null() override { return true; }
    bool boolean(bool) override { return true; }
    bool number_integer(number_integer_t) override { return true; }
    bool number_unsigned(number_unsigned_t) override { return true; }
    bool number_float(number_float_t, const string_t&) override { return true; }
    bool string(string_t&) override { return true; }
    bool binary(binary_t&) override { return true; }
    bool start_object(std::size_t) override { return true; }
    bool key(string_t&) override { return true; }
    bool end_object() override { return true; }
    bool start_array(std::size_t) override { return true; }
    bool end_array() override { return true; }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }
};

/// Best-of-`rounds` throughput in MB/s.
double measure(std::size_t bytes, int rounds, const std::function<void()>& run) {
    double best = 1e9;
    for (int i = 0; i < rounds; ++i) {
        const auto start = std::chrono::steady_clock::now();
        run();
        best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    return static_cast<double>(bytes) / best / 1e6;
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: simple_page_bench DIR [ROUNDS]\n");
        return 2;
    }
    const int rounds = argc > 2 ? std::atoi(argv[2]) : 30;
    std::vector<std::filesystem::path> pages;
    for (const auto& entry : std::filesystem::directory_iterator(argv[1])) {
        pages.push_back(entry.path());
    }
    std::sort(pages.begin(), pages.end());
    std::printf("| page | size | files | lockkit (MB/s) | nlohmann DOM (MB/s) | nlohmann SAX, no-op (MB/s) |\n");
    std::printf("|---|---:|---:|---:|---:|---:|\n");
    for (const auto& path : pages) {
        const auto text = lockkit::read_file(path);
        if (!text) {
            std::fprintf(stderr, "%s\n", text.error().c_str());
            return 2;
        }
        const std::string project = path.stem().string();
        const std::string url = "https://pypi.org/simple/" + project + "/";
        const bool json = path.extension() == ".json";
        std::size_t files = 0;
        std::size_t sink = 0;  // keeps the DOM from being optimised away
        const double ours = measure(text->size(), rounds, [&] {
            auto page = json ? lockkit::index::parse_json_project_page(*text, url, project)
                             : lockkit::index::parse_html_project_page(*text, url, project);
            if (!page) {
                std::fprintf(stderr, "%s", page.error().render().c_str());
                std::exit(2);
            }
            files = page->files().size();
        });
        if (json) {
            const double dom = measure(text->size(), rounds, [&] {
                const auto doc = nlohmann::json::parse(*text);
                sink += doc.size();
            });
            const double sax = measure(text->size(), rounds, [&] {
                NullSax sax;
                nlohmann::json::sax_parse(*text, &sax);
            });
            std::fprintf(stderr, "%zu\r", sink);
            std::printf("| %s | %.2f MB | %zu | %.0f | %.0f | %.0f |\n", path.filename().c_str(),
                        static_cast<double>(text->size()) / 1e6, files, ours, dom, sax);
        } else {
            std::printf("| %s | %.2f MB | %zu | %.0f | | |\n", path.filename().c_str(),
                        static_cast<double>(text->size()) / 1e6, files, ours);
        }
    }
    return 0;
}
