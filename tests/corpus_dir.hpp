#pragma once
// Locating ../shared/corpus for data-driven tests. The corpus sits beside the
// repository in development and CI, never inside it; a user's clone has none,
// so corpus tests report "skipped" instead of failing.

#include "skip.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lockkit::testing {

/// Catch2 v2 has no "skipped" result. A test that cannot run prints this marker
/// (the JUnit reporter keeps it in the test case's <system-out>) and returns;
/// tests/run_all.py counts such a case as skipped, not passed.
/// The reason corpus tests give when ../shared/corpus is absent.
inline constexpr std::string_view k_no_corpus = "../shared/corpus not found (set LOCKKIT_CORPUS)";

inline std::optional<std::filesystem::path> corpus_dir() {
    if (const char* env = std::getenv("LOCKKIT_CORPUS"); env != nullptr && *env != '\0') {
        if (std::filesystem::is_directory(env)) {
            return std::filesystem::path(env);
        }
        return std::nullopt;
    }
    const std::filesystem::path p = std::filesystem::path(LOCKKIT_SOURCE_ROOT) / ".." / "shared" / "corpus";
    if (std::filesystem::is_directory(p)) {
        return p;
    }
    return std::nullopt;
}

/// Every uv.lock of the corpus: uv's test locks, the ecosystem projects and the real locks.
inline std::vector<std::filesystem::path> corpus_locks(const std::filesystem::path& root) {
    std::vector<std::filesystem::path> out;
    auto add_dir = [&](const std::filesystem::path& dir, const std::string& suffix) {
        if (!std::filesystem::is_directory(dir)) {
            return;
        }
        for (const auto& e : std::filesystem::directory_iterator(dir)) {
            const std::string name = e.path().filename().string();
            if (e.is_regular_file() && name.size() >= suffix.size() &&
                name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
                out.push_back(e.path());
            }
        }
    };
    add_dir(root / "uv-test-locks", ".lock");
    add_dir(root / "locks", ".lock");
    if (std::filesystem::is_directory(root / "uv-ecosystem")) {
        for (const auto& e : std::filesystem::directory_iterator(root / "uv-ecosystem")) {
            if (std::filesystem::is_regular_file(e.path() / "uv.lock")) {
                out.push_back(e.path() / "uv.lock");
            }
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

/// Every uv.lock in the corpus: corpus_locks() plus the sides and results of
/// the merge cases and both halves of the diff pairs.
inline std::vector<std::filesystem::path> corpus_all_locks(const std::filesystem::path& root) {
    auto out = corpus_locks(root);
    for (const char* group : {"merges", "diffs"}) {
        if (!std::filesystem::is_directory(root / group)) {
            continue;
        }
        for (const auto& c : std::filesystem::directory_iterator(root / group)) {
            if (!c.is_directory()) {
                continue;
            }
            for (const auto& e : std::filesystem::directory_iterator(c.path())) {
                if (e.is_regular_file() && e.path().filename().string().ends_with(".uv.lock")) {
                    out.push_back(e.path());
                }
            }
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

/// A short, stable name for a corpus file: "locks/x.uv.lock", "uv-ecosystem/black/uv.lock".
inline std::string corpus_name(const std::filesystem::path& root, const std::filesystem::path& file) {
    return std::filesystem::relative(file, root).generic_string();
}

} // namespace lockkit::testing
