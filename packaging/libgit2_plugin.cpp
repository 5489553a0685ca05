// The wheel's libgit2 loader plugin (see packaging/meson.build). Calling one
// libgit2 function keeps libgit2 among the plugin's DT_NEEDED entries, which
// the linker would otherwise drop as unused: that entry is what makes
// auditwheel ship libgit2, and what makes dlsym on the plugin's handle find
// libgit2's functions.

#include <git2/common.h>

extern "C" __attribute__((visibility("default"))) int lockkit_plugin_libgit2_features() {
    return git_libgit2_features();
}
