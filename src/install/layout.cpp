// Environment layouts; see include/lockkit/install/layout.hpp.

#include "lockkit/install/layout.hpp"

namespace lockkit::install {

Layout Layout::for_virtual_environment(const std::filesystem::path& root, const interpreter::InterpreterInfo& info) {
    const auto& s = info.venv_scheme;
    Layout layout;
    layout.root = root;
    auto under = [&](const std::string& rel) { return (root / rel).lexically_normal(); };
    layout.purelib = under(s.purelib);
    layout.platlib = under(s.platlib.empty() ? s.purelib : s.platlib);
    layout.scripts = under(s.scripts.empty() ? "bin" : s.scripts);
    layout.data = s.data.empty() ? root : under(s.data);
    layout.include = under(s.include.empty() ? "include/site/python" + info.python_version() : s.include);
    if (layout.data.filename().empty()) {
        layout.data = layout.data.parent_path();  // "<root>/" → "<root>"
    }
    layout.python = layout.scripts / "python";
    layout.python_major = info.python_major;
    layout.python_minor = info.python_minor;
    return layout;
}

} // namespace lockkit::install
