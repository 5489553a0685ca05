// Byte-compiling; see include/lockkit/install/bytecode.hpp.

#include "lockkit/install/bytecode.hpp"

#include "lockkit/util/subprocess.hpp"

namespace lockkit::install {

std::expected<void, std::string> compile_bytecode(const Layout& layout) {
    std::vector<std::string> argv = {layout.python.string(), "-I", "-m", "compileall", "-q", "-j", "0",
                                     layout.purelib.string()};
    if (layout.platlib != layout.purelib) {
        argv.push_back(layout.platlib.string());
    }
    ProcessOptions options;
    options.capture_stderr = true;
    const auto result = run_process(argv, options);
    if (!result) {
        return std::unexpected("cannot run " + layout.python.string() + " -m compileall: " + result.error());
    }
    // compileall exits 1 when some file did not compile; that is the skip uv makes too.
    if (result->exit_code != 0 && result->exit_code != 1) {
        std::string why = result->err.empty() ? result->out : result->err;
        if (why.size() > 600) {
            why = "..." + why.substr(why.size() - 600);
        }
        return std::unexpected(layout.python.string() + " -m compileall failed with status " +
                               std::to_string(result->exit_code) + (why.empty() ? "" : ": " + why));
    }
    return {};
}

} // namespace lockkit::install
