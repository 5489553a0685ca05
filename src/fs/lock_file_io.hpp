#pragma once
// Opening, checking and annotating one lock file (internal to src/fs).

#include <expected>
#include <filesystem>
#include <string>

namespace lockkit::fs::detail {

struct OpenedLockFile {
    int fd = -1;
    /// False when the file exists but only reading was allowed (another
    /// user's file from before lockkit made them 0666): flock still works,
    /// but no holder line can be written.
    bool writable = true;
};

/// Opens the lock file, creating it with mode 0666 whatever the umask if it
/// does not exist. Never follows a symlink at `file`. The error is an errno.
std::expected<OpenedLockFile, int> open_lock_file(const std::filesystem::path& file);

/// Whether `file` still names the file open on `fd` (same device and inode,
/// and not unlinked). False means a prune removed it: start over.
bool still_names(int fd, const std::filesystem::path& file);

/// The start of the file's content (where the holder line is).
std::string read_holder_text(int fd);

/// Replaces the content with `line`. Two shared holders writing at once
/// leave one whole line first (readers stop at the first newline).
void write_holder_line(int fd, const std::string& line);

/// On release: empties the file, unless it is a shared lock and the line is
/// no longer ours (another shared holder, still there, wrote after us).
void clear_holder_line(int fd, const std::string& ours, bool exclusive);

} // namespace lockkit::fs::detail
