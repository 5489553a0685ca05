#pragma once
// Internal: libarchive, loaded on first use with dlopen instead of linked, as
// libcurl and libgit2 are (src/fetch/libcurl_api.hpp). libarchive brings a dozen
// compression and XML libraries with it; only reading a wheel or sdist that has
// no `.metadata` file beside it needs them, so only that loads them. In a wheel
// install the loader plugin `lockkit-libarchive.so` (packaging/meson.build) is
// found first. <archive.h> still provides the types; libarchive.so.13's ABI has
// been stable since 2011.

#include <archive.h>
#include <archive_entry.h>

#include <expected>
#include <string>

namespace lockkit::metadata::detail {

struct ArchiveApi {
    archive* (*read_new)();
    int (*read_support_filter_all)(archive*);
    int (*read_support_format_zip)(archive*);
    int (*read_support_format_tar)(archive*);
    int (*read_support_format_raw)(archive*);
    int (*read_open_filename)(archive*, const char*, size_t);
    int (*read_open_memory)(archive*, const void*, size_t);
    int (*read_next_header)(archive*, archive_entry**);
    la_ssize_t (*read_data)(archive*, void*, size_t);
    int (*read_free)(archive*);
    const char* (*error_string)(archive*);
    const char* (*entry_pathname)(archive_entry*);
};

/// The loaded API, or why it could not be loaded, naming the library. Thread-safe;
/// loads once per process.
std::expected<const ArchiveApi*, std::string> archive_api();

} // namespace lockkit::metadata::detail
