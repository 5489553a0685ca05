// The wheel's libcurl loader plugin (see packaging/meson.build). Calling one
// libcurl function keeps libcurl among the plugin's DT_NEEDED entries, which
// the linker would otherwise drop as unused: that entry is what makes
// auditwheel ship libcurl, and what makes dlsym on the plugin's handle find
// libcurl's functions.

#include <curl/curl.h>

extern "C" __attribute__((visibility("default"))) const char* lockkit_plugin_libcurl_version() {
    return curl_version();
}
