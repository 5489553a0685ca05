#pragma once
// libgit2, loaded with dlopen on first use instead of linked. Only revision
// diffs (`lock-diff main HEAD`, `A...B`, `--cached`) read git objects, but a
// linked libgit2 drags in some fifteen shared libraries (Kerberos, mbedTLS,
// libssh2, ...) whose loading and relocation cost every run about 3 ms, a file
// diff included. So the programs do not link it: the first call to libgit2()
// opens the library and resolves every function below, once per process and
// thread-safely; later calls return the same table. The library stays loaded
// until exit.
//
// <git2.h> still gives the types and constants, so the table's pointer types
// are the declarations of the headers the build found. A program installed
// from the Python wheel opens the wheel's loader plugin, which links the
// libgit2 shipped in the wheel (lockkit/util/bundled_library.hpp); otherwise
// the soname searched first is the one of the library the headers came from
// (LOCKKIT_LIBGIT2_SONAME, found by meson), then the unversioned "libgit2.so".

#include <git2.h>

#include <expected>
#include <string>

namespace lockkit::git {

/// The libgit2 functions lockkit calls, named as in libgit2 without the `git_` prefix.
struct Libgit2Api {
    decltype(&::git_libgit2_init) libgit2_init;
    decltype(&::git_libgit2_shutdown) libgit2_shutdown;
    decltype(&::git_error_last) error_last;
    decltype(&::git_repository_open_ext) repository_open_ext;
    decltype(&::git_repository_free) repository_free;
    decltype(&::git_repository_index) repository_index;
    decltype(&::git_revparse_single) revparse_single;
    decltype(&::git_object_peel) object_peel;
    decltype(&::git_object_id) object_id;
    decltype(&::git_object_free) object_free;
    decltype(&::git_tree_entry_bypath) tree_entry_bypath;
    decltype(&::git_tree_entry_id) tree_entry_id;
    decltype(&::git_tree_entry_free) tree_entry_free;
    decltype(&::git_blob_lookup) blob_lookup;
    decltype(&::git_blob_rawcontent) blob_rawcontent;
    decltype(&::git_blob_rawsize) blob_rawsize;
    decltype(&::git_blob_free) blob_free;
    decltype(&::git_index_get_bypath) index_get_bypath;
    decltype(&::git_index_free) index_free;
    decltype(&::git_merge_base) merge_base;
    decltype(&::git_oid_tostr) oid_tostr;
    decltype(&::git_repository_path) repository_path;
    decltype(&::git_merge_file) merge_file;
    decltype(&::git_merge_file_result_free) merge_file_result_free;
    // Git sources (git_source.hpp): a bare database per repository, fetched, checked out by commit.
    decltype(&::git_repository_init) repository_init;
    decltype(&::git_repository_open_bare) repository_open_bare;
    decltype(&::git_remote_create_anonymous) remote_create_anonymous;
    decltype(&::git_remote_fetch) remote_fetch;
    decltype(&::git_remote_free) remote_free;
    decltype(&::git_fetch_options_init) fetch_options_init;
    decltype(&::git_checkout_options_init) checkout_options_init;
    decltype(&::git_checkout_tree) checkout_tree;
    decltype(&::git_reference_name_to_id) reference_name_to_id;
    decltype(&::git_object_lookup) object_lookup;
    decltype(&::git_oid_fromstr) oid_fromstr;
};

/// The loaded table, or an error naming the library and dlopen's/dlsym's reason.
std::expected<const Libgit2Api*, std::string> libgit2();

} // namespace lockkit::git
