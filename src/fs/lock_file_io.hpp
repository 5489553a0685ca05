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

/// Writes `line` at the start of the file. Readers stop at the first newline,
/// so whatever a longer earlier line leaves after it does not matter, and the
/// file needs no truncation (which costs more than the write on ext4). Two
/// shared holders writing at once leave one whole line first.
void write_holder_line(int fd, const std::string& line);

/// On releasing a shared lock: blanks the first line if it is still ours, so
/// the holders that remain are not described as the one that left. (An
/// exclusive holder leaves its line: nobody can read it before the next
/// holder overwrites it, apart from a waiter in that next holder's first
/// microseconds.)
void clear_shared_holder_line(int fd, const std::string& ours);

} // namespace lockkit::fs::detail
