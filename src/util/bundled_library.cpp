// Finding the wheel's bundled libraries; see include/lockkit/util/bundled_library.hpp.

#include "lockkit/util/bundled_library.hpp"

#include <dlfcn.h>

#include "lockkit_config.h"

#include <algorithm>
#include <string>
#include <vector>

namespace lockkit {

namespace {

namespace fs = std::filesystem;

/// meson-python's directory for libraries installed into meson's libdir.
constexpr std::string_view k_plugin_dir = ".lockkit.mesonpy.libs";

bool starts_with_any(const std::string& name, std::initializer_list<std::string_view> prefixes) {
    return std::any_of(prefixes.begin(), prefixes.end(), [&](std::string_view p) { return name.starts_with(p); });
}

/// Sub-directories of `dir` whose names start with one of `prefixes`, sorted
/// (directory order is arbitrary; the choice must not be).
std::vector<fs::path> subdirs(const fs::path& dir, std::initializer_list<std::string_view> prefixes) {
    std::vector<fs::path> out;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        if (starts_with_any(it->path().filename().string(), prefixes) && it->is_directory(ec)) out.push_back(it->path());
    }
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace

std::optional<fs::path> find_bundled_library(const fs::path& program_dir, std::string_view version,
                                             std::string_view file_name) {
    const std::string dist_info = "lockkit-" + std::string(version) + ".dist-info";
    std::optional<fs::path> other_version;
    std::error_code ec;
    for (const auto& lib : subdirs(program_dir.parent_path(), {"lib"})) {
        for (const auto& python : subdirs(lib, {"python", "pypy"})) {
            for (const char* packages : {"site-packages", "dist-packages"}) {
                const fs::path site = python / packages;
                fs::path candidate = site / k_plugin_dir / file_name;
                if (!fs::is_regular_file(candidate, ec)) continue;
                if (fs::is_directory(site / dist_info, ec)) return candidate;
                if (!other_version) other_version = std::move(candidate);
            }
        }
    }
    return other_version;
}

std::optional<fs::path> find_bundled_library(std::string_view file_name) {
    std::error_code ec;
    const fs::path self = fs::read_symlink("/proc/self/exe", ec);
    if (ec) return std::nullopt;
    return find_bundled_library(self.parent_path(), LOCKKIT_VERSION, file_name);
}

} // namespace lockkit

namespace lockkit {

std::expected<OpenedLibrary, std::string> open_bundled_or_system(std::string_view plugin_file,
                                                                 std::initializer_list<std::string_view> sonames) {
    std::vector<std::string> names;
    if (auto plugin = find_bundled_library(plugin_file)) names.push_back(plugin->string());
    for (auto soname : sonames) {
        if (std::find(names.begin(), names.end(), soname) == names.end()) names.emplace_back(soname);
    }
    std::string tried, reasons;
    for (const auto& name : names) {
        if (void* handle = ::dlopen(name.c_str(), RTLD_NOW | RTLD_LOCAL)) return OpenedLibrary{handle, name};
        const char* reason = ::dlerror();
        tried += (tried.empty() ? "" : ", ") + name;
        reasons += (reasons.empty() ? "" : "; ") + std::string(reason != nullptr ? reason : "unknown reason");
    }
    return std::unexpected("tried " + tried + ": " + reasons);
}

void* detail::find_symbol(void* library, const char* symbol) {
    return ::dlsym(library, symbol);
}

} // namespace lockkit
