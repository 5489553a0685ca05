#pragma once
// The path under which another program (git, for the merge driver and the
// textconv filter) should start the running lockkit program. Tool managers
// install a program as a link they own and keep pointing at the current
// version: `uv tool install` and pipx put `~/.local/bin/lock-merge` on PATH,
// linking into an environment whose layout is theirs (uv's
// `tools/lockkit/bin/`, pipx's `venvs/lockkit/bin/`) and which they may
// recreate or move. So the path is the one the user invoked, as typed or as
// found in PATH, with its symlinks kept, provided it leads to the running
// executable; otherwise (an unusual argv[0], a PATH that has changed since)
// the executable itself from /proc/self/exe. docs/lock-merge.md says why.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace lockkit {

/// The invoked path of the running program (see above), absolute.
std::filesystem::path invoked_program_path(const char* argv0);

/// The same decision from explicit inputs: `path_env` is $PATH, `self_exe`
/// the running executable (/proc/self/exe); relative paths are taken from the
/// current directory.
std::filesystem::path invoked_program_path(std::string_view argv0, std::string_view path_env,
                                           const std::filesystem::path& self_exe);

/// The cache directory holding `program`, if any: the nearest ancestor with a
/// CACHEDIR.TAG file (the Cache Directory Tagging convention, which uv's and
/// pip's caches follow) that is not a virtual environment (uv tags those as
/// well). `uvx` and `uv tool run` start programs from an environment inside
/// uv's cache, which `uv cache clean` or a version change empties; git must not
/// be given such a path.
std::optional<std::filesystem::path> enclosing_cache_directory(const std::filesystem::path& program);

/// For `install` commands: a warning and a `hint:` line when `program` lives in
/// a cache directory, else nothing.
std::optional<std::string> cache_location_warning(const std::filesystem::path& program);

} // namespace lockkit
