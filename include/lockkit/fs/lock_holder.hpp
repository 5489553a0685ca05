#pragma once
// The line a process writes into a lock file while it holds the lock, so that
// a process waiting for it can say who it waits for:
//
//   lockkit-lock 1<TAB>pid=4242<TAB>host=ci-7<TAB>started=2025-06-01T12:03:22Z<TAB>mode=exclusive<TAB>command=lock fmt<TAB>resource=/home/me/proj
//
// The leading tag carries the format version; a reader that meets another
// version (or a torn line) treats the holder as unknown rather than guessing.
// The line is information only: the kernel lock, not the line, decides who
// holds the lock.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <sys/types.h>

namespace lockkit::fs {

struct LockHolder {
    pid_t pid = 0;
    std::string host;
    std::chrono::system_clock::time_point started;
    bool exclusive = true;
    std::string command;
    std::string resource;

    /// The line above, ending in a newline; tabs and control characters in
    /// the fields become spaces or `?`.
    std::string to_line() const;
    /// Parses the first line of a lock file's content; none when it is empty,
    /// torn, or of another format version.
    static std::optional<LockHolder> parse(std::string_view content);
    /// `pid 4242: lock fmt, since 14:03:22` (local time; the date too when it
    /// is not today; `pid 4242 on ci-7` when the host is not `local_host`).
    std::string describe(std::string_view local_host) const;
};

} // namespace lockkit::fs
