#include "libarchive_api.hpp"

#include "lockkit/util/bundled_library.hpp"

#include <dlfcn.h>

#include <mutex>
#include <vector>

namespace lockkit::metadata::detail {

namespace {

template <typename F>
bool bind(void* library, const char* symbol, F& out) {
    out = reinterpret_cast<F>(::dlsym(library, symbol));
    return out != nullptr;
}

std::expected<const ArchiveApi*, std::string> load() {
    static ArchiveApi api{};
    std::vector<std::string> names;
    if (auto plugin = lockkit::find_bundled_library("lockkit-libarchive.so")) names.push_back(plugin->string());
    names.insert(names.end(), {"libarchive.so.13", "libarchive.so"});
    void* library = nullptr;
    std::string errors;
    for (const auto& name : names) {
        library = ::dlopen(name.c_str(), RTLD_NOW | RTLD_LOCAL);
        if (library != nullptr) break;
        errors += errors.empty() ? "" : "; ";
        errors += ::dlerror();
    }
    if (library == nullptr)
        return std::unexpected("cannot load libarchive, needed to read a wheel or sdist (" + errors +
                               "); install it, e.g. `apt-get install libarchive13`");
    const bool ok = bind(library, "archive_read_new", api.read_new) &&
                    bind(library, "archive_read_support_filter_all", api.read_support_filter_all) &&
                    bind(library, "archive_read_support_format_zip", api.read_support_format_zip) &&
                    bind(library, "archive_read_support_format_tar", api.read_support_format_tar) &&
                    bind(library, "archive_read_support_format_raw", api.read_support_format_raw) &&
                    bind(library, "archive_read_open_filename", api.read_open_filename) &&
                    bind(library, "archive_read_open_memory", api.read_open_memory) &&
                    bind(library, "archive_read_next_header", api.read_next_header) &&
                    bind(library, "archive_read_data", api.read_data) &&
                    bind(library, "archive_read_free", api.read_free) &&
                    bind(library, "archive_error_string", api.error_string) &&
                    bind(library, "archive_entry_pathname", api.entry_pathname);
    if (!ok) return std::unexpected(std::string("the libarchive found lacks a function lockkit needs: ") + ::dlerror());
    return &api;
}

} // namespace

std::expected<const ArchiveApi*, std::string> archive_api() {
    // The library stays loaded for the life of the process (never dlclose'd).
    static std::once_flag once;
    static std::expected<const ArchiveApi*, std::string> result = std::unexpected(std::string());
    std::call_once(once, [] { result = load(); });
    return result;
}

} // namespace lockkit::metadata::detail
