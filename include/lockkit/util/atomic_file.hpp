#pragma once
// Writing a file we own must never leave it half-written: the new content goes
// to a temporary file in the same directory (so the rename stays on one
// filesystem), is flushed to disk, and then replaces the target with rename(2),
// which is atomic on POSIX. The original file's permission bits are kept.
// Two targets are not renamed over: through a symlink the file it points at is
// replaced (the link stays a link), and an existing device or FIFO (a user's
// `--report /dev/null`) is written in place, since a rename would replace the
// device node itself.

#include <expected>
#include <filesystem>
#include <string>
#include <string_view>

namespace lockkit {

/// Replaces `path` with `content` atomically. On error the target is untouched
/// and no temporary file is left behind; the error says which step failed.
std::expected<void, std::string> write_file_atomically(const std::filesystem::path& path, std::string_view content);

/// Reads a whole file; the error names the file and the OS reason.
std::expected<std::string, std::string> read_file(const std::filesystem::path& path);

} // namespace lockkit
