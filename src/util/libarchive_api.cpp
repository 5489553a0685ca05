#include "libarchive_api.hpp"

#include "lockkit/util/bundled_library.hpp"

#include <dlfcn.h>

#include <mutex>
#include <vector>

namespace lockkit::detail {

namespace {

std::expected<const ArchiveApi*, std::string> load() {
    static ArchiveApi api{};
    // A wheel install carries its own libarchive behind the loader plugin (packaging/meson.build).
    auto opened = lockkit::open_bundled_or_system("lockkit-libarchive.so", {"libarchive.so.13", "libarchive.so"});
    if (!opened) {
        return std::unexpected("cannot load libarchive, needed to read wheels and source distributions (" +
                               opened.error() + "); install it, e.g. `apt-get install libarchive13`");
    }
    void* library = opened->handle;
    const bool ok = bind_symbol(library, "archive_read_new", api.read_new) &&
                    bind_symbol(library, "archive_read_support_format_zip_seekable", api.read_support_format_zip_seekable) &&
                    bind_symbol(library, "archive_read_support_format_zip", api.read_support_format_zip) &&
                    bind_symbol(library, "archive_read_support_format_tar", api.read_support_format_tar) &&
                    bind_symbol(library, "archive_read_support_filter_all", api.read_support_filter_all) &&
                    bind_symbol(library, "archive_read_support_filter_gzip", api.read_support_filter_gzip) &&
                    bind_symbol(library, "archive_read_support_filter_zstd", api.read_support_filter_zstd) &&
                    bind_symbol(library, "archive_read_support_format_raw", api.read_support_format_raw) &&
                    bind_symbol(library, "archive_read_open_memory", api.read_open_memory) &&
                    bind_symbol(library, "archive_read_open_filename", api.read_open_filename) &&
                    bind_symbol(library, "archive_read_next_header", api.read_next_header) &&
                    bind_symbol(library, "archive_read_data", api.read_data) &&
                    bind_symbol(library, "archive_read_free", api.read_free) &&
                    bind_symbol(library, "archive_error_string", api.error_string) &&
                    bind_symbol(library, "archive_entry_pathname", api.entry_pathname) &&
                    bind_symbol(library, "archive_entry_is_encrypted", api.entry_is_encrypted) &&
                    bind_symbol(library, "archive_entry_filetype", api.entry_filetype) &&
                    bind_symbol(library, "archive_entry_symlink", api.entry_symlink) &&
                    bind_symbol(library, "archive_entry_perm", api.entry_perm);
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
