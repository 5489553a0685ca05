// Loading libgit2 on first use; see include/lockkit/git/libgit2_api.hpp.

#include "lockkit/git/libgit2_api.hpp"

#include "lockkit/util/bundled_library.hpp"
#include "lockkit_config.h"

#include <dlfcn.h>

#include <vector>

namespace lockkit::git {

namespace {

std::string dl_reason() {
    const char* e = dlerror();
    return e != nullptr ? e : "unknown reason";
}

std::expected<Libgit2Api, std::string> load() {
    // Best first: the loader plugin of a wheel install (packaging/meson.build; libgit2's
    // functions are found through it), the library the headers came from, then the
    // development symlink (present where only the -dev package names it).
    auto opened = open_bundled_or_system("lockkit-libgit2.so", {
#ifdef LOCKKIT_LIBGIT2_SONAME
                                                                   LOCKKIT_LIBGIT2_SONAME,
#endif
                                                                   "libgit2.so"});
    if (!opened) return std::unexpected("cannot load libgit2 (" + opened.error() + ")");
    void* handle = opened->handle;
    const std::string& opened_name = opened->name;

    Libgit2Api api{};
    std::string missing;
    // The symbol name is spelled from the member name, so the two cannot drift apart.
#define LOCKKIT_RESOLVE(member)                                                                                        \
    if (missing.empty() && !bind_symbol(handle, "git_" #member, api.member)) missing = "git_" #member;
    LOCKKIT_RESOLVE(libgit2_init)
    LOCKKIT_RESOLVE(libgit2_shutdown)
    LOCKKIT_RESOLVE(error_last)
    LOCKKIT_RESOLVE(repository_open_ext)
    LOCKKIT_RESOLVE(repository_free)
    LOCKKIT_RESOLVE(repository_index)
    LOCKKIT_RESOLVE(revparse_single)
    LOCKKIT_RESOLVE(object_peel)
    LOCKKIT_RESOLVE(object_id)
    LOCKKIT_RESOLVE(object_free)
    LOCKKIT_RESOLVE(tree_entry_bypath)
    LOCKKIT_RESOLVE(tree_entry_id)
    LOCKKIT_RESOLVE(tree_entry_free)
    LOCKKIT_RESOLVE(blob_lookup)
    LOCKKIT_RESOLVE(blob_rawcontent)
    LOCKKIT_RESOLVE(blob_rawsize)
    LOCKKIT_RESOLVE(blob_free)
    LOCKKIT_RESOLVE(index_get_bypath)
    LOCKKIT_RESOLVE(index_free)
    LOCKKIT_RESOLVE(merge_base)
    LOCKKIT_RESOLVE(oid_tostr)
    LOCKKIT_RESOLVE(repository_path)
    LOCKKIT_RESOLVE(merge_file)
    LOCKKIT_RESOLVE(merge_file_result_free)
    LOCKKIT_RESOLVE(repository_init)
    LOCKKIT_RESOLVE(repository_open_bare)
    LOCKKIT_RESOLVE(remote_create_anonymous)
    LOCKKIT_RESOLVE(remote_fetch)
    LOCKKIT_RESOLVE(remote_free)
    LOCKKIT_RESOLVE(fetch_options_init)
    LOCKKIT_RESOLVE(checkout_options_init)
    LOCKKIT_RESOLVE(checkout_tree)
    LOCKKIT_RESOLVE(reference_name_to_id)
    LOCKKIT_RESOLVE(object_lookup)
    LOCKKIT_RESOLVE(oid_fromstr)
#undef LOCKKIT_RESOLVE
    if (!missing.empty()) return std::unexpected(opened_name + " has no " + missing + " (libgit2 too old?): " + dl_reason());
    // Never dlclose'd: the table points into the library for the rest of the process.
    return api;
}

} // namespace

std::expected<const Libgit2Api*, std::string> libgit2() {
    // A function-local static is initialised exactly once, even when threads race here.
    static const std::expected<Libgit2Api, std::string> loaded = load();
    if (!loaded) return std::unexpected(loaded.error());
    return &*loaded;
}

} // namespace lockkit::git
