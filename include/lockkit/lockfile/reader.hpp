#pragma once
// Reading uv.lock into the model. Two TOML front ends feed one model builder:
// a fast parser for the layout uv writes, and toml++ for any other valid TOML.
// Before parsing, the text is checked for git conflict markers (the most common
// way a lock gets broken) and, after parsing, for a schema version we know.
// Every error is a Diagnostic with file:line:column and the offending line.

#include "lockkit/lockfile/lock.hpp"
#include "lockkit/util/diagnostic.hpp"

#include <expected>
#include <filesystem>
#include <string_view>

namespace lockkit::lockfile {

/// Which TOML front end to use; tests force each one to prove they agree.
enum class TomlFrontEnd : std::uint8_t { Auto, Canonical, General };

struct ReadOptions {
    TomlFrontEnd front_end = TomlFrontEnd::Auto;
    /// The program exits soon after: the parse tree is left for the exit to reclaim rather
    /// than freed node by node (util/leave_for_exit.hpp; a sixteenth of a no-op `lock resolve`).
    bool leave_for_exit = false;
};

/// Which front end produced a lock (for benchmarks and tests).
struct ReadStats {
    bool used_canonical = false;
};

/// Parses the text of a uv.lock; `file` names it in diagnostics.
std::expected<Lock, Diagnostic> parse_lock(std::string_view text, std::string_view file,
                                           const ReadOptions& options = {}, ReadStats* stats = nullptr);

/// Reads and parses a uv.lock from disk.
std::expected<Lock, Diagnostic> read_lock(const std::filesystem::path& path, const ReadOptions& options = {});

/// Lines (1-based, first and last) of git conflict markers, if the text has any.
struct ConflictMarkerSpan {
    std::uint32_t first_line = 0;
    std::uint32_t last_line = 0;
};
std::optional<ConflictMarkerSpan> find_conflict_markers(std::string_view text);

} // namespace lockkit::lockfile
