#pragma once
// Everything that keeps a lock from being read, found in one pass. The reader
// (reader.hpp) stops at the first problem, which is all a program that needs
// the model can use; lock-verify reports a broken lock instead, and a user
// fixing it wants every problem at once: each conflict region of a botched
// merge, every dangling edge, each block with a syntax error.
//
// How a partly broken lock is still read:
// - conflict markers: each region `<<<<<<<` .. `>>>>>>>` is one problem. The
//   rest is then read twice, once keeping every region's "ours" lines and once
//   keeping "theirs" (the other lines blanked, so offsets and line numbers stay
//   those of the file); a problem outside the regions is reported when both
//   readings find it, so how the conflicts get resolved cannot explain it away;
// - a TOML syntax error loses only the table (`[[package]]`, `[manifest]`, ...)
//   it sits in: each table is parsed on its own, and edges to a package whose
//   block did not parse are not called dangling;
// - the model builder records every missing field, wrong type, duplicate and
//   dangling or ambiguous edge, skipping only the entry at fault. An
//   unsupported lock `version` (or a pre-0.3 format) stops there: the rest
//   cannot be judged.
// None of this runs when a lock reads: it costs the reader nothing.

#include "lockkit/util/diagnostic.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lockkit::lockfile {

enum class ProblemKind : std::uint8_t {
    ConflictMarkers,      ///< git conflict markers: one problem per conflicting region
    InvalidToml,          ///< a TOML syntax error (or text that is not UTF-8)
    InvalidField,         ///< a required field missing, or a field of the wrong type or value
    DanglingDependency,   ///< an edge naming no package, or a version or source no package has
    AmbiguousDependency,  ///< an edge that several packages match
    DuplicatePackage,     ///< two packages with the same name, version and source
    UnsupportedVersion,   ///< a lock `version` or format this build does not read
};

struct LockProblem {
    ProblemKind kind = ProblemKind::InvalidField;
    /// file:line:column, the message, the source line and hints, as the reader gives them.
    Diagnostic diagnostic;
    /// The last line the problem covers (the `>>>>>>>` of a conflict region); else the first.
    std::uint32_t end_line = 0;
};

/// Every structural problem of `text`, in file order; empty when the lock reads.
std::vector<LockProblem> find_lock_problems(std::string_view text, std::string_view file);

/// The lines of one conflict region: from `<<<<<<<` to `>>>>>>>` (1-based).
struct ConflictRegion {
    std::uint32_t first_line = 0;  ///< the `<<<<<<<` line (or the first stray marker)
    std::uint32_t base_line = 0;   ///< the `|||||||` line (diff3 style), 0 if none
    std::uint32_t split_line = 0;  ///< the `=======` line, 0 if none
    std::uint32_t last_line = 0;   ///< the `>>>>>>>` line (the last line of the file if missing)
    bool closed = false;           ///< ended by its `>>>>>>>` line
};

/// Each conflict region of `text`, in order. A stray marker outside a region is a
/// region of its own line.
std::vector<ConflictRegion> find_conflict_regions(std::string_view text);

/// `text` as one side of every conflict region left it (`ours`: the lines between `<<<<<<<`
/// and `|||||||`/`=======`; else those between `=======` and `>>>>>>>`), markers removed.
/// Nothing when `text` has no conflict region or a region without both sides.
std::optional<std::string> conflict_side(std::string_view text, bool ours);

} // namespace lockkit::lockfile
