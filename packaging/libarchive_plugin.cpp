// The wheel's libarchive loader plugin (see packaging/meson.build). Calling one
// libarchive function keeps libarchive among the plugin's DT_NEEDED entries, which
// the linker would otherwise drop as unused: that entry is what makes auditwheel
// ship libarchive, and what makes dlsym on the plugin's handle find its functions.

#include <archive.h>

extern "C" __attribute__((visibility("default"))) const char* lockkit_plugin_libarchive_version() {
    return archive_version_details();
}
