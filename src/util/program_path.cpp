// The invoked path of the running program; see include/lockkit/util/program_path.hpp.

#include "lockkit/util/program_path.hpp"

#include <cstdlib>
#include <optional>
#include <unistd.h>

namespace lockkit {

namespace {

namespace fs = std::filesystem;

/// What a shell runs for `name` (no slash): the first executable regular file
/// of that name in the colon-separated `path_env` (an empty entry is the
/// current directory, as in POSIX).
std::optional<fs::path> search_path(std::string_view name, std::string_view path_env) {
    std::error_code ec;
    while (true) {
        const auto colon = path_env.find(':');
        const std::string_view dir = path_env.substr(0, colon);
        const fs::path candidate = (dir.empty() ? fs::path(".") : fs::path(dir)) / name;
        if (fs::is_regular_file(candidate, ec) && ::access(candidate.c_str(), X_OK) == 0) return candidate;
        if (colon == std::string_view::npos) return std::nullopt;
        path_env.remove_prefix(colon + 1);
    }
}

} // namespace

fs::path invoked_program_path(std::string_view argv0, std::string_view path_env, const fs::path& self_exe) {
    std::optional<fs::path> invoked;
    if (argv0.find('/') != std::string_view::npos) {
        invoked = fs::path(argv0);
    } else if (!argv0.empty()) {
        invoked = search_path(argv0, path_env);
    }
    std::error_code ec;
    if (invoked && !self_exe.empty()) {
        // `a/../b` is only shortened when the result is still this program (`a` may be a symlink).
        const fs::path absolute = fs::absolute(*invoked, ec);
        for (const fs::path& p : {absolute.lexically_normal(), absolute}) {
            if (!ec && fs::equivalent(p, self_exe, ec)) return p;
            ec.clear();
        }
    }
    if (!self_exe.empty()) return self_exe;
    return fs::absolute(fs::path(argv0), ec);
}

fs::path invoked_program_path(const char* argv0) {
    std::error_code ec;
    const fs::path self = fs::read_symlink("/proc/self/exe", ec);
    const char* path_env = std::getenv("PATH");
    return invoked_program_path(argv0 != nullptr ? argv0 : "", path_env != nullptr ? path_env : "", ec ? fs::path() : self);
}

std::optional<fs::path> enclosing_cache_directory(const fs::path& program) {
    std::error_code ec;
    fs::path dir = fs::weakly_canonical(program, ec).parent_path();
    if (ec) dir = program.parent_path();
    for (; !dir.empty(); dir = dir.parent_path()) {
        // uv tags the virtual environments it creates too (so that backups skip
        // them); an environment is not a cache, the cache around it is.
        if (fs::is_regular_file(dir / "CACHEDIR.TAG", ec) && !fs::exists(dir / "pyvenv.cfg", ec)) return dir;
        if (dir == dir.root_path()) break;
    }
    return std::nullopt;
}

std::optional<std::string> cache_location_warning(const fs::path& program) {
    const auto cache = enclosing_cache_directory(program);
    if (!cache) return std::nullopt;
    return "warning: " + program.string() + " lives in the cache directory " + cache->string() +
           ", which can be emptied at any time; git would then fail to run it\n"
           "hint: `uvx` runs programs from uv's cache: install lockkit with `uv tool install lockkit` "
           "(or pipx, or pip in a virtual environment) and run `install` with that program\n";
}

} // namespace lockkit
