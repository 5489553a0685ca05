#include "libarchive_api.hpp"

#include "lockkit/util/bundled_library.hpp"

#include <dlfcn.h>

#include <mutex>
#include <vector>

namespace lockkit::detail {

namespace {

template <typename F>
bool bind(void* library, const char* symbol, F& out) {
    out = reinterpret_cast<F>(::dlsym(library, symbol));
    return out != nullptr;
}

std::expected<const ArchiveApi*, std::string> load() {
    static ArchiveApi api{};
    // A wheel install carries its own libarchive behind the loader plugin (packaging/meson.build).
    std::vector<std::string> names;
    if (auto plugin = lockkit::find_bundled_library("lockkit-libarchive.so")) names.push_back(plugin->string());
    names.insert(names.end(), {"libarchive.so.13", "libarchive.so"});
    void* library = nullptr;
    std::string errors;
    for (const auto& name : names) {
        library = ::dlopen(name.c_str(), RTLD_NOW | RTLD_LOCAL);
        if (library != nullptr) {
            break;
        }
        errors += errors.empty() ? "" : "; ";
        errors += ::dlerror();
    }
    if (library == nullptr) {
        return std::unexpected("cannot load libarchive, needed to read wheels and source distributions (" + errors +
                               "); install it, e.g. `apt-get install libarchive13`");
    }
    const bool ok = bind(library, "archive_read_new", api.read_new) &&
                    bind(library, "archive_read_support_format_zip_seekable", api.read_support_format_zip_seekable) &&
                    bind(library, "archive_read_support_format_zip", api.read_support_format_zip) &&
                    bind(library, "archive_read_support_format_tar", api.read_support_format_tar) &&
                    bind(library, "archive_read_support_filter_all", api.read_support_filter_all) &&
                    bind(library, "archive_read_support_filter_gzip", api.read_support_filter_gzip) &&
                    bind(library, "archive_read_support_filter_zstd", api.read_support_filter_zstd) &&
                    bind(library, "archive_read_support_format_raw", api.read_support_format_raw) &&
                    bind(library, "archive_read_open_memory", api.read_open_memory) &&
                    bind(library, "archive_read_open_filename", api.read_open_filename) &&
                    bind(library, "archive_read_next_header", api.read_next_header) &&
                    bind(library, "archive_read_data", api.read_data) &&
                    bind(library, "archive_read_free", api.read_free) &&
                    bind(library, "archive_error_string", api.error_string) &&
                    bind(library, "archive_entry_pathname", api.entry_pathname) &&
                    bind(library, "archive_entry_is_encrypted", api.entry_is_encrypted) &&
                    bind(library, "archive_entry_filetype", api.entry_filetype) &&
                    bind(library, "archive_entry_symlink", api.entry_symlink) &&
                    bind(library, "archive_entry_perm", api.entry_perm);
    if (!ok) {
        return std::unexpected(std::string("the libarchive found lacks a function lockkit needs: ") + ::dlerror());
    }
    return &api;
}

} // namespace

std::expected<const ArchiveApi*, std::string> archive_api() {
    static std::once_flag once;
    static std::expected<const ArchiveApi*, std::string> loaded = std::unexpected(std::string());
    std::call_once(once, [] { loaded = load(); });
    return loaded;
}

} // namespace lockkit::detail
