#pragma once
// `--compile-bytecode`: byte-compiling the environment's site-packages with the
// interpreter's own compileall, once, on every core (`-j 0`), as uv compiles the whole
// site-packages rather than only the new files. Files that do not compile (Python 2
// code some wheels still carry) are skipped silently, as in uv.

#include "lockkit/install/layout.hpp"

#include <expected>
#include <string>

namespace lockkit::install {

/// Compiles every module below the layout's purelib and platlib; the error says why
/// the interpreter could not run compileall.
std::expected<void, std::string> compile_bytecode(const Layout& layout);

} // namespace lockkit::install
