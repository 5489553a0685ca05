#pragma once
// Internal: libarchive, loaded on first use with dlopen instead of linked.
// libarchive pulls libxml2, ICU and half a dozen compression libraries into every
// process that links it; loading and relocating them costs every lockkit program
// ~1.5 ms at start-up, a tenth of a no-op `lock sync`, though only unpacking a wheel
// (install/) and reading an sdist's PKG-INFO (index/) need it. In a wheel install the
// loader plugin `lockkit-libarchive.so` (packaging/meson.build) is opened first.
// <archive.h> still provides the types; libarchive.so.13's ABI has been stable since 2012.

#include <archive.h>
#include <archive_entry.h>

#include <expected>
#include <string>

namespace lockkit::detail {

struct ArchiveApi {
    struct archive* (*read_new)();
    int (*read_support_format_zip_seekable)(struct archive*);
    int (*read_support_format_zip)(struct archive*);
    int (*read_support_format_tar)(struct archive*);
    int (*read_support_filter_all)(struct archive*);
    int (*read_support_filter_gzip)(struct archive*);
    int (*read_support_filter_zstd)(struct archive*);
    int (*read_support_format_raw)(struct archive*);
    int (*read_open_memory)(struct archive*, const void*, size_t);
    int (*read_open_filename)(struct archive*, const char*, size_t);
    int (*read_next_header)(struct archive*, struct archive_entry**);
    la_ssize_t (*read_data)(struct archive*, void*, size_t);
    int (*read_free)(struct archive*);
    const char* (*error_string)(struct archive*);
    const char* (*entry_pathname)(struct archive_entry*);
    int (*entry_is_encrypted)(struct archive_entry*);
    __LA_MODE_T (*entry_filetype)(struct archive_entry*);
    const char* (*entry_symlink)(struct archive_entry*);
    __LA_MODE_T (*entry_perm)(struct archive_entry*);
};

/// The loaded API, or why it could not be loaded. Thread-safe; loads once per process.
std::expected<const ArchiveApi*, std::string> archive_api();

} // namespace lockkit::detail
