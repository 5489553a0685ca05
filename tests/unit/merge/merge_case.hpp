#pragma once
// The real merge cases of ../shared/corpus/merges/<case>/ for the merge tests:
// base, ours (first parent), theirs (second parent) and the committed merge.

#include "../../corpus_dir.hpp"
#include "lockkit/lockfile/reader.hpp"
#include "lockkit/util/atomic_file.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace lockkit::testing {

struct MergeCase {
    std::string name;
    std::filesystem::path dir;
    std::filesystem::path file(const std::string& side) const { return dir / (side + ".uv.lock"); }
    std::optional<lockfile::Lock> read(const std::string& side) const {
        auto text = lockkit::read_file(file(side));
        if (!text) return std::nullopt;
        auto lock = lockfile::parse_lock(*text, name + "/" + side);
        if (!lock) return std::nullopt;
        return std::move(*lock);
    }
};

inline std::vector<MergeCase> merge_cases(const std::filesystem::path& root) {
    std::vector<MergeCase> out;
    const auto dir = root / "merges";
    if (!std::filesystem::is_directory(dir)) return out;
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
        if (e.is_directory() && std::filesystem::exists(e.path() / "ours.uv.lock")) {
            out.push_back({e.path().filename().string(), e.path()});
        }
    }
    std::sort(out.begin(), out.end(), [](const MergeCase& a, const MergeCase& b) { return a.name < b.name; });
    return out;
}

} // namespace lockkit::testing
