// Loading one side of a diff (see lock_input.hpp).

#include "lockkit/diff/lock_input.hpp"

#include "lockkit/lockfile/reader.hpp"
#include "lockkit/util/atomic_file.hpp"

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
    // One pass into a string reserved from the file size: copying an ifstream
    // through an ostringstream was 6% of a 2 MB diff's instructions.
    auto text = read_file(path);
    if (!text) {
        Diagnostic d;
        d.file = path.string();
        d.message = std::filesystem::exists(path) ? "cannot read the file" : "no such file";
        d.hints.push_back("pass two uv.lock files: lock-diff OLD NEW (use /dev/null for a side that does not exist)");
        return std::unexpected(std::move(d));
    }
    return load_lock_text(*text, path.string());
}

} // namespace lockkit::diff
