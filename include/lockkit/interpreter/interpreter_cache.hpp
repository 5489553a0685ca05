#pragma once
// Cached interpreter answers, in the lockkit cache folder shared with the
// artifact cache ($LOCKKIT_CACHE_DIR, else $XDG_CACHE_HOME/lockkit, else
// ~/.cache/lockkit):
//
//   interpreter-v1/<first 32 hex digits of SHA-256(absolute interpreter path)>.json
//     {"format": 1, "path": "...", "size": N, "mtime_ns": N, "probe": {the probe's answer}}
//
// One entry per interpreter path: a changed interpreter (another size or
// modification time, e.g. after an upgrade in place) misses and its new answer
// replaces the old entry. Entries are written atomically (temp file + rename),
// so a reader sees a whole old entry or a whole new one; an entry of another
// format, or one that does not parse, is a miss. The folder's name carries the
// layout version: a new layout gets a new folder instead of misreading this one.

#include <cstdint>
#include <expected>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace lockkit::interpreter {

/// The identity of an interpreter file: its absolute path (as asked, not resolved)
/// and the size and modification time of the file it resolves to.
struct InterpreterStamp {
    std::string path;
    std::uintmax_t size = 0;
    std::int64_t mtime_ns = 0;

    /// Stats `python`; the error names the file and the reason.
    static std::expected<InterpreterStamp, std::string> of(const std::filesystem::path& python);
    friend bool operator==(const InterpreterStamp&, const InterpreterStamp&) = default;
};

class InterpreterCache {
public:
    explicit InterpreterCache(std::filesystem::path root) : m_root(std::move(root)) {}

    /// Where the entry for this interpreter path lives.
    std::filesystem::path entry_path(const InterpreterStamp& stamp) const;
    /// The cached probe answer (JSON text) when the entry matches `stamp` exactly.
    std::optional<std::string> find(const InterpreterStamp& stamp) const;
    /// Stores a probe answer; the error says what could not be written.
    std::expected<void, std::string> store(const InterpreterStamp& stamp, std::string_view probe_json) const;

private:
    std::filesystem::path m_root;
};

} // namespace lockkit::interpreter
