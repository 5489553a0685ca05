// The registry client on a real lock: the simple page of every registry
// package (PyPI) and the metadata of every locked version (from the first
// wheel the lock lists, else its sdist), all asked at once, as a resolver
// would ask them. Prints the in-process time (from the first question to the
// last answer) and what was sent; exits 1 if anything failed.
//
//   registry_bench LOCK --cache DIR [--offline] [--repeat N] [--wheels-only] [--pages-only]
//
// --wheels-only leaves out versions without wheels (their sdists would be
// downloaded whole), so the requests are those of `curl` on the pages and the
// first wheel's `.metadata` of each version (bench/http_fetch_bench.sh).
// Cold: an empty DIR. Warm: a DIR filled by an earlier run; with --offline the
// cache is used whatever its age (the PyPI reached from here sends no caching
// headers, so without it every page would be revalidated, i.e. fetched again).
// bench/registry_bench.sh runs both against curl --parallel on the same URLs.

#include "lockkit/index/registry_client.hpp"
#include "lockkit/lockfile/reader.hpp"
#include "lockkit/util/atomic_file.hpp"

#include <chrono>
#include <iostream>
#include <map>

using namespace lockkit;

int main(int argc, char** argv) {
    if (argc < 4) {
        std::cerr << "usage: registry_bench LOCK --cache DIR [--offline] [--repeat N]\n";
        return 2;
    }
    index::RegistryOptions options;
    int repeat = 1;
    bool wheels_only = false;
    bool pages_only = false;  // no metadata: how long the pages alone take
    for (int i = 2; i < argc; ++i) {
        const std::string flag = argv[i];
        if (flag == "--cache" && i + 1 < argc) options.cache_root = argv[++i];
        if (flag == "--offline") options.offline = true;
        if (flag == "--repeat" && i + 1 < argc) repeat = std::stoi(argv[++i]);
        if (flag == "--wheels-only") wheels_only = true;
        if (flag == "--pages-only") pages_only = true;
    }
    const auto text = read_file(argv[1]);
    if (!text) {
        std::cerr << text.error() << "\n";
        return 2;
    }
    auto lock = lockfile::parse_lock(*text, argv[1]);
    if (!lock) {
        std::cerr << lock.error().render() << "\n";
        return 2;
    }
    // name -> the filename to read metadata from, per locked version
    std::map<std::string, std::vector<std::string>> wanted;
    for (const auto& package : lock->packages) {
        if (package.id.source.kind != lockfile::SourceKind::Registry ||
            package.id.source.location != "https://pypi.org/simple") {
            continue;
        }
        std::string file;
        if (!package.wheels.empty()) {
            file = package.wheels.front().filename();
        } else if (package.sdist && !wheels_only) {
            file = package.sdist->filename();
        }
        auto& files = wanted[package.id.name];  // every page, whatever the versions
        if (!file.empty() && !pages_only) files.push_back(file);
    }
    options.locations.indexes.push_back(index::make_location("https://pypi.org/simple", ".", {}, std::string("pypi")));
    int failed = 0;
    for (int round = 0; round < repeat; ++round) {
        const auto start = std::chrono::steady_clock::now();
        index::RegistryClient client(options);
        std::vector<std::pair<std::string, std::shared_future<index::ListingResult>>> listings;
        for (const auto& [name, files] : wanted) listings.emplace_back(name, client.project(name));
        std::vector<std::shared_future<index::MetadataResult>> metadata;
        std::size_t files_listed = 0;
        for (auto& [name, future] : listings) {
            const auto& listing = future.get();
            if (!listing || listing->pages.empty()) {
                ++failed;
                std::cerr << name << ": " << (listing ? "not found" : listing.error().render()) << "\n";
                continue;
            }
            const auto& page = listing->pages.front();
            files_listed += page.files->files().size();
            for (const auto& filename : wanted[name]) {
                for (const auto& f : page.files->files()) {
                    if (f.filename == filename) metadata.push_back(client.metadata(index::DistributionRef::from(f, page.index)));
                }
            }
        }
        std::size_t deps = 0;
        for (auto& m : metadata) {
            const auto& result = m.get();
            if (!result) {
                ++failed;
                std::cerr << result.error().message << "\n";
            } else {
                deps += result->requires_dist.size();
            }
        }
        const auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
        std::cout << ms << "\n";
        std::cerr << listings.size() << " pages (" << files_listed << " files), " << metadata.size() << " metadata ("
                  << deps << " requirements), " << client.requests_sent() << " requests, " << failed << " failed: " << ms
                  << " ms\n";
    }
    return failed == 0 ? 0 : 1;
}
