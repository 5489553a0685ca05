// Fetches every URL listed in a file (one per line) with lockkit's HTTP client,
// all at once, and reports the time, the bytes and any failure. The network
// floor for the same list is `curl --parallel --parallel-max 50`
// (bench/http_fetch_bench.sh runs both in one hyperfine session).
//
// Usage: http_fetch URL_LIST [--accept VALUE] [--concurrency N]

#include "lockkit/fetch/http_client.hpp"

#include <chrono>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: http_fetch URL_LIST [--accept VALUE] [--concurrency N]\n";
        return 2;
    }
    std::string accept;
    lockkit::fetch::HttpClientOptions options;
    for (int i = 2; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        if (flag == "--accept") accept = argv[i + 1];
        if (flag == "--concurrency") options.max_concurrency = static_cast<unsigned>(std::stoul(argv[i + 1]));
    }
    std::ifstream list(argv[1]);
    std::vector<lockkit::fetch::HttpRequest> requests;
    for (std::string line; std::getline(list, line);) {
        if (line.empty()) continue;
        lockkit::fetch::HttpRequest r{line};
        if (!accept.empty() && !line.ends_with(".metadata")) r.headers.push_back("Accept: " + accept);
        requests.push_back(std::move(r));
    }
    const auto start = std::chrono::steady_clock::now();
    lockkit::fetch::HttpClient client(options);
    const auto results = client.get_all(std::move(requests));
    const auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    std::uint64_t bytes = 0;
    int failed = 0;
    for (const auto& r : results) {
        bytes += r.body.size();
        if (!r.ok()) {
            ++failed;
            if (failed <= 5) std::cerr << "failed: " << r.url << " status " << r.status << " " << r.error << "\n";
        }
    }
    std::cerr << results.size() << " requests, " << bytes << " bytes, " << failed << " failed, " << ms << " ms\n";
    return failed == 0 ? 0 : 1;
}
