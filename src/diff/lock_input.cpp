// Loading one side of a diff (see lock_input.hpp).

#include "lockkit/diff/lock_input.hpp"

#include "lockkit/lockfile/reader.hpp"

#include <fstream>
#include <sstream>

namespace lockkit::diff {

std::expected<lockfile::Lock, Diagnostic> load_lock_text(std::string_view text, std::string_view name) {
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
        return lockfile::Lock{};
    }
    return lockfile::parse_lock(text, name);
}

std::expected<lockfile::Lock, Diagnostic> load_lock_file(const std::filesystem::path& path) {
    if (path == "/dev/null") {
        return lockfile::Lock{};
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        Diagnostic d;
        d.file = path.string();
        d.message = std::filesystem::exists(path) ? "cannot read the file" : "no such file";
        d.hints.push_back("pass two uv.lock files: lock-diff OLD NEW (use /dev/null for a side that does not exist)");
        return std::unexpected(std::move(d));
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    return load_lock_text(ss.str(), path.string());
}

} // namespace lockkit::diff
