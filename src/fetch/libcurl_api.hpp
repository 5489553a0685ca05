#pragma once
// Internal: libcurl, loaded on first use with dlopen instead of linked.
// libcurl pulls about thirty shared libraries (TLS, HTTP/2, Kerberos, LDAP,
// IDN ...) into every process that links it, and loading them costs ~5 ms at
// start-up: a third of lock-verify's budget as a pre-commit hook, paid even
// when nothing is downloaded. Only --download needs libcurl, so only
// --download loads it. <curl/curl.h> still provides the types and constants;
// libcurl.so.4's ABI has been stable since 2006.

#include <curl/curl.h>

#include <expected>
#include <string>

namespace lockkit::fetch::detail {

struct CurlApi {
    CURLcode (*global_init)(long flags);
    CURL* (*easy_init)();
    void (*easy_cleanup)(CURL* handle);
    void (*easy_reset)(CURL* handle);
    CURLcode (*easy_setopt)(CURL* handle, CURLoption option, ...);
    CURLcode (*easy_perform)(CURL* handle);
    CURLcode (*easy_getinfo)(CURL* handle, CURLINFO info, ...);
    const char* (*easy_strerror)(CURLcode code);
    // The multi interface (http_client.cpp).
    CURLM* (*multi_init)();
    CURLMcode (*multi_cleanup)(CURLM* multi);
    CURLMcode (*multi_setopt)(CURLM* multi, CURLMoption option, ...);
    CURLMcode (*multi_add_handle)(CURLM* multi, CURL* handle);
    CURLMcode (*multi_remove_handle)(CURLM* multi, CURL* handle);
    CURLMcode (*multi_perform)(CURLM* multi, int* running);
    CURLMcode (*multi_poll)(CURLM* multi, struct curl_waitfd* extra, unsigned count, int timeout_ms, int* numfds);
    CURLMcode (*multi_wakeup)(CURLM* multi);
    CURLMsg* (*multi_info_read)(CURLM* multi, int* queued);
    const char* (*multi_strerror)(CURLMcode code);
    curl_slist* (*slist_append)(curl_slist* list, const char* text);
    void (*slist_free_all)(curl_slist* list);
};

/// Whether a transfer that failed with `code` may succeed if tried again
/// (timeouts, resets, refused connections, truncated transfers).
bool is_transient_curl_error(CURLcode code);

/// The loaded and initialised API (curl_global_init done), or why it could not
/// be loaded, naming the library. Thread-safe; loads once per process.
std::expected<const CurlApi*, std::string> curl_api();

} // namespace lockkit::fetch::detail
