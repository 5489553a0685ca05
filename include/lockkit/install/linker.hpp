#pragma once
// Putting a file from the unpacked-wheel cache into an environment, the way the
// link mode says (uv's `--link-mode`):
//
//   clone     a copy-on-write clone (Linux FICLONE: btrfs, XFS, bcachefs): instant, and
//             edits to the installed file never reach the cache;
//   hardlink  a second name for the cache's file: instant, no space; an edit in place
//             changes the cache too (lockkit notices: see install_state.hpp);
//   copy      the bytes (copy_file_range, so the kernel does it);
//   symlink   a symbolic link to the cache's file (breaks when the cache is cleaned).
//
// As in uv, the first file decides: a mode the filesystem cannot do falls back
// (clone → hardlink → copy, hardlink → copy, symlink → copy), and once a mode has
// worked, a later failure is an error, not a reason to fall back. An existing target
// is replaced atomically (the new file is made under a temporary name in the same
// folder, then renamed over it), so an interrupted install never leaves a file half
// written. The executable bit travels with the file; nothing else from the cache does.

#include <atomic>
#include <cstdint>
#include <expected>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <sys/types.h>

namespace lockkit::install {

enum class LinkMode : std::uint8_t { Clone, Hardlink, Copy, Symlink };

/// How uv names the mode ("clone", "hardlink", "copy", "symlink"); the settings read them
/// (pyproject/settings.hpp).
const char* link_mode_name(LinkMode mode);

/// What an installed file looked like right after it was put in place, for change detection.
struct FileStamp {
    std::uint64_t size = 0;
    std::int64_t mtime_ns = 0;
    std::uint64_t inode = 0;
    friend bool operator==(const FileStamp&, const FileStamp&) = default;
};

/// A file's stamp as one line of lockkit's stamp files (`<size> <mtime_ns> <inode> <path>\n`),
/// used both for installed environments (install_state) and unpacked wheels (wheel_store).
std::string format_stamp_line(const std::string& path, const FileStamp& stamp);
/// One such line without its newline; nullopt when it is damaged.
std::optional<std::pair<std::string, FileStamp>> parse_stamp_line(std::string_view line);

/// lstat(2) as a stamp; nullopt when the file is absent or unreadable.
std::optional<FileStamp> stamp_file(const std::filesystem::path& path);

/// The start of the error `Linker::place` gives when a copy's source no longer has the
/// stamp it was published with (an unpacked wheel edited through a hard link).
inline constexpr std::string_view k_cache_changed = "a cached file changed since it was unpacked: ";

/// Thread-safe: one Linker serves every parallel install of a sync.
class Linker {
public:
    explicit Linker(LinkMode requested) : m_mode(static_cast<std::uint8_t>(requested)), m_requested(requested) {}

    /// Places `source` (a regular file in the cache) at `target`, replacing what is there.
    /// Returns the stamp of the file now at `target` (for a hard link, `source_stamp` when
    /// given: the same inode, so no second look); the error names both paths.
    std::expected<FileStamp, std::string> place(const std::string& source, const std::string& target,
                                                const FileStamp* source_stamp = nullptr);

    LinkMode requested() const { return m_requested; }
    /// The mode in use after any fallback.
    LinkMode effective() const { return static_cast<LinkMode>(m_mode.load()); }

private:
    std::expected<FileStamp, std::string> place_as(LinkMode mode, const std::string& source,
                                                   const std::string& target,
                                                   const FileStamp* source_stamp, int& error_number);
    std::atomic<std::uint8_t> m_mode;
    std::atomic<bool> m_settled{false};
    LinkMode m_requested;
};

/// Writes `content` to `target` (replacing it atomically) with the given mode bits;
/// returns the new file's stamp. Used for files an install generates (launchers,
/// RECORD, INSTALLER) and never for cache files.
std::expected<FileStamp, std::string> write_new_file(const std::filesystem::path& target, std::string_view content,
                                                     mode_t mode = 0644);

/// `mkdir -p`, tolerant of other threads creating the same folders.
std::expected<void, std::string> make_directories(const std::string& dir);

} // namespace lockkit::install
