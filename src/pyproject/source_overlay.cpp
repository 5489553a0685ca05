// Project files seen through an overlay (see source_overlay.hpp).

#include "lockkit/pyproject/source_overlay.hpp"

#include "lockkit/util/atomic_file.hpp"

#include <set>

namespace lockkit::pyproject {

std::string overlay_key(const std::filesystem::path& path) {
    std::string key = std::filesystem::absolute(path).lexically_normal().generic_string();
    while (key.size() > 1 && key.back() == '/') key.pop_back();
    return key;
}

void SourceOverlay::put(const std::filesystem::path& path, std::optional<std::string> text) {
    files[overlay_key(path)] = std::move(text);
}

const std::optional<std::string>* SourceOverlay::find(const std::filesystem::path& path) const {
    auto it = files.find(overlay_key(path));
    return it == files.end() ? nullptr : &it->second;
}

bool SourceOverlay::has_directory(const std::filesystem::path& directory) const {
    const std::string prefix = overlay_key(directory) + "/";
    for (auto it = files.lower_bound(prefix); it != files.end() && it->first.starts_with(prefix); ++it)
        if (it->second) return true;
    return false;
}

std::vector<std::string> SourceOverlay::subdirectories(const std::filesystem::path& directory) const {
    const std::string prefix = overlay_key(directory) + "/";
    std::set<std::string> names;
    for (auto it = files.lower_bound(prefix); it != files.end() && it->first.starts_with(prefix); ++it) {
        if (!it->second) continue;
        const std::string rest = it->first.substr(prefix.size());
        if (auto slash = rest.find('/'); slash != std::string::npos) names.insert(rest.substr(0, slash));
    }
    return {names.begin(), names.end()};
}

bool overlay_is_file(const std::filesystem::path& path, const SourceOverlay* overlay) {
    if (overlay != nullptr)
        if (const auto* entry = overlay->find(path)) return entry->has_value();
    std::error_code ec;
    return std::filesystem::is_regular_file(path, ec);
}

bool overlay_is_directory(const std::filesystem::path& path, const SourceOverlay* overlay) {
    if (overlay != nullptr && overlay->has_directory(path)) return true;
    std::error_code ec;
    return std::filesystem::is_directory(path, ec);
}

std::expected<std::string, std::string> overlay_read(const std::filesystem::path& path, const SourceOverlay* overlay) {
    if (overlay != nullptr)
        if (const auto* entry = overlay->find(path)) {
            if (!*entry) return std::unexpected(std::string("the merge removes the file"));
            return **entry;
        }
    return read_file(path);
}

std::expected<PyProject, Diagnostic> read_pyproject(const std::filesystem::path& path, const SourceOverlay* overlay) {
    if (overlay == nullptr || overlay->find(path) == nullptr) return read_pyproject(path);
    auto text = overlay_read(path, overlay);
    if (!text) {
        Diagnostic d;
        d.file = path.string();
        d.message = "cannot read the file: " + text.error();
        return std::unexpected(std::move(d));
    }
    return parse_pyproject(*text, path.string());
}

} // namespace lockkit::pyproject
