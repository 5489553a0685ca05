#include "libcurl_api.hpp"

#include "lockkit/util/bundled_library.hpp"

#include <dlfcn.h>

#include <mutex>
#include <string>
#include <vector>

namespace lockkit::fetch::detail {

namespace {

std::expected<const CurlApi*, std::string> load() {
    static CurlApi api{};
    // A wheel install's loader plugin first (packaging/meson.build; libcurl's
    // functions are found through it), then the system's library.
    auto opened = lockkit::open_bundled_or_system("lockkit-libcurl.so", {"libcurl.so.4", "libcurl.so"});
    if (!opened) {
        return std::unexpected("cannot load libcurl, needed for downloads (" + opened.error() +
                               "); install it, e.g. `apt-get install libcurl4`");
    }
    void* library = opened->handle;
    const bool ok = bind_symbol(library, "curl_global_init", api.global_init) &&
                    bind_symbol(library, "curl_easy_init", api.easy_init) &&
                    bind_symbol(library, "curl_easy_cleanup", api.easy_cleanup) &&
                    bind_symbol(library, "curl_easy_reset", api.easy_reset) &&
                    bind_symbol(library, "curl_easy_setopt", api.easy_setopt) &&
                    bind_symbol(library, "curl_easy_perform", api.easy_perform) &&
                    bind_symbol(library, "curl_easy_getinfo", api.easy_getinfo) &&
                    bind_symbol(library, "curl_easy_strerror", api.easy_strerror) &&
                    bind_symbol(library, "curl_multi_init", api.multi_init) &&
                    bind_symbol(library, "curl_multi_cleanup", api.multi_cleanup) &&
                    bind_symbol(library, "curl_multi_setopt", api.multi_setopt) &&
                    bind_symbol(library, "curl_multi_add_handle", api.multi_add_handle) &&
                    bind_symbol(library, "curl_multi_remove_handle", api.multi_remove_handle) &&
                    bind_symbol(library, "curl_multi_perform", api.multi_perform) &&
                    bind_symbol(library, "curl_multi_poll", api.multi_poll) &&
                    bind_symbol(library, "curl_multi_wakeup", api.multi_wakeup) &&
                    bind_symbol(library, "curl_multi_info_read", api.multi_info_read) &&
                    bind_symbol(library, "curl_multi_strerror", api.multi_strerror) &&
                    bind_symbol(library, "curl_slist_append", api.slist_append) &&
                    bind_symbol(library, "curl_slist_free_all", api.slist_free_all);
    if (!ok) {
        return std::unexpected(std::string("the libcurl found lacks a function lockkit needs: ") + ::dlerror());
    }
    if (const CURLcode code = api.global_init(CURL_GLOBAL_DEFAULT); code != CURLE_OK) {
        return std::unexpected(std::string("cannot initialise libcurl: ") + api.easy_strerror(code));
    }
    return &api;
}

} // namespace

bool is_transient_curl_error(CURLcode code) {
    switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_PARTIAL_FILE:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_SSL_CONNECT_ERROR:
        return true;
    default:
        return false;
    }
}

std::expected<const CurlApi*, std::string> curl_api() {
    // The library stays loaded for the life of the process (never dlclose'd).
    static std::once_flag once;
    static std::expected<const CurlApi*, std::string> result = std::unexpected(std::string());
    std::call_once(once, [] { result = load(); });
    return result;
}

} // namespace lockkit::fetch::detail
