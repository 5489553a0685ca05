// Throughput of reading (TOML + model build) and writing uv.lock files, and
// the cost of `canonicalize` (uv's sort order) on a lock already in order (what
// `lock fmt` meets almost always) and on one whose lists were all reversed.
// Usage: lock_io_bench [--runs N] FILE...   Prints one Markdown row per file
// and front end, best-of-N wall time (the machine is shared; the minimum is
// the least noisy estimate of what the code costs).

#include "lockkit/lockfile/canonical.hpp"
#include "lockkit/lockfile/reader.hpp"
#include "lockkit/lockfile/writer.hpp"
#include "lockkit/util/atomic_file.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

using namespace lockkit;
using namespace lockkit::lockfile;
using Clock = std::chrono::steady_clock;

namespace {

template <typename F>
double best_seconds(int runs, F&& f) {
    double best = 1e30;
    for (int i = 0; i < runs; ++i) {
        const auto t0 = Clock::now();
        f();
        const double s = std::chrono::duration<double>(Clock::now() - t0).count();
        best = std::min(best, s);
    }
    return best;
}

/// Reverses every list `canonicalize` sorts, so it has to sort all of them.
void reverse_lists(Lock& lock) {
    std::reverse(lock.packages.begin(), lock.packages.end());
    auto requirements = [](std::vector<Requirement>& list) { std::reverse(list.begin(), list.end()); };
    for (Package& p : lock.packages) {
        std::reverse(p.dependencies.begin(), p.dependencies.end());
        for (auto* tables : {&p.optional_dependencies, &p.dev_dependencies}) {
            for (auto& entry : *tables) {
                std::reverse(entry.second.begin(), entry.second.end());
            }
        }
        if (p.metadata.requires_dist) {
            requirements(*p.metadata.requires_dist);
        }
        if (p.metadata.requires_dev) {
            for (auto& entry : *p.metadata.requires_dev) {
                requirements(entry.second);
            }
        }
    }
    requirements(lock.manifest.requirements);
}

} // namespace

int main(int argc, char** argv) {
    int runs = 20;
    std::vector<std::string> files;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--runs") == 0 && i + 1 < argc) {
            const std::string_view text = argv[++i];
            const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), runs);
            if (ec != std::errc() || end != text.data() + text.size() || runs < 1) {
                std::fprintf(stderr, "--runs: `%s` is not a positive whole number\n", argv[i]);
                return 2;
            }
        } else {
            files.emplace_back(argv[i]);
        }
    }
    if (files.empty()) {
        std::fprintf(stderr, "usage: lock_io_bench [--runs N] FILE...\n");
        return 2;
    }
    std::printf("| file | size | read, fast path | read, toml++ path | write | sort, in order | sort, reversed |\n"
                "|---|---|---|---|---|---|---|\n");
    for (const auto& file : files) {
        auto text = read_file(file);
        if (!text) {
            std::fprintf(stderr, "error: %s\n", text.error().c_str());
            return 2;
        }
        const double mb = static_cast<double>(text->size()) / 1e6;
        auto lock = parse_lock(*text, file);
        if (!lock) {
            std::fprintf(stderr, "%s", lock.error().render().c_str());
            return 2;
        }
        std::size_t sink = 0;
        const double fast = best_seconds(runs, [&] {
            auto l = parse_lock(*text, file, {.front_end = TomlFrontEnd::Canonical});
            sink += l ? l->packages.size() : 0;
        });
        const double general = best_seconds(std::max(3, runs / 4), [&] {
            auto l = parse_lock(*text, file, {.front_end = TomlFrontEnd::General});
            sink += l ? l->packages.size() : 0;
        });
        const double write = best_seconds(runs, [&] { sink += write_lock(*lock).size(); });
        // `canonicalize` runs on a copy; the copy's cost is measured and taken off.
        canonicalize(*lock);
        Lock reversed = *lock;
        reverse_lists(reversed);
        const double copy = best_seconds(runs, [&] {
            Lock l = *lock;
            sink += l.packages.size();
        });
        const double sorted = best_seconds(runs, [&] {
            Lock l = *lock;
            canonicalize(l);
            sink += l.packages.size();
        });
        const double unsorted = best_seconds(runs, [&] {
            Lock l = reversed;
            canonicalize(l);
            sink += l.packages.size();
        });
        std::string name = file;
        if (const auto slash = name.rfind('/', name.size() - 9); slash != std::string::npos) {
            name = name.substr(slash + 1);
        }
        std::printf("| %s | %.2f MB | %.1f ms (%.0f MB/s) | %.1f ms (%.0f MB/s) | %.1f ms (%.0f MB/s) "
                    "| %.2f ms | %.2f ms |\n",
                    name.c_str(), mb, fast * 1e3, mb / fast, general * 1e3, mb / general, write * 1e3, mb / write,
                    std::max(0.0, sorted - copy) * 1e3, std::max(0.0, unsorted - copy) * 1e3);
        if (sink == 42) {
            std::printf(" ");
        }
    }
    return 0;
}
